"""A Handlebars-compatible template engine of our own, over JSON data only.

App templates (e-mail subject, HTML body, SMS text; the ``app_documentation`` page) are
written by app authors in Handlebars, as on ConnexCS. This module parses such a text into a
small tree (:func:`parse`) and renders the tree (:meth:`Template.render`).

Why an interpreter of our own, over JSON values only
----------------------------------------------------
* **No Python object is ever reachable.** The data a template sees is copied first into
  plain JSON values (``dict`` with ``str`` keys, ``list``, ``str``, ``int``, ``float``,
  ``bool``, ``None``; anything else is refused) and a path is looked up only as a key of a
  ``dict`` or an index of a ``list`` (plus ``length`` of a list or string). There is no
  ``getattr`` anywhere, so ``{{constructor}}``, ``{{__class__}}``,
  ``{{this.__class__.__mro__}}`` or ``{{lookup this "__dict__"}}`` are merely missing keys
  and render nothing.
* **No code generation.** pybars compiles templates to Python source and ``exec``\\ s it: a
  bug in its code generator, or in our use of it, is code execution on the server. Here
  the tree is walked by a fixed interpreter; a template can only choose among the nodes
  and helpers below.
* **Not Jinja2's sandbox.** It would need a translation layer from Handlebars syntax, its
  truthiness differs (``[]`` and ``0`` rules, ``undefined``), its escaping differs (it
  leaves ``'`` and `````` and ``=`` alone), and it still exposes Python attribute access,
  guarded by a deny-list, which is the very thing we do not want to reason about.
* **Limits are ours to set**: template size, nesting depth, loop iterations and output size
  are checked, so no template makes the server loop or allocate without bound.

Grammar (what is supported)
---------------------------
``{{path}}`` (HTML-escaped unless the renderer's ``escape`` flag is off), ``{{{path}}}`` and
``{{& path}}`` (never escaped), ``{{! comment }}`` and ``{{!-- comment with }} --}}``,
``\\{{`` (a literal ``{{``), whitespace control ``{{~ … ~}}``, and Handlebars' "standalone"
rule: a block, ``else`` or comment tag alone on its line takes the line with it.

Paths: ``name``, ``user.email``, ``user/email``, ``a.[0].b``, ``a.0.b``, ``[odd key]``,
``this``, ``.``, ``this.x``, ``./x``, ``../x`` (the enclosing context of ``each``/``with``),
``@index``, ``@key``, ``@first``, ``@last``, ``@root.x``; ``list.length`` and
``string.length``.

Blocks: ``{{#if x}}…{{else if y}}…{{else}}…{{/if}}`` (``includeZero=true`` counts ``0`` as
true), ``{{#unless x}}``, ``{{#each list}}`` (arrays and objects; ``{{else}}`` when empty),
``{{#with obj}}…{{else}}…{{/with}}``, the ``else`` chain works with ``unless``/``with``/
``each`` as well; mustache sections ``{{#name}}…{{/name}}`` and ``{{^name}}…{{/name}}``.
Arguments: paths, ``"strings"``/``'strings'``, numbers, ``true``/``false``/``null``/
``undefined``, subexpressions ``(helper …)`` and hash arguments ``key=value``.

Truthiness as in Handlebars: ``false``, ``null``, undefined, ``""``, ``0`` and ``[]`` are
false; everything else (``{}`` too) is true.

Helpers (unknown ones are errors when the text is parsed; their arity and hash keys too):
``eq ne lt gt lte gte and or not``, ``upper lower capitalize``, ``default value fallback``,
``join list [separator]``, ``length x``, ``json x``, ``lookup obj key``,
``date value [format] [tz=]`` (``YYYY YY MMMM MMM MM M DD D dddd ddd HH H hh h mm m ss s A
a Z``, ``[literal]``; ISO strings, Unix seconds or ``"now"``),
``currency amount [code] [decimals=]`` (GBP, the default, as ``£12.50``, USD as ``$12.50``,
others as ``12.50 EUR``; the amount as :class:`~decimal.Decimal`, rounded half up),
``number value [decimals]`` (these three print nothing for a missing value).

A bare name without arguments is always a value, never a helper call: ``{{date}}`` prints
the variable ``date``. Helpers are called with arguments (``{{date created "YYYY"}}``).

Single braces are text. ConnexCS prose sometimes writes ``{email}``; that is not a tag here
(Handlebars does not treat it as one either), so ``{email}`` is printed as it is.

Not supported: partials (``{{> x}}``), inline partials, decorators, block parameters
(``as |x|``), custom helpers, raw blocks (``{{{{raw}}}}``).
"""

from __future__ import annotations

import bisect
import json
import math
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation
from typing import Any, Union
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

MAX_TEMPLATE_BYTES = 200 * 1024
MAX_DEPTH = 40
MAX_OUTPUT = 2 * 1024 * 1024
MAX_ITERATIONS = 100_000
MAX_DATA_DEPTH = 64


class TemplateError(ValueError):
    """A problem with a template, at a line and column when it has one."""

    def __init__(self, message: str, line: int | None = None, column: int | None = None):
        self.message = message
        self.line = line
        self.column = column
        super().__init__(str(self))

    def __str__(self) -> str:
        if self.line is None:
            return self.message
        return f"line {self.line}, column {self.column}: {self.message}"


class TemplateSyntaxError(TemplateError):
    """The text is not a template we can render."""


