"""Staff admin for reports: runs requested and watched here (scheduled recaps are
edited under Periodic tasks)."""

from .runs import ReportRunAdmin

__all__ = ["ReportRunAdmin"]
