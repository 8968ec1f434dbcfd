"""``trunkline script run FILE.js`` as a developer runs it: a real subprocess, outside any
app and any database; the returned JSON on stdout, console output on stderr, exit codes
0 (returned), 3 (rejected), 1 (script error or limit), 2 (bad usage)."""

from __future__ import annotations

import asyncio
import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from tests.scriptforge.conftest import FIXTURES, LocalHttp

ROOT = Path(__file__).resolve().parents[2]
COMMAND = [sys.executable, "-m", "runtime", "script", "run"]

MAIN = """\
import { twice } from './helpers'
import { kv, incr } from 'cxKV'

export async function main(data) {
  console.log('got', data)
  console.warn('careful')
  await kv.set('seen', String(data.n))
  return { doubled: twice(data.n), seen: await kv.get('seen'), count: await incr('c', 2),
           env: process.env.GREETING ?? null, host: typeof process.env.EXEC_HOST }
}

export function other(data) { return ['other', data] }
export function reject() { throw new Error('480 Disallowed by Date/Time Restriction') }
export function rejectArray() { return Promise.reject([604, 'Number on DNC List']) }
export function broken() {
  const config = null
  return config.value
}
export function spin() { while (true) {} }
export function envs() { return process.env }
"""


@pytest.fixture
def project(tmp_path: Path) -> Path:
    folder = tmp_path / "project"
    folder.mkdir()
    (folder / "main.js").write_text(MAIN)
    (folder / "helpers.js").write_text("export const twice = (n) => n * 2\n")
    return folder


def clean_env(tmp_path: Path) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("TRUNKLINE_")}
    env["TRUNKLINE_DATA_DIR"] = str(tmp_path)
    env["PYTHONPATH"] = str(ROOT)
    return env


def trunkline(tmp_path: Path, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [*COMMAND, *args],
        cwd=tmp_path,
        env=clean_env(tmp_path),
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )


def test_returned_json_on_stdout_and_console_on_stderr(tmp_path: Path, project: Path) -> None:
    done = trunkline(
        tmp_path, str(project / "main.js"), "--data", '{"n": 21}', "--env", "GREETING=hi there"
    )

    assert done.returncode == 0, done.stderr
    assert json.loads(done.stdout) == {
        "doubled": 42,
        "seen": "21",
        "count": 2,
        "env": "hi there",
        "host": "string",
    }
    assert done.stderr.splitlines() == ['got {"n":21}', "[warn] careful"]


@pytest.mark.parametrize(
    ("args", "expected"),
    [
        (["--function", "other", "--data", "[1, 2]"], ["other", [1, 2]]),
        (["-f", "other"], ["other", {}]),
        (["--function", "envs", "--env", "A=1", "--env", "B=x=y"], None),
    ],
)
def test_function_data_and_env_options(
    tmp_path: Path, project: Path, args: list[str], expected: Any
) -> None:
    done = trunkline(tmp_path, str(project / "main.js"), *args)

    assert done.returncode == 0, done.stderr
    result = json.loads(done.stdout)
    if expected is not None:
        assert result == expected
    else:
        assert (result["A"], result["B"]) == ("1", "x=y")
        assert "SCRIPTFORGE_ID" not in result  # outside any app


@pytest.mark.parametrize(
    ("function", "code", "reason"),
    [
        ("reject", 480, "Disallowed by Date/Time Restriction"),
        ("rejectArray", 604, "Number on DNC List"),
    ],
)
def test_a_rejection_prints_code_and_reason_and_exits_3(
    tmp_path: Path, project: Path, function: str, code: int, reason: str
) -> None:
    done = trunkline(tmp_path, str(project / "main.js"), "--function", function)

    assert done.returncode == 3, done.stderr
    assert json.loads(done.stdout) == {"code": code, "reason": reason}


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--function", "broken"], "trunkline: error: cannot read property 'value' of null (main:"),
        (["--function", "spin", "--cpu-ms", "200"], "trunkline: timeout: CPU time limit exceeded"),
        (["--function", "missing"], "has no function 'missing'"),
    ],
)
def test_errors_and_timeouts_print_the_message_and_exit_1(
    tmp_path: Path, project: Path, args: list[str], message: str
) -> None:
    done = trunkline(tmp_path, str(project / "main.js"), *args)

    assert done.returncode == 1, (done.stdout, done.stderr)
    assert done.stdout == ""
    assert message in done.stderr


