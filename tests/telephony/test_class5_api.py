"""Class 5 API, part one: SIP users (write-only passwords kept as digest hashes, checked as a
registrar checks a client's digest response) and DIDs (E.164 numbers, destinations checked
against the customer's objects, time-based alternatives, all-or-nothing bulk create).

The helpers here are shared by the other ``test_class5_*`` files."""

from __future__ import annotations

import hashlib
import json
from typing import Any

import httpx
import pytest

from runtime.auth.principal import SYSTEM
from runtime.models import AuditEntry, Role
from runtime.services import customers
from telephony.class5.models import Did, VoiceApp, VoiceAppKind
from telephony.class5.services import sip_users
from telephony.models import SipUser
from tests.api.api_support import assert_error, detail_paths

PASSWORD = "s3cret-sip-pass"
REALM = "trunkline"  # the default TRUNKLINE_SIP_REALM


class Api:
    """An admin's (or another role's) view of ``/api/v1``."""

    def __init__(self, client: httpx.AsyncClient, headers: dict[str, str]) -> None:
        self.client, self.headers = client, headers

    async def get(self, path: str, **params: Any) -> httpx.Response:
        return await self.client.get(f"/api/v1{path}", params=params, headers=self.headers)

    async def post(self, path: str, body: Any = None) -> httpx.Response:
        return await self.client.post(f"/api/v1{path}", json=body, headers=self.headers)

    async def patch(self, path: str, body: Any) -> httpx.Response:
        return await self.client.patch(f"/api/v1{path}", json=body, headers=self.headers)

    async def delete(self, path: str) -> httpx.Response:
        return await self.client.delete(f"/api/v1{path}", headers=self.headers)

    async def made(self, path: str, body: Any) -> dict[str, Any]:
        response = await self.post(path, body)
        assert response.status_code == 201, response.text
        return dict(response.json())


@pytest.fixture
async def api(client: httpx.AsyncClient, auth_headers: Any) -> Api:
    return Api(client, await auth_headers(Role.ADMIN))


@pytest.fixture
async def acme(db: str) -> Any:
    return await customers.create_customer(SYSTEM, "Acme")


@pytest.fixture
async def globex(db: str) -> Any:
    return await customers.create_customer(SYSTEM, "Globex")


def sip_user(owner: Any, username: str = "alice", **values: Any) -> dict[str, Any]:
    return {"customer": owner.id, "username": username, "password": PASSWORD, **values}


async def audit_text() -> str:
    entries = await AuditEntry.all().values("before", "after", "object_repr")
    return json.dumps(entries)


def md5(text: str) -> str:
    return hashlib.md5(text.encode(), usedforsecurity=False).hexdigest()


def sha256(text: str) -> str:
    return hashlib.sha256(text.encode()).hexdigest()


# -- SIP users ---------------------------------------------------------------------------------


async def test_sip_user_crud(api: Api, acme: Any) -> None:
    made = await api.made(
        "/sip-users",
        sip_user(acme, extension="1001", display_name="Alice", ip_whitelist=["198.51.100.7"]),
    )
    assert made["username"] == "alice" and made["realm"] == REALM
    assert made["extension"] == "1001" and made["channels"] == 2 and made["enabled"] is True
    assert made["ip_whitelist"] == ["198.51.100.7"]

    got = await api.get(f"/sip-users/{made['id']}")
    assert got.status_code == 200 and got.json() == made
    await api.made("/sip-users", sip_user(acme, "bob", extension="1002"))
    listed = (await api.get("/sip-users", customer=acme.id, sort="-username")).json()
    assert [u["username"] for u in listed["items"]] == ["bob", "alice"]
    assert (await api.get("/sip-users", q="bo")).json()["total"] == 1

    changed = await api.patch(f"/sip-users/{made['id']}", {"channels": 5, "cps": 2})
    assert changed.status_code == 200, changed.text
    assert changed.json()["channels"] == 5 and changed.json()["cps"] == 2
    assert (await api.delete(f"/sip-users/{made['id']}")).status_code == 204
    assert_error(await api.get(f"/sip-users/{made['id']}"), 404, "not_found")
    actions = await AuditEntry.filter(object_type="sip_user").values_list("action", flat=True)
    assert sorted(actions) == sorted(
        ["sip_user.create", "sip_user.create", "sip_user.update", "sip_user.delete"]
    )


