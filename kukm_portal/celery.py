"""The Celery app. Tasks are thin wrappers around services; see each app's tasks.py."""

import importlib
import os

from celery import Celery, Task, signals
from django.utils.functional import LazyObject

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "kukm_portal.settings.local")


class SystemActorTask(Task):
    """Every task's writes name an actor in the change history: the `sistem`
    account (a task has no request to take a user from)."""

    def __call__(self, *args, **kwargs):
        from accounts.system_actor import acting_as

        with acting_as():
            return super().__call__(*args, **kwargs)


class DjangoSettings(LazyObject):
    """django.conf.settings as Celery's configuration. Settings that refuse to
    load (a public key with DEBUG off, kukm_portal/settings/public_keys.py) stop
    the worker or beat with one line instead of a traceback."""

    def _setup(self):
        from django.conf import settings

        from kukm_portal.settings.public_keys import PublicKeyInUse

        try:
            settings.INSTALLED_APPS  # noqa: B018 loads them
        except PublicKeyInUse as exc:
            raise SystemExit(f"ImproperlyConfigured: {exc}") from None
        self._wrapped = settings._wrapped


app = Celery("kukm_portal", task_cls=SystemActorTask)
app.config_from_object(DjangoSettings(), namespace="CELERY")
app.autodiscover_tasks()


@signals.after_setup_logger.connect
@signals.after_setup_task_logger.connect
def _mask_nik_in_worker_logs(logger, **kwargs):
    """The worker replaces the root logger's handlers with its own: they get the
    same NIK mask as Django's (settings.LOGGING)."""
    from core.logging import MaskNikFilter

    for handler in logger.handlers:
        if not any(isinstance(f, MaskNikFilter) for f in handler.filters):
            handler.addFilter(MaskNikFilter())


@signals.task_prerun.connect
@signals.task_postrun.connect
def _close_old_connections(task=None, **kwargs):
    """Around a task as around a request: the database connection is kept for
    CONN_MAX_AGE and closed when broken (with CELERY_DB_REUSE_MAX set, Celery no
    longer closes it after every task, so each task does not open its own)."""
    if task is not None and getattr(task.request, "is_eager", False):
        return  # runs inside the caller's connection and transaction
    from django.db import close_old_connections

    close_old_connections()


# What a worker's jobs read files with, loaded once when the worker starts (its
# prefork processes inherit it), never by a web process: pyarrow and numpy, for
# the import job's columnar reading (cooperatives/services/imports/columnar.py).
WORKER_PRELOAD = (
    "cooperatives.services.imports.columnar",
    "cooperatives.services.imports.arrow_text",
)


def worker_preload() -> None:
    for module in WORKER_PRELOAD:
        importlib.import_module(module)


@signals.worker_init.connect
def _preload_for_jobs(**kwargs):
    worker_preload()
