"""Audio for calls: uploads converted to 8 kHz mono WAV by sox, the built-in ``ivr/``
prompts, ``/api/v1/audio-files``, and simulated calls playing ``user/`` and ``ivr/`` files
for their real length."""

from __future__ import annotations

import subprocess
import wave
from pathlib import Path
from typing import Any

import httpx
import pytest

from runtime.auth.principal import SYSTEM
from runtime.errors import PayloadTooLarge, ValidationFailed
from runtime.models import Role
from runtime.services import customers
from telephony.class5.models import AudioFile
from telephony.class5.services import features
from telephony.media import prompts, resolver_for
from telephony.media.audio import MAX_BYTES, convert, sniff
from telephony.media.files import clean_name
from tests.api.api_support import assert_error
from tests.telephony.test_did_routing import make, make_app, make_did
from tests.ui import conftest as ui_fixtures
from tests.ui.ui_support import Ui, nav_labels

URL = "/api/v1/audio-files"
PAGE = "/voice/audio"

# The UI fixtures, shared with tests/ui.
ui = ui_fixtures.ui
signed_in = ui_fixtures.signed_in


def sox(*args: str) -> None:
    subprocess.run(["sox", *args], check=True, capture_output=True, timeout=60)


def made_with_sox(tmp_path: Path, name: str, seconds: float, *, rate: int = 44100) -> bytes:
    """A tone of ``seconds`` at ``rate`` Hz, stereo, as ``name`` (its suffix picks the format)."""
    path = tmp_path / name
    sox("-n", "-r", str(rate), "-c", "2", str(path), "synth", str(seconds), "sine", "440")
    return path.read_bytes()


def wavs(directory: Path) -> list[Path]:
    return list(directory.rglob("*.wav*"))


def shape(path: Path) -> tuple[int, int, int, float]:
    with wave.open(str(path), "rb") as audio:
        rate = audio.getframerate()
        seconds = audio.getnframes() / rate
        return rate, audio.getnchannels(), audio.getsampwidth(), seconds


# -- conversion ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "kind", "slack"), [("in.wav", "wav", 0.001), ("in.mp3", "mp3", 0.1)]
)
async def test_wav_and_mp3_become_8khz_mono_16bit(
    tmp_path: Path, name: str, kind: str, slack: float
) -> None:
    data = made_with_sox(tmp_path, name, 1.5)
    assert sniff(data) == kind
    dest = tmp_path / "out" / "clip.wav"
    seconds = await convert(data, dest)
    rate, channels, width, length = shape(dest)
    assert (rate, channels, width) == (8000, 1, 2)
    assert seconds == pytest.approx(1.5, abs=slack)  # MP3 frames pad the end a little
    assert length == pytest.approx(seconds)
    assert [p.name for p in dest.parent.iterdir()] == ["clip.wav"]  # no .part left behind


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (b"", "file: empty file"),
        (b"hello, I am text", "file: not a WAV or MP3 file"),
        (b"\x89PNG\r\n\x1a\n" + b"\0" * 64, "file: not a WAV or MP3 file"),
        (
            b"RIFF\x10\0\0\0WAVEjunkjunkjunk",
            "file: cannot be read as WAV: WAVE chunk fmt not found",
        ),
        (b"ID3\x03\0\0\0\0\0\0" + b"garbage" * 100, "file: cannot be read as MP3"),
    ],
    ids=["empty", "text", "png", "broken-wav", "broken-mp3"],
)
async def test_garbage_is_refused_with_a_clear_error(
    tmp_path: Path, data: bytes, message: str
) -> None:
    with pytest.raises(ValidationFailed) as caught:
        await convert(data, tmp_path / "out.wav")
    assert caught.value.message == message
    assert caught.value.details == [{"path": "file", "message": message.removeprefix("file: ")}]
    assert not wavs(tmp_path)


async def test_too_long_and_too_large_are_refused(tmp_path: Path) -> None:
    long = tmp_path / "long.wav"
    sox("-n", "-r", "8000", "-c", "1", "-b", "8", str(long), "synth", "601", "sine", "440")
    data = long.read_bytes()
    with pytest.raises(ValidationFailed, match=r"longer than 600 s \(601 s\)"):
        await convert(data, tmp_path / "out.wav")
    with pytest.raises(PayloadTooLarge, match="larger than 20 MB"):
        await convert(b"RIFF" + b"\0" * MAX_BYTES, tmp_path / "out.wav")