async def test_password_is_kept_only_as_digest_hashes(api: Api, acme: Any) -> None:
    made = await api.made("/sip-users", sip_user(acme))
    user = await SipUser.get(id=made["id"])
    assert user.ha1_md5 == md5(f"alice:{REALM}:{PASSWORD}")
    assert user.ha1_sha256 == sha256(f"alice:{REALM}:{PASSWORD}")
    await api.patch(f"/sip-users/{made['id']}", {"password": "another-pass-1"})
    await user.refresh_from_db()
    assert user.ha1_md5 == md5(f"alice:{REALM}:another-pass-1")

    shown = json.dumps(
        [
            made,
            (await api.get(f"/sip-users/{made['id']}")).json(),
            (await api.get("/sip-users")).json(),
        ]
    )
    logged = await audit_text()
    for secret in (PASSWORD, "another-pass-1", user.ha1_md5, user.ha1_sha256, "ha1"):
        assert secret not in shown
        assert secret not in logged


@pytest.mark.parametrize(
    ("algorithm", "qop"),
    [
        ("MD5", None),
        ("MD5", "auth"),
        ("SHA-256", "auth"),
        ("MD5-sess", "auth"),
        ("SHA-256", None),
        ("SHA-256-sess", "auth-int"),
    ],
)
async def test_digest_response_of_a_sip_client_verifies(
    api: Api, acme: Any, algorithm: str, qop: str | None
) -> None:
    """Compute the response as a SIP client does (RFC 2617 / 7616) and check it."""
    made = await api.made("/sip-users", sip_user(acme))
    user = await SipUser.get(id=made["id"])
    h = sha256 if algorithm.startswith("SHA-256") else md5
    nonce, cnonce, nc, uri, method = (
        "dcd98b7102dd2f0e8b11d0f600bfb0c093",
        "0a4f113b",
        "00000001",
        "sip:trunkline",
        "REGISTER",
    )
    ha1 = h(f"alice:{REALM}:{PASSWORD}")
    if algorithm.endswith("-sess"):
        ha1 = h(f"{ha1}:{nonce}:{cnonce}")
    body = b"v=0\r\no=- 1 1 IN IP4 192.0.2.1\r\n"
    ha2 = h(f"{method}:{uri}")
    if qop == "auth-int":  # the body's hash joins A2
        ha2 = h(f"{method}:{uri}:{hashlib.new(h.__name__, body).hexdigest()}")
    response = h(f"{ha1}:{nonce}:{nc}:{cnonce}:{qop}:{ha2}") if qop else h(f"{ha1}:{nonce}:{ha2}")
    args: dict[str, Any] = {
        "method": method,
        "uri": uri,
        "nonce": nonce,
        "algorithm": algorithm,
        "qop": qop,
        "body": body,
    }
    if qop:
        args.update(nc=nc, cnonce=cnonce)
    assert sip_users.verify_digest(user, response=response, **args)
    assert sip_users.verify_digest(user, response=response.upper(), **args)
    assert sip_users.verify_digest(user, response=response, realm=REALM, **args)
    assert not sip_users.verify_digest(user, response=response, realm="elsewhere", **args)
    assert not sip_users.verify_digest(user, response=response, **{**args, "nonce": "x"})
    wrong = h(f"{h(f'alice:{REALM}:wrong-password')}:{nonce}:{ha2}")
    assert not sip_users.verify_digest(user, response=wrong, **{**args, "qop": None})
    if qop == "auth-int":
        assert not sip_users.verify_digest(user, response=response, **{**args, "body": b"x"})
    user.enabled = False
    assert not sip_users.verify_digest(user, response=response, **args)


