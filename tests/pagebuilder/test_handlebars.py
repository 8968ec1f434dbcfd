"""The Handlebars engine: every construct, escaping, helpers, errors with line and column,
limits, and templates that try to reach Python objects (they reach nothing)."""

from __future__ import annotations

from typing import Any

import pytest

from pagebuilder import handlebars
from pagebuilder.handlebars import (
    TemplateError,
    TemplateRenderError,
    TemplateSyntaxError,
    parse,
    render,
)

DATA: dict[str, Any] = {
    "name": "Ann",
    "html": "<b>Tom & 'Jerry'</b>",
    "user": {"email": "ann@example.com", "tags": ["a", "b"], "odd key": 1},
    "a": [{"b": "first"}, {"b": "second"}],
    "items": ["x", "y", "z"],
    "empty": [],
    "obj": {"k1": "v1", "k2": "v2"},
    "zero": 0,
    "blank": "",
    "no": False,
    "nothing": None,
    "emptyobj": {},
    "n": 3,
    "price": 12.5,
    "when": "2024-03-05T14:07:09Z",
    "company": "Acme",
}

CASES: list[tuple[str, str, Any]] = [
    # values and paths
    ("Hello {{name}}!", "Hello Ann!", None),
    ("{{user.email}}", "ann@example.com", None),
    ("{{user/email}}", "ann@example.com", None),
    ("{{a.[0].b}}|{{a.1.b}}|{{a.[5].b}}", "first|second|", None),
    ("{{user.[odd key]}}", "1", None),
    ("{{items.length}} {{name.length}}", "3 3", None),
    ("{{missing}}{{missing.deeper.still}}", "", None),
    ("{{n}} {{price}} {{no}} {{nothing}} {{items}}", "3 12.5 false  x,y,z", None),
    ("{{emptyobj}}", "[object Object]", None),
    ("{{this.name}} {{./name}}", "Ann Ann", None),
    # escaping
    ("{{html}}", "&lt;b&gt;Tom &amp; &#x27;Jerry&#x27;&lt;/b&gt;", None),
    ("{{{html}}}|{{& html}}", "<b>Tom & 'Jerry'</b>|<b>Tom & 'Jerry'</b>", None),
    ("{{v}}", "&quot;a&#x3D;b&#x60;", {"v": '"a=b`'}),
    # comments, literal braces, single braces
    ("a{{! note }}b{{!-- has }} inside --}}c", "abc", None),
    ("\\{{name}} {{name}}", "{{name}} Ann", None),
    ("Dear {email}", "Dear {email}", None),
    # whitespace control and standalone lines
    ("a  {{~name~}}  b", "aAnnb", None),
    (
        "<ul>\n  {{#each items}}\n  <li>{{this}}</li>\n  {{/each}}\n</ul>",
        "<ul>\n  <li>x</li>\n  <li>y</li>\n  <li>z</li>\n</ul>",
        None,
    ),
    ("{{#if name}}\nyes\n{{else}}\nno\n{{/if}}\n", "yes\n", None),
    # if / else if / unless and truthiness
    ("{{#if name}}A{{else}}B{{/if}}", "A", None),
    ("{{#if zero}}A{{else}}B{{/if}}", "B", None),
    ("{{#if zero includeZero=true}}A{{else}}B{{/if}}", "A", None),
    ("{{#if blank}}A{{else}}B{{/if}}{{#if no}}A{{else}}B{{/if}}", "BB", None),
    ("{{#if nothing}}A{{else}}B{{/if}}{{#if missing}}A{{else}}B{{/if}}", "BB", None),
    ("{{#if empty}}A{{else}}B{{/if}}{{#if emptyobj}}A{{else}}B{{/if}}", "BA", None),
    ("{{#if no}}1{{else if zero}}2{{else if n}}3{{else}}4{{/if}}", "3", None),
    ("{{#if no}}1{{else if zero}}2{{else}}4{{/if}}", "4", None),
    ("{{#unless no}}U{{else}}V{{/unless}}", "U", None),
    ("{{#if (eq n 3)}}three{{/if}}", "three", None),
    # each
    (
        "{{#each items}}{{@index}}{{this}}{{#if @first}}F{{/if}}{{#if @last}}L{{/if}},{{/each}}",
        "0xF,1y,2zL,",
        None,
    ),
    ("{{#each obj}}{{@key}}={{this}};{{/each}}", "k1=v1;k2=v2;", None),
    ("{{#each empty}}x{{else}}none{{/each}}", "none", None),
    ("{{#each a}}{{b}}@{{../company}} {{/each}}", "first@Acme second@Acme ", None),
    (
        "{{#each a}}{{#each ../items}}{{../b}}{{this}} {{/each}}{{/each}}",
        "firstx firsty firstz secondx secondy secondz ",
        None,
    ),
    ("{{#each items}}{{#if @first}}{{@index}}{{/if}}{{/each}}", "0", None),
    # with
    ("{{#with user}}{{email}} {{../name}}{{/with}}", "ann@example.com Ann", None),
    ("{{#with missing}}x{{else}}no user{{/with}}", "no user", None),
    # mustache sections
    (
        "{{#a}}{{b}},{{/a}}{{^empty}}none{{/empty}}{{#name}}[{{this}}]{{/name}}",
        "first,second,none[Ann]",
        None,
    ),
    # lookup
    (
        '{{lookup user "email"}} {{lookup items 1}} {{lookup obj key}}',
        "ann@example.com y v2",
        {"key": "k2"},
    ),
    # helpers
    ("{{eq 1 1}} {{eq 1 '1'}} {{ne n 4}} {{eq no 0}}", "true false true false", None),
    (
        "{{lt 1 2}} {{gt 1 2}} {{lte 2 2}} {{gte 'b' 'a'}} {{lt '10' 9}}",
        "true false true true false",
        None,
    ),
    (
        "{{and name n}} {{and name zero}} {{or blank 'fallback'}} {{not empty}}",
        "3 0 fallback true",
        None,
    ),
    ("{{upper name}} {{lower 'ABC'}} {{capitalize 'hello world'}}", "ANN abc Hello world", None),
    ("{{default nothing 'anon'}} {{default name 'anon'}} {{default zero 5}}", "anon Ann 0", None),
    (
        "{{join items}}|{{join items ' / '}}|{{join items separator='-'}}",
        "x, y, z|x / y / z|x-y-z",
        None,
    ),
    ("{{length items}} {{length obj}} {{length name}} {{length n}}", "3 2 3 0", None),
    ("{{{json user}}}", '{"email":"ann@example.com","tags":["a","b"],"odd key":1}', None),
    ("{{json name}}", "&quot;Ann&quot;", None),
    ("{{date when 'YYYY-MM-DD HH:mm'}}", "2024-03-05 14:07", None),
    ("{{date when 'ddd D MMM YY, h:mm:ss a [at] Z'}}", "Tue 5 Mar 24, 2:07:09 pm at +00:00", None),
    ("{{date when 'HH:mm' tz='Europe/Berlin'}}", "15:07", None),
    ("{{date '2024-01-02'}}", "2024-01-02", None),
    ("{{date 0 'YYYY'}}", "1970", None),
    (
        "{{currency price}} {{currency price 'USD'}} {{currency price 'EUR'}}",
        "£12.50 $12.50 12.50 EUR",
        None,
    ),
    (
        "{{currency '1234.565'}} {{currency -3}} {{currency 2 decimals=0}}",
        "£1,234.57 -£3.00 £2",
        None,
    ),
    ("{{number 3.14159 2}} {{number 2.5}} {{number '7' decimals=3}}", "3.14 3 7.000", None),
    ("{{upper (lookup user 'email')}}", "ANN@EXAMPLE.COM", None),
    ("[{{currency missing}}{{number nothing 2}}{{date blank}}]", "[]", None),
    ("{{date}}", "today", {"date": "today"}),  # a bare name is a value, not a helper
    # env in the data like any other object
    ("{{env.GREETING}}", "hi", {"env": {"GREETING": "hi"}}),
]


