"""Shared pieces of the programs admin: each bulk action runs a service per row
(the registry admin's `run_for_each`), so one refused row is reported and the others
still go through."""

from cooperatives.admin import FastChangelistMixin, run_for_each

__all__ = ["FastChangelistMixin", "run_for_each"]
