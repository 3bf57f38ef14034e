"""One FilterSet per program list, shared by the API and the public catalogue."""

import django_filters
from django import forms
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from cooperatives.models import District

from .models import Enrolment, Program
from .selectors import program_nominated_by

MAX_ID = 2**63 - 1
SHOW_NOMINATED = "diikuti"


class ProgramFilterSet(django_filters.FilterSet):
    district = django_filters.ModelChoiceFilter(queryset=District.objects.all())
    year = django_filters.NumberFilter(min_value=2000, max_value=2100)

    class Meta:
        model = Program
        fields = ["kind", "year", "district", "status", "audience"]


class EnrolmentFilterSet(django_filters.FilterSet):
    # Plain ids: whether a program or cooperative outside the caller's scope exists
    # is not revealed by a 400.
    program = django_filters.NumberFilter(
        field_name="program_id", min_value=1, max_value=MAX_ID
    )
    cooperative = django_filters.NumberFilter(
        field_name="cooperative_id", min_value=1, max_value=MAX_ID
    )

    class Meta:
        model = Enrolment
        fields = ["program", "cooperative", "status"]


class CatalogueFilterSet(django_filters.FilterSet):
    """The public catalogue: by kind, district (province-wide programs are shown
    with every district) and the month the program starts."""

    kind = django_filters.ChoiceFilter(
        choices=Program.Kind.choices, label=_("Jenis program"), empty_label=_("Semua")
    )
    district = django_filters.ModelChoiceFilter(
        queryset=District.objects.all(),
        method="filter_district",
        label=_("Kabupaten/kota"),
        empty_label=_("Semua"),
    )
    month = django_filters.DateFilter(
        method="filter_month",
        label=_("Bulan mulai"),
        input_formats=["%Y-%m"],
        widget=forms.DateInput(attrs={"type": "month"}, format="%Y-%m"),
    )
    open = django_filters.BooleanFilter(
        method="filter_open",
        label=_("Hanya yang masih menerima pendaftaran"),
        widget=forms.CheckboxInput,
    )

    class Meta:
        model = Program
        fields = ["kind", "district", "month", "open"]

    def filter_district(self, queryset, name, value):
        return queryset.filter(Q(district=value) | Q(district__isnull=True))

    def filter_month(self, queryset, name, value):
        return queryset.filter(starts_on__year=value.year, starts_on__month=value.month)

    def filter_open(self, queryset, name, value):
        if not value:
            return queryset
        return queryset.open_on(timezone.localdate())


class CooperativeProgramFilterSet(django_filters.FilterSet):
    """The portal's programs of one cooperative: those taking nominations today,
    soonest to close first, or (`tampil=diikuti`) those it nominated someone to,
    latest first; by kind (`jenis`). A value that is not one of the choices is
    ignored."""

    tampil = django_filters.ChoiceFilter(
        choices=[(SHOW_NOMINATED, SHOW_NOMINATED)], method="filter_nothing"
    )
    jenis = django_filters.ChoiceFilter(field_name="kind", choices=Program.Kind.choices)

    class Meta:
        model = Program
        fields = ["tampil", "jenis"]

    def __init__(self, *args, cooperative_id: int, today, **kwargs):
        super().__init__(*args, **kwargs)
        self.cooperative_id = cooperative_id
        self.today = today

    def filter_nothing(self, queryset, name, value):
        return queryset  # `filter_queryset` chooses the list

    def filter_queryset(self, queryset):
        if self.form.cleaned_data.get("tampil") == SHOW_NOMINATED:
            queryset = queryset.filter(program_nominated_by(self.cooperative_id))
            queryset = queryset.order_by("-starts_on", "code")
        else:
            queryset = queryset.open_on(self.today).order_by(
                "registration_closes", "starts_on", "code"
            )
        return super().filter_queryset(queryset)
