"""Bulk rating work with Python's cycle collector paused.

An import or a build allocates millions of short-lived containers (rows, offers, candidate
dicts); each full collection they trigger walks every object the process holds — with a
million-row prefix index in memory, that is most of the work. Nothing they make forms
cycles, so the collector is paused for their few seconds and resumed after. Pauses nest
(a build and an import running at once): the collector comes back when the last one ends,
and only if it was on before the first began.
"""

from __future__ import annotations

import gc
from collections.abc import Iterator
from contextlib import contextmanager

__all__ = ["collector_paused"]

_depth = 0
_was_enabled = True


@contextmanager
def collector_paused() -> Iterator[None]:
    global _depth, _was_enabled
    if _depth == 0:
        _was_enabled = gc.isenabled()
        gc.disable()
    _depth += 1
    try:
        yield
    finally:
        _depth -= 1
        if _depth == 0 and _was_enabled:
            gc.enable()
