"""Which addresses may be fetched, checked where it cannot be dodged: on the connection itself. (The form an
address is known by, :func:`articles.ingest.urls.normalise`, is the ingest's: a page read from a web archive
is known by it too.)

An address is refused when its host *resolves* to an address that is not public, checked for every
connection the client opens — so a redirect, a DNS name pointing inside the network, or a name that resolves
differently the second time (DNS rebinding) is caught too, because the connection is made to the very
address that was checked. An IPv6 address that carries an IPv4 one (IPv4-mapped, -compatible and
-translated forms, NAT64, 6to4, Teredo) is judged by the IPv4 address it leads to as well.

``NEWSROOM_CAPTURE_ALLOW_PRIVATE`` lifts the refusal of private addresses, for an archive capturing its own
intranet (and for the tests' local server). Cloud metadata endpoints and link-local addresses stay refused
even then: nothing a press archive captures lives there, and they hand out credentials.

An address with a user name or password in it is refused before any request: it would be sent as a
password to the site and kept in the capture, its page, the exports and the WARC file.
"""
import ipaddress
import socket
from urllib.parse import urlsplit, urlunsplit

import httpcore

# Metadata and instance-credential endpoints the cloud providers document. Link-local ranges
# (169.254.0.0/16, fe80::/10) are refused whole as well; these are listed so that the ones outside them are
# refused too and every one is named as what it is.
METADATA = frozenset(ipaddress.ip_address(a) for a in (
    "169.254.169.254",  # AWS, GCP, Azure, Oracle, OpenStack, DigitalOcean, Hetzner... instance metadata
    "169.254.170.2",  # AWS ECS task metadata and credentials
    "169.254.170.23",  # AWS EKS Pod Identity agent
    "169.254.169.253",  # AWS VPC DNS resolver
    "169.254.169.123",  # AWS time sync
    "169.254.0.23",  # Tencent Cloud metadata
    "100.100.100.200",  # Alibaba Cloud metadata
    "192.0.0.192",  # Oracle Cloud legacy metadata
    "168.63.129.16",  # Azure WireServer (a public address answering only inside Azure)
    "fd00:ec2::254",  # AWS instance metadata over IPv6
    "fd00:ec2::23",  # AWS EKS Pod Identity agent over IPv6
    "fd00:ec2::253",  # AWS VPC DNS resolver over IPv6
    "fd00:ec2::123",  # AWS time sync over IPv6
    "fd20:ce::254",  # GCP metadata server over IPv6
))
ALWAYS_REFUSED = (ipaddress.ip_network("169.254.0.0/16"), ipaddress.ip_network("fe80::/10"))
# Not public, though Python 3.11's ipaddress calls them global (later versions agree with these).
NOT_PUBLIC = tuple(ipaddress.ip_network(n) for n in (
    "192.0.0.0/24", "64:ff9b:1::/48", "2001::/23", "3fff::/20", "5f00::/16", "100::/64", "fec0::/10"))
NAT64 = ipaddress.ip_network("64:ff9b::/96")
LOCAL_NAT64 = ipaddress.ip_network("64:ff9b:1::/48")
SIX_TO_FOUR = ipaddress.ip_network("2002::/16")
TEREDO = ipaddress.ip_network("2001::/32")

class AddressRefused(Exception):
    """An address that must not be fetched; the message says why."""


def without_credentials(url):
    """The address with any user name and password taken out, for messages."""
    parts = urlsplit(url)
    return urlunsplit(parts._replace(netloc=parts.netloc.rpartition("@")[2]))


def check_scheme(url):
    """The address, if it is an http(s) address without credentials; :class:`AddressRefused` otherwise."""
    try:
        parts = urlsplit(url)
        host = parts.hostname
    except ValueError:
        raise AddressRefused(f"{without_credentials(url)}: not a valid address") from None
    if parts.scheme not in ("http", "https") or not host:
        raise AddressRefused(f"{without_credentials(url)}: not an http(s) address")
    if "@" in parts.netloc:
        raise AddressRefused(f"{without_credentials(url)}: an address with a user name or password is refused "
                             "(it would be sent to the site and kept in the archive)")
    return url


