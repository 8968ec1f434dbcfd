"""``POST /api/v1/scripts/{script}/run``: run a script from the IDE or a client, with test
input, and get the result, the captured logs and the timing back (whatever the outcome)."""

from __future__ import annotations

from typing import Any

from pydantic import BaseModel, ConfigDict, Field

from runtime.api.framework import Api, Call
from runtime.auth.permissions import Permission
from scriptforge.invoke import invoke
from scriptforge.models import RunTrigger
from scriptforge.services.scripts import get_script

api = Api()


class RunInput(BaseModel):
    model_config = ConfigDict(extra="forbid")
    function: str | None = Field(
        None,
        pattern=r"^[A-Za-z_$][A-Za-z0-9_$]{0,99}$",
        description="exported function; default main (or default)",
    )
    data: Any = Field(None, description="the function's argument")
    vars: dict[str, str] = Field(
        default_factory=dict, description="environment variables for this run only"
    )


class RunOutput(BaseModel):
    run_id: int
    status: str = Field(description="ok, rejected, error, timeout, memory")
    result: Any = None
    error: dict[str, Any] | None = None
    logs: list[dict[str, Any]]
    logs_dropped: int
    cpu_ms: float
    wall_ms: float
    memory: int


@api.route(
    "POST",
    "/scripts/{script}/run",
    name="scripts.run",
    permission=Permission.APPS_WRITE,
    body=RunInput,
    response=RunOutput,
    tag="scriptforge",
    errors=(404,),
)
async def run_script(call: Call) -> RunOutput:
    """Run a script's function with test input; always answers with the outcome."""
    body: RunInput = call.body
    script = await get_script(call.path["script"])
    outcome, run = await invoke(
        call.request.app,
        script,
        function=body.function,
        data=body.data,
        trigger=RunTrigger.API,
        caller=call.actor.name,
        env_overrides=body.vars,
        draft=True,  # trying a script (the IDE) runs the draft, not the live version
    )
    return RunOutput(
        run_id=run.id,
        status=outcome.status,
        result=outcome.result,
        error=outcome.error,
        logs=outcome.logs,
        logs_dropped=outcome.logs_dropped,
        cpu_ms=outcome.cpu_ms,
        wall_ms=outcome.wall_ms,
        memory=outcome.memory,
    )
