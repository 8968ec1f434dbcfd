"""Customer-card builds run in the background, with their progress.

``POST /rate-cards/{id}/build`` and the card page's Build button start
:func:`telephony.rating.build.build` in an asyncio task and answer at once; the job's figures
(prefixes written so far, how many in all) come from the build's progress callback, and its
outcome is the build's report or the error's message::

    queued ──► running ──► done    (report: BuildReport.to_dict())
                      └──► failed  (error: the message; also when cancelled)

**Jobs are per process and in memory.** The registry keeps the latest job of each card
(older ones are forgotten) for as long as the process runs; another process, or this one
after a restart, does not know it (the revision a finished build made is in the database, of
course). One build per card at a time is enforced here, in this process; two processes
building the same card race for the next revision number and the loser fails with a
``Conflict`` (see :func:`~telephony.rating.build.build`).

When the server stops, running builds are cancelled (:meth:`BuildJobs.aclose`): the build
writes its revision, rows, activation and the card's stale flag in one transaction, so a
cancelled build leaves nothing behind.
"""

from __future__ import annotations

import asyncio
import itertools
import logging
from dataclasses import dataclass
from datetime import UTC, datetime
from enum import StrEnum
from typing import Any

from runtime.errors import BadRequest, Conflict, NotFound, TrunklineError
from telephony.rating.build import build
from telephony.rating.models import CardKind, CardParent, RateCard

__all__ = ["BuildJob", "BuildJobs", "JobStatus", "build_jobs"]

log = logging.getLogger(__name__)


class JobStatus(StrEnum):
    QUEUED = "queued"
    RUNNING = "running"
    DONE = "done"
    FAILED = "failed"


@dataclass
class BuildJob:
    """One build of one card: its figures while it runs, its report or error after."""

    id: int
    card_id: int
    card_name: str
    date_live: datetime | None = None
    status: JobStatus = JobStatus.QUEUED
    #: Prefixes written so far, and how many there are (0 until the merge has counted).
    done: int = 0
    total: int = 0
    started_at: datetime | None = None
    finished_at: datetime | None = None
    report: dict[str, Any] | None = None
    error: str | None = None

    @property
    def active(self) -> bool:
        return self.status in (JobStatus.QUEUED, JobStatus.RUNNING)

    @property
    def percent(self) -> float:
        """0-100, one decimal; 100 once done."""
        if self.status is JobStatus.DONE:
            return 100.0
        if not self.total:
            return 0.0
        return round(min(100.0, 100 * self.done / self.total), 1)

    def progress(self, done: int, total: int) -> None:
        """The build's callback."""
        self.done, self.total = done, total

    def as_dict(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "card": self.card_id,
            "status": self.status.value,
            "done": self.done,
            "total": self.total,
            "percent": self.percent,
            "date_live": self.date_live,
            "started_at": self.started_at,
            "finished_at": self.finished_at,
            "report": self.report,
            "error": self.error,
        }


class BuildJobs:
    """The process's builds: the latest job per card, and the tasks of those running
    (referenced here, so that they are not garbage-collected mid-way)."""

    def __init__(self) -> None:
        self._latest: dict[int, BuildJob] = {}
        self._tasks: dict[int, asyncio.Task[None]] = {}
        self._ids = itertools.count(1)

    def latest(self, card_id: int) -> BuildJob | None:
        return self._latest.get(card_id)

    def get(self, card: RateCard) -> BuildJob:
        """The card's latest job, else :class:`NotFound`."""
        job = self._latest.get(card.id)
        if job is None:
            raise NotFound(f"No build of rate card {card.name!r} since the server started")
        return job

    async def start(self, card: RateCard, *, date_live: datetime | None = None) -> BuildJob:
        """Queue a build of customer ``card`` (live at ``date_live``, else at once) and
        return its job; ``Conflict`` while one of the card runs, ``BadRequest`` for a
        provider card or a card without parents."""
        if card.kind != CardKind.CUSTOMER:
            raise BadRequest(f"{card.name} is a provider card; only customer cards are built")
        if not await CardParent.exists(card_id=card.id):
            raise BadRequest(f"{card.name} has no parent card to build from")
        # From here to the task's creation nothing awaits: a second request cannot slip in.
        running = self._latest.get(card.id)
        if running is not None and running.active:
            raise Conflict(
                f"Build {running.id} of rate card {card.name!r} is {running.status.value} "
                f"({running.percent}%); wait for it to finish",
                {"job": {"id": running.id, "status": running.status.value}},
            )
        job = BuildJob(next(self._ids), card.id, card.name, date_live)
        self._latest[card.id] = job
        task = asyncio.create_task(self._run(job), name=f"build-card-{card.id}")
        self._tasks[card.id] = task
        task.add_done_callback(lambda done: self._forget(job, done))
        return job

    def _forget(self, job: BuildJob, task: asyncio.Task[None]) -> None:
        if self._tasks.get(job.card_id) is task:
            del self._tasks[job.card_id]
        if job.active:  # cancelled before it began to run
            self._finish(job, error="cancelled before it started; nothing was written")

    async def _run(self, job: BuildJob) -> None:
        job.status, job.started_at = JobStatus.RUNNING, datetime.now(UTC)
        try:
            card = await RateCard.get_or_none(id=job.card_id)
            if card is None:
                raise NotFound(f"Rate card {job.card_name!r} was deleted")
            report = await build(
                card, now=datetime.now(UTC), date_live=job.date_live, progress=job.progress
            )
        except asyncio.CancelledError:
            self._finish(job, error="cancelled (the server stopped); nothing was written")
            log.warning("build %s of rate card %s cancelled", job.id, job.card_name)
            raise
        except TrunklineError as exc:
            self._finish(job, error=exc.message)
            log.info("build %s of rate card %s refused: %s", job.id, job.card_name, exc.message)
        except Exception as exc:  # the job records why; the server keeps serving
            self._finish(job, error=f"unexpected error: {exc} (see the server log)")
            log.exception("build %s of rate card %s failed", job.id, job.card_name)
        else:
            job.report = report.to_dict()
            job.done = job.total = report.prefixes
            self._finish(job)

    @staticmethod
    def _finish(job: BuildJob, *, error: str | None = None) -> None:
        job.status = JobStatus.FAILED if error is not None else JobStatus.DONE
        job.error = error
        job.finished_at = datetime.now(UTC)

    async def wait(self, card_id: int) -> BuildJob | None:
        """The card's latest job, once it has finished."""
        task = self._tasks.get(card_id)
        if task is not None:
            await asyncio.wait([task])
        return self._latest.get(card_id)

    async def aclose(self) -> None:
        """Cancel the running builds and wait for them to stop."""
        tasks = list(self._tasks.values())
        for task in tasks:
            task.cancel()
        if tasks:
            await asyncio.wait(tasks)


def build_jobs(app: Any) -> BuildJobs:
    """The application's build jobs, created on first use."""
    jobs: BuildJobs | None = getattr(app.state, "build_jobs", None)
    if jobs is None:
        jobs = app.state.build_jobs = BuildJobs()
    return jobs
