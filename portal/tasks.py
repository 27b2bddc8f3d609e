"""Background work: Django's task framework, made durable, retried and scheduled.

The API is Django 6's `django.tasks` (on 5.2 the `django-tasks` backport), so the code moves to
Django 6 by changing the imports below. The queue is the database backend of `django-tasks-db`:

- durable: a job is a row; it survives a restart of the web server or the worker;
- transactional: `enqueue()` writes that row in the caller's transaction, so a job exists exactly
  when the change that asked for it commits (no job for a rolled-back change, none lost between a
  commit and a separate enqueue);
- no broker to run: the worker is `manage.py db_worker`, started with the web server by `make run`.

What the framework leaves to us, and this module adds:

- `background(...)`: declares a task with a retry policy. A failed attempt is put back in the queue
  after an exponential back-off (30 s, 1 min, 2 min, ... up to an hour) until its attempts run out;
  then it stays failed, visible to the secretariat in admin, which can run it again.
- `periodic`: the schedule (digests, clean-ups). `manage.py run_schedule` enqueues what is due,
  once per slot even when run by cron and by `make run` at once, because it looks at the queue itself.
"""
import logging
from dataclasses import dataclass
from datetime import timedelta

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

# On Django 6: from django.tasks import TaskResultStatus, task; from django.tasks.signals import task_finished
from django_tasks import TaskResultStatus, task
from django_tasks.signals import task_finished

logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class RetryPolicy:
    attempts: int = 8  # 30 s, 1, 2, 4, 8, 16, 32 min: a mail server may be down for an hour
    first_delay: timedelta = timedelta(seconds=30)
    longest_delay: timedelta = timedelta(hours=1)

    def delay_after(self, attempt):
        """The wait before attempt `attempt + 1`."""
        return min(self.first_delay * 2 ** (attempt - 1), self.longest_delay)


# Task path (module.function) -> RetryPolicy and -> label for admin, filled by `background`.
retry_policies = {}
task_labels = {}


def background(function=None, *, label=None, attempts=RetryPolicy.attempts, first_delay=RetryPolicy.first_delay,
               priority=0, queue_name="default"):
    """A task (Django's `@task`) whose failed attempts are retried with back-off.

    Use for work that may fail for a while and succeed later (a mail server, a converter).
    The function's arguments must be JSON: pass ids, not model instances."""

    def decorate(func):
        declared = task(priority=priority, queue_name=queue_name)(func)
        retry_policies[declared.module_path] = RetryPolicy(attempts=attempts, first_delay=first_delay)
        if label is not None:
            task_labels[declared.module_path] = label
        return declared

    return decorate(function) if function is not None else decorate


def _queued_row(task_result):
    # The database backend's result carries its row; another backend (e.g. the immediate one a
    # developer might configure) has none, and then there is nothing to put back in a queue.
    return getattr(task_result, "db_result", None)


def retry_failed_attempt(sender, task_result, **kwargs):
    """Connected to `task_finished`: a failed attempt with attempts left goes back in the queue,
    to run after its back-off. Its last error stays on the row, so admin shows why it is waiting."""
    row = _queued_row(task_result)
    policy = retry_policies.get(task_result.task.module_path)
    if row is None or policy is None or task_result.status != TaskResultStatus.FAILED:
        return
    attempt = len(row.worker_ids)
    if attempt >= policy.attempts:
        logger.error("Task %s (%s) failed %d times; it stays failed.", row.task_path, row.id, attempt)
        return
    delay = policy.delay_after(attempt)
    type(row).objects.filter(pk=row.pk, status=TaskResultStatus.FAILED).update(
        status=TaskResultStatus.READY, run_after=timezone.now() + delay,
    )
    logger.warning("Task %s (%s) failed (attempt %d of %d); next attempt in %s.",
                   row.task_path, row.id, attempt, policy.attempts, delay)


def run_again(rows):
    """Put finished or waiting jobs back at the front of the queue, with fresh attempts (admin's action)."""
    from django_tasks_db.models import DBTaskResult

    with transaction.atomic():
        return DBTaskResult.objects.filter(pk__in=[row.pk for row in rows]).exclude(
            status=TaskResultStatus.RUNNING,
        ).update(status=TaskResultStatus.READY, run_after=timezone.now(), worker_ids=[], finished_at=None)


def connect_signals():
    task_finished.connect(retry_failed_attempt, dispatch_uid="portal.tasks.retry_failed_attempt")


# The schedule --------------------------------------------------------------------------------------

@dataclass(frozen=True)
class PeriodicJob:
    """A task to enqueue (with no arguments) once per slot: every day at `hour:minute` (Dubai time),
    or, with `weekday` (0 = Monday), once a week on that day."""

    task: object
    hour: int
    minute: int = 0
    weekday: int = None
    description: str = ""

    def last_slot(self, now):
        """The latest time at or before `now` when this job was due."""
        local = timezone.localtime(now)
        slot = local.replace(hour=self.hour, minute=self.minute, second=0, microsecond=0)
        if self.weekday is None:
            return slot if slot <= local else slot - timedelta(days=1)
        slot -= timedelta(days=(local.weekday() - self.weekday) % 7)
        return slot if slot <= local else slot - timedelta(days=7)

    def cron_line(self):
        weekday = "*" if self.weekday is None else str((self.weekday + 1) % 7)  # cron: 0 = Sunday
        return f"{self.minute} {self.hour} * * {weekday}"


class Schedule:
    def __init__(self):
        self._jobs = {}

    def register(self, name, job):
        self._jobs[name] = job

    def items(self):
        return sorted(self._jobs.items())

    def enqueue_due(self, now=None):
        """Enqueue every job whose latest slot has no job in the queue yet; returns their names.

        The queue is the record: a job enqueued at or after its slot's start means the slot is
        served, whoever enqueued it, so a restart, a second scheduler or cron never doubles it."""
        from django_tasks_db.models import DBTaskResult

        now = now or timezone.now()
        enqueued = []
        for name, job in self.items():
            slot = job.last_slot(now)
            with transaction.atomic():
                _lock_schedule(name)
                served = DBTaskResult.objects.filter(task_path=job.task.module_path, enqueued_at__gte=slot).exists()
                if not served:
                    job.task.enqueue()
                    enqueued.append(name)
        return enqueued


def _lock_schedule(name):
    """Two schedulers checking the same job wait for each other (PostgreSQL; SQLite writes one at a time)."""
    from django.db import connection

    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_advisory_xact_lock(hashtext(%s))", [f"portal.schedule.{name}"])


periodic = Schedule()


@background(label=_("Remove old finished jobs"), attempts=3)
def prune_task_results():
    """Finished jobs are kept for a while for the secretariat to look at, then removed."""
    from django_tasks_db.models import DBTaskResult

    now = timezone.now()
    done, _ = DBTaskResult.objects.filter(
        status=TaskResultStatus.SUCCESSFUL, finished_at__lt=now - timedelta(days=14),
    ).delete()
    failed, _ = DBTaskResult.objects.filter(
        status=TaskResultStatus.FAILED, finished_at__lt=now - timedelta(days=90),
    ).delete()
    return {"successful_removed": done, "failed_removed": failed}


periodic.register("prune_task_results", PeriodicJob(
    prune_task_results, hour=3, minute=30, weekday=5, description="Remove old finished jobs (Saturday 03:30)",
))
