"""Money typed as people type it: one parser (core.numbers.parse_rupiah) behind one
form field (core.forms.RupiahField) used by every portal money input."""

import importlib
import inspect
from decimal import Decimal

import pytest
from django import forms

from core.forms import RupiahField
from core.numbers import parse_rupiah

MILLION_AND_A_QUARTER = Decimal("1250000")

ACCEPTED = [
    ("1.250.000", MILLION_AND_A_QUARTER),
    ("1250000", MILLION_AND_A_QUARTER),
    ("Rp 1.250.000", MILLION_AND_A_QUARTER),
    ("Rp1.250.000", MILLION_AND_A_QUARTER),
    ("rp. 1.250.000", MILLION_AND_A_QUARTER),
    ("1.250.000,00", MILLION_AND_A_QUARTER),
    ("Rp 1.250.000,-", MILLION_AND_A_QUARTER),
    ("  1.250.000  ", MILLION_AND_A_QUARTER),
    ("Rp\u00a01.250.000", MILLION_AND_A_QUARTER),  # a pasted non-breaking space
    ("\uff11\uff12\uff15\uff10\uff10\uff10\uff10", MILLION_AND_A_QUARTER),  # fullwidth
    ("1.250.000,50", Decimal("1250000.50")),
    ("1.250", Decimal("1250")),
    ("0", Decimal("0")),
    ("-15.000.000", Decimal("-15000000")),
    ("-Rp 15.000.000", Decimal("-15000000")),
]

REFUSED = [
    "1250000.00",  # a dot before two digits: sen or thousands?
    "1,250,000.5",
    "1.250.000,5",
    "12.50",
    "1,250,000",
    "1,5",
    "1.250.000,000",
    "12.5000",
    "1250.000",
    "1 250 000",
    "1.250.000.",
    "Rp",
    "sejuta",
    "1e6",
    "--1.000",
    "-Rp -1.000",
    "1.250.000 Rp",
]


@pytest.mark.parametrize(("typed", "amount"), ACCEPTED)
def test_parse_rupiah_reads_what_people_type(typed, amount):
    assert parse_rupiah(typed) == amount


@pytest.mark.parametrize("typed", REFUSED)
def test_parse_rupiah_refuses_what_could_be_read_two_ways(typed):
    assert parse_rupiah(typed) is None


@pytest.mark.parametrize(("typed", "amount"), ACCEPTED)
def test_rupiah_field_reads_accepted_forms(typed, amount):
    field = RupiahField(allow_negative=True)

    assert field.clean(typed) == amount


@pytest.mark.parametrize("typed", REFUSED)
def test_rupiah_field_refuses_with_the_accepted_forms(typed):
    field = RupiahField(allow_negative=True)

    with pytest.raises(forms.ValidationError) as error:
        field.clean(typed)

    message = error.value.messages[0]
    for accepted in ("1.250.000", "1250000", "Rp 1.250.000", "1.250.000,00"):
        assert accepted in message


def test_rupiah_field_redisplays_a_refused_input_as_typed():
    form = type("F", (forms.Form,), {"amount": RupiahField()})({"amount": "1250000.00"})

    assert not form.is_valid()
    assert 'value="1250000.00"' in str(form["amount"])


PORTAL_FORM_MODULES = [
    "portal.forms.cooperatives",
    "portal.forms.financing",
    "portal.forms.programs",
    "portal.forms.reports",
    "financing.forms",
]


def _declared_fields():
    for module_name in PORTAL_FORM_MODULES:
        module = importlib.import_module(module_name)
        for form_class in vars(module).values():
            if inspect.isclass(form_class) and issubclass(form_class, forms.BaseForm):
                yield from _fields_of(form_class).items()


def _fields_of(form_class) -> dict:
    """The fields a page shows: some forms build theirs in `__init__`."""
    try:
        return form_class().fields
    # It needs its page's arguments, or it is a ModelForm base without a model.
    except (TypeError, KeyError, AttributeError, ValueError):
        return form_class.base_fields


@pytest.mark.django_db
def test_every_portal_money_input_is_a_rupiah_field():
    decimal_fields = [
        name
        for name, field in _declared_fields()
        if isinstance(field, forms.DecimalField) and not isinstance(field, RupiahField)
    ]

    assert decimal_fields == []