class TemplateRenderError(TemplateError):
    """Rendering failed: a limit was passed, or a helper could not use its argument."""


class _Undefined:
    """A missing value (JavaScript's ``undefined``): false, prints nothing."""

    _instance: _Undefined | None = None

    def __new__(cls) -> _Undefined:
        if cls._instance is None:
            cls._instance = super().__new__(cls)
        return cls._instance

    def __repr__(self) -> str:
        return "undefined"


UNDEFINED = _Undefined()

# -- the tree ---------------------------------------------------------------------------------

Pos = tuple[int, int]


@dataclass
class Text:
    value: str


@dataclass
class PathExpr:
    original: str
    parts: tuple[str, ...]
    depth: int = 0
    data: bool = False


@dataclass
class Literal:
    value: Any


@dataclass
class Call:
    name: str
    params: list[Expr]
    hash: dict[str, Expr]
    pos: Pos


Expr = Union[PathExpr, Literal, Call]  # noqa: UP007 - a runtime alias


@dataclass
class Output:
    expr: Expr
    escape: bool
    pos: Pos


@dataclass
class Block:
    #: ``if``/``unless``/``each``/``with``, or ``section``/``inverted`` (mustache).
    name: str
    params: list[Expr]
    hash: dict[str, Expr]
    pos: Pos
    program: list[Node] = field(default_factory=list)
    inverse: list[Node] | None = None


Node = Union[Text, Output, Block]  # noqa: UP007 - a runtime alias

# -- helpers' signatures (checked when parsing) -----------------------------------------------

BLOCK_HELPERS: dict[str, tuple[int, int, frozenset[str]]] = {
    "if": (1, 1, frozenset({"includeZero"})),
    "unless": (1, 1, frozenset({"includeZero"})),
    "each": (1, 1, frozenset()),
    "with": (1, 1, frozenset()),
}
#: name → (fewest arguments, most arguments, hash keys)
HELPERS: dict[str, tuple[int, int, frozenset[str]]] = {
    "eq": (2, 2, frozenset()),
    "ne": (2, 2, frozenset()),
    "lt": (2, 2, frozenset()),
    "gt": (2, 2, frozenset()),
    "lte": (2, 2, frozenset()),
    "gte": (2, 2, frozenset()),
    "and": (1, 16, frozenset()),
    "or": (1, 16, frozenset()),
    "not": (1, 1, frozenset()),
    "upper": (1, 1, frozenset()),
    "lower": (1, 1, frozenset()),
    "capitalize": (1, 1, frozenset()),
    "default": (2, 2, frozenset()),
    "join": (1, 2, frozenset({"separator"})),
    "length": (1, 1, frozenset()),
    "json": (1, 1, frozenset({"indent"})),
    "lookup": (2, 2, frozenset()),
    "date": (1, 2, frozenset({"tz", "format"})),
    "currency": (1, 2, frozenset({"decimals", "code"})),
    "number": (1, 2, frozenset({"decimals"})),
}

# -- tokens -----------------------------------------------------------------------------------


@dataclass
class _Tag:
    kind: str  # "comment" "output" "raw" "open" "inverse" "close" "else"
    content: str
    offset: int  # of "{{"
    content_offset: int  # of content's first character
    strip_left: bool
    strip_right: bool


@dataclass
class _TextTok:
    value: str
    offset: int


_STANDALONE_KINDS = frozenset({"comment", "open", "inverse", "close", "else"})


class _Source:
    def __init__(self, text: str) -> None:
        self.text = text
        self.newlines = [i for i, c in enumerate(text) if c == "\n"]

    def where(self, offset: int) -> Pos:
        line = bisect.bisect_left(self.newlines, offset)
        start = self.newlines[line - 1] + 1 if line else 0
        return line + 1, offset - start + 1

    def error(self, message: str, offset: int) -> TemplateSyntaxError:
        return TemplateSyntaxError(message, *self.where(offset))


def _find_close(src: _Source, start: int, closer: str, tag_offset: int) -> int:
    """Where ``closer`` ends a tag whose content begins at ``start``, skipping quoted strings."""
    text = src.text
    i = start
    quote = ""
    while i < len(text):
        c = text[i]
        if quote:
            if c == "\\":
                i += 2
                continue
            if c == quote:
                quote = ""
        elif c in "\"'":
            quote = c
        elif text.startswith(closer, i):
            return i
        i += 1
    raise src.error("this tag is never closed (no '}}')", tag_offset)


