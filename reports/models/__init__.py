from .report_run import ReportRun, ReportRunQuerySet

__all__ = ["ReportRun", "ReportRunQuerySet"]
