"""ScriptForge operations, without HTTP: what the API, the sandbox and the workers call.

The functions the sandbox and the job/schedule workers use are re-exported here::

    from scriptforge import services
    script = await services.get_script(ref)
    modules = await services.app_scripts(script.app_id)
    env = await services.env_for_scripts(script.app_id)
"""

from scriptforge.services.env import env_for_pages, env_for_scripts, set_env_from_script
from scriptforge.services.jobs import (
    backoff_delay_ms,
    claim_jobs,
    complete_job,
    enqueue_job,
    fail_job,
    normalise_backoff,
    set_job_data,
    set_job_progress,
)
from scriptforge.services.kv import (
    ko_get,
    ko_set,
    kv_delete,
    kv_get,
    kv_incr,
    kv_keys,
    kv_set,
    kv_usage,
)
from scriptforge.services.kv import purge_expired as purge_expired_kv
from scriptforge.services.runs import purge_runs, record_run
from scriptforge.services.schedules import (
    advance_schedule,
    due_schedules,
    mark_schedule_run,
    next_run,
)
from scriptforge.services.scripts import app_scripts, get_script, get_script_by_app_and_name

__all__ = [
    "advance_schedule",
    "app_scripts",
    "backoff_delay_ms",
    "claim_jobs",
    "complete_job",
    "due_schedules",
    "enqueue_job",
    "env_for_pages",
    "env_for_scripts",
    "fail_job",
    "get_script",
    "get_script_by_app_and_name",
    "ko_get",
    "ko_set",
    "kv_delete",
    "kv_get",
    "kv_incr",
    "kv_keys",
    "kv_set",
    "kv_usage",
    "mark_schedule_run",
    "next_run",
    "normalise_backoff",
    "purge_expired_kv",
    "purge_runs",
    "record_run",
    "set_env_from_script",
    "set_job_data",
    "set_job_progress",
]
