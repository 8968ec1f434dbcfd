"""Variable substitution in ConneXML text and attributes (spec §3.3)."""

from __future__ import annotations

import pytest

from telephony.connexml.variables import (
    field_value,
    has_template,
    substitute,
    substring,
    template_problems,
)

CALL = {
    "address": "10 Downing Street",
    "newHome": "10 Downing Street",
    "x-name": "Joe",
    "Extension": "1234567890",
    "short": "abc",
    "gather_result": "1",
    "sip.from": "alice",
    "From": "+441234",
    "from": "lowercase",
    "empty": "",
}


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # plain text comes back as it is (plain words are not variables)
        ("Hello world", "Hello world"),
        ("address", "address"),
        ("", ""),
        # {{var}}, with and without spaces inside
        ("{{address}}", "10 Downing Street"),
        ("Hello my name is {{newHome}}", "Hello my name is 10 Downing Street"),
        ("{{ x-name }}", "Joe"),
        ("{{x-name}}", "Joe"),
        ("{{\tx-name\n}}", "Joe"),
        ("{{sip.from}}@example.com", "alice@example.com"),
        ("{{address}}/{{x-name}}", "10 Downing Street/Joe"),
        # names are case-sensitive
        ("{{From}} {{from}}", "+441234 lowercase"),
        # ${var}
        ("${gather_result}", "1"),
        ("${ gather_result }", "1"),
        ("digits=${gather_result};", "digits=1;"),
        # unset variables render as empty
        ("[{{nobody}}]", "[]"),
        ("[${nobody}]", "[]"),
        ("[{{empty}}]", "[]"),
        # substring: 0-based offset to the end
        ("{{substring Extension 5}}", "67890"),
        ("{{ substring Extension 5 }}", "67890"),
        ("{{substring Extension 0}}", "1234567890"),
        ("{{substring Extension 9}}", "0"),
        ("{{substring Extension 10}}", ""),
        ("{{substring Extension 500}}", ""),
        ("{{substring short 05}}", ""),
        ("{{substring nobody 2}}", ""),
        ("+1{{substring Extension 7}}", "+1890"),
        # a bad substring offset is left literal, so the mistake shows
        ("{{substring Extension x}}", "{{substring Extension x}}"),
        ("{{substring Extension -1}}", "{{substring Extension -1}}"),
        ("{{substring Extension 1.5}}", "{{substring Extension 1.5}}"),
        ("{{substring Extension}}", "{{substring Extension}}"),
        ("{{substring Extension 1 2}}", "{{substring Extension 1 2}}"),
        # a variable called "substring" is still a variable
        ("{{substring}}", ""),
        # unbalanced and odd braces are literal text
        ("{{address", "{{address"),
        ("address}}", "address}}"),
        ("{address}", "{address}"),
        ("{{address}", "{{address}"),
        ("${address", "${address"),
        ("{{}}", "{{}}"),
        ("{{ }}", "{{ }}"),
        ("{{two words}}", "{{two words}}"),
        ("{{bad/name}}", "{{bad/name}}"),
        ("{{{x-name}}}", "{Joe}"),
        ('{"json": true}', '{"json": true}'),
        ("$address", "$address"),
    ],
)
def test_substitute(text: str, expected: str) -> None:
    assert substitute(text, CALL) == expected


def test_substitution_is_a_single_pass() -> None:
    # A value that looks like a placeholder is inserted as it is, not expanded again.
    assert substitute("{{a}}", {"a": "{{b}}", "b": "secret"}) == "{{b}}"
    assert substitute("${a}", {"a": "${b}", "b": "secret"}) == "${b}"


def test_text_without_braces_is_returned_as_is() -> None:
    text = "no placeholders here at all"
    assert substitute(text, CALL) is text


@pytest.mark.parametrize(
    ("field", "expected"),
    [
        ("${gather_result}", "1"),
        ("{{gather_result}}", "1"),
        ("{{ gather_result }}", "1"),
        ("gather_result", "1"),
        (" gather_result ", "1"),
        ("x-name", "Joe"),
        ("sip.from", "alice"),
        ("nobody", ""),
        ("${nobody}", ""),
        ("{{x-name}}:{{gather_result}}", "Joe:1"),
        ("{{substring Extension 8}}", "90"),
    ],
)
def test_field_value(field: str, expected: str) -> None:
    assert field_value(field, CALL) == expected


@pytest.mark.parametrize(
    ("value", "offset", "expected"),
    [
        ("1234567890", 5, "67890"),
        ("newsetup_160", 9, "160"),
        ("abc", 3, ""),
        ("abc", 4, ""),
        ("", 0, ""),
    ],
)
def test_substring(value: str, offset: int, expected: str) -> None:
    assert substring(value, offset) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("plain", False),
        ("{{x}}", True),
        ("${x}", True),
        ("{{ substring Extension 5 }}", True),
        ("{{x", False),
        ("^\\d{3}$", False),
        ("{{}}", False),
    ],
)
def test_has_template(text: str, expected: bool) -> None:
    assert has_template(text) is expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Hello {{name}} ${x} {{ substring Extension 5 }}", []),
        ("no braces", []),
        ("{{{x}}}", []),
        (
            "{{ substring Extension x }}",
            [
                "substring offset must be a whole number 0 or more, got 'x' "
                "in '{{ substring Extension x }}'"
            ],
        ),
        (
            "{{substring Extension -2}}",
            [
                "substring offset must be a whole number 0 or more, got '-2' "
                "in '{{substring Extension -2}}'"
            ],
        ),
        (
            "a {{two words}} b",
            [
                "'{{two words}}' is not a variable ({{name}}) or "
                "{{ substring NAME OFFSET }}; it is left as literal text"
            ],
        ),
        (
            "{{}} and {{ok}}",
            [
                "'{{}}' is not a variable ({{name}}) or "
                "{{ substring NAME OFFSET }}; it is left as literal text"
            ],
        ),
    ],
)
def test_template_problems(text: str, expected: list[str]) -> None:
    assert template_problems(text) == expected
