"""Staff admin for financing: schemes with their budgets, the review and decision
of applications (actions call the services and report each refusal), loans with
their schedule and a page to record a repayment, and the delinquency bands.
Changelists skip the full count and join what they show."""

from . import applications, loans, schemes

__all__ = ["applications", "loans", "schemes"]