@pytest.mark.parametrize(
    ("raw", "stored"),
    [
        ("welcome", "welcome.wav"),
        ("welcome.wav", "welcome.wav"),
        ("Hold-Music_2.MP3", "Hold-Music_2.wav"),
        ("user/greeting.wav", "greeting.wav"),
        ("v1.2", "v1.2.wav"),
    ],
)
def test_names(raw: str, stored: str) -> None:
    assert clean_name(raw) == stored


@pytest.mark.parametrize(
    "raw", ["../x", "user/../../etc/passwd", "a/b.wav", ".hidden", "x..y", "with space", "", "é"]
)
def test_names_that_could_be_paths_are_refused(raw: str) -> None:
    with pytest.raises(ValidationFailed) as caught:
        clean_name(raw)
    assert caught.value.details[0]["path"] == "name"


# -- built-in prompts and the resolver -------------------------------------------------------


async def test_prompts_are_made_once(tmp_path: Path) -> None:
    made = await prompts.ensure_prompts(tmp_path, ["welcome.wav", "beep", "hold_music.wav"])
    assert made == ["welcome.wav", "beep.wav", "hold_music.wav"]
    assert await prompts.ensure_prompts(tmp_path, ["welcome.wav", "beep.wav"]) == []
    ivr = tmp_path / "audio" / "ivr"
    assert shape(ivr / "beep.wav") == (8000, 1, 2, 0.5)
    assert shape(ivr / "hold_music.wav") == (8000, 1, 2, 30.0)
    rate, channels, width, seconds = shape(ivr / "welcome.wav")
    assert (rate, channels, width) == (8000, 1, 2) and 1.0 < seconds < 5.0


def test_the_prompts_command(tmp_path: Path) -> None:
    from click.testing import CliRunner

    from runtime.cli import main

    env = {"TRUNKLINE_DATA_DIR": str(tmp_path)}
    result = CliRunner().invoke(main, ["audio", "prompts"], env=env)
    assert result.exit_code == 0, result.output
    assert "ivr/hold_music.wav" in result.output and "30.00s" in result.output
    assert sorted(p.name for p in (tmp_path / "audio" / "ivr").iterdir()) == sorted(prompts.PROMPTS)
    again = CliRunner().invoke(main, ["audio", "prompts"], env=env)
    assert "0 prompt(s) made" in again.output


def test_the_default_hold_music_and_the_example_prompts_are_built_in() -> None:
    from telephony.class5.bridges import DEFAULT_MUSIC

    fixtures = Path(__file__).parent.parent / "fixtures" / "connexml"
    named = {DEFAULT_MUSIC}
    for path in fixtures.glob("*.xml"):
        named |= {w for w in path.read_text().split() if w.startswith("ivr/")}
    assert {n.removeprefix("ivr/").split("<")[0] for n in named} <= set(prompts.PROMPTS)


def test_the_resolver_stays_in_its_directories(tmp_path: Path) -> None:
    (tmp_path / "secret.key").write_text("secret")
    (tmp_path / "audio" / "user" / "1").mkdir(parents=True)
    (tmp_path / "audio" / "user" / "1" / "abc.wav").write_bytes(b"RIFF")
    (tmp_path / "voicemail" / "3").mkdir(parents=True)
    (tmp_path / "voicemail" / "3" / "m.wav").write_bytes(b"RIFF")
    resolve = resolver_for(tmp_path, {"hello.wav": "audio/user/1/abc.wav", "evil.wav": "../etc"})
    assert resolve("user/hello.wav") == tmp_path / "audio" / "user" / "1" / "abc.wav"
    assert resolve("user/hello") == resolve("user/hello.wav")
    assert resolve("voicemail/3/m.wav") == tmp_path / "voicemail" / "3" / "m.wav"
    for source in (
        "user/../../etc/passwd",
        "user/evil.wav",
        "user/other.wav",
        "ivr/../../secret.key",
        "ivr/../secret.key",
        "voicemail/../secret.key",
        "secret.key",
        "../secret.key",
    ):
        assert resolve(source) is None, source


# -- the API -----------------------------------------------------------------------------------


@pytest.fixture
async def acme(db: str) -> Any:
    return await customers.create_customer(SYSTEM, "Acme")


@pytest.fixture
async def headers(auth_headers: Any) -> dict[str, str]:
    return dict(await auth_headers(Role.SUPPORT))


@pytest.fixture
def clip(tmp_path_factory: pytest.TempPathFactory) -> bytes:
    """1.5 s, 44.1 kHz stereo WAV."""
    return made_with_sox(tmp_path_factory.mktemp("clip"), "clip.wav", 1.5)


