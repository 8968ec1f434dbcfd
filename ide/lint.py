"""Lint for the IDE's editors: every problem of a text with its position, by language.

Each language is one function registered in :data:`LINTERS`; each reuses the parser that
checks the same text when it is saved or run, so the editor underlines what a save would
refuse:

- ``javascript``: tree-sitter's ERROR and MISSING nodes (every one), and the ScriptForge module
  loader's own refusals (:class:`scriptforge.sandbox.modules.ModuleSyntaxError`);
- ``json``: the parse error's position;
- ``sql``: the query validator (:func:`querybuilder.sql_guard.validate`) over the app's
  datasets (without an app, any table name is taken as a dataset);
- ``xml``: expat's error position (entity declarations are refused, nothing external is read);
- ``handlebars``: the template parser (:func:`pagebuilder.handlebars.parse`).

Positions are 1-based; ``end_column`` is exclusive (the column just after the problem).

>>> [p.message for p in lint_json('{"a": }')]
['Expecting value']
"""

from __future__ import annotations

import json
from collections.abc import Awaitable, Callable
from dataclasses import asdict, dataclass
from typing import Any
from xml.parsers import expat

import sqlglot
import tree_sitter_javascript
from sqlglot import exp
from tree_sitter import Language, Node, Parser

from pagebuilder import handlebars
from querybuilder.errors import QueryRejected
from querybuilder.executor import dataset_tables
from querybuilder.sql_guard import READ_DIALECT, validate
from runtime import db as database
from runtime.models import App
from scriptforge.sandbox.modules import ModuleSyntaxError, transform

#: At most this many problems per text (a broken file should not flood the editor).
MAX_PROBLEMS = 100
_JS = Language(tree_sitter_javascript.language())


@dataclass(frozen=True)
class Problem:
    line: int
    column: int
    end_line: int
    end_column: int
    message: str
    severity: str = "error"

    @classmethod
    def at(cls, line: int, column: int, message: str, width: int = 1) -> Problem:
        return cls(line, column, line, column + max(width, 1), message)

    def as_dict(self) -> dict[str, Any]:
        return asdict(self)


# -- JavaScript ----------------------------------------------------------------------------


def _column(lines: list[bytes], row: int, byte_column: int) -> int:
    """tree-sitter's byte column as a 1-based character column."""
    line = lines[row] if row < len(lines) else b""
    return len(line[:byte_column].decode(errors="ignore")) + 1


def _syntax_nodes(root: Node) -> list[Node]:
    """The ERROR and MISSING nodes, outermost first, in source order."""
    found: list[Node] = []
    stack = [root]
    while stack and len(found) < MAX_PROBLEMS:
        node = stack.pop()
        if node.is_error or node.is_missing:
            found.append(node)
            continue
        if node.has_error:
            stack.extend(reversed(node.children))
    return found


def _node_problem(src: bytes, lines: list[bytes], node: Node) -> Problem:
    (row, col), (end_row, end_col) = node.start_point, node.end_point
    line, column = row + 1, _column(lines, row, col)
    if node.is_missing:  # punctuation by its text, a named node by its kind
        what = repr(node.type) if not node.is_named else node.type.replace("_", " ")
        return Problem.at(line, column, f"missing {what}")
    text = src[node.start_byte : node.end_byte].decode(errors="replace").strip()
    snippet = text.splitlines()[0][:30] if text else ""
    message = f"syntax error: unexpected {snippet!r}" if snippet else "syntax error"
    end_column = _column(lines, end_row, end_col)
    if (end_row, end_column) <= (row, column):
        return Problem.at(line, column, message)
    return Problem(line, column, end_row + 1, end_column, message)


def lint_javascript(code: str) -> list[Problem]:
    src = code.encode()
    lines = src.split(b"\n")
    tree = Parser(_JS).parse(src)
    problems = [_node_problem(src, lines, n) for n in _syntax_nodes(tree.root_node)]
    try:
        transform(code)
    except ModuleSyntaxError as exc:
        problems.append(Problem.at(exc.line, exc.column, exc.reason))
    return problems


# -- JSON ----------------------------------------------------------------------------------


