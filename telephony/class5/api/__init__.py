"""``/api/v1`` endpoints of Class 5: SIP users, DIDs, voice apps, IVR menus, ring groups,
queues, conference rooms, voicemail boxes and their messages."""

from __future__ import annotations

from runtime.api.framework import Api


def build_api() -> Api:
    """The Class 5 endpoints, for ``Area.api``."""
    from telephony.class5.api import endpoints, ivr

    api = Api()
    api.include(endpoints.api)
    api.include(ivr.api)
    return api