@pytest.mark.parametrize(("source", "expected", "data"), CASES)
def test_constructs(source: str, expected: str, data: Any) -> None:
    assert render(source, DATA if data is None else {**DATA, **data}) == expected


def test_plain_text_rendering_does_not_escape() -> None:
    template = parse("Re: {{html}} {{{html}}}")
    assert template.render(DATA, escape=False) == "Re: <b>Tom & 'Jerry'</b> <b>Tom & 'Jerry'</b>"
    assert template.render(DATA).startswith("Re: &lt;b&gt;")


SYNTAX_ERRORS = [
    ("{{#if x}}\n  {{#each y}}\n  {{/if}}", 3, 3, "{{/if}} closes {{#each}}"),
    ("<p>\n{{#each list}}\n\n      {{/if}}", 4, 7, "{{/if}} closes {{#each}}"),
    ("hello {{foo bar}}", 1, 9, "unknown helper 'foo'"),
    ("{{#repeat x}}{{/repeat}}", 1, 4, "unknown block helper 'repeat'"),
    ("{{#upper x}}{{/upper}}", 1, 4, "not a block helper"),
    ("{{if x}}", 1, 3, "block helper"),
    ("{{eq 1}}", 1, 3, "eq takes 2 argument(s), not 1"),
    ("{{date d tz='UTC' zone=1}}", 1, 3, "date has no argument zone="),
    ("{{#if}}{{/if}}", 1, 4, "if takes 1 argument(s)"),
    ("line1\n  {{name", 2, 3, "never closed"),
    ("{{#each items}}x", 1, 1, "{{#each}} is never closed"),
    ("{{/if}}", 1, 1, "closes nothing"),
    ("{{else}}", 1, 1, "outside a block"),
    ("{{#if a}}{{else}}{{else}}{{/if}}", 1, 18, "a second {{else}}"),
    ("{{}}", 1, 1, "an empty tag"),
    ("{{> partial}}", 1, 1, "partials"),
    ("{{!-- open", 1, 1, "never closed"),
    ("{{upper (nope 1)}}", 1, 10, "unknown helper 'nope'"),
    ("{{upper (lower 1}}", 1, 9, "never closed"),
    ("{{a..b}}", 1, 4, "unexpected '.'"),
    ("{{a.../b}}", 1, 3, "'..' only at the start of a path"),
    ("{{#if a}}{{else each}}{{/if}}", 1, 17, "each takes 1 argument(s), not 0"),
    ("{{#if a}}{{else upper x}}{{/if}}", 1, 10, "followed by if, unless, each or with"),
]