def test_digest_known_vector() -> None:
    """RFC 2617 §3.5's example (HTTP, MD5, qop=auth)."""
    ha1 = sip_users.ha1("Mufasa", "testrealm@host.com", "Circle Of Life")
    assert ha1 == md5("Mufasa:testrealm@host.com:Circle Of Life")
    response = sip_users.digest_response(
        ha1,
        "GET",
        "/dir/index.html",
        "dcd98b7102dd2f0e8b11d0f600bfb0c093",
        qop="auth",
        nc="00000001",
        cnonce="0a4f113b",
    )
    assert response == "6629fae49393a05397450978507c4ef1"


async def test_username_or_realm_change_needs_the_password(api: Api, acme: Any) -> None:
    made = await api.made("/sip-users", sip_user(acme))
    for change in ({"username": "alice2"}, {"realm": "pbx.example.com"}):
        error = assert_error(
            await api.patch(f"/sip-users/{made['id']}", change), 422, "validation_error"
        )
        assert detail_paths(error) == ["password"]
        assert "needs the password again" in error["details"][0]["message"]
    renamed = await api.patch(
        f"/sip-users/{made['id']}",
        {"username": "alice2", "realm": "pbx.example.com", "password": "new-password-2"},
    )
    assert renamed.status_code == 200, renamed.text
    assert renamed.json()["realm"] == "pbx.example.com"
    user = await SipUser.get(id=made["id"])
    assert user.ha1_md5 == md5("alice2:pbx.example.com:new-password-2")
    # The same username again is no change.
    assert (await api.patch(f"/sip-users/{made['id']}", {"username": "alice2"})).status_code == 200


@pytest.mark.parametrize(
    ("values", "paths"),
    [
        ({"username": "bad name"}, ["username"]),
        ({"password": "short"}, ["password"]),
        ({"extension": "1"}, ["extension"]),
        ({"channels": 0, "cps": -1}, ["channels", "cps"]),
        (
            {"ip_whitelist": ["10.0.0.1", "10.0.0.1/24", "nope", "2001:db8::/32"]},
            ["ip_whitelist.1", "ip_whitelist.2"],
        ),
        ({"customer": 999}, ["customer"]),
        (
            {"username": "x y", "password": "1", "extension": "abc", "channels": 0},
            ["channels", "extension", "password", "username"],
        ),
    ],
)
async def test_sip_user_validation(
    api: Api, acme: Any, values: dict[str, Any], paths: list[str]
) -> None:
    error = assert_error(
        await api.post("/sip-users", sip_user(acme, **values)), 422, "validation_error"
    )
    assert detail_paths(error) == paths
    assert not await SipUser.exists()


async def test_host_bits_get_a_hint(api: Api, acme: Any) -> None:
    error = assert_error(
        await api.post("/sip-users", sip_user(acme, ip_whitelist=["10.0.0.1/24"])),
        422,
        "validation_error",
    )
    assert "did you mean 10.0.0.0/24?" in error["message"]


async def test_password_is_required_on_create(api: Api, acme: Any) -> None:
    body = sip_user(acme)
    del body["password"]
    error = assert_error(await api.post("/sip-users", body), 422, "validation_error")
    assert detail_paths(error) == ["password"]


async def test_usernames_are_unique_across_customers(api: Api, acme: Any, globex: Any) -> None:
    await api.made("/sip-users", sip_user(acme, extension="1001"))
    error = assert_error(await api.post("/sip-users", sip_user(globex)), 409, "conflict")
    assert detail_paths(error) == ["username"]
    # Another customer may use the same extension.
    await api.made("/sip-users", sip_user(globex, "carol", extension="1001"))