def _tokenize(src: _Source) -> list[_Tag | _TextTok]:
    text = src.text
    tokens: list[_Tag | _TextTok] = []
    buf: list[str] = []
    buf_start = 0
    i = 0

    def flush(at: int) -> None:
        nonlocal buf, buf_start
        joined = "".join(buf)
        if joined:
            tokens.append(_TextTok(joined, buf_start))
        buf = []
        buf_start = at

    while True:
        j = text.find("{{", i)
        if j < 0:
            buf.append(text[i:])
            break
        if j > 0 and text[j - 1] == "\\" and not (j > 1 and text[j - 2] == "\\"):
            buf.append(text[i : j - 1] + "{{")  # \{{ is a literal {{
            i = j + 2
            continue
        if j > 1 and text[j - 1] == "\\" and text[j - 2] == "\\":
            buf.append(text[i : j - 1])  # \\{{ is a backslash, then a tag
        else:
            buf.append(text[i:j])
        flush(j)
        k = j + 2
        strip_left = text.startswith("~", k)
        if strip_left:
            k += 1
        if text.startswith("!--", k):
            end = text.find("--", k + 3)
            while end >= 0 and not re.match(r"--~?}}", text[end:]):
                end = text.find("--", end + 1)
            if end < 0:
                raise src.error("this comment is never closed (no '--}}')", j)
            strip_right = text.startswith("~", end + 2)
            close = end + 2 + (1 if strip_right else 0) + 2
            tokens.append(_Tag("comment", "", j, k, strip_left, strip_right))
        elif text.startswith("!", k):
            end = text.find("}}", k)
            if end < 0:
                raise src.error("this comment is never closed (no '}}')", j)
            strip_right = text[end - 1] == "~" and end - 1 > k
            close = end + 2
            tokens.append(_Tag("comment", "", j, k, strip_left, strip_right))
        elif text.startswith("{", k):
            end = _find_close(src, k + 1, "}", j)
            rest = text[end + 1 :]
            m = re.match(r"~?}}", rest)
            if not m:
                raise src.error("a '{{{' tag must end with '}}}'", j)
            strip_right = rest.startswith("~")
            close = end + 1 + m.end()
            tokens.append(_Tag("raw", text[k + 1 : end], j, k + 1, strip_left, strip_right))
        else:
            end = _find_close(src, k, "}}", j)
            content_end = end
            strip_right = end > k and text[end - 1] == "~"
            if strip_right:
                content_end -= 1
            close = end + 2
            content = text[k:content_end]
            stripped = content.lstrip()
            lead = k + len(content) - len(stripped)
            kind = "output"
            if stripped.startswith("#"):
                kind, content, lead = "open", stripped[1:], lead + 1
            elif stripped.startswith("^"):
                rest_ = stripped[1:].strip()
                if rest_ == "":
                    kind, content = "else", ""
                else:
                    kind, content, lead = "inverse", stripped[1:], lead + 1
            elif stripped.startswith("/"):
                kind, content, lead = "close", stripped[1:], lead + 1
            elif stripped.startswith("&"):
                kind, content, lead = "raw", stripped[1:], lead + 1
            elif stripped.startswith(">"):
                raise src.error("partials ({{> name}}) are not supported", j)
            elif re.match(r"else(\s|$)", stripped):
                kind, content, lead = "else", stripped[4:], lead + 4
            else:
                content = stripped
            tokens.append(_Tag(kind, content, j, lead, strip_left, strip_right))
        i = close
        buf_start = close
    flush(len(text))
    _whitespace(tokens)
    return tokens


def _whitespace(tokens: list[_Tag | _TextTok]) -> None:
    """Apply ``~`` and Handlebars' standalone-line rule to the text around tags."""
    originals = [t.value if isinstance(t, _TextTok) else None for t in tokens]
    standalone: list[bool] = []
    last = len(tokens) - 1
    for n, tok in enumerate(tokens):
        ok = False
        if isinstance(tok, _Tag) and tok.kind in _STANDALONE_KINDS:
            prev = originals[n - 1] if n > 0 else ""
            nxt = originals[n + 1] if n < last else ""
            if prev is not None and nxt is not None:
                if re.fullmatch(r"[ \t]*", prev):
                    prev_ok = n <= 1  # only spaces since the start of the template
                else:
                    prev_ok = re.search(r"\n[ \t]*$", prev) is not None
                if re.fullmatch(r"[ \t]*", nxt):
                    next_ok = n + 1 >= last  # only spaces, then the end of the template
                else:
                    next_ok = re.match(r"[ \t]*\r?\n", nxt) is not None
                ok = prev_ok and next_ok
        standalone.append(ok)
    for n, tok in enumerate(tokens):
        if not isinstance(tok, _Tag):
            continue
        before = tokens[n - 1] if n > 0 else None
        after = tokens[n + 1] if n + 1 < len(tokens) else None
        if standalone[n]:
            if isinstance(before, _TextTok):
                before.value = re.sub(r"[ \t]*$", "", before.value)
            if isinstance(after, _TextTok):
                after.value = re.sub(r"^[ \t]*(\r?\n)?", "", after.value, count=1)
        if tok.strip_left and isinstance(before, _TextTok):
            before.value = before.value.rstrip()
        if tok.strip_right and isinstance(after, _TextTok):
            after.value = after.value.lstrip()


# -- expressions inside a tag -----------------------------------------------------------------

_ID = r"[^\s!\"#%&'()*+,./;<=>@\[\\\]^`{|}~]+"
_EXPR_TOKEN = re.compile(
    r"""
    (?P<ws>\s+)
  | (?P<open>\()
  | (?P<close>\))
  | (?P<string>"(?:[^"\\]|\\.)*"|'(?:[^'\\]|\\.)*')
  | (?P<number>-?\d+(?:\.\d+)?(?=[\s)]|$))
  | (?P<key>(?:"""
    + _ID
    + r"""))=
  | (?P<path>@?(?:\.\.?(?=[/\s)]|$)|\[[^\]]*\]|"""
    + _ID
    + r""")(?:[./](?:\[[^\]]*\]|"""
    + _ID
    + r"""|\.\.))*)
    """,
    re.VERBOSE,
)
_SEGMENT = re.compile(r"\[([^\]]*)\]|(\.\.)|(\.)|(" + _ID + ")")


@dataclass
class _Tok:
    kind: str
    value: str
    offset: int