def embedded_ipv4(ip):
    """The IPv4 addresses an IPv6 address leads to: the one it maps, translates or carries for NAT64, 6to4 or
    Teredo (every RFC 6052 position for a local-use NAT64 prefix, whose length the network chooses)."""
    if ip.version == 4:
        return []
    value = int(ip)
    low = ipaddress.IPv4Address(value & 0xFFFFFFFF)
    if value >> 32 in (0xFFFF, 0xFFFF0000) or ip in NAT64:  # mapped, translated (SIIT), well-known NAT64
        return [low]
    if value >> 32 == 0 and value > 1:  # IPv4-compatible (::a.b.c.d)
        return [low]
    if ip in SIX_TO_FOUR:
        return [ip.sixtofour]
    if ip in TEREDO:
        return list(ip.teredo)
    if ip in LOCAL_NAT64:
        packed = ip.packed
        octets = packed[:8] + packed[9:]  # RFC 6052: bits 64-71 are always zero and skipped
        return [ipaddress.IPv4Address(octets[n // 8:n // 8 + 4]) for n in (48, 56, 64)] + [low]
    return []


def _kind(ip):
    if ip.is_loopback:
        return "loopback"
    if ip.is_private:
        return "private"
    if ip.version == 4 and ip in ipaddress.ip_network("100.64.0.0/10"):
        return "shared (carrier-grade NAT)"
    return "reserved or non-public"


def _always_refused(ip):
    if ip in METADATA:
        return f"{ip}, a cloud metadata address"
    if any(ip in network for network in ALWAYS_REFUSED):
        return f"{ip}, a link-local address (where cloud metadata services answer)"
    return ""


def _own_refusal(ip, *, allow_private, judge_scope):
    if reason := _always_refused(ip):
        return reason
    if ip.is_multicast or ip.is_unspecified or (ip.version == 4 and ip == ipaddress.IPv4Address("255.255.255.255")):
        return f"{ip}, not a host address"
    if judge_scope and not allow_private and (not ip.is_global or any(ip in n for n in NOT_PUBLIC)):
        return (f"{ip}, a {_kind(ip)} address (set NEWSROOM_CAPTURE_ALLOW_PRIVATE=true to capture from "
                "your own network)")
    return ""


def refusal(address, *, allow_private):
    """Why a connection to this IP address is refused, or ""."""
    ip = ipaddress.ip_address(address.split("%", 1)[0])
    carried = embedded_ipv4(ip)
    # a translation prefix is only a way to reach the IPv4 address it carries: that address decides; a
    # local-use NAT64 or Teredo address is not public itself, and what it carries is refused if never allowed
    local = ip in LOCAL_NAT64 or ip in TEREDO
    reason = _own_refusal(ip, allow_private=allow_private, judge_scope=local or not carried)
    for inner in carried:
        if reason:
            break
        inner_reason = (_always_refused(inner) if local
                        else _own_refusal(inner, allow_private=allow_private, judge_scope=True))
        reason = f"{ip}, which leads to {inner_reason}" if inner_reason else ""
    return reason


class GuardedBackend(httpcore.SyncBackend):
    """httpcore's network backend, resolving the host itself and connecting only to addresses it checked."""

    def __init__(self, *, allow_private):
        self.allow_private = allow_private
        self.last_address = ""

    def connect_tcp(self, host, port, timeout=None, local_address=None, socket_options=None):
        try:
            infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
        except socket.gaierror as error:
            raise httpcore.ConnectError(f"cannot resolve {host} ({error.strerror})") from None
        addresses = list(dict.fromkeys(info[4][0] for info in infos))
        for address in addresses:
            reason = refusal(address, allow_private=self.allow_private)
            if reason:
                raise AddressRefused(f"{host} resolves to {reason}")
        error = None
        for address in addresses:
            try:
                stream = super().connect_tcp(address, port, timeout, local_address, socket_options)
            except httpcore.ConnectError as failed:
                error = failed
                continue
            self.last_address = address
            return stream
        raise error or httpcore.ConnectError(f"no address to connect to for {host}")
