"""``trunkline connexml ...``: check (and, next, simulate) ConneXML documents."""

from __future__ import annotations

import sys
from pathlib import Path

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
