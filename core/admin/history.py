"""The admin's history pages, readable (core.history)."""

from django.utils.translation import gettext_lazy as _
from simple_history.admin import SimpleHistoryAdmin

from ..history import history_entries


class HistoryAdmin(SimpleHistoryAdmin):
    """The change history as people read it (core.history): labels, WITA times,
    formatted values, who acted and why, no empty rows. Every admin of a model
    with history uses it."""

    object_history_list_template = "admin/history_list.html"

    def history_view_title(self, request, obj):
        return _("Riwayat perubahan: %(object)s") % {"object": obj}

    def set_history_delta_changes(self, request, historical_records, **kwargs):
        page = historical_records
        end = page.end_index()
        # The record before this page's last one, so that it shows its change too.
        older = next(iter(page.paginator.object_list[end : end + 1]), None)
        page.entries = history_entries(page.object_list, older=older)