class _ExprParser:
    def __init__(self, src: _Source, content: str, base: int, depth: int) -> None:
        self.src = src
        self.base = base
        self.depth = depth
        self.toks: list[_Tok] = []
        i = 0
        while i < len(content):
            m = _EXPR_TOKEN.match(content, i)
            if not m or m.end() == i:
                raise src.error(f"unexpected {content[i]!r}", base + i)
            kind = m.lastgroup or ""
            if kind != "ws":
                value = m.group("key") if kind == "key" else m.group(0)
                self.toks.append(_Tok(kind, value, base + i))
            i = m.end()
        self.i = 0

    def error(self, message: str, offset: int | None = None) -> TemplateSyntaxError:
        if offset is None:
            offset = self.toks[self.i].offset if self.i < len(self.toks) else self.base
        return self.src.error(message, offset)

    def peek(self) -> _Tok | None:
        return self.toks[self.i] if self.i < len(self.toks) else None

    def take(self) -> _Tok:
        tok = self.toks[self.i]
        self.i += 1
        return tok

    def done(self) -> bool:
        return self.i >= len(self.toks)

    def path(self, tok: _Tok) -> PathExpr:
        text = tok.value
        data = text.startswith("@")
        body = text[1:] if data else text
        parts: list[str] = []
        depth = 0
        pos = 0
        first = True
        while pos < len(body):
            m = _SEGMENT.match(body, pos)
            if not m:
                raise self.error(f"invalid path {text!r}", tok.offset)
            literal, up, dot, ident = m.groups()
            pos = m.end()
            if literal is not None:
                parts.append(literal)
            elif up:
                if parts or (not first and not depth):
                    raise self.error(f"'..' only at the start of a path: {text!r}", tok.offset)
                depth += 1
            elif dot:
                if parts or depth:
                    raise self.error(f"invalid path {text!r}", tok.offset)
            elif ident == "this" and not parts and not data:
                pass
            else:
                parts.append(ident)
            first = False
            if pos < len(body):
                if body[pos] not in "./":
                    raise self.error(f"invalid path {text!r}", tok.offset)
                pos += 1
                if pos == len(body):
                    raise self.error(f"a path cannot end with a separator: {text!r}", tok.offset)
        if data and (not parts or depth):
            raise self.error(f"invalid data variable {text!r}", tok.offset)
        return PathExpr(text, tuple(parts), depth, data)

    def value(self) -> Expr:
        tok = self.peek()
        if tok is None:
            raise self.error("an argument is missing")
        self.take()
        if tok.kind == "string":
            return Literal(_unquote(tok.value))
        if tok.kind == "number":
            return Literal(float(tok.value) if "." in tok.value else int(tok.value))
        if tok.kind == "open":
            if self.depth + 1 > MAX_DEPTH:
                raise self.error(f"nested deeper than {MAX_DEPTH} levels", tok.offset)
            name = self.peek()
            if name is None or name.kind != "path":
                raise self.error("a subexpression starts with a helper's name", tok.offset)
            self.take()
            self.depth += 1
            params, hashes = self.arguments(until_close=True)
            self.depth -= 1
            close = self.peek()
            if close is None or close.kind != "close":
                raise self.error("a '(' is never closed", tok.offset)
            self.take()
            return self.call(name, params, hashes)
        if tok.kind == "path":
            if tok.value in ("true", "false"):
                return Literal(tok.value == "true")
            if tok.value == "null":
                return Literal(None)
            if tok.value == "undefined":
                return Literal(UNDEFINED)
            return self.path(tok)
        raise self.error(f"unexpected {tok.value!r}", tok.offset)

    def arguments(self, until_close: bool = False) -> tuple[list[Expr], dict[str, Expr]]:
        params: list[Expr] = []
        hashes: dict[str, Expr] = {}
        while True:
            tok = self.peek()
            if tok is None or (until_close and tok.kind == "close"):
                return params, hashes
            if tok.kind == "close":
                raise self.error("a ')' without its '('")
            if tok.kind == "key":
                self.take()
                if tok.value in hashes:
                    raise self.error(f"{tok.value}= is given twice", tok.offset)
                hashes[tok.value] = self.value()
            else:
                if hashes:
                    raise self.error("arguments come before key=value arguments", tok.offset)
                params.append(self.value())

    def call(self, name_tok: _Tok, params: list[Expr], hashes: dict[str, Expr]) -> Call:
        name = name_tok.value
        if name not in HELPERS:
            raise self.error(f"unknown helper {name!r}", name_tok.offset)
        _check_signature(self, name, HELPERS[name], params, hashes, name_tok.offset)
        return Call(name, params, hashes, self.src.where(name_tok.offset))


def _check_signature(
    parser: _ExprParser,
    name: str,
    sig: tuple[int, int, frozenset[str]],
    params: list[Expr],
    hashes: dict[str, Expr],
    offset: int,
) -> None:
    least, most, keys = sig
    if not least <= len(params) <= most:
        wanted = str(least) if least == most else f"{least} to {most}"
        raise parser.error(f"{name} takes {wanted} argument(s), not {len(params)}", offset)
    for key in hashes:
        if key not in keys:
            raise parser.error(f"{name} has no argument {key}=", offset)


def _unquote(token: str) -> str:
    return re.sub(r"\\(.)", r"\1", token[1:-1])


# -- the parser -------------------------------------------------------------------------------


