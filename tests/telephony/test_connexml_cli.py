"""``trunkline connexml check``, run as a real process."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

TRUNKLINE = [sys.executable, "-m", "runtime"]
FIXTURES = Path(__file__).parents[1] / "fixtures" / "connexml"


def trunkline(*args: str, stdin: str = "") -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [*TRUNKLINE, *args],
        input=stdin,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


def test_a_clean_document_prints_nothing_and_exits_0() -> None:
    result = trunkline("connexml", "check", str(FIXTURES / "Gather.xml"))
    assert (result.returncode, result.stdout, result.stderr) == (0, "", "")


@pytest.mark.parametrize(
    ("text", "code", "lines"),
    [
        (
            '<Response>\n  <Pause length="0"/>\n  <Pauses/>\n'
            '  <Dial record="true">1</Dial>\n</Response>',
            1,
            [
                "2:3: Pause length: 0 is out of range 1-180",
                "3:3: unknown element <Pauses>",
                "4:3: warning: Dial record is a TwiML attribute Trunkline does not implement;"
                " it is ignored",
            ],
        ),
        (
            "<Response><Play digits='1'>ivr/x.wav</Play></Response>",
            0,
            [
                "1:11: warning: Play digits is a TwiML attribute Trunkline does not implement;"
                " it is ignored"
            ],
        ),
        ("<Response><Say>unclosed</Response>", 1, ["1:26: XML is not well-formed: mismatched tag"]),
    ],
    ids=["errors-and-warning", "warnings-only", "malformed"],
)
def test_problems_one_per_line(tmp_path: Path, text: str, code: int, lines: list[str]) -> None:
    path = tmp_path / "app.xml"
    path.write_text(text)
    result = trunkline("connexml", "check", str(path))
    assert result.returncode == code, result.stderr
    assert result.stdout.splitlines() == lines
    assert result.stderr == ""


def test_reads_standard_input() -> None:
    result = trunkline("connexml", "check", "-", stdin="<Response><Hangup>x</Hangup></Response>")
    assert result.returncode == 1
    assert result.stdout.splitlines() == ["1:11: Hangup takes no text"]


@pytest.mark.parametrize("name", ["missing.xml", "."])
def test_unreadable_file_fails_with_one_line(tmp_path: Path, name: str) -> None:
    result = trunkline("connexml", "check", str(tmp_path / name))
    assert result.returncode == 1
    assert result.stdout == ""
    lines = result.stderr.splitlines()
    assert len(lines) == 1
    assert lines[0].startswith(f"trunkline: error: cannot read {tmp_path / name}: ")


def test_help_documents_the_output() -> None:
    result = trunkline("connexml", "check", "--help")
    assert result.returncode == 0
    assert "LINE:COL: warning: message" in result.stdout