@pytest.mark.parametrize(("source", "line", "column", "message"), SYNTAX_ERRORS)
def test_syntax_errors_name_line_and_column(
    source: str, line: int, column: int, message: str
) -> None:
    with pytest.raises(TemplateSyntaxError) as error:
        parse(source)
    assert message in error.value.message, error.value
    assert (error.value.line, error.value.column) == (line, column), error.value
    assert str(error.value).startswith(f"line {line}, column {column}: ")


def test_the_example_message() -> None:
    with pytest.raises(TemplateSyntaxError) as error:
        parse("<ul>\n{{#if x}}\n      {{/each}}")
    assert str(error.value) == (
        "line 3, column 7: {{/each}} closes {{#if}} (opened at line 2, column 1)"
    )


# -- limits -------------------------------------------------------------------------------------


def test_template_size_is_limited() -> None:
    parse("x" * handlebars.MAX_TEMPLATE_BYTES)
    with pytest.raises(TemplateSyntaxError, match="larger than 200 KB"):
        parse("x" * (handlebars.MAX_TEMPLATE_BYTES + 1))


def test_nesting_depth_is_limited() -> None:
    depth = handlebars.MAX_DEPTH
    parse("{{#if a}}" * depth + "{{/if}}" * depth)
    with pytest.raises(TemplateSyntaxError, match="nested deeper"):
        parse("{{#if a}}" * (depth + 1) + "{{/if}}" * (depth + 1))
    with pytest.raises(TemplateSyntaxError, match="nested deeper"):
        parse("{{upper " + "(lower " * (depth + 1) + "x" + ")" * (depth + 1) + "}}")