@dataclass
class Template:
    """A parsed template; :meth:`render` it as often as needed."""

    nodes: list[Node]
    source: str = ""

    def render(self, data: Any, *, escape: bool = True) -> str:
        """The text for ``data`` (JSON values only). ``escape=False`` for plain text (an
        e-mail subject, an SMS): then ``{{x}}`` prints values as they are."""
        root = to_json(data)
        state = _State(escape=escape, root=root)
        _render_nodes(self.nodes, _Frame(root, None, {"root": root}), state)
        return "".join(state.out)


@dataclass
class _Open:
    block: Block
    offset: int
    #: the block an ``{{else if}}`` chain is being added to (its last link)
    tail: Block
    in_inverse: bool = False


def parse(source: str) -> Template:
    """Parse ``source``; :class:`TemplateSyntaxError` names the line and column."""
    if not isinstance(source, str):
        raise TemplateSyntaxError("a template is text")
    if len(source.encode("utf-8", "surrogatepass")) > MAX_TEMPLATE_BYTES:
        raise TemplateSyntaxError(f"the template is larger than {MAX_TEMPLATE_BYTES // 1024} KB")
    src = _Source(source)
    root: list[Node] = []
    stack: list[_Open] = []

    def target() -> list[Node]:
        if not stack:
            return root
        top = stack[-1]
        if top.in_inverse:
            assert top.tail.inverse is not None
            return top.tail.inverse
        return top.tail.program

    for tok in _tokenize(src):
        if isinstance(tok, _TextTok):
            if tok.value:
                target().append(Text(tok.value))
            continue
        pos = src.where(tok.offset)
        if tok.kind == "comment":
            continue
        parser = _ExprParser(src, tok.content, tok.content_offset, len(stack))
        if tok.kind in ("output", "raw"):
            if parser.done():
                raise src.error("an empty tag", tok.offset)
            expr = _mustache(parser)
            target().append(Output(expr, tok.kind == "output", pos))
        elif tok.kind in ("open", "inverse"):
            if len(stack) >= MAX_DEPTH:
                raise src.error(f"blocks nested deeper than {MAX_DEPTH} levels", tok.offset)
            block = _block(parser, tok, src, pos)
            target().append(block)
            stack.append(_Open(block, tok.offset, block))
        elif tok.kind == "else":
            if not stack:
                raise src.error("{{else}} outside a block", tok.offset)
            top = stack[-1]
            if top.in_inverse and parser.done():
                raise src.error(
                    f"a second {{{{else}}}} in {{{{#{_label(top.block)}}}}}", tok.offset
                )
            if top.tail.name in ("section", "inverted") and not parser.done():
                raise src.error("{{else …}} chains need if, unless, each or with", tok.offset)
            if parser.done():
                top.tail.inverse = []
                top.in_inverse = True
            else:
                if top.in_inverse:
                    raise src.error("{{else …}} after {{else}}", tok.offset)
                chained = _else_chain(parser, tok, src, pos)
                top.tail.inverse = [chained]
                top.tail = chained
        else:  # close
            name = tok.content.strip()
            if not stack:
                raise src.error(f"{{{{/{name}}}}} closes nothing", tok.offset)
            top = stack.pop()
            label = _label(top.block)
            if name != label:
                line, column = src.where(top.offset)
                raise src.error(
                    f"{{{{/{name}}}}} closes {{{{#{label}}}}} "
                    f"(opened at line {line}, column {column})",
                    tok.offset,
                )
    if stack:
        top = stack[-1]
        raise src.error(f"{{{{#{_label(top.block)}}}}} is never closed", top.offset)
    return Template(root, source)


def _label(block: Block) -> str:
    if block.name in ("section", "inverted"):
        first = block.params[0]
        assert isinstance(first, PathExpr)
        return first.original
    return block.name


def _mustache(parser: _ExprParser) -> Expr:
    first = parser.peek()
    assert first is not None
    if first.kind == "path" and len(parser.toks) > 1:
        parser.take()
        params, hashes = parser.arguments()
        if first.value in HELPERS:
            return parser.call(first, params, hashes)
        if first.value in BLOCK_HELPERS:
            raise parser.error(f"{first.value} is a block helper: write {{{{#{first.value} …}}}}")
        raise parser.error(f"unknown helper {first.value!r}", first.offset)
    expr = parser.value()
    if not parser.done():
        raise parser.error(f"unexpected {parser.peek().value!r}")  # type: ignore[union-attr]
    return expr


def _block(parser: _ExprParser, tok: _Tag, src: _Source, pos: Pos) -> Block:
    first = parser.peek()
    if first is None or first.kind != "path":
        raise src.error("a block starts with a helper's name", tok.offset)
    parser.take()
    params, hashes = parser.arguments()
    name = first.value
    if tok.kind == "inverse":
        if params or hashes:
            raise parser.error("{{^name}} takes no arguments", first.offset)
        return Block("inverted", [parser.path(first)], {}, pos)
    if name in BLOCK_HELPERS:
        _check_signature(parser, name, BLOCK_HELPERS[name], params, hashes, first.offset)
        return Block(name, params, hashes, pos)
    if name in HELPERS:
        raise parser.error(f"{name} is not a block helper: write {{{{{name} …}}}}", first.offset)
    if params or hashes:
        raise parser.error(f"unknown block helper {name!r}", first.offset)
    return Block("section", [parser.path(first)], {}, pos)


