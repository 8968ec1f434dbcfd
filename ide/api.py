"""The IDE's JSON API (filled in by the IDE back end)."""

from __future__ import annotations

from runtime.api.framework import Api

api = Api()
