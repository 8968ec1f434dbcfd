"""SIP users (extensions): write-only passwords kept as digest hashes, and checking a
client's digest response against them (RFC 2617 / RFC 7616, as a registrar does).

>>> h = ha1("alice", "trunkline", "s3cret-pass")
>>> response = digest_response(
...     h, "REGISTER", "sip:trunkline", "abc", qop="auth", nc="00000001", cnonce="xyz"
... )
>>> user = SipUser(username="alice", realm="trunkline", ha1_md5=h, ha1_sha256="")
>>> verify_digest(user, method="REGISTER", uri="sip:trunkline", nonce="abc", response=response,
...               qop="auth", nc="00000001", cnonce="xyz")
True
"""

from __future__ import annotations

import hashlib
import hmac
import ipaddress
import re
from typing import Any

from runtime.auth.principal import Principal
from telephony.class5.destinations import Problems
from telephony.class5.models import DestinationType
from telephony.class5.services import base, fields
from telephony.models import USERNAME_PATTERN, SipUser

USERNAME = re.compile(USERNAME_PATTERN)
REALM = re.compile(r"^[A-Za-z0-9_.:-]{1,128}$")
MIN_PASSWORD, MAX_PASSWORD = 8, 128
MAX_WHITELIST = 100
ALGORITHMS = {"MD5": hashlib.md5, "SHA-256": hashlib.sha256}


# -- digest ------------------------------------------------------------------------------------


def _h(algorithm: str, text: str) -> str:
    return ALGORITHMS[algorithm](text.encode()).hexdigest()


def ha1(username: str, realm: str, password: str, algorithm: str = "MD5") -> str:
    """``H(username:realm:password)`` in lower-case hex."""
    return _h(algorithm, f"{username}:{realm}:{password}")


def digest_response(
    ha1_hex: str,
    method: str,
    uri: str,
    nonce: str,
    *,
    algorithm: str = "MD5",
    qop: str | None = None,
    nc: str = "",
    cnonce: str = "",
    body: bytes = b"",
) -> str:
    """The ``response`` a client computes from HA1 (``-sess`` algorithms and ``auth-int``
    included)."""
    base_algorithm = algorithm.removesuffix("-sess")
    if algorithm.endswith("-sess"):
        ha1_hex = _h(base_algorithm, f"{ha1_hex}:{nonce}:{cnonce}")
    a2 = f"{method}:{uri}"
    if qop == "auth-int":
        a2 += ":" + ALGORITHMS[base_algorithm](body).hexdigest()
    ha2 = _h(base_algorithm, a2)
    if qop:
        return _h(base_algorithm, f"{ha1_hex}:{nonce}:{nc}:{cnonce}:{qop}:{ha2}")
    return _h(base_algorithm, f"{ha1_hex}:{nonce}:{ha2}")


def verify_digest(
    user: SipUser,
    *,
    method: str,
    uri: str,
    nonce: str,
    response: str,
    algorithm: str = "MD5",
    realm: str | None = None,
    qop: str | None = None,
    nc: str = "",
    cnonce: str = "",
    body: bytes = b"",
) -> bool:
    """Whether ``response`` from an Authorization / Proxy-Authorization header proves the
    user's password. The nonce's freshness and the ``nc`` replay count are the caller's to
    check; a disabled user, another realm or an unknown algorithm never verify."""
    base_algorithm = algorithm.upper().removesuffix("-SESS")
    if base_algorithm not in ALGORITHMS or qop not in (None, "auth", "auth-int"):
        return False
    if not user.enabled or (realm is not None and realm != user.realm):
        return False
    stored = user.ha1_md5 if base_algorithm == "MD5" else user.ha1_sha256
    if not stored:
        return False
    sess = "-sess" if algorithm.upper().endswith("-SESS") else ""
    expected = digest_response(
        stored,
        method,
        uri,
        nonce,
        algorithm=base_algorithm + sess,
        qop=qop,
        nc=nc,
        cnonce=cnonce,
        body=body,
    )
    return hmac.compare_digest(expected, response.lower())


# -- the kind ----------------------------------------------------------------------------------

DEFAULTS: dict[str, Any] = {
    "customer": None,
    "username": None,
    "extension": None,
    "display_name": "",
    "channels": 2,
    "cps": 0,
    "ip_whitelist": [],
    "enabled": True,
}


def current(user: SipUser) -> dict[str, Any]:
    return {
        "customer": user.customer_id,  # type: ignore[attr-defined]
        "username": user.username,
        "realm": user.realm,
        "extension": user.extension,
        "display_name": user.display_name,
        "channels": user.channels,
        "cps": user.cps,
        "ip_whitelist": list(user.ip_whitelist),
        "enabled": user.enabled,
    }


