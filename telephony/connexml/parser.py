"""ConneXML text to a typed tree, reporting every problem at once (sans I/O).

Two passes: a hardened expat reader turns the bytes into plain elements (tag, attributes,
text, children, line, column), refusing DOCTYPEs, entity declarations and external
references and enforcing size, depth and element-count limits; then each element is
checked against its class in :data:`telephony.connexml.verbs.REGISTRY` (allowed children,
attribute names and values, text) and built.

>>> doc = parse('<Response><Say loop="2">Hello</Say><Hangup/></Response>')
>>> [(verb.name, verb.line, verb.column) for verb in doc.verbs]
[('Say', 1, 11), ('Hangup', 1, 36)]
>>> doc.verbs[0].loop
2
"""

from __future__ import annotations

import functools
from collections.abc import Iterator
from dataclasses import dataclass, field
from types import MappingProxyType
from typing import Any, NoReturn
from xml.parsers import expat

from telephony.connexml.nodes import (
    ConneXMLError,
    Invalid,
    Node,
    Problem,
    Severity,
    TextRule,
    Value,
    is_templated,
)
from telephony.connexml.verbs import REGISTRY
from telephony.connexml.verbs.response import Response

MAX_BYTES = 1_000_000
MAX_DEPTH = 64
MAX_ELEMENTS = 20_000

# Lower-cased tag -> tag, to suggest the right case for "<say>".
_BY_FOLDED = {tag.lower(): tag for tag in REGISTRY}


@dataclass(frozen=True)
class Document:
    """A parsed document: the ``Response`` root and any warnings."""

    root: Response
    warnings: tuple[Problem, ...] = ()

    @property
    def verbs(self) -> tuple[Node, ...]:
        """The top-level verbs, in document order."""
        return self.root.children

    def __iter__(self) -> Iterator[Node]:
        return iter(self.root.children)

    def walk(self) -> Iterator[Node]:
        """Every node below the root, depth first, in document order."""
        for verb in self.root.children:
            yield from verb.walk()


def parse(text: str | bytes) -> Document:
    """Parse and check a document; raise :class:`ConneXMLError` with every error."""
    root, problems = _analyse(text)
    errors = [p for p in problems if p.severity is Severity.ERROR]
    warnings = tuple(p for p in problems if p.severity is Severity.WARNING)
    if errors or root is None:
        raise ConneXMLError(errors, warnings)
    return Document(root, warnings)


#: Documents up to this size are remembered by :func:`parse_cached`.
CACHED_SIZE = 64 * 1024


@functools.lru_cache(maxsize=512)
def _remembered(text: str | bytes) -> Document:
    return parse(text)


def parse_cached(text: str | bytes) -> Document:
    """:func:`parse`, remembering documents of up to 64 KB by their text: an IVR fetched on
    every call is parsed once (documents are immutable, so calls share them safely). A
    document with errors is not remembered; it raises again each time."""
    if len(text) > CACHED_SIZE:
        return parse(text)
    return _remembered(text)


def check(text: str | bytes) -> list[Problem]:
    """Every error and warning of a document, in document order (empty when clean)."""
    return _analyse(text)[1]


# ---------------------------------------------------------------------------------------
# Pass 1: hardened expat


@dataclass(slots=True)
class _Element:
    tag: str
    attrs: dict[str, str]
    line: int
    column: int
    text: list[str] = field(default_factory=list)
    children: list[_Element] = field(default_factory=list)


class _Refused(Exception):
    def __init__(self, message: str, line: int, column: int) -> None:
        super().__init__(message)
        self.problem = Problem(line, column, message)