async def test_the_realm_comes_from_the_settings(
    client: httpx.AsyncClient, auth_headers: Any, acme: Any, settings: Any
) -> None:
    from runtime.app import create_app

    other = create_app(
        settings.model_copy(update={"sip_realm": "voice.example.com"}), manage_database=False
    )
    transport = httpx.ASGITransport(app=other, client=("203.0.113.7", 50000))
    async with httpx.AsyncClient(transport=transport, base_url="http://testserver") as c:
        api = Api(c, await auth_headers(Role.ADMIN))
        made = await api.made("/sip-users", sip_user(acme))
    assert made["realm"] == "voice.example.com"
    user = await SipUser.get(id=made["id"])
    assert user.ha1_md5 == md5(f"alice:voice.example.com:{PASSWORD}")


# -- DIDs --------------------------------------------------------------------------------------


async def test_did_crud_and_number_normalisation(api: Api, acme: Any) -> None:
    made = await api.made(
        "/dids",
        {
            "number": "+44 20 7946 0000",
            "customer": acme.id,
            "destination": {"type": "external", "target": "+1 555 0100 200"},
            "tags": ["uk", "sales"],
        },
    )
    assert made["number"] == "442079460000"
    assert made["destination"] == {"type": "external", "target": "15550100200"}
    assert made["tags"] == ["sales", "uk"] and made["enabled"] is True
    assert (await api.get(f"/dids/{made['id']}")).json() == made
    assert (await api.get("/dids", q="+4420")).json()["total"] == 1
    assert (await api.get("/dids", customer=acme.id + 1)).json()["total"] == 0

    error = assert_error(
        await api.post(
            "/dids",
            {"number": "442079460000", "destination": {"type": "uri", "target": "sip:a@b.example"}},
        ),
        409,
        "conflict",
    )
    assert detail_paths(error) == ["number"]

    changed = await api.patch(
        f"/dids/{made['id']}",
        {
            "enabled": False,
            "destination": {"type": "uri", "target": "sip:1000@pbx.example.com:5070;transport=tcp"},
        },
    )
    assert changed.status_code == 200, changed.text
    assert changed.json()["destination"]["target"] == "sip:1000@pbx.example.com:5070;transport=tcp"
    assert (await api.get("/dids", enabled="false")).json()["total"] == 1
    assert (await api.delete(f"/dids/{made['id']}")).status_code == 204
    assert not await Did.exists()


async def test_destinations_resolve_to_the_customers_objects(
    api: Api, acme: Any, globex: Any
) -> None:
    alice = await api.made("/sip-users", sip_user(acme, extension="1001"))
    carol = await api.made("/sip-users", sip_user(globex, "carol", extension="2001"))
    system_app = await api.made(
        "/voice-apps", {"name": "hello", "document": "<Response><Say>Hi</Say></Response>"}
    )
    globex_app = await api.made(
        "/voice-apps", {"name": "theirs", "customer": globex.id, "document": "<Response/>"}
    )

    async def target(destination: dict[str, Any]) -> httpx.Response:
        return await api.post(
            "/dids", {"number": "15550001000", "customer": acme.id, "destination": destination}
        )

    # By id, username, extension or uuid: stored as the id.
    for ref in (alice["id"], "alice", "1001", alice["uuid"]):
        response = await target({"type": "extension", "target": ref})
        assert response.status_code == 201, response.text
        assert response.json()["destination"] == {"type": "extension", "target": alice["id"]}
        await Did.all().delete()
    made = await target({"type": "connexml_app", "target": "hello"})
    assert made.json()["destination"] == {"type": "connexml_app", "target": system_app["id"]}
    await Did.all().delete()

    for destination in (
        {"type": "extension", "target": carol["id"]},
        {"type": "extension", "target": "2001"},
        {"type": "connexml_app", "target": globex_app["id"]},
        {"type": "voice_script", "target": system_app["id"]},  # a ConneXML app, not a script
        {"type": "ivr_menu", "target": "nothing"},
    ):
        error = assert_error(await target(destination), 422, "validation_error")
        assert detail_paths(error) == ["destination.target"], destination
        assert "of this customer" in error["details"][0]["message"]


