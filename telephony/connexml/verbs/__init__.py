"""One module per ConneXML verb or noun, registered by element name.

Each module declares a frozen dataclass with :func:`register`::

    @register
    class Pause(Node):
        TAG = "Pause"
        length: int = attribute("length", Integer(1, 180), default=5)

``REGISTRY["Pause"]`` is then the class the parser builds for ``<Pause>``. The class
variables (``CHILDREN``, ``TEXT``, ``TEXT_VALUE``, ``IGNORED``) and an optional
``check`` method say what the element may hold. How a verb runs is the interpreter's:
one module per verb under :mod:`telephony.connexml.run`, registered by the same tag.
"""

from __future__ import annotations

import dataclasses
import importlib
from typing import TypeVar, dataclass_transform

from telephony.connexml.nodes import Node, attribute, finish_class

N = TypeVar("N", bound=type[Node])

#: Element tag -> node class.
REGISTRY: dict[str, type[Node]] = {}


@dataclass_transform(kw_only_default=True, frozen_default=True, field_specifiers=(attribute,))
def register(cls: N) -> N:
    """Make ``cls`` a frozen dataclass and register it under ``cls.TAG``."""
    dataclasses.dataclass(frozen=True, kw_only=True)(cls)  # in place (no slots)
    finish_class(cls)
    if not cls.TAG or cls.TAG in REGISTRY:
        raise TypeError(f"{cls.__name__}: TAG {cls.TAG!r} is missing or taken")
    REGISTRY[cls.TAG] = cls
    return cls


#: The verb and noun modules; each registers its classes when imported.
MODULES = (
    "barge",
    "before",
    "client",
    "condition",
    "conference",
    "connect",
    "dial",
    "digit",
    "echo",
    "enqueue",
    "enter",
    "gather",
    "hangup",
    "leave",
    "llm_agent",
    "number",
    "parameter",
    "pause",
    "play",
    "press",
    "queue",
    "record",
    "redirect",
    "refer",
    "reject",
    "response",
    "say",
    "set_",
    "sip",
    "sms",
    "start",
    "stop",
    "stream",
    "transfer",
    "variables",
    "voicemail",
)
for _module in MODULES:
    importlib.import_module(f"{__name__}.{_module}")

__all__ = ["REGISTRY", "register"]
