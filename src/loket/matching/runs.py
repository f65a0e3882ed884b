"""Batch runs as the command, the pages and the API start them: a MatchRun, its progress and its result file.

The batch itself (``batch.py``) knows nothing of the database; this module
reads the index, records progress on the run while Dask works, and stores the
top lists under ``LOKET_MATCH_RESULTS_DIR`` (default ``var/matches/``).
"""

import logging
import os
import time
from datetime import timedelta
from pathlib import Path

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from loket.tasks import InProcessTasks

from . import batch
from .index import build_index
from .models import MatchRun

logger = logging.getLogger(__name__)

MAX_WORKERS = 64
MAX_LIMIT = 100
# A run that has written no progress for this long died with its process (a restart, an out-of-memory kill).
STALE_AFTER = timedelta(minutes=15)
ACTIVE = (MatchRun.Status.QUEUED, MatchRun.Status.RUNNING)

_tasks = InProcessTasks("match-run", lambda run_id: execute(MatchRun.objects.get(pk=run_id)))


def results_dir():
    configured = getattr(settings, "LOKET_MATCH_RESULTS_DIR", "")
    return Path(configured) if configured else Path(settings.VAR_DIR) / "matches"


def default_workers():
    return int(getattr(settings, "LOKET_MATCH_WORKERS", 0) or os.cpu_count() or 1)


def close_stale_runs():
    """Mark runs that stopped reporting as failed, so a new run can start."""
    return MatchRun.objects.filter(status__in=ACTIVE, updated_at__lt=timezone.now() - STALE_AFTER).update(
        status=MatchRun.Status.FAILED,
        stage=MatchRun.Stage.FINISHED,
        finished_at=timezone.now(),
        error=_("Afgebroken: de run gaf al %(minutes)s minuten geen voortgang meer; het proces is waarschijnlijk gestopt.")
        % {"minutes": int(STALE_AFTER.total_seconds() // 60)},
    )


def create_run(user=None, workers=None, limit=batch.DEFAULT_LIMIT, scheduler=None):
    """A queued run, or ValidationError (a message per field) when the input is wrong or a run is already going."""
    scheduler = settings.LOKET_DASK_SCHEDULER if scheduler is None else scheduler
    workers = default_workers() if workers is None else workers
    errors = {}
    if not scheduler and not (1 <= workers <= MAX_WORKERS):
        errors["workers"] = _("Kies 1 tot %(max)s workers.") % {"max": MAX_WORKERS}
    if not (1 <= limit <= MAX_LIMIT):
        errors["limit"] = _("Kies 1 tot %(max)s vacatures per persoon.") % {"max": MAX_LIMIT}
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        close_stale_runs()
        if MatchRun.objects.select_for_update().filter(status__in=ACTIVE).exists():
            raise ValidationError(_("Er loopt al een matchrun. Wacht tot die klaar is."))
        return MatchRun.objects.create(
            started_by=user if user is not None and user.is_authenticated else None,
            workers=0 if scheduler else workers,
            scheduler=scheduler,
            limit=limit,
        )


class RunProgress:
    """Progress written to the run (at most once per *every* seconds), and passed on to *echo* (a console bar)."""

    def __init__(self, run, echo=None, every=1.0):
        self.run, self.echo, self.every = run, echo, every
        self.written_at = 0.0

    def _write(self, force=False):
        now = time.monotonic()
        if force or now - self.written_at >= self.every:
            MatchRun.objects.filter(pk=self.run.pk).update(done=self.run.done, total=self.run.total, updated_at=timezone.now())
            self.written_at = now

    def start(self, label, total, unit="it"):
        self.run.done, self.run.total = 0, total
        self._write(force=True)
        if self.echo:
            self.echo.start(label, total, unit)

    def advance(self, amount=1):
        self.run.done += amount
        self._write(force=self.run.done >= self.run.total)
        if self.echo:
            self.echo.advance(amount)

    def finish(self):
        self._write(force=True)
        if self.echo:
            self.echo.finish()


def _stage(run, stage, **fields):
    run.stage = stage
    for name, value in fields.items():
        setattr(run, name, value)
    run.save()


def execute(run, progress=None, client=None):
    """Do the run in this thread: read the index, match on Dask, store the file; failures end up on the run.

    *progress*: a console progress bar to show as well; *client*: an open Dask client to use.
    """
    started = time.perf_counter()
    _stage(run, MatchRun.Stage.INDEX, status=MatchRun.Status.RUNNING, started_at=timezone.now(), error="")
    try:
        index = build_index(progress=progress)
        _stage(
            run,
            MatchRun.Stage.MATCHING,
            persons=len(index.people),
            vacancies=len(index.vacancies),
            total=len(index.people),
            index_seconds=round(index.seconds, 2),
        )
        data = batch.batch_data(index.people, index.vacancies, index.places)
        del index  # the batch's arrays are copies; the index's matrices can go before the workers get theirs
        result = batch.run(
            data,
            workers=run.workers or None,
            scheduler=run.scheduler,
            limit=run.limit,
            progress=RunProgress(run, progress),
            client=client,
        )
        _stage(run, MatchRun.Stage.SAVING, workers=result.workers or run.workers)
        directory = results_dir()
        directory.mkdir(parents=True, exist_ok=True)
        name = f"run-{run.pk}.npz"
        result.save(directory / name)
        run.result_file = name
        run.people_with_good_match = result.people_with_a_good_match()
        run.vacancies_in_top = result.vacancies_in_a_top_list()
        run.status = MatchRun.Status.DONE
    except KeyboardInterrupt:
        run.status = MatchRun.Status.FAILED
        run.error = _("Afgebroken door de gebruiker.")
        raise
    except Exception as error:
        logger.exception("match run %s failed", run.pk)
        run.status = MatchRun.Status.FAILED
        run.error = _("Fout bij de stap “%(stage)s”: %(error)s") % {
            "stage": run.get_stage_display(),
            "error": f"{type(error).__name__}: {error}",
        }
    finally:
        run.stage = MatchRun.Stage.FINISHED
        run.finished_at = timezone.now()
        run.seconds = round(time.perf_counter() - started, 2)
        run.save()
    return run


def start_in_background(run):
    """Start *run* in a thread of this process (the embedded default, for the page and the API)."""
    return _tasks.start(run.pk)


def wait(run_id, timeout=None):
    """Wait for a run started in this process to finish (tests, and a server shutting down politely)."""
    _tasks.wait(run_id, timeout)


def load_result(run):
    """The stored top lists of a finished run (a BatchResult), or None when it has none."""
    if run.status != MatchRun.Status.DONE or not run.result_file:
        return None
    path = results_dir() / run.result_file
    return batch.BatchResult.load(path) if path.exists() else None


def latest_result():
    """The top lists of the newest finished run, for notifications and the dashboard."""
    run = MatchRun.objects.filter(status=MatchRun.Status.DONE).exclude(result_file="").first()
    return (run, load_result(run)) if run else (None, None)
