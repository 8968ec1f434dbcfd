"""Outbound requests that user content aims (webhooks, ScriptForge's ``fetch``) must not
reach the platform's own network unless an operator said so.

A host an allow-list matches only through a wildcard (``*``, ``*.example.com``) is resolved
and refused if any of its addresses is not public (loopback, private, link-local — the cloud
metadata address among them —, carrier-grade NAT, multicast, reserved); the request then goes
to the address that was checked, with the host's name in the ``Host`` header and as the TLS
server name, so a second DNS answer cannot slip a private address in after the check. A host
the list names itself (``hooks.internal``, ``10.0.0.5``) is trusted as the operator wrote it.
"""

from __future__ import annotations

import asyncio
import ipaddress
import socket
from collections.abc import Sequence
from dataclasses import dataclass, field
from urllib.parse import urlsplit, urlunsplit

__all__ = ["Blocked", "Target", "listed_by_name", "private_address", "target"]


class Blocked(Exception):
    """The host may not be reached; ``kind`` is ``private`` or ``unresolvable``."""

    def __init__(self, kind: str, message: str) -> None:
        super().__init__(message)
        self.kind = kind
        self.message = message


@dataclass(frozen=True)
class Target:
    """Where to send a request: ``url`` (its host may be the checked address), plus the
    ``Host`` header and httpx request extensions that keep the original name."""

    url: str
    headers: dict[str, str] = field(default_factory=dict)
    extensions: dict[str, str] = field(default_factory=dict)


def listed_by_name(hostname: str, allow: Sequence[str]) -> bool:
    """Whether ``allow`` names ``hostname`` itself, not through a wildcard."""
    name = hostname.lower().rstrip(".")
    return any(
        p.strip().lower().rstrip(".") == name for p in allow if p and not any(c in p for c in "*?[")
    )


def private_address(address: str) -> bool:
    """Whether ``address`` is not on the public internet.

    >>> [private_address(a) for a in ("10.1.2.3", "::ffff:127.0.0.1", "100.64.0.1", "8.8.8.8")]
    [True, True, True, False]
    """
    ip = ipaddress.ip_address(address.split("%", 1)[0])
    if isinstance(ip, ipaddress.IPv6Address) and ip.ipv4_mapped is not None:
        ip = ip.ipv4_mapped
    return not ip.is_global or ip.is_multicast


async def resolve(hostname: str, port: int) -> list[str]:
    """The addresses of ``hostname`` (an address is its own answer)."""
    infos = await asyncio.get_running_loop().getaddrinfo(hostname, port, type=socket.SOCK_STREAM)
    return [str(info[4][0]) for info in infos]


async def public_address(hostname: str, port: int) -> str:
    """The address to connect to for ``hostname``; :class:`Blocked` if any of its addresses
    is private (one public and one private address is refused too)."""
    try:
        addresses = await resolve(hostname, port)
    except (OSError, UnicodeError) as exc:
        raise Blocked("unresolvable", f"{hostname} could not be resolved: {exc}") from None
    private = [a for a in addresses if private_address(a)]
    if private or not addresses:
        shown = private[0] if private else "no address"
        raise Blocked(
            "private",
            f"{hostname} resolves to {shown}, a private address; only a host listed by its "
            "own name (not a wildcard) may be on a private network",
        )
    return addresses[0]


async def target(url: str, allow: Sequence[str] | None) -> Target:
    """Where to send a request to the absolute http(s) ``url`` whose host ``allow`` already
    admits (``None``: any host, unchecked — the command line's own runs)."""
    parts = urlsplit(url)
    hostname = parts.hostname or ""
    if allow is None or listed_by_name(hostname, allow):
        return Target(url)
    port = parts.port or (443 if parts.scheme == "https" else 80)
    address = await public_address(hostname, port)
    shown = f"[{address}]" if ":" in address else address
    netloc = f"{shown}:{parts.port}" if parts.port else shown
    return Target(
        urlunsplit(parts._replace(netloc=netloc)),
        {"Host": parts.netloc.rpartition("@")[2]},
        {"sni_hostname": hostname},
    )
