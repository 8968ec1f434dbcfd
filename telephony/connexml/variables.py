"""Call variables in ConneXML text and attributes: ``{{var}}``, ``{{ substring VAR N }}``,
``${var}``.

The forms, as ConnexCS documents them and its example files use them:

- ``{{var}}`` and ``{{ var }}`` — the variable's value. Names are letters, digits and
  ``_ - .`` (``{{ x-name }}``, ``{{sip.from}}``) and are case-sensitive (``CallSid``, ``From``).
- ``{{ substring VAR N }}`` — VAR from the 0-based offset N to its end
  (``"1234567890"``, 5 → ``"67890"``); an offset at or past the end gives ``""``.
- ``${var}`` — the FreeSWITCH form, seen in ``<Condition field="${gather_result}">``.

Decisions where the documentation is silent:

- An unset variable renders as the empty string.
- Anything else inside braces stays literal text, so a mistake shows in the output instead of
  vanishing: unbalanced braces, ``{{}}``, ``{{ two words }}``, and a ``substring`` whose offset
  is not a non-negative whole number (``{{ substring VAR x }}``, ``{{ substring VAR -1 }}``).
  :func:`template_problems` finds these so the parser can warn about them.
- One pass, no re-expansion: a value that itself contains ``{{x}}`` is inserted as it is.

This runs on every attribute of every verb of every simulated call, so text without ``{``
returns at once and the one regular expression is compiled at import.
"""

from __future__ import annotations

import re
from collections.abc import Mapping

__all__ = [
    "NAME_PATTERN",
    "field_value",
    "has_template",
    "substitute",
    "substring",
    "template_problems",
]

#: What a variable name may contain (``x-name``, ``gather_result``, ``sip.from``).
NAME_PATTERN = r"[A-Za-z0-9_.\-]+"

# One alternation for all three forms; group 1/2 = substring VAR/N, 3 = {{name}}, 4 = ${name}.
# The substring offset is captured loosely (\S+) so a bad one can be told apart from a typo'd
# name and left literal on purpose.
_PLACEHOLDER = re.compile(
    r"\{\{\s*(?:substring\s+(" + NAME_PATTERN + r")\s+(\S+?)|(" + NAME_PATTERN + r"))\s*\}\}"
    r"|\$\{\s*(" + NAME_PATTERN + r")\s*\}"
)
_NAME = re.compile(NAME_PATTERN)
# Any double-brace group, for template_problems: what _PLACEHOLDER does not take is literal.
_ANY_DOUBLE_BRACE = re.compile(r"\{\{(.*?)\}\}", re.DOTALL)


def substring(value: str, offset: int) -> str:
    """``value`` from the 0-based ``offset`` to its end; ``""`` when the offset is past it.

    >>> substring("newsetup_160", 9)
    '160'
    """
    return value[offset:] if offset >= 0 else value


def has_template(text: str) -> bool:
    """Whether ``text`` holds a ``{{…}}`` or ``${…}`` placeholder :func:`substitute` expands."""
    return "{" in text and _PLACEHOLDER.search(text) is not None


def substitute(text: str, variables: Mapping[str, str]) -> str:
    """Expand every placeholder in ``text`` with ``variables`` (unset → ``""``).

    >>> substitute("Hello {{ name }}, ext {{substring Extension 5}}",
    ...            {"name": "Joe", "Extension": "newse160"})
    'Hello Joe, ext 160'
    """
    if "{" not in text:
        return text

    def replace(match: re.Match[str]) -> str:
        sub_name, offset, name, dollar_name = match.groups()
        if sub_name is not None:
            if not offset.isdigit() or not offset.isascii():
                return match.group(0)
            return substring(variables.get(sub_name, ""), int(offset))
        return variables.get(name if name is not None else dollar_name, "")

    return _PLACEHOLDER.sub(replace, text)


def field_value(field: str, variables: Mapping[str, str]) -> str:
    """The value a ``<Condition field="…">`` refers to.

    ``${gather_result}``, ``{{gather_result}}`` and the bare ``gather_result`` (the example
    files use it) all mean the variable's value. Any other text is a template, expanded by
    :func:`substitute` — ``field="{{area}}-{{exchange}}"`` compares the joined value.

    >>> field_value("gather_result", {"gather_result": "1"})
    '1'
    """
    name = field.strip()
    if _NAME.fullmatch(name):
        return variables.get(name, "")
    return substitute(name, variables)


def template_problems(text: str) -> list[str]:
    """Messages for the double-brace groups :func:`substitute` would leave literal.

    >>> template_problems("{{ substring Extension x }}")
    ["substring offset must be a whole number 0 or more, got 'x' in '{{ substring Extension x }}'"]
    """
    if "{{" not in text:
        return []
    problems = []
    kept = []
    for match in _PLACEHOLDER.finditer(text):
        offset = match.group(2)
        if offset is not None and not (offset.isdigit() and offset.isascii()):
            problems.append(
                f"substring offset must be a whole number 0 or more, got {offset!r} "
                f"in {match.group(0)!r}"
            )
        else:
            kept.append(match.span())
    # What is left once the good placeholders are cut out is literal text; a {{…}} in it is
    # most likely a mistake (two words, an unknown helper, a bad character in a name).
    rest, position = [], 0
    for start, end in kept:
        rest.append(text[position:start])
        position = end
    rest.append(text[position:])
    for match in _ANY_DOUBLE_BRACE.finditer("\x00".join(rest)):
        if not _PLACEHOLDER.fullmatch(match.group(0)):
            problems.append(
                f"{match.group(0)!r} is not a variable ({{{{name}}}}) or "
                "{{ substring NAME OFFSET }}; it is left as literal text"
            )
    return problems
