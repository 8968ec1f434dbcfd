"""``trunkline audio ...``: the built-in prompts."""

from __future__ import annotations

import asyncio

import click


@click.group("audio")
def audio_group() -> None:
    """Audio for calls: the built-in ivr/ prompts."""


@audio_group.command("prompts")
@click.option("--list", "listing", is_flag=True, help="Only list the prompts and their state.")
def prompts_command(listing: bool) -> None:
    """Make the built-in ivr/ prompts missing from the data directory (espeak-ng and sox;
    safe to run again), then list them: source, seconds, what it is."""
    from runtime.cli import fail, settings_or_exit
    from runtime.errors import TrunklineError
    from telephony.media import prompts
    from telephony.media.audio import wav_seconds

    data_dir = settings_or_exit().data_dir
    if not listing:
        try:
            made = asyncio.run(prompts.ensure_prompts(data_dir))
        except (TrunklineError, RuntimeError, OSError) as exc:
            fail(f"cannot make the prompts: {getattr(exc, 'message', exc)}")
            return
        click.echo(f"{len(made)} prompt(s) made in {prompts.prompt_dir(data_dir)}", err=True)
    for prompt in prompts.PROMPTS.values():
        path = prompts.prompt_path(data_dir, prompt)
        seconds = f"{wav_seconds(path):6.2f}s" if path.is_file() else "missing"
        click.echo(f"{prompt.source:<52} {seconds:>8}  {prompt.description}")
