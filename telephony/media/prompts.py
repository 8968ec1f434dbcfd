"""The built-in prompts documents name as ``ivr/<name>``, made on this server on demand.

Spoken prompts are ``espeak-ng`` (22 kHz) piped through ``sox`` to 8 kHz mono 16-bit WAV;
tones and the hold music are ``sox synth``. They live in ``<data_dir>/audio/ivr/``; making
them is idempotent (only missing files are made, each written whole then renamed), so
``trunkline audio prompts``, the first simulated call and the audio pages may all ask.

>>> PROMPTS["welcome.wav"].source
'ivr/welcome.wav'
>>> find("hold_music").name
'hold_music.wav'
"""

from __future__ import annotations

import asyncio
import os
import tempfile
from collections.abc import Iterable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path

from telephony.media.audio import TELEPHONE, run_tool

__all__ = [
    "PROMPTS",
    "Prompt",
    "ensure_prompts",
    "find",
    "make",
    "make_now",
    "prompt_dir",
    "prompt_path",
]

VOICE = ("-v", "en-us", "-s", "150")


@dataclass(frozen=True)
class Prompt:
    """One built-in prompt: spoken ``text``, or ``sox synth`` ``tones`` (one file each,
    joined in order, then ``effects``)."""

    name: str
    text: str = ""
    description: str = ""
    tones: tuple[tuple[str, ...], ...] = field(default=(), repr=False)
    effects: tuple[str, ...] = field(default=(), repr=False)

    @property
    def source(self) -> str:
        return f"ivr/{self.name}"


def _spoken(name: str, text: str) -> Prompt:
    return Prompt(name, text, description=f"Says: “{text}”")


def _arpeggio(*notes: str) -> tuple[tuple[str, ...], ...]:
    # Each note a plucked string, 0.3 s, dying away (fade out over its last 0.25 s).
    return tuple(("synth", "0.3", "pluck", note, "fade", "0", "0.3", "0.25") for note in notes)


#: C - Am - F - G, broken chords up and down: an 8-second phrase, played three times.
_HOLD_TUNE = _arpeggio(
    *("C4", "E4", "G4", "C5", "G4", "E4", "C4", "G3"),
    *("A3", "C4", "E4", "A4", "E4", "C4", "A3", "E3"),
    *("F3", "A3", "C4", "F4", "C4", "A3", "F3", "C3"),
    *("G3", "B3", "D4", "G4", "D4", "B3", "G3", "D3"),
)

_CATALOGUE: tuple[Prompt, ...] = (
    _spoken("welcome.wav", "Welcome. Thank you for calling."),
    _spoken("ivr-thank_you_for_calling.wav", "Thank you for calling."),
    _spoken("menu.wav", "Please listen carefully, then choose one of the following options."),
    _spoken(
        "ivr-please_enter_extension_followed_by_pound.wav",
        "Please enter the extension of the person you are calling, followed by the pound key.",
    ),
    _spoken("please-hold.wav", "Please hold while we connect your call."),
    _spoken("transferring.wav", "Please wait while we transfer your call."),
    _spoken("invalid.wav", "Sorry, that is not a valid option."),
    _spoken("invalid-option.wav", "Sorry, that is not a valid option. Please try again."),
    _spoken("no-input.wav", "Sorry, we did not receive your selection."),
    _spoken("goodbye.wav", "Thank you for calling. Goodbye."),
    _spoken("closed.wav", "We are closed at the moment. Please call again during office hours."),
    _spoken(
        "all-agents-busy.wav",
        "All of our agents are busy. Please stay on the line; "
        "your call will be answered in the order it was received.",
    ),
    _spoken("you-are-caller.wav", "You are caller number"),
    _spoken("not-available.wav", "The person you are calling is not available."),
    _spoken(
        "voicemail-greeting.wav",
        "The person you are calling is not available. "
        "Please leave a message after the tone, and press the pound key when you are done.",
    ),
    _spoken("message-saved.wav", "Your message has been saved. Goodbye."),
    _spoken("enter-pin.wav", "Please enter your PIN, followed by the pound key."),
    _spoken("invalid-pin.wav", "That PIN is not correct."),
    _spoken("conference-joined.wav", "You are now joining the conference."),
    Prompt(
        "beep.wav",
        description="A beep: half a second of 1 kHz tone.",
        tones=(("synth", "0.5", "sine", "1000", "vol", "0.5"),),
    ),
    Prompt(
        "hold_music.wav",
        description="Hold music: a plucked-string tune, 30 s (queues without music of their own).",
        tones=_HOLD_TUNE,
        effects=("repeat", "3", "reverb", "40", "gain", "-n", "-3", "fade", "0", "30", "2"),
    ),
)

#: name (``welcome.wav``) -> prompt.
PROMPTS: dict[str, Prompt] = {p.name: p for p in _CATALOGUE}


def find(name: str) -> Prompt | None:
    """The prompt called ``name``, with or without ``.wav``."""
    return PROMPTS.get(name) or PROMPTS.get(f"{name}.wav")


def prompt_dir(data_dir: Path) -> Path:
    return data_dir / "audio" / "ivr"


def prompt_path(data_dir: Path, prompt: Prompt) -> Path:
    return prompt_dir(data_dir) / prompt.name


async def make(prompt: Prompt, dest: Path) -> None:
    """Write ``prompt`` to ``dest`` (whole, or not at all)."""
    dest.parent.mkdir(parents=True, exist_ok=True)
    part = dest.with_name(f".{dest.name}.{os.getpid()}.part")
    wav_out = (*TELEPHONE, "-t", "wav", str(part))
    try:
        if prompt.text:
            speech = await run_tool("espeak-ng", *VOICE, "--stdout", prompt.text)
            await run_tool("sox", "-V1", "-t", "wav", "-", *wav_out, stdin=speech)
        else:
            with tempfile.TemporaryDirectory(prefix="trunkline-tones-") as scratch:
                pieces = []
                for i, tone in enumerate(prompt.tones):
                    piece = str(Path(scratch) / f"{i:03d}.wav")
                    await run_tool("sox", "-V1", "-n", *TELEPHONE, piece, *tone)
                    pieces.append(piece)
                await run_tool("sox", "-V1", *pieces, *wav_out, *prompt.effects)
        os.replace(part, dest)
    finally:
        part.unlink(missing_ok=True)


def make_now(prompt: Prompt, dest: Path) -> None:
    """:func:`make`, blocking: for the synchronous media resolver, which may run inside an
    event loop (one cannot be re-entered, so the tools run on a loop of their own)."""
    with ThreadPoolExecutor(1, thread_name_prefix="trunkline-prompt") as pool:
        pool.submit(asyncio.run, make(prompt, dest)).result()


async def ensure_prompts(data_dir: Path, names: Iterable[str] | None = None) -> list[str]:
    """Make the built-in prompts (``names``, default all) missing from ``data_dir``; the
    names made."""
    made = []
    for name in PROMPTS if names is None else names:
        prompt = find(name)
        if prompt is None:
            raise KeyError(f"no built-in prompt {name!r}")
        dest = prompt_path(data_dir, prompt)
        if not dest.is_file():
            await make(prompt, dest)
            made.append(prompt.name)
    return made
