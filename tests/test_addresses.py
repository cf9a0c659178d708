"""Which addresses capture may connect to, and the form an address is known by: pure functions, no database."""
import ipaddress

import pytest

from articles.capture.addresses import AddressRefused, check_scheme, embedded_ipv4, refusal
from articles.ingest.urls import normalise


@pytest.mark.parametrize("address", [
    "64:ff9b::7f00:1",  # NAT64 (well-known prefix) to 127.0.0.1
    "64:ff9b::a00:1",  # NAT64 to 10.0.0.1
    "64:ff9b:1::5db8:d70e",  # a local-use NAT64 prefix: not public itself
    "::127.0.0.1",  # IPv4-compatible
    "::ffff:0:7f00:1",  # IPv4-translated (SIIT)
    "::ffff:127.0.0.1", "::ffff:10.0.0.1",  # IPv4-mapped
    "2002:7f00:1::1", "2002:c0a8:1::1",  # 6to4 carrying 127.0.0.1 and 192.168.0.1
    "2001:0:4136:e378:8000:63bf:3fff:fdd2",  # Teredo
    "192.0.0.8", "100.64.0.1", "198.18.0.1", "240.0.0.1", "3fff::1", "2001:db8::1", "100::1", "fc00::1",
    "fe80::1%eth0", "169.254.10.10", "0.0.0.0", "::", "224.0.0.1", "ff02::1", "255.255.255.255",
])
def test_non_public_addresses_and_the_public_forms_that_lead_to_them_are_refused_by_default(address):
    assert refusal(address, allow_private=False)


@pytest.mark.parametrize("address", [
    "93.184.215.14", "2606:4700::6810:84e5",
    "64:ff9b::5db8:d70e",  # NAT64 to a public address: how an IPv6-only network reaches the IPv4 web
    "2002:5db8:d70e::1",  # 6to4 of a public address
])
def test_public_addresses_are_allowed(address):
    assert refusal(address, allow_private=False) == ""


def test_the_address_an_ipv6_form_carries_is_named_in_the_refusal():
    assert refusal("64:ff9b::7f00:1", allow_private=False).startswith(
        "64:ff9b::7f00:1, which leads to 127.0.0.1, a loopback address")
    assert [str(a) for a in embedded_ipv4(ipaddress.ip_address("::ffff:0:7f00:1"))] == ["127.0.0.1"]


@pytest.mark.parametrize("address", [
    "169.254.169.254", "169.254.170.2", "169.254.170.23", "169.254.0.23", "100.100.100.200", "192.0.0.192",
    "168.63.129.16", "fd00:ec2::254", "fd00:ec2::23", "fd20:ce::254",
    "::ffff:169.254.169.254", "::169.254.169.254", "64:ff9b::a9fe:a9fe", "2002:a9fe:a9fe::1",
    "64:ff9b:1::a9fe:a9fe", "fe80::1", "169.254.1.1",
])
def test_metadata_and_link_local_addresses_stay_refused_when_private_ones_are_allowed(address):
    assert refusal(address, allow_private=True)


@pytest.mark.parametrize("address", ["10.1.2.3", "127.0.0.1", "::1", "fd12:3456::1", "64:ff9b:1::a00:1",
                                     "::ffff:192.168.1.1"])
def test_private_addresses_are_allowed_for_an_intranet_archive(address):
    assert refusal(address, allow_private=True) == ""


def test_every_parameter_but_tracking_ones_is_kept():
    assert normalise("http://h.example/story?story=1") != normalise("http://h.example/story?story=2")
    assert normalise("http://h.example/story?story=2&utm_source=x&UTM_Medium=y&fbclid=1&gclid=2&mc_cid=3&mc_eid=4"
                     "&yclid=5&msclkid=6&_ga=7&igshid=8&page=3") == "http://h.example/story?story=2&page=3"
    assert normalise("http://h.example/a?b=2&a=1&flag&empty=") == "http://h.example/a?b=2&a=1&flag&empty="
    assert normalise("https://Example.org/a/b/?utm_source=x&id=3#frag") == "https://example.org/a/b?id=3"
    assert normalise("http://example.org:80/") == "http://example.org/"
    assert normalise("http://example.org?x=1") == "http://example.org/?x=1"


def test_an_address_with_credentials_is_refused_without_repeating_them():
    for url in ("http://user:secret@example.org/story", "https://secret@example.org/", "http://:secret@example.org/"):
        with pytest.raises(AddressRefused) as refused:
            check_scheme(url)
        assert "secret" not in str(refused.value) and "user name or password" in str(refused.value)
    assert "secret" not in normalise("http://user:secret@example.org/story")
    assert check_scheme("https://example.org/a@b") == "https://example.org/a@b"  # an @ in the path is no login
