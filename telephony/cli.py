"""``trunkline connexml ...``: check and simulate ConneXML documents."""

from __future__ import annotations

import asyncio
import dataclasses
import sys
from pathlib import Path
from typing import Any

import click


def _fail(message: str) -> None:
    click.echo(f"trunkline: error: {message}", err=True)
    sys.exit(1)


@click.group("connexml")
def connexml_group() -> None:
    """Check and simulate ConneXML documents."""


@connexml_group.command("check")
@click.argument("file", metavar="FILE")
def check_command(file: str) -> None:
    """Check the ConneXML document FILE ("-" reads standard input).

    Prints one line per problem, in document order: "LINE:COL: message" for an error,
    "LINE:COL: warning: message" for a warning (e.g. a TwiML attribute Trunkline ignores).
    Prints nothing for a clean document. Exits 1 if there is any error, 0 otherwise
    (warnings alone exit 0).
    """
    from telephony.connexml.nodes import Severity
    from telephony.connexml.parser import check

    try:
        data = sys.stdin.buffer.read() if file == "-" else Path(file).read_bytes()
    except OSError as exc:
        _fail(f"cannot read {file}: {exc.strerror or exc}")
        return
    problems = check(data)
    for problem in problems:
        click.echo(str(problem))
    if any(p.severity is Severity.ERROR for p in problems):
        sys.exit(1)


def _variables(pairs: tuple[str, ...]) -> dict[str, str]:
    out = {}
    for pair in pairs:
        name, eq, value = pair.partition("=")
        if not eq or not name:
            _fail(f"--var {pair!r}: expected NAME=VALUE")
        out[name] = value
    return out


@connexml_group.command("simulate")
@click.argument("file", metavar="FILE", required=False)
@click.option(
    "--did", "did", metavar="NUMBER", help="Simulate a call to this DID (needs the database)."
)
@click.option(
    "--digits", default="", help='Caller keys per collection, e.g. "1,,23#" ("" = time-out).'
)
@click.option(
    "--dial-result",
    type=click.Choice(["answered", "busy", "no-answer", "failed"]),
    default="answered",
    show_default=True,
    help="What every dialled party does.",
)
@click.option("--hangup-at", type=float, metavar="SECONDS", help="The caller hangs up then.")
@click.option("--from", "caller", metavar="N", default="", help="The caller's number (From).")
@click.option("--to", "called", metavar="N", default="", help="The number called (To).")
@click.option("--var", "var_pairs", multiple=True, metavar="K=V", help="A call variable (repeat).")
@click.option("--at", "at", metavar="ISO-TIME", help="Start of the virtual clock (default: now).")
@click.option("--tz", "tz", default="UTC", show_default=True, help="Zone for time conditions.")
@click.option("--url", default="", help="FILE's own URL: relative action URLs resolve against it.")
def simulate_command(
    file: str | None,
    did: str | None,
    digits: str,
    dial_result: str,
    hangup_at: float | None,
    caller: str,
    called: str,
    var_pairs: tuple[str, ...],
    at: str | None,
    tz: str,
    url: str,
) -> None:
    """Simulate a call running FILE (ConneXML, "-" for standard input, or a .js voice
    script) or reaching the DID NUMBER, on a virtual clock.

    Prints the transcript, one JSON object per line: {"t": seconds, "event": name, ...}.
    Webhooks go to the document's URLs, any host allowed (loopback included). A document
    with errors prints them as "check" does and exits 1.
    """
    from telephony.simulate import SimulationRequest

    if (file is None) == (did is None):
        _fail("give either FILE or --did NUMBER")
    options: dict[str, Any] = {
        "digits": digits,
        "dial_result": dial_result,
        "hangup_at": hangup_at,
        "caller": caller,
        "called": called,
        "variables": _variables(var_pairs),
        "at": at,
        "timezone": tz,
        "allow": None,
    }
    if did is not None:
        request = SimulationRequest(did=did, **options)
        _print(_simulate_did(request))
        return
    assert file is not None
    try:
        data = sys.stdin.buffer.read() if file == "-" else Path(file).read_bytes()
    except OSError as exc:
        _fail(f"cannot read {file}: {exc.strerror or exc}")
        return
    if file.endswith(".js"):
        request = SimulationRequest(
            script=data.decode("utf-8", "replace"), script_name=Path(file).name, **options
        )
    else:
        request = SimulationRequest(document=data, url=url, **options)
    _print(_run(dataclasses.replace(request, media=_local_media(file))))


def _run(request: Any) -> Any:
    from runtime.errors import TrunklineError
    from telephony.simulate import simulate

    try:
        return asyncio.run(simulate(request))
    except TrunklineError as exc:
        _fail(exc.message)


def _local_media(file: str) -> Any:
    """Audio for a file's simulation: files beside the document (``user/x.wav`` as
    ``<its directory>/user/x.wav``), then the data directory's built-in ``ivr/`` prompts."""
    from runtime.settings import SettingsError, load_settings
    from telephony.calls.simulated import Media, directory_resolver
    from telephony.media import chain, resolver_for

    beside = directory_resolver(Path.cwd() if file == "-" else Path(file).parent)
    try:
        data_dir = load_settings().data_dir
    except SettingsError:
        return Media(beside)
    return Media(chain(beside, resolver_for(data_dir)))


def _simulate_did(request: Any) -> Any:
    from runtime import db
    from runtime.cli import settings_or_exit
    from runtime.errors import TrunklineError
    from telephony.simulate import simulate

    settings = settings_or_exit()
    request = dataclasses.replace(request, storage=settings.data_dir, audio=settings.data_dir)

    async def body() -> Any:
        async with db.open_database(settings.resolved_database_url, shared=False):
            return await simulate(request)

    try:
        return asyncio.run(body())
    except TrunklineError as exc:
        _fail(exc.message)
    except (OSError, ConnectionError) as exc:
        _fail(f"database unreachable: {exc}")


def _print(result: Any) -> None:
    # Errors go to stdout as "check" prints them (nothing else is printed then); warnings
    # of a document that ran go to stderr, keeping stdout one JSON object per line.
    for problem in result.problems:
        click.echo(str(problem), err=not result.failed)
    if result.failed:
        sys.exit(1)
    if result.transcript is not None and len(result.transcript):
        click.echo(result.transcript.to_jsonl())
