"""The typed ConneXML tree: problems, attribute value types and the :class:`Node` base.

Every element is a frozen dataclass registered by tag in :mod:`telephony.connexml.verbs`;
its XML attributes are dataclass fields declared with :func:`attribute`, converted to
Python values when the document is parsed (``<Pause length="10"/>`` becomes
``Pause(length=10, ...)``). The interpreter dispatches on ``node.name`` (or the class) and
reads the typed fields; ``node.children`` holds nested verbs and nouns.

Errors::

    TrunklineError
     └── ValidationFailed          422 validation_error
          └── ConneXMLError         every error of a document at once (``problems``)

A value holding a template (``{{var}}``, ``${var}``) cannot be checked until the call runs:
its raw text is kept in ``node.templated`` and :meth:`Node.resolve` converts it then.
"""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from enum import Enum, StrEnum
from types import MappingProxyType
from typing import Any, ClassVar, Self

from runtime.errors import ValidationFailed


class Severity(StrEnum):
    ERROR = "error"
    WARNING = "warning"


@dataclass(frozen=True, slots=True, order=True)
class Problem:
    """One finding, at a 1-based line and column (the start tag of the element)."""

    line: int
    column: int
    message: str
    severity: Severity = Severity.ERROR

    def __str__(self) -> str:
        prefix = "warning: " if self.severity is Severity.WARNING else ""
        return f"{self.line}:{self.column}: {prefix}{self.message}"

    def as_dict(self) -> dict[str, Any]:
        return {
            "line": self.line,
            "column": self.column,
            "message": self.message,
            "severity": str(self.severity),
        }


class ConneXMLError(ValidationFailed):
    """A document that breaks the grammar; ``problems`` holds every error (and
    ``warnings`` the warnings), in document order."""

    def __init__(self, problems: Sequence[Problem], warnings: Sequence[Problem] = ()) -> None:
        self.problems = list(problems)
        self.warnings = list(warnings)
        count = len(self.problems)
        first = f": {self.problems[0]}" if self.problems else ""
        message = f"ConneXML has {count} error{'s' if count != 1 else ''}{first}"
        super().__init__(message, [p.as_dict() for p in [*self.problems, *self.warnings]])


class Invalid(ValueError):
    """Raised by a value type; the message completes "<Tag> attr: ..."."""


# ---------------------------------------------------------------------------------------
# Value types: ``convert(raw) -> value`` or raise Invalid. Instances are shared; nothing
# is compiled per node.


class Value:
    """Any string (the base type)."""

    def convert(self, raw: str) -> Any:
        return raw


class Integer(Value):
    def __init__(self, low: int | None = None, high: int | None = None) -> None:
        self.low, self.high = low, high

    def convert(self, raw: str) -> int:
        text = raw.strip()
        if not _INT.fullmatch(text):
            raise Invalid(f"{raw!r} is not a whole number")
        number = int(text)
        if (self.low is not None and number < self.low) or (
            self.high is not None and number > self.high
        ):
            if self.high is None:
                raise Invalid(f"{number} is too small (at least {self.low})")
            raise Invalid(f"{number} is out of range {self.low}-{self.high}")
        return number


class Boolean(Value):
    def convert(self, raw: str) -> bool:
        text = raw.strip().lower()
        if text in ("true", "1"):
            return True
        if text in ("false", "0"):
            return False
        raise Invalid(f"{raw!r} is not true or false")


class Choice(Value):
    """One of fixed words; ``fold`` makes the match case-insensitive (stored upper-case)."""

    def __init__(self, *choices: str, fold: bool = False) -> None:
        self.fold = fold
        self.choices = tuple(c.upper() for c in choices) if fold else choices

    def convert(self, raw: str) -> str:
        text = raw.strip().upper() if self.fold else raw.strip()
        if text not in self.choices:
            raise Invalid(f"{raw!r} is not one of {', '.join(self.choices)}")
        return text


class Words(Value):
    """A space- or comma-separated list drawn from fixed words, as a tuple."""

    def __init__(self, *choices: str) -> None:
        self.choices = frozenset(choices)
        self.listed = ", ".join(choices)

    def convert(self, raw: str) -> tuple[str, ...]:
        words = tuple(w for w in _LIST_SPLIT.split(raw.strip()) if w)
        for word in words:
            if word not in self.choices:
                raise Invalid(f"{word!r} is not one of {self.listed}")
        return words