async def upload(
    client: httpx.AsyncClient, headers: dict[str, str], data: bytes, **fields: Any
) -> httpx.Response:
    form = {k: (None, str(v)) for k, v in fields.items()}
    return await client.post(
        URL, files={"file": ("recording.wav", data, "audio/wav"), **form}, headers=headers
    )


async def test_upload_list_download_rename_delete(
    client: httpx.AsyncClient, headers: dict[str, str], acme: Any, clip: bytes, settings: Any
) -> None:
    made = await upload(client, headers, clip, name="welcome", customer=acme.id)
    assert made.status_code == 201, made.text
    body = made.json()
    assert (body["name"], body["source"], body["customer"]) == (
        "welcome.wav",
        "user/welcome.wav",
        acme.id,
    )
    assert body["seconds"] == pytest.approx(1.5, abs=0.001)
    stored = await AudioFile.get(id=body["id"])
    path = settings.data_dir / stored.path
    assert stored.path.startswith(f"audio/user/{acme.id}/") and path.is_file()
    assert shape(path)[:3] == (8000, 1, 2)
    assert body["size_bytes"] == path.stat().st_size

    listed = await client.get(URL, params={"customer": acme.id, "q": "welc"}, headers=headers)
    assert [f["id"] for f in listed.json()["items"]] == [body["id"]]
    other = await client.get(URL, params={"system": "true"}, headers=headers)
    assert other.json()["total"] == 0

    audio = await client.get(f"{URL}/{body['id']}/audio", headers=headers)
    assert audio.status_code == 200 and audio.headers["content-type"] == "audio/wav"
    assert audio.content == path.read_bytes()

    again = await upload(client, headers, clip, name="welcome.wav", customer=acme.id)
    assert_error(again, 409, "conflict")
    renamed = await client.patch(f"{URL}/{body['id']}", json={"name": "hello"}, headers=headers)
    assert renamed.json()["source"] == "user/hello.wav"

    gone = await client.delete(f"{URL}/{body['id']}", headers=headers)
    assert gone.status_code == 204 and not path.exists()
    assert_error(await client.get(f"{URL}/{body['id']}", headers=headers), 404, "not_found")


@pytest.mark.parametrize("name", ["../x", "user/../../etc/passwd", "a/b"])
async def test_upload_refuses_path_names(
    client: httpx.AsyncClient, headers: dict[str, str], acme: Any, clip: bytes, name: str
) -> None:
    response = await upload(client, headers, clip, name=name, customer=acme.id)
    assert_error(response, 422, "validation_error")
    assert response.json()["error"]["details"][0]["path"] == "name"
    assert not await AudioFile.exists()


async def test_upload_refuses_garbage_and_a_json_body(
    client: httpx.AsyncClient, headers: dict[str, str], acme: Any, settings: Any
) -> None:
    response = await upload(client, headers, b"not audio at all", name="x", customer=acme.id)
    assert_error(response, 422, "validation_error")
    assert response.json()["error"]["message"] == "file: not a WAV or MP3 file"
    assert_error(await client.post(URL, json={"name": "x"}, headers=headers), 400, "bad_request")
    missing = await upload(client, headers, b"RIFF", name="x", customer=987654)
    assert missing.json()["error"]["details"][0]["path"] == "customer"
    assert not wavs(settings.data_dir / "audio")


async def test_delete_and_rename_are_refused_while_a_queue_plays_it(
    client: httpx.AsyncClient, headers: dict[str, str], acme: Any, clip: bytes
) -> None:
    made = (await upload(client, headers, clip, name="hold", customer=acme.id)).json()
    queue = await make(features.QUEUE, acme, name="Support", music="user/hold.wav")
    refused = await client.delete(f"{URL}/{made['id']}", headers=headers)
    assert_error(refused, 409, "conflict")
    assert "queue 'Support' (music)" in refused.json()["error"]["message"]
    renamed = await client.patch(f"{URL}/{made['id']}", json={"name": "x"}, headers=headers)
    assert_error(renamed, 409, "conflict")
    await features.QUEUE.model.filter(id=queue.id).update(music="")
    assert (await client.delete(f"{URL}/{made['id']}", headers=headers)).status_code == 204


async def test_builtin_prompts_are_listed_and_served(
    client: httpx.AsyncClient, headers: dict[str, str], db: str
) -> None:
    listed = (await client.get(f"{URL}/builtin", headers=headers)).json()["items"]
    by_name = {p["name"]: p for p in listed}
    assert by_name["hold_music.wav"]["seconds"] == 30.0
    assert by_name["welcome.wav"]["source"] == "ivr/welcome.wav"
    assert all(p["seconds"] for p in listed)
    beep = await client.get(f"{URL}/builtin/beep.wav/audio", headers=headers)
    assert beep.status_code == 200 and beep.content.startswith(b"RIFF")
    assert_error(await client.get(f"{URL}/builtin/nope/audio", headers=headers), 404, "not_found")