def test_loop_iterations_are_limited() -> None:
    rows = list(range(1000))
    template = parse("{{#each rows}}{{#each ../rows}}{{/each}}{{/each}}")
    with pytest.raises(TemplateRenderError, match="more than 100000 loop iterations") as error:
        template.render({"rows": rows})
    assert (error.value.line, error.value.column) == (1, 15)
    assert parse("{{#each rows}}.{{/each}}").render({"rows": rows}) == "." * 1000


def test_output_size_is_limited() -> None:
    big = "x" * 100_000
    template = parse("{{#each rows}}{{../big}}{{/each}}")
    assert len(template.render({"rows": list(range(20)), "big": big})) == 2_000_000
    with pytest.raises(TemplateRenderError, match="larger than 2 MB"):
        template.render({"rows": list(range(30)), "big": big})


def test_data_must_be_json() -> None:
    with pytest.raises(TemplateRenderError, match="only JSON values"):
        render("{{x}}", {"x": object()})
    with pytest.raises(TemplateRenderError, match="keys must be strings"):
        render("{{x}}", {1: "x"})
    deep: Any = "end"
    for _ in range(handlebars.MAX_DATA_DEPTH + 2):
        deep = [deep]
    with pytest.raises(TemplateRenderError, match="nested deeper"):
        render("{{x}}", {"x": deep})


def test_helper_errors_name_the_tag() -> None:
    with pytest.raises(TemplateRenderError) as error:
        render("ok\n  {{date d 'YYYY'}}", {"d": "not a date"})
    assert str(error.value) == "line 2, column 5: date: 'not a date' is not a date"
    with pytest.raises(TemplateRenderError, match="is not a number"):
        render("{{currency x}}", {"x": "lots"})
    with pytest.raises(TemplateRenderError, match="unknown time zone"):
        render("{{date d tz='Mars/Olympus'}}", {"d": "2024-01-01"})


# -- hostile templates --------------------------------------------------------------------------

HOSTILE = [
    "{{constructor}}",
    "{{__class__}}",
    "{{this.__class__.__mro__}}",
    "{{this.__class__.__mro__.[1].__subclasses__}}",
    '{{lookup this "__dict__"}}',
    '{{lookup (lookup this "__class__") "__init__"}}',
    "{{name.__class__}}{{name.upper}}{{items.append}}{{items.__len__}}{{obj.items}}{{obj.keys}}",
    "{{#each name}}X{{/each}}",
    "{{#each this}}{{/each}}",
    "{{#with name}}{{__class__}}{{length}}{{/with}}",
    "{{@root.__class__}}{{@index.__class__}}",
    "{{constructor.constructor}}{{__proto__}}{{toString}}",
    "{{n.real}}{{n.__add__}}{{no.__bool__}}",
]


@pytest.mark.parametrize("source", HOSTILE)
def test_nothing_reaches_python_objects(source: str) -> None:
    out = render(source, DATA)
    assert "class" not in out and "method" not in out and "function" not in out
    assert "<" not in out and "built-in" not in out
    # .length of a string or list is the one property besides keys and indexes
    assert out == ("3" if "#with" in source else "")


def test_each_over_the_root_context_sees_only_json() -> None:
    out = render("{{#each this}}{{@key}};{{/each}}", {"a": 1, "b": [1]})
    assert out == "a;b;"
    assert render("{{#each this}}X{{/each}}", "just a string") == ""


def test_keys_named_like_python_internals_are_plain_data() -> None:
    data = {"__class__": "<evil>", "constructor": {"name": "x"}}
    assert render("{{__class__}} {{constructor.name}}", data) == "&lt;evil&gt; x"
    assert render('{{lookup this "__class__"}}', data) == "&lt;evil&gt;"


def test_errors_are_value_errors() -> None:
    assert issubclass(TemplateError, ValueError)