def lint_json(code: str) -> list[Problem]:
    try:
        json.loads(code)
    except json.JSONDecodeError as exc:
        return [Problem.at(exc.lineno, exc.colno, exc.msg)]
    except RecursionError:
        return [Problem.at(1, 1, "nested too deeply")]
    return []


# -- SQL -----------------------------------------------------------------------------------


def _named_tables(sql: str) -> dict[str, str]:
    """Without an app: every table the text names counts as a dataset (syntax only)."""
    try:
        trees = sqlglot.parse(sql, read=READ_DIALECT)
    except Exception:  # the validator reports the syntax error with its position
        return {}
    names = {t.name for tree in trees if tree is not None for t in tree.find_all(exp.Table)}
    return {name: name for name in names if name}


def _sql_problem(sql: str, exc: QueryRejected) -> Problem:
    if exc.line is None or exc.col is None:
        return Problem(1, 1, 1, len(sql.split("\n", 1)[0]) + 1, exc.message)
    # sqlglot places an error at the end of its token: underline the construct when it is there.
    line_text = sql.split("\n")[exc.line - 1] if exc.line <= sql.count("\n") + 1 else ""
    construct = exc.construct or ""
    start = exc.col - len(construct)
    if not (construct and start >= 0 and line_text[start : exc.col].lower() == construct.lower()):
        start = exc.col - 1  # else the word ending there
        while start > 0 and (line_text[start - 1].isalnum() or line_text[start - 1] == "_"):
            start -= 1
    return Problem(exc.line, start + 1, exc.line, exc.col + 1, exc.message)


async def lint_sql(code: str, app: App | None) -> list[Problem]:
    dialect = database.dialect_of_connection()
    tables = await dataset_tables(app.id, dialect) if app is not None else _named_tables(code)
    try:
        validate(code, tables, dialect=dialect)
    except QueryRejected as exc:
        return [_sql_problem(code, exc)]
    return []


# -- XML -----------------------------------------------------------------------------------


class _EntityDeclared(Exception):
    def __init__(self, line: int, column: int) -> None:
        self.line, self.column = line, column


def lint_xml(code: str) -> list[Problem]:
    parser = expat.ParserCreate()
    parser.SetParamEntityParsing(expat.XML_PARAM_ENTITY_PARSING_NEVER)

    def refuse(*_: Any) -> int:  # no entity expansion bombs, no external entities
        line, column = parser.CurrentLineNumber, parser.CurrentColumnNumber
        text = code.split("\n")[line - 1] if line <= code.count("\n") + 1 else ""
        declared = text.rfind("<!ENTITY", 0, column + 1)  # expat stands at its value
        raise _EntityDeclared(line, (declared if declared >= 0 else column) + 1)

    parser.EntityDeclHandler = refuse
    parser.ExternalEntityRefHandler = refuse
    try:
        parser.Parse(code, True)
    except expat.ExpatError as exc:
        message = expat.ErrorString(exc.code) if exc.code else str(exc)
        return [Problem.at(exc.lineno, exc.offset + 1, message)]
    except _EntityDeclared as exc:
        return [Problem.at(exc.line, exc.column, "entity declarations are not allowed")]
    return []


# -- Handlebars ----------------------------------------------------------------------------


def lint_handlebars(code: str) -> list[Problem]:
    try:
        handlebars.parse(code)
    except handlebars.TemplateError as exc:
        return [Problem.at(exc.line or 1, exc.column or 1, exc.message)]
    return []


# -- the registry --------------------------------------------------------------------------


Linter = Callable[[str, App | None], Awaitable[list[Problem]]]


def _sync(check: Callable[[str], list[Problem]]) -> Linter:
    async def run(code: str, app: App | None) -> list[Problem]:
        return check(code)

    return run


LINTERS: dict[str, Linter] = {
    "javascript": _sync(lint_javascript),
    "json": _sync(lint_json),
    "sql": lint_sql,
    "xml": _sync(lint_xml),
    "handlebars": _sync(lint_handlebars),
}


async def lint(language: str, code: str, app: App | None = None) -> list[Problem]:
    """Every problem of ``code`` in ``language`` (a key of :data:`LINTERS`); blank code has
    none."""
    if not code.strip():
        return []
    problems = await LINTERS[language](code, app)
    return sorted(problems, key=lambda p: (p.line, p.column))[:MAX_PROBLEMS]
