"""Report services: every write of report runs (`runs`).

Report run: QUEUED → RUNNING → DONE, or FAILED with a reason. Requested by a
person or the beat schedule, produced by one Celery task, swept when its task
was lost.
"""

from .runs import (
    report_default_year,
    report_generate,
    report_request,
    report_run_delete,
    report_run_sweep,
    report_schedule_run,
)

__all__ = [
    "report_default_year",
    "report_generate",
    "report_request",
    "report_run_delete",
    "report_run_sweep",
    "report_schedule_run",
]
