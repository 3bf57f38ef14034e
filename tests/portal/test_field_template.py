"""The portal's field include: the help text carries the id that Django's widget
names in aria-describedby (`<id>_helptext`), so screen readers read the hint."""

import re

from django import forms
from django.template.loader import render_to_string


class HintedForm(forms.Form):
    amount = forms.IntegerField(label="Nominal", help_text="Dalam rupiah.")
    kind = forms.ChoiceField(
        label="Jenis",
        choices=[("a", "A"), ("b", "B")],
        widget=forms.RadioSelect,
        help_text="Pilih satu.",
    )


def test_every_aria_describedby_points_at_an_element_on_the_page():
    form = HintedForm()
    html = "".join(
        render_to_string("portal/includes/field.html", {"field": field})
        for field in form
    )

    ids = set(re.findall(r'\bid="([^"]+)"', html))
    described = [
        target
        for value in re.findall(r'aria-describedby="([^"]*)"', html)
        for target in value.split()
    ]
    assert "id_amount_helptext" in described
    assert "id_kind_helptext" in described
    assert set(described) <= ids
