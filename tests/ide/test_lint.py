"""Lint: each language's parser reports problems with 1-based positions (end exclusive);
clean code has none."""

from __future__ import annotations

from typing import Any

import pytest

from querybuilder import datasets
from runtime.auth.principal import SYSTEM
from tests.api.api_support import assert_error
from tests.ide.conftest import Ide

CLEAN = [
    ("javascript", "import { kv } from 'cxKV';\nexport async function main(d) {\n  return d;\n}"),
    ("javascript", "function main(data) { return data.n * 2 }"),
    ("json", '{"a": [1, 2, {"b": null}]}'),
    ("sql", "select phone from contacts where phone like :p"),
    ("xml", '<?xml version="1.0"?>\n<Response><Say voice="alice">Hi</Say></Response>'),
    ("handlebars", "<p>{{#if name}}Hi {{name}}{{else}}Hello{{/if}}</p>"),
    ("json", "   "),
]

#: (language, code, [(line, column, end_line, end_column, part of the message)])
BROKEN = [
    ("javascript", "export function main(d) {\n  return d +;\n}", [(2, 13, 2, 14, "missing")]),
    (
        "javascript",
        "const a = 1;\nawait a;\nexport default a",
        [(2, 1, 2, 2, "top-level await is not supported")],
    ),
    (
        "javascript",
        "let a = 1;\nlet ü = 2 2;\nlet y = = 3;",
        [(2, 11, 2, 12, "unexpected '2'"), (3, 7, 3, 8, "unexpected '='")],
    ),
    ("json", '{\n  "a": 1,\n  "b": \n}', [(4, 1, 4, 2, "Expecting value")]),
    ("json", '{"a": 1,}', [(1, 9, 1, 10, "Expecting property name")]),
    ("sql", "select phone\nfrom nope", [(2, 6, 2, 10, "unknown table nope")]),
    ("sql", "select phone from contacts;\ndelete from contacts", [(2, 13, 2, 21, "only one")]),
    ("sql", "select evil(phone) from contacts", [(1, 8, 1, 12, "function evil() is not allowed")]),
    ("xml", "<Response>\n  <Say>hi</Sy>\n</Response>", [(2, 12, 2, 13, "mismatched tag")]),
    (
        "xml",
        '<!DOCTYPE r [<!ENTITY a "aaaa">]>\n<r>&a;</r>',
        [(1, 14, 1, 15, "entity declarations are not allowed")],
    ),
    (
        "handlebars",
        "<ul>\n  {{#each items}}<li>{{this}}</li>\n</ul>",
        [(2, 3, 2, 4, "never closed")],
    ),
    ("handlebars", "{{name", [(1, 1, 1, 2, "never closed")]),
]


@pytest.fixture
async def contacts(shop: Any) -> Any:
    await datasets.create_dataset(
        SYSTEM, shop, "contacts", columns=[{"name": "phone", "type": "string"}]
    )
    return shop


async def lint(ide: Ide, language: str, code: str, app: Any = "shop") -> list[dict[str, Any]]:
    response = await ide.api(
        "POST", "/ide/lint", json={"language": language, "code": code, "app": app}
    )
    assert response.status_code == 200, response.text
    return list(response.json()["problems"])


@pytest.mark.parametrize(("language", "code"), CLEAN)
async def test_clean_code_has_no_problems(
    ide: Ide, contacts: Any, language: str, code: str
) -> None:
    assert await lint(ide, language, code) == []


@pytest.mark.parametrize(("language", "code", "expected"), BROKEN)
async def test_problems_and_their_positions(
    ide: Ide, contacts: Any, language: str, code: str, expected: list[tuple[Any, ...]]
) -> None:
    problems = await lint(ide, language, code)
    got = [(p["line"], p["column"], p["end_line"], p["end_column"]) for p in problems]
    assert got == [e[:4] for e in expected], problems
    for problem, (*_, message) in zip(problems, expected, strict=True):
        assert message in problem["message"], problem
        assert problem["severity"] == "error"


async def test_sql_is_checked_against_the_apps_own_datasets(ide: Ide, contacts: Any) -> None:
    other = await lint(ide, "sql", "select phone from contacts", app=None)
    assert other == [], "without an app, only the syntax and the policy count"
    await ide.api("POST", "/api/v1/apps", json={"name": "empty"})
    from runtime.services import apps

    empty = await apps.create_app(SYSTEM, "empty-app")
    problems = await lint(ide, "sql", "select phone from contacts", app=empty.id)
    assert [p["message"] for p in problems] == [
        "unknown table contacts; only this app's datasets can be queried"
    ]


async def test_bad_requests(ide: Ide, shop: Any) -> None:
    response = await ide.api("POST", "/ide/lint", json={"language": "cobol", "code": ""})
    assert_error(response, 422, "validation_error")
    response = await ide.api(
        "POST", "/ide/lint", json={"language": "sql", "code": "x", "app": "no"}
    )
    assert_error(response, 422, "validation_error")
