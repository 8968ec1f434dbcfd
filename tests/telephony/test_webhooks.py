"""Webhooks of ConneXML: the call's parameters reach a real local HTTP server by GET and
POST, signed; slow, failing, non-XML and unlisted servers end in a clear error; recording
URLs are signed and expire."""

from __future__ import annotations

import base64
import doctest
import hashlib
import hmac
import time
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler
from typing import Any
from urllib.parse import parse_qsl, urlsplit

import httpx
import pytest

from runtime import netguard
from telephony.connexml import webhooks
from telephony.connexml.webhooks import (
    SIGNATURE_HEADER,
    WebhookError,
    fetch_document,
    signature,
    signed_url,
    verify_signed_url,
)
from tests.telephony.local_http import serving

SECRET = "app-webhook-secret"
PARAMS = {"CallSid": "CA123", "From": "441234567890", "To": "15550001", "Digits": "12"}
DOCUMENT = "<Response><Say>Thanks</Say></Response>"


class _Handler(BaseHTTPRequestHandler):
    seen: list[dict[str, Any]] = []

    def log_message(self, *args: Any) -> None:  # quiet
        pass

    def _reply(self, status: int, body: str, content_type: str = "application/xml") -> None:
        data = body.encode()
        self.send_response(status)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)

    def _handle(self, form: dict[str, str]) -> None:
        path = urlsplit(self.path).path
        self.seen.append(
            {
                "method": self.command,
                "path": path,
                "query": dict(parse_qsl(urlsplit(self.path).query)),
                "form": form,
                "signature": self.headers.get(SIGNATURE_HEADER),
                "url": f"http://{self.headers['Host']}{self.path}",
            }
        )
        if path == "/slow":
            time.sleep(1.5)
        if path == "/error":
            self._reply(500, "oops", "text/plain")
        elif path == "/html":
            self._reply(200, "<html><body>Not ConneXML</body></html>", "text/html")
        else:
            self._reply(200, DOCUMENT)

    def do_GET(self) -> None:
        self._handle({})

    def do_POST(self) -> None:
        length = int(self.headers.get("Content-Length") or 0)
        form = dict(parse_qsl(self.rfile.read(length).decode()))
        self._handle(form)


@pytest.fixture
def server() -> Iterator[str]:
    _Handler.seen = []
    with serving(_Handler) as url:
        yield url


def _expected(url: str, params: dict[str, str] | None = None) -> str:
    payload = url + "".join(f"{k}{v}" for k, v in sorted((params or {}).items()))
    return base64.b64encode(
        hmac.new(SECRET.encode(), payload.encode(), hashlib.sha256).digest()
    ).decode()


def test_the_signature_is_twilios_scheme_with_sha256() -> None:
    assert signature(SECRET, "https://x.test/a", PARAMS) == _expected("https://x.test/a", PARAMS)
    assert signature(SECRET, "https://x.test/a") != signature("other", "https://x.test/a")
    assert doctest.testmod(webhooks).failed == 0
    assert doctest.testmod(netguard).failed == 0


@pytest.mark.parametrize("method", ["GET", "POST", "post"])
async def test_parameters_reach_the_server_signed(server: str, method: str) -> None:
    async with httpx.AsyncClient() as client:
        fetched = await fetch_document(
            client, method, f"{server}/ivr?step=2", PARAMS, secret=SECRET, allow=None
        )
    assert fetched.text == DOCUMENT and fetched.status == 200
    (seen,) = _Handler.seen
    assert seen["method"] == method.upper()
    if method.upper() == "GET":
        assert seen["query"] == {"step": "2", **PARAMS} and seen["form"] == {}
        assert seen["signature"] == _expected(seen["url"])
    else:
        assert seen["query"] == {"step": "2"} and seen["form"] == PARAMS
        assert seen["signature"] == _expected(f"{server}/ivr?step=2", PARAMS)


@pytest.mark.parametrize(
    ("path", "kind", "words"),
    [
        ("/error", "http", "HTTP 500"),
        ("/html", "not_xml", "did not answer with a ConneXML document (text/html"),
        ("/slow", "timeout", "did not answer within"),
    ],
)
async def test_failing_servers_give_a_clear_error(
    server: str, path: str, kind: str, words: str
) -> None:
    async with httpx.AsyncClient() as client:  # its own default: 5 s
        with pytest.raises(WebhookError) as failed:
            await fetch_document(
                client, "POST", server + path, PARAMS, secret=SECRET, allow=None, time_limit=0.5
            )
    assert failed.value.kind == kind and words in failed.value.message


async def test_nothing_answering_is_a_network_error() -> None:
    async with httpx.AsyncClient(timeout=1) as client:
        with pytest.raises(WebhookError) as failed:
            await fetch_document(
                client, "GET", "http://127.0.0.1:9/x", PARAMS, secret=SECRET, allow=None
            )
    assert failed.value.kind == "network"