@pytest.mark.parametrize(
    ("destination", "paths"),
    [
        ("external", ["destination"]),
        ({"type": "fax", "target": "1"}, ["destination.type"]),
        ({"type": "external", "target": "12"}, ["destination.target"]),
        ({"type": "external", "target": "12ab34"}, ["destination.target"]),
        ({"type": "uri", "target": "http://example.com"}, ["destination.target"]),
        ({"type": "uri", "target": "sip:"}, ["destination.target"]),
        ({"type": "extension", "target": True}, ["destination.target"]),
        ({"type": "external", "target": "15550100", "extra": 1}, ["destination.extra"]),
    ],
)
async def test_destination_validation(
    api: Api, acme: Any, destination: Any, paths: list[str]
) -> None:
    error = assert_error(
        await api.post(
            "/dids", {"number": "15550001000", "customer": acme.id, "destination": destination}
        ),
        422,
        "validation_error",
    )
    assert detail_paths(error) == paths


async def test_a_did_without_customer_reaches_only_numbers_uris_and_system_apps(
    api: Api, acme: Any
) -> None:
    alice = await api.made("/sip-users", sip_user(acme))
    app = await VoiceApp.create(
        uuid=__import__("uuid").uuid4(),
        name="sys",
        kind=VoiceAppKind.CONNEXML,
        document="<Response/>",
        webhook_secret="s",
    )
    ok = await api.post(
        "/dids",
        {"number": "15550001000", "destination": {"type": "connexml_app", "target": app.id}},
    )
    assert ok.status_code == 201, ok.text
    error = assert_error(
        await api.post(
            "/dids",
            {"number": "15550001001", "destination": {"type": "extension", "target": alice["id"]}},
        ),
        422,
        "validation_error",
    )
    assert "without a customer" in error["details"][0]["message"]


async def test_alternatives_every_problem_at_once(api: Api, acme: Any) -> None:
    body = {
        "number": "1 555 000 1000",
        "customer": acme.id,
        "destination": {"type": "external", "target": "15550100200"},
        "alternatives": [
            {
                "when": {
                    "wday": "mon-fri",
                    "time-of-day": "09:00-17:00",
                    "timezone": "Europe/London",
                },
                "destination": {"type": "external", "target": "15550100201"},
            },
            {
                "when": {"mon": "13", "timezone": "Mars/Olympus", "field": "From"},
                "destination": {"type": "queue", "target": "none"},
            },
            {"when": {}, "destination": {"type": "external", "target": "1"}, "extra": True},
        ],
        "tags": ["ok", "bad tag"],
    }
    error = assert_error(await api.post("/dids", body), 422, "validation_error")
    assert detail_paths(error) == [
        "alternatives.1.destination.target",
        "alternatives.1.when.field",
        "alternatives.1.when.mon",
        "alternatives.1.when.timezone",
        "alternatives.2.destination.target",
        "alternatives.2.extra",
        "alternatives.2.when",
        "tags.1",
    ]
    body["alternatives"] = body["alternatives"][:1]  # type: ignore[index]
    body["tags"] = ["ok"]
    made = await api.made("/dids", body)
    assert made["alternatives"] == [
        {
            "when": {"wday": "mon-fri", "time-of-day": "09:00-17:00", "timezone": "Europe/London"},
            "destination": {"type": "external", "target": "15550100201"},
        }
    ]


async def test_moving_a_did_to_another_customer_checks_its_destination(
    api: Api, acme: Any, globex: Any
) -> None:
    alice = await api.made("/sip-users", sip_user(acme))
    did = await api.made(
        "/dids",
        {
            "number": "15550001000",
            "customer": acme.id,
            "destination": {"type": "extension", "target": alice["id"]},
        },
    )
    error = assert_error(
        await api.patch(f"/dids/{did['id']}", {"customer": globex.id}), 422, "validation_error"
    )
    assert detail_paths(error) == ["destination.target"]
    moved = await api.patch(
        f"/dids/{did['id']}",
        {"customer": globex.id, "destination": {"type": "external", "target": "15550100200"}},
    )
    assert moved.status_code == 200 and moved.json()["customer"] == globex.id