def test_the_error_names_script_and_line(tmp_path: Path, project: Path) -> None:
    done = trunkline(tmp_path, str(project / "main.js"), "--function", "broken")
    line = MAIN.splitlines().index("  return config.value") + 1
    assert f"(main:{line}:10)" in done.stderr


@pytest.mark.parametrize(
    "args",
    [
        ["--data", "{not json"],
        ["--env", "NOEQUALS"],
        ["--cpu-ms", "0"],
    ],
)
def test_bad_usage_exits_2(tmp_path: Path, project: Path, args: list[str]) -> None:
    done = trunkline(tmp_path, str(project / "main.js"), *args)

    assert done.returncode == 2, (done.stdout, done.stderr)
    assert done.stdout == ""
    assert "Error" in done.stderr


def test_a_missing_file_is_bad_usage(tmp_path: Path) -> None:
    done = trunkline(tmp_path, str(tmp_path / "nope.js"))
    assert done.returncode == 2
    assert "nope.js" in done.stderr


def test_a_connexcs_fixture_runs_with_its_sibling(tmp_path: Path) -> None:
    """sip-headers.js requires routing-helpers.js from the same folder."""
    data = {"routing": {"account_id": 7, "cli": "100", "egress_routing": [{"headers": []}]}}

    done = trunkline(tmp_path, str(FIXTURES / "sip-headers.js"), "--data", json.dumps(data))

    assert done.returncode == 0, done.stderr
    [route] = json.loads(done.stdout)["routing"]["egress_routing"]
    assert {h["key"] for h in route["headers"]} == {
        "X-Account-ID",
        "X-Routed-At",
        "P-Asserted-Identity",
    }


def test_a_fixture_rejection_from_the_command_line(tmp_path: Path) -> None:
    data = {"schedule": {"week": "9-17"}, "now": "2026-05-09T12:00:00Z"}  # a Saturday

    done = trunkline(
        tmp_path, str(FIXTURES / "time-of-day-restriction.js"), "--data", json.dumps(data)
    )

    assert done.returncode == 3, done.stderr
    assert json.loads(done.stdout) == {
        "code": 480,
        "reason": "Disallowed by Date/Time Restriction",
    }


async def test_fetch_from_the_command_line_reaches_any_host(
    tmp_path: Path, http_server: LocalHttp
) -> None:
    """No allow-list on the developer's own machine (the server runs in this event loop,
    so the command runs as an asyncio subprocess)."""
    http_server.body = b'{"rate": 0.01}'
    script = tmp_path / "rates.js"
    script.write_text(
        "export async function main(d) {\n"
        "  const response = await fetch(d.url, { headers: { 'X-From': 'cli' } })\n"
        "  return { status: response.status, body: await response.json() }\n"
        "}\n"
    )
    process = await asyncio.create_subprocess_exec(
        *COMMAND,
        str(script),
        "--data",
        json.dumps({"url": http_server.url + "/rates"}),
        cwd=tmp_path,
        env=clean_env(tmp_path),
        stdout=asyncio.subprocess.PIPE,
        stderr=asyncio.subprocess.PIPE,
    )
    stdout, stderr = await asyncio.wait_for(process.communicate(), 60)

    assert process.returncode == 0, stderr.decode()
    assert json.loads(stdout) == {"status": 200, "body": {"rate": 0.01}}
    [request] = http_server.requests
    assert (request.path, request.headers["x-from"]) == ("/rates", "cli")