# -- simulated calls ---------------------------------------------------------------------------


def _played(events: list[dict[str, Any]]) -> list[tuple[str, float]]:
    return [(e["source"], e["t"]) for e in events if e["event"] == "play"]


async def test_a_simulation_plays_uploads_and_prompts_for_their_length(
    client: httpx.AsyncClient, headers: dict[str, str], acme: Any, clip: bytes, settings: Any
) -> None:
    made = await upload(client, headers, clip, name="x", customer=acme.id)
    assert made.status_code == 201, made.text
    document = "<Response><Play>user/x.wav</Play><Play>ivr/welcome.wav</Play></Response>"
    response = await client.post(
        "/api/v1/connexml/simulate",
        json={"document": document, "customer": acme.id, "at": "2026-01-05T10:00:00Z"},
        headers=headers,
    )
    assert response.status_code == 200, response.text
    events = response.json()["events"]
    assert [e for e in events if e["event"] == "error"] == []
    welcome = shape(settings.data_dir / "audio" / "ivr" / "welcome.wav")[3]
    assert _played(events) == [("user/x.wav", 0.0), ("ivr/welcome.wav", pytest.approx(1.5))]
    assert events[-1]["event"] == "hangup"
    assert events[-1]["t"] == pytest.approx(1.5 + welcome, abs=0.01)

    # Another customer has no user/x.wav.
    other = await customers.create_customer(SYSTEM, "Other")
    response = await client.post(
        "/api/v1/connexml/simulate",
        json={"document": document, "customer": other.id},
        headers=headers,
    )
    errors = [e["message"] for e in response.json()["events"] if e["event"] == "error"]
    assert errors == ["audio file not found: user/x.wav"]


async def test_a_did_call_plays_its_customers_uploads(
    client: httpx.AsyncClient, headers: dict[str, str], acme: Any, clip: bytes
) -> None:
    assert (await upload(client, headers, clip, name="x", customer=acme.id)).status_code == 201
    app = await make_app(acme, "Main", "<Response><Play>user/x.wav</Play></Response>")
    await make_did(acme, "15550100777", {"type": "connexml_app", "target": app.id})
    response = await client.post(
        "/api/v1/connexml/simulate", json={"did": "15550100777"}, headers=headers
    )
    events = response.json()["events"]
    assert [e for e in events if e["event"] == "error"] == []
    assert _played(events) == [("user/x.wav", 0.0)]
    assert events[-1]["t"] == pytest.approx(1.5, abs=0.01)


# -- the pages ---------------------------------------------------------------------------------


async def test_the_page_uploads_plays_and_deletes(
    ui: Ui, signed_in: Any, acme: Any, clip: bytes
) -> None:
    await signed_in(Role.SUPPORT)
    page = await ui.get(PAGE)
    assert page.status_code == 200
    assert "Audio files" in nav_labels(page.text)
    assert '/api/v1/audio-files/builtin/hold_music.wav/audio"' in page.text
    token = await ui.token(PAGE)
    form = {"csrf_token": token, "name": "menu", "customer": str(acme.id)}
    posted = await ui.client.post(PAGE, data=form, files={"file": ("menu.wav", clip, "audio/wav")})
    assert posted.status_code == 303, posted.text
    made = await AudioFile.get(name="menu.wav", customer_id=acme.id)
    listed = await ui.get(PAGE, params={"customer": str(acme.id)})
    assert "user/menu.wav" in listed.text
    assert f'/api/v1/audio-files/{made.id}/audio"' in listed.text
    assert (await ui.get(f"/api/v1/audio-files/{made.id}/audio")).status_code == 200

    bad = await ui.client.post(
        PAGE,
        data={**form, "name": "../x"},
        files={"file": ("x.wav", clip, "audio/wav")},
    )
    assert bad.status_code == 422 and "no &#39;/&#39;" in bad.text

    await make(features.QUEUE, acme, name="Support", music="user/menu.wav")
    refused = await ui.submit(PAGE, f"{PAGE}/{made.id}/delete")
    assert refused.status_code == 303 and await AudioFile.exists(id=made.id)
    assert "queue &#39;Support&#39; (music)" in (await ui.get(PAGE)).text


async def test_read_only_operators_see_no_upload_form(ui: Ui, signed_in: Any, db: str) -> None:
    await signed_in(Role.READONLY)
    page = await ui.get(PAGE)
    assert page.status_code == 200 and 'name="file"' not in page.text