def snapshot(user: SipUser) -> dict[str, Any]:
    """What the audit log keeps: never the password, nor the hashes made from it."""
    return {"id": user.id, "uuid": str(user.uuid), **current(user)}


def check_ip_whitelist(problems: Problems, value: Any) -> list[str]:
    if not isinstance(value, list):
        problems.add("ip_whitelist", "a list of IP addresses or CIDR blocks")
        return []
    if len(value) > MAX_WHITELIST:
        problems.add("ip_whitelist", f"at most {MAX_WHITELIST} entries")
    cleaned: list[str] = []
    for i, entry in enumerate(value):
        path = f"ip_whitelist.{i}"
        if not isinstance(entry, str):
            problems.add(path, "an IP address or CIDR block as text")
            continue
        try:
            if "/" in entry:
                cleaned.append(str(ipaddress.ip_network(entry.strip(), strict=True)))
            else:
                cleaned.append(str(ipaddress.ip_address(entry.strip())))
        except ValueError as exc:
            hint = ""
            if "has host bits set" in str(exc):
                hint = f"; did you mean {ipaddress.ip_network(entry.strip(), strict=False)}?"
            problems.add(path, f"{entry!r} is not an IP address or CIDR block{hint}")
    if len(set(cleaned)) != len(cleaned):
        problems.add("ip_whitelist", "lists an address twice")
    return cleaned


async def check(
    problems: Problems,
    values: dict[str, Any],
    existing: SipUser | None,
    *,
    realm: str,
    password: str | None = None,
) -> dict[str, Any]:
    customer_id = await base.check_customer(problems, values.get("customer"))
    username = values.get("username")
    if not isinstance(username, str) or not USERNAME.match(username):
        problems.add("username", "1 to 64 letters, digits and _ . + -")
    new_realm = values.get("realm") or realm
    if not isinstance(new_realm, str) or not REALM.match(new_realm):
        problems.add("realm", "1 to 128 letters, digits and _ . : -")
    columns: dict[str, Any] = {
        "username": username,
        "extension": fields.extension(problems, values),
        "display_name": fields.text(problems, values, "display_name", 128),
        "channels": fields.integer(problems, values, "channels", 1, 10_000),
        "cps": fields.integer(problems, values, "cps", 0, 10_000),
        "ip_whitelist": check_ip_whitelist(problems, values.get("ip_whitelist")),
        "enabled": values.get("enabled") is not False,
    }
    if customer_id is not None:
        columns["customer_id"] = customer_id
    if password is None:
        if existing is None:
            problems.add("password", "required")
        else:
            renamed = username != existing.username
            moved = values.get("realm") not in (None, existing.realm)
            if renamed or moved:
                what = "username" if renamed else "realm"
                problems.add(
                    "password",
                    f"changing the {what} needs the password again: the stored digest "
                    "hashes are made of username, realm and password",
                )
        new_realm = (
            existing.realm if existing is not None and not values.get("realm") else new_realm
        )
    elif not MIN_PASSWORD <= len(password) <= MAX_PASSWORD:
        problems.add("password", f"must be {MIN_PASSWORD} to {MAX_PASSWORD} characters")
    elif not password.isprintable():
        problems.add("password", "printable characters only")
    columns["realm"] = new_realm
    if password is not None and not problems:
        columns["ha1_md5"] = ha1(str(username), new_realm, password, "MD5")
        columns["ha1_sha256"] = ha1(str(username), new_realm, password, "SHA-256")
    return columns


async def clashes(columns: dict[str, Any], existing: SipUser | None) -> list[dict[str, str]]:
    found = []
    qs = SipUser.filter(username=columns["username"])
    if existing is not None:
        qs = qs.exclude(id=existing.id)
    if await qs.exists():
        found.append({"path": "username", "message": f"{columns['username']!r} is taken"})
    return found + await base.extension_clash(columns, existing)


KIND: base.Kind[SipUser] = base.Kind(
    model=SipUser,
    object_type="sip_user",
    label="SIP user",
    defaults=DEFAULTS,
    check=check,
    current=current,
    snapshot=snapshot,
    clashes=clashes,
    unique_field="username",
    reached_as=frozenset({DestinationType.EXTENSION}),
)


async def create_sip_user(actor: Principal, values: dict[str, Any], *, realm: str) -> SipUser:
    """``values`` as the API takes them; ``password`` is hashed and forgotten."""
    values = dict(values)
    password = values.pop("password", None)
    return await base.create(actor, KIND, values, realm=realm, password=password)


async def update_sip_user(
    actor: Principal, user: SipUser, changes: dict[str, Any], *, realm: str
) -> SipUser:
    changes = dict(changes)
    password = changes.pop("password", None)
    return await base.update(actor, KIND, user, changes, realm=realm, password=password)