class _Reader:
    def __init__(self, data: bytes, encoding: str | None) -> None:
        self.data = data
        self.parser = parser = expat.ParserCreate(encoding)
        parser.buffer_text = True
        parser.SetParamEntityParsing(expat.XML_PARAM_ENTITY_PARSING_NEVER)
        parser.StartElementHandler = self.start
        parser.EndElementHandler = self.end
        parser.CharacterDataHandler = self.chars
        parser.StartDoctypeDeclHandler = self.doctype
        parser.EntityDeclHandler = self.entity
        parser.UnparsedEntityDeclHandler = self.entity
        parser.NotationDeclHandler = self.entity
        parser.ExternalEntityRefHandler = self.external
        self.stack: list[_Element] = []
        self.root: _Element | None = None
        self.count = 0

    def refuse(self, message: str) -> NoReturn:
        p = self.parser
        raise _Refused(message, p.CurrentLineNumber, p.CurrentColumnNumber + 1)

    def start(self, tag: str, attrs: dict[str, str]) -> None:
        self.count += 1
        if self.count > MAX_ELEMENTS:
            self.refuse(f"too many elements (the limit is {MAX_ELEMENTS})")
        if len(self.stack) >= MAX_DEPTH:
            self.refuse(f"elements are nested too deeply (the limit is {MAX_DEPTH})")
        p = self.parser
        element = _Element(tag, attrs, p.CurrentLineNumber, p.CurrentColumnNumber + 1)
        if self.stack:
            self.stack[-1].children.append(element)
        else:
            self.root = element
        self.stack.append(element)

    def end(self, tag: str) -> None:
        self.stack.pop()

    def chars(self, data: str) -> None:
        if self.stack:
            self.stack[-1].text.append(data)

    def doctype(self, *args: Any) -> None:
        # expat calls this at the end of "<!DOCTYPE name ..."; point at its start instead.
        at = self.data.rfind(b"<!DOCTYPE", 0, self.parser.CurrentByteIndex + 1)
        if at < 0:
            self.refuse("DOCTYPE declarations are not allowed")
        line = self.data.count(b"\n", 0, at) + 1
        column = at - self.data.rfind(b"\n", 0, at)
        raise _Refused("DOCTYPE declarations are not allowed", line, column)

    def entity(self, *args: Any) -> None:
        self.refuse("entity and notation declarations are not allowed")

    def external(self, *args: Any) -> int:
        self.refuse("external references are not allowed")


def _read(data: bytes, encoding: str | None) -> tuple[_Element | None, Problem | None]:
    reader = _Reader(data, encoding)
    try:
        reader.parser.Parse(data, True)
    except _Refused as exc:
        return None, exc.problem
    except expat.ExpatError as exc:
        reason = expat.ErrorString(exc.code) if exc.code else str(exc)
        return None, Problem(exc.lineno, exc.offset + 1, f"XML is not well-formed: {reason}")
    return reader.root, None


# ---------------------------------------------------------------------------------------
# Pass 2: check each element against its class


