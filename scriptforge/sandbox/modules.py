"""ES modules and CommonJS scripts → one CommonJS-style factory QuickJS can run.

QuickJS in Python has no module loader, so every script becomes the body of
``function (exports, require, module, __import, __meta) { ... }`` and ``require`` is
provided by the prelude. The rewrite works on the syntax tree from tree-sitter (a real
JavaScript parser), edits only what it must, and keeps every line where it was, so error
line numbers point into the user's own source:

- ``import x, {a as b} from 'm'`` → ``const x = __default(require("m")), {a: b} = ...``
- ``export function f`` / ``export const x`` / ``export class`` → the declaration, plus a
  getter on ``exports`` defined first (live, hoisting-friendly);
- ``export default expr`` → ``exports.default = expr``; ``export {a as b}``, ``export * from``;
- ``import('m')`` → ``__import('m')``; ``import.meta`` → ``__meta``.

Legacy scripts (no ``import``/``export``) run sloppy, as written; their top-level functions
are exported when the script exports nothing itself, so ``function main(data)`` works.

>>> print(transform("export function main(d) { return d }").exports)
('main',)
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from functools import lru_cache

import tree_sitter_javascript
from tree_sitter import Language, Node, Parser

_JS = Language(tree_sitter_javascript.language())
_FUNCTION_NODES = frozenset(
    {
        "function_declaration",
        "function_expression",
        "arrow_function",
        "method_definition",
        "generator_function_declaration",
        "generator_function",
        "class_body",
    }
)
_DECLARATIONS = frozenset(
    {
        "function_declaration",
        "generator_function_declaration",
        "class_declaration",
    }
)
PARAMS = "exports, require, module, __import, __meta"


class ModuleSyntaxError(Exception):
    """A construct the loader cannot support, with its 1-based line and column."""

    def __init__(self, message: str, line: int, column: int) -> None:
        super().__init__(f"line {line}, column {column}: {message}")
        self.reason = message
        self.line = line
        self.column = column


@dataclass(frozen=True)
class Transformed:
    #: The factory expression, ready for ``eval``; line N of the source is line N here.
    factory: str
    is_module: bool
    #: Names this module exports statically (``default`` included).
    exports: tuple[str, ...]
    #: Specifiers of static imports/requires found, in order.
    imports: tuple[str, ...]
    #: True when the parser saw a syntax error (QuickJS will report it precisely).
    has_syntax_error: bool
    #: Characters the factory adds before the source's first line (for error columns).
    first_line_offset: int


def source_hash(source: str) -> str:
    return hashlib.sha256(source.encode()).hexdigest()


def _text(src: bytes, node: Node) -> str:
    return src[node.start_byte : node.end_byte].decode()


def _string_value(src: bytes, node: Node) -> str:
    raw = _text(src, node)
    try:
        value = json.loads('"' + raw[1:-1].replace('"', '\\"') + '"')
    except json.JSONDecodeError:
        value = raw[1:-1]
    return str(value)


def _pattern_names(node: Node) -> list[str]:
    """Every identifier a declaration pattern binds."""
    if node.type in ("identifier", "shorthand_property_identifier_pattern"):
        return [node.text.decode()] if node.text else []
    if node.type == "pair_pattern":
        value = node.child_by_field_name("value")
        return _pattern_names(value) if value else []
    if node.type == "assignment_pattern":
        left = node.child_by_field_name("left")
        return _pattern_names(left) if left else []
    names: list[str] = []
    for child in node.named_children:
        names.extend(_pattern_names(child))
    return names


def _declared_names(decl: Node) -> list[str]:
    if decl.type in _DECLARATIONS:
        name = decl.child_by_field_name("name")
        return [name.text.decode()] if name and name.text else []
    names: list[str] = []
    for child in decl.named_children:
        if child.type == "variable_declarator":
            target = child.child_by_field_name("name")
            if target:
                names.extend(_pattern_names(target))
    return names


class _Rewriter:
    def __init__(self, src: bytes) -> None:
        self.src = src
        self.edits: list[tuple[int, int, str]] = []
        self.getters: list[tuple[str, str]] = []  # (exported name, JS expression)
        self.exports: list[str] = []
        self.imports: list[str] = []
        self.counter = 0
        self.star_exports = False

    def temp(self) -> str:
        self.counter += 1
        return f"__m{self.counter}"

    def replace(self, node: Node, text: str) -> None:
        # Keep the line count: the replaced text's newlines come back after the new text.
        newlines = self.src[node.start_byte : node.end_byte].count(b"\n")
        self.edits.append((node.start_byte, node.end_byte, text + "\n" * newlines))

    def replace_span(self, start: int, end: int, text: str) -> None:
        newlines = self.src[start:end].count(b"\n")
        self.edits.append((start, end, text + "\n" * newlines))

    def export(self, name: str, expression: str) -> None:
        self.getters.append((name, expression))
        self.exports.append(name)

    # -- imports -----------------------------------------------------------------------
    def import_statement(self, node: Node) -> None:
        source = node.child_by_field_name("source")
        if source is None:
            return
        spec = _string_value(self.src, source)
        self.imports.append(spec)
        required = f"require({json.dumps(spec)})"
        clause = next((c for c in node.named_children if c.type == "import_clause"), None)
        if clause is None:
            self.replace(node, f"{required};")
            return
        temp = self.temp()
        parts = [f"{temp} = {required}"]
        for child in clause.named_children:
            if child.type == "identifier":
                parts.append(f"{_text(self.src, child)} = __default({temp})")
            elif child.type == "namespace_import":
                alias = child.named_children[-1]
                parts.append(f"{_text(self.src, alias)} = {temp}")
            elif child.type == "named_imports":
                fields = []
                for spec_node in child.named_children:
                    if spec_node.type != "import_specifier":
                        continue
                    name_node = spec_node.child_by_field_name("name")
                    alias_node = spec_node.child_by_field_name("alias")
                    imported = _text(self.src, name_node) if name_node else ""
                    local = _text(self.src, alias_node) if alias_node else imported
                    key = (
                        _string_value(self.src, name_node)
                        if name_node and name_node.type == "string"
                        else imported
                    )
                    fields.append(f"{json.dumps(key)}: {local}")
                if fields:
                    parts.append("{" + ", ".join(fields) + "} = " + temp)
        self.replace(node, "const " + ", ".join(parts) + ";")

    # -- exports -----------------------------------------------------------------------
    def export_statement(self, node: Node) -> None:
        children = node.children
        keyword_end = children[0].end_byte  # after "export"
        is_default = len(children) > 1 and children[1].type == "default"
        declaration = node.child_by_field_name("declaration")
        value = node.child_by_field_name("value")
        source = node.child_by_field_name("source")
        if declaration is not None:
            start_of_decl = declaration.start_byte
            names = _declared_names(declaration)
            if is_default:
                if names:
                    self.export("default", names[0])
                else:  # pragma: no cover - tree-sitter puts anonymous ones under value
                    self.replace_span(node.start_byte, start_of_decl, "exports.default = ")
                    return
            else:
                for name in names:
                    self.export(name, name)
            self.replace_span(node.start_byte, start_of_decl, "")
            return
        if is_default and value is not None:
            if value.type in ("function_expression", "class", "generator_function") and (
                value.child_by_field_name("name") is not None
            ):
                name_node = value.child_by_field_name("name")
                assert name_node is not None
                self.export("default", _text(self.src, name_node))
                self.replace_span(node.start_byte, value.start_byte, "")
                return
            self.exports.append("default")
            self.replace_span(node.start_byte, value.start_byte, "exports.default = ")
            return
        clause = next((c for c in node.named_children if c.type == "export_clause"), None)
        namespace = next((c for c in node.named_children if c.type == "namespace_export"), None)
        if source is not None:
            spec = _string_value(self.src, source)
            self.imports.append(spec)
            required = f"require({json.dumps(spec)})"
            if clause is None and namespace is None:  # export * from 'm'
                self.star_exports = True
                self.replace(node, f"__exportStar(exports, {required});")
                return
            temp = self.temp()
            if namespace is not None:
                self.export(_text(self.src, namespace.named_children[-1]), temp)
            else:
                assert clause is not None
                for local, exported in self._specifiers(clause):
                    self.export(exported, f"{temp}[{json.dumps(local)}]")
            # var: hoisted, so the getters defined at the top can see it.
            self.replace(node, f"var {temp} = {required};")
            return
        if clause is not None:
            for local, exported in self._specifiers(clause):
                self.export(exported, local)
            self.replace(node, "")
            return
        del keyword_end

    def _specifiers(self, clause: Node) -> list[tuple[str, str]]:
        pairs = []
        for spec in clause.named_children:
            if spec.type != "export_specifier":
                continue
            name = spec.child_by_field_name("name")
            alias = spec.child_by_field_name("alias")
            local = _text(self.src, name) if name else ""
            pairs.append((local, _text(self.src, alias) if alias else local))
        return pairs

    # -- expressions anywhere ----------------------------------------------------------
    def expressions(self, node: Node, in_function: bool, is_module: bool) -> None:
        stack = [(node, in_function)]
        while stack:
            current, inside = stack.pop()
            kind = current.type
            if kind == "call_expression":
                callee = current.child_by_field_name("function")
                if callee is not None and callee.type == "import":
                    self.edits.append((callee.start_byte, callee.end_byte, "__import"))
                    args = current.child_by_field_name("arguments")
                    if (
                        args is not None
                        and args.named_child_count
                        and args.named_children[0].type == "string"
                    ):
                        self.imports.append(_string_value(self.src, args.named_children[0]))
            elif kind == "meta_property":
                self.edits.append((current.start_byte, current.end_byte, "__meta"))
                continue
            elif kind == "await_expression" and not inside and is_module:
                row, col = current.start_point
                raise ModuleSyntaxError(
                    "top-level await is not supported; await inside a function such as main()",
                    row + 1,
                    col + 1,
                )
            elif kind == "import_statement" or kind == "export_statement":
                pass
            now_inside = inside or kind in _FUNCTION_NODES
            stack.extend((child, now_inside) for child in current.children)


def _legacy_functions(root: Node) -> list[str]:
    names = []
    for child in root.named_children:
        if child.type in ("function_declaration", "generator_function_declaration"):
            name = child.child_by_field_name("name")
            if name is not None and name.text:
                names.append(name.text.decode())
    return names


def _requires(src: bytes, root: Node) -> list[str]:
    """``require('x')`` calls with a literal argument, anywhere (for dependency lists)."""
    found = []
    stack = [root]
    while stack:
        node = stack.pop()
        if node.type == "call_expression":
            callee = node.child_by_field_name("function")
            args = node.child_by_field_name("arguments")
            if (
                callee is not None
                and callee.type == "identifier"
                and callee.text == b"require"
                and args is not None
                and args.named_child_count == 1
                and args.named_children[0].type == "string"
            ):
                found.append(_string_value(src, args.named_children[0]))
        stack.extend(node.children)
    return found


@lru_cache(maxsize=2048)
def transform(source: str) -> Transformed:
    """Rewrite one script (cached by its text: compile once per script version)."""
    src = source.encode()
    tree = Parser(_JS).parse(src)
    root = tree.root_node
    statements = root.named_children
    is_module = any(s.type in ("import_statement", "export_statement") for s in statements)
    rw = _Rewriter(src)
    rw.expressions(root, False, is_module)
    for statement in statements:
        if statement.type == "import_statement":
            rw.import_statement(statement)
        elif statement.type == "export_statement":
            rw.export_statement(statement)
    body = _apply(src, rw.edits)
    prologue = []
    if is_module:
        prologue.append('"use strict";')
        prologue.append('Object.defineProperty(exports, "__esModule", {value: true});')
    for name, expression in rw.getters:
        prologue.append(
            f"Object.defineProperty(exports, {json.dumps(name)}, "
            f"{{enumerable: true, configurable: true, get: () => {expression}}});"
        )
    epilogue = []
    legacy = _legacy_functions(root)
    if "main" in legacy and "main" not in rw.exports:
        epilogue.append('if (!("main" in module.exports)) module.exports.main = main;')
    if not is_module and legacy:
        # A legacy script that exports nothing itself offers its top-level functions.
        names = ", ".join(f"{json.dumps(n)}: {n}" for n in legacy)
        epilogue.append(
            "if (module.exports === exports && Object.keys(exports).length === 0) "
            f"Object.assign(exports, {{{names}}});"
        )
    # ConnexCS's own examples write `module.export = {...}`; honour the typo.
    epilogue.append(
        "if (module.export && module.exports === exports && Object.keys(exports).length === 0)"
        " module.exports = module.export;"
    )
    head = f"(function ({PARAMS}) {{{' '.join(prologue)}"
    factory = f"{head}{body}\n;{' '.join(epilogue)}\n}})"
    imports = tuple(dict.fromkeys([*rw.imports, *_requires(src, root)]))
    return Transformed(
        factory=factory,
        is_module=is_module,
        exports=tuple(rw.exports) if is_module else tuple(legacy),
        imports=imports,
        has_syntax_error=root.has_error,
        first_line_offset=len(head),
    )


def _apply(src: bytes, edits: list[tuple[int, int, str]]) -> str:
    out = []
    cursor = 0
    for start, end, text in sorted(edits):
        if start < cursor:  # nested edit inside a replaced statement: the outer one wins
            continue
        out.append(src[cursor:start].decode())
        out.append(text)
        cursor = end
    out.append(src[cursor:].decode())
    return "".join(out)
