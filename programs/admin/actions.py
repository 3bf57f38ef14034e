"""Shared pieces of the programs admin: each bulk action runs a service per row,
so one refused row is reported and the others still go through."""

from django.contrib import messages
from django.core.exceptions import ValidationError

from cooperatives.admin import FastChangelistMixin

__all__ = ["FastChangelistMixin", "run_for_each"]


def run_for_each(modeladmin, request, queryset, call, done_message) -> int:
    done = 0
    for pk in queryset.order_by("pk").values_list("pk", flat=True):
        try:
            call(pk)
        except ValidationError as exc:
            modeladmin.message_user(
                request, f"#{pk}: {' '.join(exc.messages)}", messages.ERROR
            )
        else:
            done += 1
    if done:
        modeladmin.message_user(
            request, done_message % {"count": done}, messages.SUCCESS
        )
    return done
