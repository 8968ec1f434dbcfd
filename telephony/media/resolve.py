"""Where a played source's audio is, for the simulated call leg's :class:`Media`.

- ``ivr/<name>``: a built-in prompt under ``<data_dir>/audio/ivr/`` (made there the first
  time it is played, if the catalogue knows it; other files an operator put there play too);
- ``user/<name>``: an uploaded :class:`~telephony.class5.models.AudioFile` of the call's
  customer, else a system-wide one (no customer);
- ``voicemail/...``: a recording left in a voicemail box, under the data directory.

Nothing resolves outside those directories (``ivr/../secret.key`` is None). The leg's
resolver is synchronous, so the customer's uploads are read from the database before the
call: ``media = await media_for(data_dir, customer_id)``.
"""

from __future__ import annotations

import logging
from collections.abc import Mapping
from pathlib import Path

from tortoise.expressions import Q

from runtime.errors import TrunklineError
from telephony.calls.simulated import Media, Resolver, directory_resolver
from telephony.class5.models import AudioFile
from telephony.media.prompts import find, make_now, prompt_dir, prompt_path

__all__ = ["chain", "media_for", "resolver_for", "uploads_of"]

log = logging.getLogger(__name__)


def chain(*resolvers: Resolver) -> Resolver:
    """The first answer of ``resolvers``, in order (e.g. the document's directory, then
    the data directory's prompts)."""

    def resolve(source: str) -> Path | None:
        for resolver in resolvers:
            found = resolver(source)
            if found is not None:
                return found
        return None

    return resolve


def resolver_for(data_dir: Path, uploads: Mapping[str, str] | None = None) -> Resolver:
    """Resolve ``ivr/``, ``user/`` and ``voicemail/`` sources in ``data_dir``; ``uploads``
    maps ``user/`` names to paths relative to it (see :func:`uploads_of`)."""
    files = directory_resolver(data_dir / "audio")
    recordings = directory_resolver(data_dir / "voicemail")
    prompts = directory_resolver(prompt_dir(data_dir))
    known = dict(uploads or {})

    def resolve(source: str) -> Path | None:
        prefix, _, name = source.partition("/")
        if prefix == "ivr":
            prompt = find(name)
            if prompt is None:
                return prompts(name)
            path = prompt_path(data_dir, prompt)
            if not path.is_file():
                try:
                    make_now(prompt, path)
                except (TrunklineError, RuntimeError, OSError) as exc:
                    # The call goes on: the leg reports the prompt as not found.
                    log.warning("cannot make the built-in prompt %s: %s", source, exc)
                    return None
            return path
        if prefix == "user":
            relative = known.get(name) or known.get(f"{name}.wav") or ""
            inside, _, rest = relative.partition("/")
            return files(rest) if inside == "audio" and rest else None
        if prefix == "voicemail":
            return recordings(name)
        return None

    return resolve


async def uploads_of(customer_id: int | None) -> dict[str, str]:
    """``{name: path}`` of the audio files a customer's calls may play: the system-wide
    ones, then the customer's own (which win a shared name)."""
    mine = Q(customer_id=None) | Q(customer_id=customer_id) if customer_id else Q(customer_id=None)
    rows = await AudioFile.filter(mine).values_list("name", "path", "customer_id")
    ordered = sorted(rows, key=lambda row: row[2] is not None)
    return {name: path for name, path, _ in ordered}


async def media_for(data_dir: Path, customer_id: int | None = None) -> Media:
    """The :class:`Media` of one simulated call for ``customer_id`` (None: system-wide
    uploads only)."""
    return Media(resolver_for(data_dir, await uploads_of(customer_id)))
