from accounts.scope import Scope

from .models import ReportRun


def report_run_list(*, scope: Scope):
    """Runs in scope: a district's own runs; province-wide runs (no district) only
    for staff, since `restrict` filters on the district."""
    return ReportRun.objects.restrict(scope).select_related("district", "requested_by")
