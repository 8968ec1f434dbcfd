"""One rule for the addresses of carriers and customers (:class:`~telephony.rating.models.
CarrierIp`, :class:`~telephony.models.CustomerIp`).

An address that **sends** calls (we accept calls from it) is an IP address or a CIDR block;
one that **receives** calls (we send calls to it) is an IP address or a host name.

>>> normalise("sends", "192.0.2.9/24"), normalise("sends", "192.0.2.9")
('192.0.2.0/24', '192.0.2.9')
>>> normalise("receives", "PBX.Example.com")
'pbx.example.com'
"""

from __future__ import annotations

import ipaddress
import re
from typing import Any

from runtime.errors import ValidationFailed

__all__ = ["normalise"]

HOST = re.compile(r"^(?=.{1,253}$)([A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?\.)*[A-Za-z]{2,63}$")


def normalise(direction: str, value: Any, path: str = "address") -> str:
    """The address as stored (a CIDR block with its host bits cleared, a host name in lower
    case); ValidationFailed at ``path`` when it is not one for ``direction``."""
    text = str(value or "").strip()
    try:
        if direction == "sends":
            network = ipaddress.ip_network(text, strict=False)
            single = network.prefixlen == network.max_prefixlen
            return str(network.network_address) if single else str(network)
        return str(ipaddress.ip_address(text))
    except ValueError:
        if direction == "receives" and HOST.match(text):
            return text.lower()
    want = "an IP address or CIDR block" if direction == "sends" else "an IP address or host name"
    raise ValidationFailed.field(path, f"{want}, not {text!r}")