def _else_chain(parser: _ExprParser, tok: _Tag, src: _Source, pos: Pos) -> Block:
    first = parser.peek()
    assert first is not None
    if first.kind != "path" or first.value not in BLOCK_HELPERS:
        raise src.error("{{else …}} is followed by if, unless, each or with", tok.offset)
    parser.take()
    params, hashes = parser.arguments()
    _check_signature(parser, first.value, BLOCK_HELPERS[first.value], params, hashes, first.offset)
    return Block(first.value, params, hashes, pos)


# -- JSON values ------------------------------------------------------------------------------


def to_json(value: Any, depth: int = 0) -> Any:
    """A copy of ``value`` in plain JSON types; anything else is refused."""
    if depth > MAX_DATA_DEPTH:
        raise TemplateRenderError(f"the data is nested deeper than {MAX_DATA_DEPTH} levels")
    if value is None or isinstance(value, bool | str):
        return value
    if isinstance(value, int):
        return int(value)
    if isinstance(value, float):
        if not math.isfinite(value):
            raise TemplateRenderError("the data holds a number that is not finite")
        return float(value)
    if isinstance(value, dict):
        out: dict[str, Any] = {}
        for key, item in value.items():
            if not isinstance(key, str):
                raise TemplateRenderError("the data's object keys must be strings")
            out[str(key)] = to_json(item, depth + 1)
        return out
    if isinstance(value, list | tuple):
        return [to_json(item, depth + 1) for item in value]
    raise TemplateRenderError(f"the data may hold only JSON values, not {type(value).__name__}")


def truthy(value: Any, include_zero: bool = False) -> bool:
    """Handlebars' truthiness."""
    if value is UNDEFINED or value is None or value is False:
        return False
    if isinstance(value, bool):
        return True
    if isinstance(value, int | float):
        return include_zero or value != 0
    if isinstance(value, str | list):
        return len(value) > 0
    return True


def _number_text(value: float) -> str:
    if value.is_integer() and abs(value) < 1e21:
        return str(int(value))
    return repr(value)


def to_text(value: Any) -> str:
    """How JavaScript prints a value."""
    if value is UNDEFINED or value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int):
        return str(value)
    if isinstance(value, float):
        return _number_text(value)
    if isinstance(value, str):
        return value
    if isinstance(value, list):
        return ",".join(to_text(v) for v in value)
    if isinstance(value, dict):
        return "[object Object]"
    return ""


_ESCAPES = {
    "&": "&amp;",
    "<": "&lt;",
    ">": "&gt;",
    '"': "&quot;",
    "'": "&#x27;",
    "`": "&#x60;",
    "=": "&#x3D;",
}
_ESCAPE_RE = re.compile(r"[&<>\"'`=]")


def escape_html(text: str) -> str:
    """Handlebars' escaping: ``& < > " ' ` =``."""
    return _ESCAPE_RE.sub(lambda m: _ESCAPES[m.group(0)], text)


_DIGITS = re.compile(r"[0-9]+")


def get(value: Any, key: str) -> Any:
    """``value[key]`` for JSON values: object keys, array indexes and ``length``. Nothing
    else: there is no attribute access."""
    if isinstance(value, dict):
        return value.get(key, UNDEFINED)
    if isinstance(value, list):
        if _DIGITS.fullmatch(key):
            index = int(key)
            return value[index] if index < len(value) else UNDEFINED
        if key == "length":
            return len(value)
        return UNDEFINED
    if isinstance(value, str) and key == "length":
        return len(value)
    return UNDEFINED


# -- rendering --------------------------------------------------------------------------------


class _Frame:
    __slots__ = ("data", "parent", "value")

    def __init__(self, value: Any, parent: _Frame | None, data: dict[str, Any]) -> None:
        self.value = value
        self.parent = parent
        self.data = data


@dataclass
class _State:
    escape: bool
    root: Any
    out: list[str] = field(default_factory=list)
    size: int = 0
    iterations: int = 0

    def write(self, text: str) -> None:
        if not text:
            return
        self.size += len(text)
        if self.size > MAX_OUTPUT:
            raise TemplateRenderError(f"the output is larger than {MAX_OUTPUT // 1024 // 1024} MB")
        self.out.append(text)

    def tick(self, pos: Pos) -> None:
        self.iterations += 1
        if self.iterations > MAX_ITERATIONS:
            raise TemplateRenderError(f"more than {MAX_ITERATIONS} loop iterations", *pos)


def _resolve(path: PathExpr, frame: _Frame) -> Any:
    if path.data:
        name, rest = path.parts[0], path.parts[1:]
        value = frame.data.get(name, UNDEFINED)
    else:
        for _ in range(path.depth):
            if frame.parent is not None:
                frame = frame.parent
        value, rest = frame.value, path.parts
    for part in rest:
        value = get(value, part)
        if value is UNDEFINED:
            break
    return value


def _evaluate(expr: Expr, frame: _Frame, state: _State) -> Any:
    if isinstance(expr, Literal):
        return expr.value
    if isinstance(expr, PathExpr):
        return _resolve(expr, frame)
    params = [_evaluate(p, frame, state) for p in expr.params]
    hashes = {k: _evaluate(v, frame, state) for k, v in expr.hash.items()}
    try:
        return _HELPER_FUNCTIONS[expr.name](params, hashes)
    except TemplateError:
        raise
    except (ValueError, TypeError, ArithmeticError, OverflowError) as exc:
        raise TemplateRenderError(f"{expr.name}: {exc}", *expr.pos) from None