class Url(Value):
    """An http(s) URL, a relative reference (resolved against the document's URL) or an
    internal target (``app:NAME``, ``scriptforge:ID``)."""

    SCHEMES: ClassVar[frozenset[str]] = frozenset({"http", "https", "app", "scriptforge"})

    def convert(self, raw: str) -> str:
        text = raw.strip()
        if not text:
            raise Invalid("is empty")
        if any(c.isspace() for c in text):
            raise Invalid(f"{text!r} contains spaces (encode them as %20)")
        scheme = _SCHEME.match(text)
        if scheme and scheme.group(1).lower() not in self.SCHEMES:
            raise Invalid(f"{text!r}: the scheme {scheme.group(1)!r} is not allowed")
        return text


class WebSocketUrl(Value):
    def convert(self, raw: str) -> str:
        text = raw.strip()
        if not _WS_URL.match(text):
            raise Invalid(f"{text!r} is not a ws:// or wss:// URL")
        return text


class Audio(Value):
    """A prompt: ``ivr/...``/``user/...`` (any relative path that stays inside the audio
    store) or an http(s) URL."""

    def convert(self, raw: str) -> str:
        text = raw.strip()
        if not text:
            raise Invalid("is empty")
        scheme = _SCHEME.match(text)
        if scheme:
            if scheme.group(1).lower() not in ("http", "https"):
                raise Invalid(f"{text!r}: only http(s) URLs or audio file paths")
            return text
        if text.startswith(("/", "\\")) or ".." in text.replace("\\", "/").split("/"):
            raise Invalid(f"{text!r}: the path must stay inside the audio store")
        return text


class Dtmf(Value):
    """DTMF keys (0-9, *, #, A-D; ``w``/``W`` waits when ``waits``)."""

    def __init__(self, *, empty: bool = False, waits: bool = False, single: bool = False) -> None:
        self.empty, self.single = empty, single
        self.keys = frozenset("0123456789*#ABCDabcd" + ("wW" if waits else ""))

    def convert(self, raw: str) -> str:
        text = raw.strip()
        if not text and not self.empty:
            raise Invalid("no keys given")
        if self.single and len(text) > 1:
            raise Invalid(f"{text!r} is more than one key")
        bad = [c for c in text if c not in self.keys]
        if bad:
            raise Invalid(f"{text!r} has {bad[0]!r}, which is not a DTMF key")
        return text


class Phone(Value):
    """A number to dial: digits with an optional leading ``+`` (``*``/``#`` allowed)."""

    def convert(self, raw: str) -> str:
        text = raw.strip()
        if not _PHONE.fullmatch(text):
            raise Invalid(f"{text!r} is not a phone number")
        return text


class Limited(Value):
    """A string of at most ``length`` characters matching an optional pattern."""

    def __init__(self, length: int, pattern: str | None = None, what: str = "") -> None:
        self.length, self.what = length, what
        self.pattern = re.compile(pattern) if pattern else None

    def convert(self, raw: str) -> str:
        if len(raw) > self.length:
            raise Invalid(f"is longer than {self.length} characters")
        if self.pattern and not self.pattern.fullmatch(raw):
            raise Invalid(f"{raw!r}: {self.what}")
        return raw


_INT = re.compile(r"[+-]?\d{1,9}")
_LIST_SPLIT = re.compile(r"[\s,]+")
_SCHEME = re.compile(r"([A-Za-z][A-Za-z0-9+.-]*):")
_WS_URL = re.compile(r"wss?://[^\s/]+\S*", re.IGNORECASE)
_PHONE = re.compile(r"\+?[0-9*#]{1,32}")
_TEMPLATE = re.compile(r"\{\{|\$\{")

TEXT = Value()
BOOLEAN = Boolean()
METHOD = Choice("GET", "POST", fold=True)
URL = Url()
LEG = Choice("a", "b")


def is_templated(raw: str) -> bool:
    """Whether a value holds ``{{...}}`` or ``${...}``, to be filled in when the call runs."""
    return _TEMPLATE.search(raw) is not None


# ---------------------------------------------------------------------------------------
# Attribute declarations


@dataclass(frozen=True, slots=True)
class AttrSpec:
    field: str  # the dataclass field that receives the value
    xml: str  # the canonical XML name
    value: Value
    required: bool = False


def attribute(
    xml: str,
    value: Value = TEXT,
    default: Any = None,
    *,
    aliases: Sequence[str] = (),
    required: bool = False,
) -> Any:
    """Declare a field filled from the XML attribute ``xml`` (or one of ``aliases``; the
    ``-``/``_`` spelling of a name is always accepted too)."""
    meta = {"xml": xml, "value": value, "aliases": tuple(aliases), "required": required}
    return field(default=default, metadata=meta)


