"""The base of every django-import-export resource: exports write no live formula
(core.spreadsheet) and imports read such an export back as the text it was."""

from import_export import resources, widgets

from .spreadsheet import safe_cell, safe_cell_undo


class SafeCellsResource(resources.ModelResource):
    def export_field(self, field, instance, **kwargs):
        value = super().export_field(field, instance, **kwargs)
        if isinstance(field.widget, widgets.NumberWidget):
            # A number, even when rendered as text for CSV (`-15000`): Excel reads
            # it as a number, so it is left as one.
            return value
        return safe_cell(value)

    def import_row(self, row, instance_loader, **kwargs):
        for key, value in row.items():
            row[key] = safe_cell_undo(value)
        return super().import_row(row, instance_loader, **kwargs)