def _render_nodes(nodes: list[Node], frame: _Frame, state: _State) -> None:
    for node in nodes:
        if isinstance(node, Text):
            state.write(node.value)
        elif isinstance(node, Output):
            text = to_text(_evaluate(node.expr, frame, state))
            state.write(escape_html(text) if node.escape and state.escape else text)
        else:
            _render_block(node, frame, state)


def _render_block(block: Block, frame: _Frame, state: _State) -> None:
    value = _evaluate(block.params[0], frame, state)
    name = block.name
    if name in ("if", "unless"):
        include_zero = "includeZero" in block.hash and truthy(
            _evaluate(block.hash["includeZero"], frame, state)
        )
        yes = truthy(value, include_zero)
        if name == "unless":
            yes = not yes
        chosen = block.program if yes else block.inverse
        if chosen:
            _render_nodes(chosen, frame, state)
    elif name == "with" or (name == "section" and isinstance(value, dict)):
        if truthy(value):
            _render_nodes(block.program, _Frame(value, frame, frame.data), state)
        elif block.inverse:
            _render_nodes(block.inverse, frame, state)
    elif name == "each" or (name == "section" and isinstance(value, list)):
        items: list[tuple[Any, Any]]
        if isinstance(value, list):
            items = list(enumerate(value))
        elif isinstance(value, dict) and name == "each":
            items = list(value.items())
        else:
            items = []
        if not items:
            if block.inverse:
                _render_nodes(block.inverse, frame, state)
            return
        last = len(items) - 1
        for index, (key, item) in enumerate(items):
            state.tick(block.pos)
            data = {
                **frame.data,
                "index": index,
                "key": key,
                "first": index == 0,
                "last": index == last,
            }
            _render_nodes(block.program, _Frame(item, frame, data), state)
    elif name == "section":
        if value is True:
            _render_nodes(block.program, frame, state)
        elif truthy(value):
            _render_nodes(block.program, _Frame(value, frame, frame.data), state)
        elif block.inverse:
            _render_nodes(block.inverse, frame, state)
    elif name == "inverted":
        if not truthy(value):
            _render_nodes(block.program, frame, state)
        elif block.inverse:
            _render_nodes(block.inverse, frame, state)


# -- helpers ----------------------------------------------------------------------------------


def _is_number(value: Any) -> bool:
    return isinstance(value, int | float) and not isinstance(value, bool)


def _strict_eq(a: Any, b: Any) -> bool:
    if _is_number(a) and _is_number(b):
        return bool(a == b)
    if type(a) is not type(b):
        return False
    return bool(a == b)


def _compare(a: Any, b: Any) -> tuple[Any, Any] | None:
    if _is_number(a) and _is_number(b):
        return a, b
    if isinstance(a, str) and isinstance(b, str):
        return a, b
    try:
        return _decimal(a), _decimal(b)
    except ValueError:
        return None


def _ordered(test: Callable[[Any, Any], bool]) -> Callable[[list[Any], dict[str, Any]], Any]:
    def helper(params: list[Any], hashes: dict[str, Any]) -> Any:
        pair = _compare(params[0], params[1])
        return pair is not None and test(*pair)

    return helper


def _and(params: list[Any], hashes: dict[str, Any]) -> Any:
    for value in params:
        if not truthy(value):
            return value
    return params[-1]


def _or(params: list[Any], hashes: dict[str, Any]) -> Any:
    for value in params:
        if truthy(value):
            return value
    return params[-1]


def _capitalize(params: list[Any], hashes: dict[str, Any]) -> Any:
    text = to_text(params[0])
    return text[:1].upper() + text[1:]


def _default(params: list[Any], hashes: dict[str, Any]) -> Any:
    value = params[0]
    return params[1] if value is UNDEFINED or value is None or value == "" else value


def _join(params: list[Any], hashes: dict[str, Any]) -> Any:
    separator = params[1] if len(params) > 1 else hashes.get("separator", ", ")
    value = params[0]
    if not isinstance(value, list):
        return to_text(value)
    return to_text(separator).join(to_text(v) for v in value)


def _length(params: list[Any], hashes: dict[str, Any]) -> Any:
    value = params[0]
    return len(value) if isinstance(value, list | dict | str) else 0


def _json(params: list[Any], hashes: dict[str, Any]) -> Any:
    value = params[0]
    if value is UNDEFINED:
        return ""
    indent: Any = hashes.get("indent")
    if _is_number(indent):
        return json.dumps(value, ensure_ascii=False, indent=max(0, min(int(indent), 8)))
    return json.dumps(value, ensure_ascii=False, separators=(",", ":"))


def _lookup(params: list[Any], hashes: dict[str, Any]) -> Any:
    key = params[1]
    if _is_number(key):
        key = _number_text(float(key))
    if not isinstance(key, str):
        return UNDEFINED
    return get(params[0], key)


def _missing(value: Any) -> bool:
    """Nothing to format: date, currency and number print nothing for it."""
    return value is UNDEFINED or value is None or (isinstance(value, str) and not value.strip())


def _decimal(value: Any) -> Decimal:
    if isinstance(value, bool) or value is None or value is UNDEFINED:
        raise ValueError(f"{to_text(value) or 'nothing'} is not a number")
    if isinstance(value, float | int):
        return Decimal(repr(value)) if isinstance(value, float) else Decimal(value)
    if isinstance(value, str):
        try:
            number = Decimal(value.strip().replace(",", ""))
        except InvalidOperation:
            raise ValueError(f"{value!r} is not a number") from None
        if not number.is_finite():
            raise ValueError(f"{value!r} is not a number")
        return number
    raise ValueError(f"{to_text(value)!r} is not a number")