class TextRule(Enum):
    NONE = "none"  # only whitespace (or comments) allowed
    IGNORED = "ignored"  # text is accepted with a warning and dropped
    OPTIONAL = "optional"
    REQUIRED = "required"


Report = Callable[[str, Severity], None]


@dataclass(frozen=True, kw_only=True)
class Node:
    """One element. Subclasses (one per tag, in ``verbs/``) set the class variables and
    declare attributes with :func:`attribute`.

    >>> from telephony.connexml.parser import parse
    >>> pause = parse('<Response><Pause length="3"/></Response>').verbs[0]
    >>> (pause.name, pause.length, pause.line, pause.column)
    ('Pause', 3, 1, 11)
    """

    TAG: ClassVar[str] = ""
    #: Tags allowed as children.
    CHILDREN: ClassVar[frozenset[str]] = frozenset()
    TEXT: ClassVar[TextRule] = TextRule.NONE
    #: Checks non-templated text (e.g. a URL for Redirect); text stays a string.
    TEXT_VALUE: ClassVar[Value | None] = None
    #: TwiML attributes accepted with a warning and dropped (Trunkline does not do them).
    IGNORED: ClassVar[frozenset[str]] = frozenset()
    #: XML name (and every accepted spelling) -> spec; filled in by ``verbs.register``.
    ATTRIBUTES: ClassVar[Mapping[str, AttrSpec]] = MappingProxyType({})
    #: The attributes that must be given; filled in by ``verbs.register``.
    REQUIRED: ClassVar[tuple[AttrSpec, ...]] = ()

    line: int = 0
    column: int = 0
    text: str = ""
    children: tuple[Node, ...] = ()
    #: field name -> raw value holding a template, converted by :meth:`resolve` at run time.
    templated: Mapping[str, str] = field(default_factory=dict, compare=False, repr=False)

    @property
    def name(self) -> str:
        return self.TAG

    def check(self, report: Report, parent: str) -> None:
        """Rules across attributes and children, beyond each value's own type.

        ``report(message, severity)`` records a problem at this element's start tag;
        ``parent`` is the tag of the enclosing element.
        """

    def walk(self) -> Iterator[Node]:
        """This node and every descendant, depth first, in document order."""
        yield self
        for child in self.children:
            yield from child.walk()

    def child_nodes(self, *tags: str) -> tuple[Node, ...]:
        """Children with one of ``tags`` (all children when none are given)."""
        if not tags:
            return self.children
        return tuple(c for c in self.children if c.TAG in tags)

    def resolve(self, render: Callable[[str], str]) -> Self:
        """A copy with templates filled in by ``render`` (the interpreter's substitution)
        and converted to their types; raises :class:`ConneXMLError` for a bad value."""
        changes: dict[str, Any] = {}
        problems: list[Problem] = []
        specs = {spec.field: spec for spec in self.ATTRIBUTES.values()}
        for name, raw in self.templated.items():
            spec = specs[name]
            try:
                changes[name] = spec.value.convert(render(raw))
            except Invalid as exc:
                problems.append(Problem(self.line, self.column, f"{self.TAG} {spec.xml}: {exc}"))
        if self.text and is_templated(self.text):
            changes["text"] = render(self.text).strip()
            if self.TEXT_VALUE is not None:
                try:
                    self.TEXT_VALUE.convert(changes["text"])
                except Invalid as exc:
                    problems.append(Problem(self.line, self.column, f"{self.TAG}: {exc}"))
        if problems:
            raise ConneXMLError(problems)
        if not changes:
            return self
        return dataclasses.replace(self, templated={}, **changes)

    # How a verb runs lives in telephony/connexml/run/ (one module per tag).


def finish_class(cls: type[Node]) -> None:
    """Build ``cls.ATTRIBUTES`` from its fields (called by ``verbs.register``)."""
    table: dict[str, AttrSpec] = {}
    for f in dataclasses.fields(cls):
        if "xml" not in f.metadata:
            continue
        spec = AttrSpec(f.name, f.metadata["xml"], f.metadata["value"], f.metadata["required"])
        for name in (spec.xml, *f.metadata["aliases"]):
            for spelling in {name, name.replace("-", "_"), name.replace("_", "-")}:
                if spelling in table:
                    raise TypeError(f"{cls.__name__}: attribute {spelling!r} declared twice")
                table[spelling] = spec
    cls.ATTRIBUTES = MappingProxyType(table)
    cls.REQUIRED = tuple({s.field: s for s in table.values() if s.required}.values())


def frozen(*names: str) -> frozenset[str]:
    return frozenset(names)
