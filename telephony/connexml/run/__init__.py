"""How each ConneXML verb runs: one module per verb, registered by tag.

The grammar of a verb lives in :mod:`telephony.connexml.verbs`; what it does on a call lives
here, so the two can change apart. A runner is ``async def run(node, session) -> None``,
registered with :func:`runs`; the session (:class:`~telephony.connexml.interpreter.Session`)
answers the call first when ``answers`` is set and fills templates in when ``resolve`` is
set. Prompts that may sit inside ``<Gather>`` (Say, Play, Pause) also register a
:data:`Prompt` with :func:`prompt`: it returns the digit that interrupted it.
"""

from __future__ import annotations

import importlib
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, TypeVar

if TYPE_CHECKING:
    from telephony.connexml.interpreter import Session

__all__ = ["PROMPTS", "RUNNERS", "Prompt", "Runner", "Verb", "prompt", "runs"]

Runner = Callable[[Any, "Session"], Awaitable[None]]
#: ``await prompt(node, session, interrupt_digits)`` -> the interrupting digit, or "".
Prompt = Callable[[Any, "Session", str], Awaitable[str]]
F = TypeVar("F", bound=Callable[..., Any])


@dataclass(frozen=True)
class Verb:
    run: Runner
    #: Answer the call before running (media verbs); Reject, Hangup, Set... do not.
    answers: bool = True
    #: Fill templates in before running; False when the runner reads the raw values.
    resolve: bool = True


#: Tag -> how it runs.
RUNNERS: dict[str, Verb] = {}
#: Tag -> prompt, for the children of Gather.
PROMPTS: dict[str, Prompt] = {}


def runs(tag: str, *, answers: bool = True, resolve: bool = True) -> Callable[[F], F]:
    """Register the decorated coroutine function as the runner of ``tag``."""

    def register(fn: F) -> F:
        if tag in RUNNERS:
            raise TypeError(f"<{tag}> already has a runner")
        RUNNERS[tag] = Verb(fn, answers, resolve)
        return fn

    return register


def prompt(tag: str) -> Callable[[F], F]:
    """Register the decorated coroutine function as the interruptible prompt of ``tag``."""

    def register(fn: F) -> F:
        PROMPTS[tag] = fn
        return fn

    return register


MODULES = (
    "before",
    "condition",
    "conference",
    "dial",
    "digit",
    "echo",
    "enter",
    "enqueue",
    "gather",
    "hangup",
    "leave",
    "pause",
    "play",
    "press",
    "record",
    "redirect",
    "refer",
    "reject",
    "say",
    "set_",
    "sms",
    "stream",
    "transfer",
    "variables_",
)
for _module in MODULES:
    importlib.import_module(f"{__name__}.{_module}")
