"""The base of every django-import-export resource: exports write no live formula
(core.spreadsheet). Imports do not go through django-import-export: the registry's
import pipeline reads such an export back as the text it was."""

from import_export import resources, widgets

from .spreadsheet import safe_cell


class SafeCellsResource(resources.ModelResource):
    def export_field(self, field, instance, **kwargs):
        value = super().export_field(field, instance, **kwargs)
        if isinstance(field.widget, widgets.NumberWidget):
            # A number, even when rendered as text for CSV (`-15000`): Excel reads
            # it as a number, so it is left as one.
            return value
        return safe_cell(value)
