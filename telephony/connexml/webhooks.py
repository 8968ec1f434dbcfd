"""Fetching the next ConneXML document (Redirect, and every ``action``), as TwiML does.

A request carries Twilio-style form parameters (``CallSid``, ``From``, ``To``, ``Digits``...)
— in the query string for GET, as a form body for POST — and the header
``X-Trunkline-Signature``: base64 of HMAC-SHA256, keyed with the app's webhook secret, over
the full URL followed by every POST parameter's name and value sorted by name (Twilio's
scheme with SHA-256; for GET the parameters are already in the URL). :func:`signature`
computes it, so a receiving server can check it the same way.

Private networks (:mod:`runtime.netguard`): a host the allow-list admits only through a
wildcard is refused if it resolves to a private address, and is reached at the address that
was checked; a host listed by its own name is trusted. The command-line simulator
(``allow=None``) reaches any host.

What can go wrong ends in a :class:`WebhookError` whose ``kind`` is ``not_allowed`` (the host
is not on the app's allow-list, or resolves to a private address), ``timeout``, ``http`` (a
status other than 2xx), ``not_xml`` (the reply is not a ConneXML document) or ``network``;
the interpreter turns it into a spoken error or a hang-up, never a stuck call. Redirect loops
are the interpreter's to count (:data:`MAX_REDIRECTS`).

Recording URLs handed to webhooks are signed and expire (:func:`signed_url`,
:func:`verify_signed_url`).
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import time
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

import httpx

from runtime import netguard
from scriptforge.host import host_allowed

SIGNATURE_HEADER = "X-Trunkline-Signature"
#: Documents fetched one after another in one call before it is taken for a loop.
MAX_REDIRECTS = 20
DEFAULT_TIMEOUT = 10.0
MAX_DOCUMENT_BYTES = 1_048_576
USER_AGENT = "Trunkline-ConneXML/1"


class WebhookError(Exception):
    def __init__(self, kind: str, message: str) -> None:
        super().__init__(message)
        self.kind = kind
        self.message = message


@dataclass(frozen=True)
class Fetched:
    url: str
    status: int
    text: str


def signature(secret: str, url: str, params: Mapping[str, str] | None = None) -> str:
    """The ``X-Trunkline-Signature`` of a request to ``url`` with POST ``params``.

    >>> signature("s3cret", "https://example.com/ivr?x=1", {"Digits": "1", "CallSid": "CA1"})
    'XYI79sj7rrm+Y2bnIxX1zIc6yPrWGys6Y6tS9GD+ylg='
    """
    payload = url + "".join(f"{k}{v}" for k, v in sorted((params or {}).items()))
    digest = hmac.new(secret.encode(), payload.encode(), hashlib.sha256).digest()
    return base64.b64encode(digest).decode()


def check_allowed(url: str, allow: Sequence[str] | None) -> None:
    """Refuse a URL that is not http(s), or whose host is not on ``allow`` (``None``:
    any host, as the command-line simulator allows)."""
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise WebhookError("not_allowed", f"a webhook needs an absolute http(s) URL, not {url!r}")
    if allow is not None and not host_allowed(parts.hostname, tuple(allow)):
        raise WebhookError(
            "not_allowed", f"{parts.hostname} is not on the app's list of webhook hosts"
        )


def _with_query(url: str, params: Mapping[str, str]) -> str:
    parts = urlsplit(url)
    query = parse_qsl(parts.query, keep_blank_values=True) + list(params.items())
    return urlunsplit(parts._replace(query=urlencode(query)))


async def fetch_document(
    client: httpx.AsyncClient,
    method: str,
    url: str,
    params: Mapping[str, str],
    *,
    secret: str,
    allow: Sequence[str] | None,
    time_limit: float = DEFAULT_TIMEOUT,
) -> Fetched:
    """GET or POST the call's ``params`` to ``url``; the reply's text, which must look like
    a ConneXML (or TwiML) document, within ``time_limit`` seconds."""
    check_allowed(url, allow)
    verb = method.upper()
    target = _with_query(url, params) if verb == "GET" else url
    # The signature covers the URL as the app wrote it, whatever address it is sent to.
    signed = signature(secret, target) if verb == "GET" else signature(secret, url, params)
    try:
        to = await netguard.target(target, allow)
    except netguard.Blocked as exc:
        kind = "not_allowed" if exc.kind == "private" else "network"
        raise WebhookError(kind, exc.message) from None
    request = client.build_request(
        verb if verb == "GET" else "POST",
        to.url,
        data=None if verb == "GET" else dict(params),
        headers={SIGNATURE_HEADER: signed, "User-Agent": USER_AGENT, **to.headers},
        timeout=time_limit,
        extensions=to.extensions,
    )
    try:
        response = await client.send(request, stream=True, follow_redirects=False)
        try:
            body = b""
            async for chunk in response.aiter_bytes():
                body += chunk
                if len(body) > MAX_DOCUMENT_BYTES:
                    raise WebhookError("not_xml", f"the reply from {url} is larger than 1 MB")
        finally:
            await response.aclose()
    except httpx.TimeoutException:
        raise WebhookError("timeout", f"{url} did not answer within {time_limit:g} s") from None
    except httpx.HTTPError as exc:
        raise WebhookError("network", f"{url} could not be reached: {exc}") from None
    if not 200 <= response.status_code < 300:
        raise WebhookError("http", f"{url} answered HTTP {response.status_code}")
    text = body.decode(response.encoding or "utf-8", errors="replace")
    if "<Response" not in text:
        kind = response.headers.get("content-type", "no content type")
        raise WebhookError("not_xml", f"{url} did not answer with a ConneXML document ({kind})")
    return Fetched(target, response.status_code, text)


def signed_url(base: str, secret: str, *, ttl: int = 3600, now: float | None = None) -> str:
    """``base`` with ``expires`` and ``signature`` query parameters (HMAC-SHA256 over the
    URL with its expiry), valid for ``ttl`` seconds."""
    expires = int((time.time() if now is None else now) + ttl)
    unsigned = _with_query(base, {"expires": str(expires)})
    mac = hmac.new(secret.encode(), unsigned.encode(), hashlib.sha256).hexdigest()
    return _with_query(unsigned, {"signature": mac})


def verify_signed_url(url: str, secret: str, *, now: float | None = None) -> bool:
    """Whether ``url`` was made by :func:`signed_url` with ``secret`` and has not expired."""
    parts = urlsplit(url)
    query = parse_qsl(parts.query, keep_blank_values=True)
    if not query or query[-1][0] != "signature":
        return False
    given = query[-1][1]
    unsigned = urlunsplit(parts._replace(query=urlencode(query[:-1])))
    expected = hmac.new(secret.encode(), unsigned.encode(), hashlib.sha256).hexdigest()
    expires = dict(query[:-1]).get("expires", "")
    if not hmac.compare_digest(given, expected) or not expires.isdigit():
        return False
    return int(expires) >= (time.time() if now is None else now)