class _Checker:
    def __init__(self) -> None:
        self.problems: list[Problem] = []

    def add(self, element: _Element, message: str, severity: Severity = Severity.ERROR) -> None:
        self.problems.append(Problem(element.line, element.column, message, severity))

    def build(self, element: _Element, parent: type[Node] | None) -> Node | None:
        """The node for ``element`` (None if its tag is unknown), its problems recorded."""
        tag = element.tag
        cls = REGISTRY.get(tag)
        if cls is None:
            hint = _BY_FOLDED.get(tag.lower())
            suffix = f" (did you mean <{hint}>? names are case-sensitive)" if hint else ""
            self.add(element, f"unknown element <{tag}>{suffix}")
            return None
        if parent is None:
            if cls is not Response:
                self.add(element, f"the root element must be <Response>, not <{tag}>")
                return None
        elif tag not in parent.CHILDREN:
            # Still built and checked below, so its own problems are reported too.
            self.add(element, _misplaced(tag, parent))

        values, templated, valid = self.attributes(element, cls)
        children = []
        for child_element in element.children:
            child = self.build(child_element, cls)
            if child is not None:
                children.append(child)
        node = cls(
            line=element.line,
            column=element.column,
            text=self.text(element, cls),
            children=tuple(children),
            templated=MappingProxyType(templated) if templated else {},
            **values,
        )
        if valid:  # a bad value left its default behind: rules across fields would mislead

            def report(message: str, severity: Severity) -> None:
                self.add(element, message, severity)

            node.check(report, parent.TAG if parent else "")
        return node

    def attributes(
        self, element: _Element, cls: type[Node]
    ) -> tuple[dict[str, Any], dict[str, str], bool]:
        """Converted values and templated raw values by field name, and whether all were valid."""
        tag = element.tag
        values: dict[str, Any] = {}
        templated: dict[str, str] = {}
        seen: dict[str, str] = {}
        valid = True
        for name, raw in element.attrs.items():
            spec = cls.ATTRIBUTES.get(name)
            if spec is None:
                if name in cls.IGNORED:
                    self.add(element, f"{tag} {name} {_IGNORED}", Severity.WARNING)
                elif not name.startswith("xmlns"):
                    self.add(element, _unknown_attribute(tag, name, cls))
                continue
            if spec.field in seen:
                self.add(element, f"{tag} {spec.xml} is given twice ({seen[spec.field]}, {name})")
                continue
            seen[spec.field] = name
            if is_templated(raw):
                templated[spec.field] = raw
                if type(spec.value) is Value:  # plain strings keep the raw text meanwhile
                    values[spec.field] = raw
                continue
            try:
                values[spec.field] = spec.value.convert(raw)
            except Invalid as exc:
                self.add(element, f"{tag} {name}: {exc}")
                valid = False
        for spec in cls.REQUIRED:
            if spec.field not in seen:
                self.add(element, f"{tag} needs a {spec.xml} attribute")
        return values, templated, valid

    def text(self, element: _Element, cls: type[Node]) -> str:
        """The element's own text, trimmed and checked against the class's text rule."""
        text = "".join(element.text).strip() if element.text else ""
        tag = element.tag
        if not text:
            if cls.TEXT is TextRule.REQUIRED:
                self.add(element, f"{tag} needs text")
            return ""
        if cls.TEXT is TextRule.NONE:
            self.add(element, f"{tag} takes no text")
            return ""
        if cls.TEXT is TextRule.IGNORED:
            self.add(element, f"the text inside {tag} is ignored", Severity.WARNING)
            return ""
        if cls.TEXT_VALUE is not None and not is_templated(text):
            try:
                cls.TEXT_VALUE.convert(text)
            except Invalid as exc:
                self.add(element, f"{tag}: {exc}")
        return text


_IGNORED = "is a TwiML attribute Trunkline does not implement; it is ignored"


def _misplaced(tag: str, parent: type[Node]) -> str:
    message = f"<{tag}> is not allowed inside <{parent.TAG}>"
    if not parent.CHILDREN:
        return f"{message}, which takes no elements"
    if len(parent.CHILDREN) <= 12:
        return f"{message} (allowed: {', '.join(sorted(parent.CHILDREN))})"
    homes = sorted(t for t, c in REGISTRY.items() if tag in c.CHILDREN)
    return f"{message}; it goes inside <{'>, <'.join(homes)}>" if homes else message


def _unknown_attribute(tag: str, name: str, cls: type[Node]) -> str:
    folded = {key.lower(): spec.xml for key, spec in cls.ATTRIBUTES.items()}
    hint = folded.get(name.lower())
    suffix = f" (did you mean {hint}?)" if hint else ""
    return f"unknown attribute {name!r} on <{tag}>{suffix}"


def _analyse(text: str | bytes) -> tuple[Response | None, list[Problem]]:
    # A str was decoded already: whatever its prolog says, these bytes are UTF-8.
    encoding = "utf-8" if isinstance(text, str) else None
    data = text.encode("utf-8") if isinstance(text, str) else bytes(text)
    if len(data) > MAX_BYTES:
        message = f"the document is {len(data):,} bytes; the limit is {MAX_BYTES:,}"
        return None, [Problem(1, 1, message)]
    element, problem = _read(data, encoding)
    if problem is not None:
        return None, [problem]
    if element is None:  # pragma: no cover - expat reports "no element found" first
        return None, [Problem(1, 1, "the document is empty")]
    checker = _Checker()
    root = checker.build(element, None)
    problems = sorted(checker.problems, key=lambda p: (p.line, p.column))
    return (root if isinstance(root, Response) else None), problems