async def test_bulk_create_is_all_or_nothing(api: Api, acme: Any) -> None:
    dest = {"type": "external", "target": "15550100200"}
    await api.made("/dids", {"number": "15550001002", "customer": acme.id, "destination": dest})
    rows = [
        {"number": f"+1 555 000 100{i}", "customer": acme.id, "destination": dest} for i in range(5)
    ]

    error = assert_error(await api.post("/dids/bulk", {"dids": rows}), 409, "conflict")
    assert error["details"] == [{"path": "dids.2.number", "message": "the DID 15550001002 exists"}]
    assert "15550001002" in error["message"]
    assert await Did.all().count() == 1

    repeated = [*rows[:2], rows[0]]
    error = assert_error(await api.post("/dids/bulk", {"dids": repeated}), 409, "conflict")
    assert detail_paths(error) == ["dids.2.number"]

    bad = [
        rows[0],
        {**rows[1], "destination": {"type": "uri", "target": "nope"}},
        {**rows[3], "number": "0123"},
    ]
    error = assert_error(await api.post("/dids/bulk", {"dids": bad}), 422, "validation_error")
    assert detail_paths(error) == ["dids.1.destination.target", "dids.2.number"]
    assert await Did.all().count() == 1

    audit_before = await AuditEntry.all().count()
    fresh = [r for i, r in enumerate(rows) if i != 2]
    made = await api.post("/dids/bulk", {"dids": fresh})
    assert made.status_code == 201, made.text
    assert [d["number"] for d in made.json()["items"]] == [
        "15550001000",
        "15550001001",
        "15550001003",
        "15550001004",
    ]
    assert await Did.all().count() == 5
    assert await AuditEntry.all().count() == audit_before + 4
    assert_error(await api.post("/dids/bulk", {"dids": []}), 422, "validation_error")


# -- the customer's number block -----------------------------------------------------------------


async def test_extensions_come_from_the_customers_number_block(api: Api, acme: Any) -> None:
    """ConnexCS's internal number block: once set, every extension (SIP users, groups,
    queues, rooms) must lie in it, and a block that would leave one out is refused."""
    await api.made("/sip-users", sip_user(acme, extension="1001"))
    outside = await api.patch(
        f"/customers/{acme.id}", {"number_block_start": 2000, "number_block_size": 100}
    )
    assert_error(outside, 422, "validation_error")
    assert "SIP user 'alice' 1001 would be outside 2000-2099" in outside.text
    half = await api.patch(f"/customers/{acme.id}", {"number_block_start": 1000})
    assert_error(half, 422, "validation_error")
    assert detail_paths(half.json()["error"]) == ["number_block_size"]

    block = await api.patch(
        f"/customers/{acme.id}", {"number_block_start": 1000, "number_block_size": 1000}
    )
    assert block.status_code == 200, block.text
    assert (block.json()["number_block_start"], block.json()["number_block_size"]) == (1000, 1000)

    refused = await api.post("/sip-users", sip_user(acme, "bob", extension="2001"))
    assert_error(refused, 422, "validation_error")
    assert "must come from the customer's number block 1000-1999" in refused.text
    room = await api.post(
        "/conference-rooms", {"name": "Board", "customer": acme.id, "extension": "999"}
    )
    assert_error(room, 422, "validation_error")
    assert detail_paths(room.json()["error"]) == ["extension"]
    await api.made("/conference-rooms", {"name": "Board", "customer": acme.id, "extension": "1999"})
    await api.made("/sip-users", sip_user(acme, "carol"))  # no extension: nothing to check

    cleared = await api.patch(
        f"/customers/{acme.id}", {"number_block_start": None, "number_block_size": None}
    )
    assert cleared.json()["number_block_start"] is None
    await api.made("/sip-users", sip_user(acme, "bob", extension="2001"))