def _places(value: Any, name: str) -> int:
    if not _is_number(value) or int(value) != value or not 0 <= value <= 10:
        raise ValueError(f"{name} is a whole number from 0 to 10")
    return int(value)


def _fixed(amount: Decimal, places: int) -> Decimal:
    if abs(amount) >= Decimal("1e30"):
        raise ValueError("the number is too large")
    return amount.quantize(Decimal(1).scaleb(-places), rounding=ROUND_HALF_UP)


def _number(params: list[Any], hashes: dict[str, Any]) -> Any:
    if _missing(params[0]):
        return ""
    places = params[1] if len(params) > 1 else hashes.get("decimals", 0)
    return str(_fixed(_decimal(params[0]), _places(places, "decimals")))


CURRENCY_SYMBOLS = {"GBP": "£", "USD": "$"}


def _currency(params: list[Any], hashes: dict[str, Any]) -> Any:
    if _missing(params[0]):
        return ""
    code = params[1] if len(params) > 1 else hashes.get("code", "GBP")
    code = to_text(code).upper() or "GBP"
    places = _places(hashes.get("decimals", 2), "decimals")
    amount = _fixed(_decimal(params[0]), places)
    text = f"{abs(amount):,.{places}f}"
    sign = "-" if amount < 0 else ""
    symbol = CURRENCY_SYMBOLS.get(code)
    return f"{sign}{symbol}{text}" if symbol else f"{sign}{text} {code}"


_DATE_TOKEN = re.compile(
    r"\[([^\]]*)\]|YYYY|YY|MMMM|MMM|MM|M|DD|D|dddd|ddd|HH|H|hh|h|mm|m|ss|s|A|a|Z"
)


def _when(value: Any, tz: Any) -> datetime:
    moment: datetime
    if isinstance(value, str) and value.strip().lower() == "now":
        moment = datetime.now(UTC)
    elif isinstance(value, str):
        text = value.strip()
        if text.endswith("Z"):
            text = text[:-1] + "+00:00"
        try:
            moment = datetime.fromisoformat(text)
        except ValueError:
            raise ValueError(f"{value!r} is not a date") from None
    elif _is_number(value):
        try:
            moment = datetime.fromtimestamp(float(value), UTC)
        except (OverflowError, OSError, ValueError):
            raise ValueError(f"{value!r} is out of range") from None
    else:
        raise ValueError(f"{to_text(value) or 'nothing'!r} is not a date")
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=UTC)
    if tz not in (None, UNDEFINED, ""):
        try:
            moment = moment.astimezone(ZoneInfo(to_text(tz)))
        except (ZoneInfoNotFoundError, ValueError):
            raise ValueError(f"unknown time zone {to_text(tz)!r}") from None
    return moment


def _date(params: list[Any], hashes: dict[str, Any]) -> Any:
    if _missing(params[0]):
        return ""
    moment = _when(params[0], hashes.get("tz"))
    fmt = to_text(params[1] if len(params) > 1 else hashes.get("format", "YYYY-MM-DD"))

    def token(m: re.Match[str]) -> str:
        if m.group(1) is not None:
            return m.group(1)
        t = m.group(0)
        hour12 = moment.hour % 12 or 12
        offset = moment.strftime("%z")
        return {
            "YYYY": f"{moment.year:04d}",
            "YY": f"{moment.year % 100:02d}",
            "MMMM": moment.strftime("%B"),
            "MMM": moment.strftime("%b"),
            "MM": f"{moment.month:02d}",
            "M": str(moment.month),
            "DD": f"{moment.day:02d}",
            "D": str(moment.day),
            "dddd": moment.strftime("%A"),
            "ddd": moment.strftime("%a"),
            "HH": f"{moment.hour:02d}",
            "H": str(moment.hour),
            "hh": f"{hour12:02d}",
            "h": str(hour12),
            "mm": f"{moment.minute:02d}",
            "m": str(moment.minute),
            "ss": f"{moment.second:02d}",
            "s": str(moment.second),
            "A": "AM" if moment.hour < 12 else "PM",
            "a": "am" if moment.hour < 12 else "pm",
            "Z": f"{offset[:3]}:{offset[3:]}" if offset else "",
        }[t]

    return _DATE_TOKEN.sub(token, fmt)


_HELPER_FUNCTIONS: dict[str, Callable[[list[Any], dict[str, Any]], Any]] = {
    "eq": lambda p, h: _strict_eq(p[0], p[1]),
    "ne": lambda p, h: not _strict_eq(p[0], p[1]),
    "lt": _ordered(lambda a, b: a < b),
    "gt": _ordered(lambda a, b: a > b),
    "lte": _ordered(lambda a, b: a <= b),
    "gte": _ordered(lambda a, b: a >= b),
    "and": _and,
    "or": _or,
    "not": lambda p, h: not truthy(p[0]),
    "upper": lambda p, h: to_text(p[0]).upper(),
    "lower": lambda p, h: to_text(p[0]).lower(),
    "capitalize": _capitalize,
    "default": _default,
    "join": _join,
    "length": _length,
    "json": _json,
    "lookup": _lookup,
    "date": _date,
    "currency": _currency,
    "number": _number,
}
assert set(_HELPER_FUNCTIONS) == set(HELPERS)


def render(source: str, data: Any, *, escape: bool = True) -> str:
    """Parse and render in one go."""
    return parse(source).render(data, escape=escape)
