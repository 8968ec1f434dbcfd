"""The collector pause of bulk rating work nests, and leaves the collector as it found it."""

from __future__ import annotations

import gc

from telephony.rating.collector import collector_paused


def test_pauses_nest_and_the_collector_comes_back_after_the_last() -> None:
    assert gc.isenabled()
    with collector_paused():
        assert not gc.isenabled()
        with collector_paused():
            assert not gc.isenabled()
        assert not gc.isenabled()  # the outer pause still holds
    assert gc.isenabled()


def test_a_collector_that_was_off_stays_off() -> None:
    gc.disable()
    try:
        with collector_paused():
            pass
        assert not gc.isenabled()
    finally:
        gc.enable()
