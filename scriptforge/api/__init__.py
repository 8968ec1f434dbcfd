"""ScriptForge's JSON API under ``/api/v1``: scripts and versions, env vars, KV, jobs,
schedules and runs. Invoking scripts is not here (see the sandbox's routes)."""

from runtime.api.framework import Api


def build_api() -> Api:
    """The ScriptForge endpoints, for ``Area.api``."""
    from scriptforge.api import env, jobs, kv, runs, schedules, scripts

    api = Api()
    for module in (scripts, env, kv, jobs, schedules, runs):
        api.include(module.api)
    return api
