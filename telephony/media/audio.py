"""Uploaded audio to telephone audio: WAV or MP3 in, 8 kHz mono 16-bit PCM WAV out, by ``sox``.

The kind of file is read from its first bytes, never from its name. ``sox`` runs as a
subprocess without a shell, under a time limit; the input is refused above :data:`MAX_BYTES`
and :data:`MAX_SECONDS`. What can go wrong, all :class:`~runtime.errors.TrunklineError`::

    TrunklineError
     ├── ValidationFailed (422, path "file")  the upload itself: "empty file",
     │                                        "not a WAV or MP3 file", "longer than 600 s",
     │                                        "cannot be read as MP3: <sox's reason>"...
     ├── PayloadTooLarge (413)                "larger than 20 MB"
     └── AudioToolMissing (500)               sox is not installed (``make system-deps``)

>>> sniff(b"RIFF\\x00\\x00\\x00\\x00WAVEfmt ")
'wav'
>>> sniff(b"hello") is None
True
"""

from __future__ import annotations

import asyncio
import os
import re
import tempfile
import wave
from pathlib import Path

from runtime.errors import PayloadTooLarge, TrunklineError, ValidationFailed

__all__ = [
    "MAX_BYTES",
    "MAX_SECONDS",
    "AudioToolMissing",
    "convert",
    "run_tool",
    "sniff",
    "wav_seconds",
]

MAX_BYTES = 20 * 1024 * 1024
MAX_SECONDS = 600
#: Seconds one ``sox`` run may take (a 10-minute MP3 decodes in well under one).
TIME_LIMIT = 60.0
#: What every stored file is: G.711's rate, one channel, 16-bit signed PCM.
TELEPHONE = ("-r", "8000", "-c", "1", "-b", "16", "-e", "signed-integer")

_SOX_NOISE = re.compile(r"formats: |can't open input file `[^']*':?|could not convert string.*")
_MPEG_LAYERS = {1, 2, 3}  # the two "layer" bits: 01 III, 10 II, 11 I; 00 is reserved


class AudioToolMissing(TrunklineError):
    """``sox`` or ``espeak-ng`` is not installed on this server."""

    status_code = 500
    code = "audio_tool_missing"


def _problem(message: str) -> ValidationFailed:
    return ValidationFailed.field("file", message)


def _unreadable(kind: str, exc: Exception) -> ValidationFailed:
    # sox names our scratch file ("formats: can't open input file `/tmp/...': why"): keep why.
    reason = _SOX_NOISE.sub("", str(exc)).strip(" :")
    return _problem(f"cannot be read as {kind.upper()}" + (f": {reason}" if reason else ""))


def sniff(data: bytes) -> str | None:
    """``"wav"`` (a RIFF/WAVE header), ``"mp3"`` (an ID3 tag or an MPEG audio frame header)
    or None."""
    if len(data) >= 12 and data[:4] == b"RIFF" and data[8:12] == b"WAVE":
        return "wav"
    if data[:3] == b"ID3":
        return "mp3"
    if len(data) >= 4 and data[0] == 0xFF and data[1] & 0xE0 == 0xE0:
        version, layer = (data[1] >> 3) & 3, (data[1] >> 1) & 3
        bitrate, rate = data[2] >> 4, (data[2] >> 2) & 3
        if version != 1 and layer in _MPEG_LAYERS and bitrate != 0xF and rate != 3:
            return "mp3"
    return None


def wav_seconds(path: Path) -> float:
    """The length of a WAV file, from its header."""
    with wave.open(str(path), "rb") as audio:
        return audio.getnframes() / audio.getframerate()


async def run_tool(*args: str, stdin: bytes | None = None) -> bytes:
    """Run ``args`` (no shell) within :data:`TIME_LIMIT`; its standard output.

    A missing tool is :class:`AudioToolMissing`; a failure is ``RuntimeError`` with the
    tool's last error line."""
    try:
        process = await asyncio.create_subprocess_exec(
            *args,
            stdin=asyncio.subprocess.PIPE if stdin is not None else asyncio.subprocess.DEVNULL,
            stdout=asyncio.subprocess.PIPE,
            stderr=asyncio.subprocess.PIPE,
        )
    except FileNotFoundError:
        raise AudioToolMissing(
            f"{args[0]} is not installed on this server (run: make system-deps)"
        ) from None
    try:
        out, err = await asyncio.wait_for(process.communicate(stdin), TIME_LIMIT)
    except TimeoutError:
        process.kill()
        await process.wait()
        raise RuntimeError(f"{args[0]} took longer than {TIME_LIMIT:g} s") from None
    if process.returncode != 0:
        lines = err.decode("utf-8", "replace").strip().splitlines() or ["failed"]
        raise RuntimeError(lines[-1].removeprefix(f"{args[0]} FAIL ").strip())
    return out


async def convert(data: bytes, dest: Path) -> float:
    """Convert an uploaded WAV or MP3 to 8 kHz mono 16-bit WAV at ``dest``; its seconds.

    ``dest`` is written whole or not at all (a ``.part`` file renamed into place)."""
    if len(data) > MAX_BYTES:
        raise PayloadTooLarge(f"file: larger than {MAX_BYTES // (1024 * 1024)} MB")
    if not data:
        raise _problem("empty file")
    kind = sniff(data)
    if kind is None:
        raise _problem("not a WAV or MP3 file")
    dest.parent.mkdir(parents=True, exist_ok=True)
    part = dest.with_name(dest.name + ".part")
    with tempfile.TemporaryDirectory(prefix="trunkline-audio-") as scratch:
        source = Path(scratch) / f"upload.{kind}"
        source.write_bytes(data)
        try:
            length = float((await run_tool("sox", "--i", "-D", str(source))).strip())
        except (RuntimeError, ValueError) as exc:
            raise _unreadable(kind, exc) from None
        if length > MAX_SECONDS:
            raise _problem(f"longer than {MAX_SECONDS} s ({length:.0f} s)")
        try:
            # "trim" bounds the output even if the header lied about the length.
            await run_tool(
                "sox",
                "-V1",
                "-t",
                kind,
                str(source),
                *TELEPHONE,
                "-t",
                "wav",
                str(part),
                "trim",
                "0",
                str(MAX_SECONDS + 1),
            )
        except RuntimeError as exc:
            part.unlink(missing_ok=True)
            raise _unreadable(kind, exc) from None
    try:
        seconds = wav_seconds(part)
    except (wave.Error, EOFError) as exc:  # pragma: no cover - sox wrote it
        part.unlink(missing_ok=True)
        raise _problem(f"conversion produced no audio: {exc}") from None
    if seconds > MAX_SECONDS:
        part.unlink(missing_ok=True)
        raise _problem(f"longer than {MAX_SECONDS} s")
    if seconds <= 0:
        part.unlink(missing_ok=True)
        raise _problem("no audio in the file")
    os.replace(part, dest)
    return seconds
