"""Audio for calls: uploads converted to telephone WAV (:mod:`~telephony.media.audio`), the
built-in ``ivr/`` prompts (:mod:`~telephony.media.prompts`), the ``user/`` files customers
upload (:mod:`~telephony.media.files`, :mod:`~telephony.media.api`) and where a simulated
call finds them (:mod:`~telephony.media.resolve`)."""

from __future__ import annotations

from telephony.media.resolve import chain, media_for, resolver_for

__all__ = ["chain", "media_for", "resolver_for"]