@pytest.mark.parametrize(
    ("url", "allow"),
    [
        ("http://127.0.0.1:8000/x", ["hooks.example.com"]),
        ("https://evil.example.net/x", ["*.example.com"]),
        ("ftp://hooks.example.com/x", None),
        ("/relative/path", None),
    ],
)
async def test_hosts_off_the_allow_list_are_refused(url: str, allow: list[str] | None) -> None:
    async with httpx.AsyncClient() as client:
        with pytest.raises(WebhookError) as refused:
            await fetch_document(client, "GET", url, PARAMS, secret=SECRET, allow=allow)
    assert refused.value.kind == "not_allowed"


async def test_a_listed_host_is_reached(server: str) -> None:
    async with httpx.AsyncClient() as client:
        fetched = await fetch_document(
            client, "GET", f"{server}/ivr", {}, secret=SECRET, allow=["127.0.0.1"]
        )
    assert fetched.text == DOCUMENT


# -- private networks ---------------------------------------------------------------------------


@pytest.mark.parametrize("allow", [["*"], ["127.*"], ["*.0.0.1"]])
async def test_a_wildcard_does_not_reach_a_private_address(server: str, allow: list[str]) -> None:
    async with httpx.AsyncClient() as client:
        with pytest.raises(WebhookError) as refused:
            await fetch_document(client, "GET", f"{server}/ivr", {}, secret=SECRET, allow=allow)
    assert refused.value.kind == "not_allowed"
    assert "127.0.0.1 resolves to 127.0.0.1, a private address" in refused.value.message
    assert _Handler.seen == []  # nothing was sent


async def test_a_name_resolving_to_loopback_is_refused_under_a_wildcard(server: str) -> None:
    url = server.replace("127.0.0.1", "localhost") + "/ivr"
    async with httpx.AsyncClient() as client:
        with pytest.raises(WebhookError) as refused:
            await fetch_document(client, "POST", url, PARAMS, secret=SECRET, allow=["local*"])
    assert refused.value.kind == "not_allowed"
    assert "localhost resolves to" in refused.value.message
    # Listed by its own name, the operator's choice stands.
    async with httpx.AsyncClient() as client:
        fetched = await fetch_document(
            client, "POST", url, PARAMS, secret=SECRET, allow=["localhost"]
        )
    assert fetched.text == DOCUMENT


async def test_a_checked_host_is_reached_at_the_address_that_was_checked(
    server: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The request goes to the address the check saw (no second DNS answer), with the
    host's name in ``Host`` and the signature over the URL as written."""
    port = urlsplit(server).port
    looked_up: list[str] = []

    async def resolve(hostname: str, port: int) -> list[str]:
        looked_up.append(hostname)
        return ["127.0.0.1"]

    monkeypatch.setattr(netguard, "resolve", resolve)
    monkeypatch.setattr(netguard, "private_address", lambda address: False)
    url = f"http://hooks.example.com:{port}/ivr"
    async with httpx.AsyncClient() as client:
        fetched = await fetch_document(
            client, "POST", url, PARAMS, secret=SECRET, allow=["*.example.com"]
        )
    assert fetched.text == DOCUMENT and looked_up == ["hooks.example.com"]
    (seen,) = _Handler.seen
    assert seen["url"] == url  # Host: hooks.example.com:<port>
    assert seen["signature"] == _expected(url, PARAMS)


def test_private_addresses() -> None:
    private = ["10.0.0.1", "172.16.5.4", "192.168.1.1", "127.0.0.1", "169.254.169.254",
               "100.64.0.1", "0.0.0.0", "::1", "fe80::1%eth0", "fd00::1", "::ffff:10.0.0.1",
               "224.0.0.1", "240.0.0.1"]  # fmt: skip
    assert [a for a in private if not netguard.private_address(a)] == []
    assert not netguard.private_address("93.184.215.14")
    assert not netguard.private_address("2606:4700:4700::1111")


def test_recording_urls_are_signed_and_expire() -> None:
    url = signed_url("https://pbx.example.com/recordings/RE1.wav", SECRET, ttl=60, now=1000)
    assert verify_signed_url(url, SECRET, now=1059)
    assert not verify_signed_url(url, SECRET, now=1061)  # expired
    assert not verify_signed_url(url, "another secret", now=1000)
    assert not verify_signed_url(url.replace("RE1", "RE2"), SECRET, now=1000)
    assert not verify_signed_url(url.replace("expires=1060", "expires=9999"), SECRET, now=1000)
    assert not verify_signed_url("https://pbx.example.com/recordings/RE1.wav", SECRET)
