"""Which addresses may be fetched, checked where it cannot be dodged: on the connection itself.

An address is refused when its host *resolves* to a private, loopback, link-local, shared or reserved
address, checked for every connection the client opens — so a redirect, a DNS name pointing inside the
network, or a name that resolves differently the second time (DNS rebinding) is caught too, because the
connection is made to the very address that was checked. ``NEWSROOM_CAPTURE_ALLOW_PRIVATE`` lifts that
for an archive capturing its own intranet (and for the tests' local server); cloud metadata addresses stay
refused even then: nothing a press archive captures lives there.
"""
import ipaddress
import socket
from urllib.parse import urlsplit, urlunsplit

import courlan
import httpcore

METADATA = {ipaddress.ip_address(a) for a in ("169.254.169.254", "fd00:ec2::254", "100.100.100.200")}


class AddressRefused(Exception):
    """An address that must not be fetched; the message says why."""


def normalise(url):
    """The form an address is known by: tracking parameters, fragment, default port and a trailing slash
    dropped (courlan), so the same page asked for in two ways is one page."""
    cleaned = courlan.normalize_url(url, strict=True)
    parts = urlsplit(cleaned)
    path = parts.path.rstrip("/") if parts.path not in ("", "/") else "/"
    return urlunsplit((parts.scheme, parts.netloc, path, parts.query, ""))


def check_scheme(url):
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise AddressRefused(f"{url!r} is not an http(s) address")
    return url


def refusal(address, *, allow_private):
    """Why a connection to this IP address is refused, or ""."""
    ip = ipaddress.ip_address(address.split("%", 1)[0])
    if ip.version == 6 and ip.ipv4_mapped:
        ip = ip.ipv4_mapped
    if ip in METADATA:
        return f"{ip}, a cloud metadata address"
    if ip.is_multicast or ip.is_unspecified:
        return f"{ip}, not a host address"
    if not ip.is_global and not allow_private:
        kind = ("loopback" if ip.is_loopback else "link-local" if ip.is_link_local
                else "private" if ip.is_private else "reserved or non-public")
        return (f"{ip}, a {kind} address (set NEWSROOM_CAPTURE_ALLOW_PRIVATE=true to capture from "
                "your own network)")
    return ""


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
