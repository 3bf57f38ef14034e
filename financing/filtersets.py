"""One FilterSet per financing list, shared by the API and the HTML lists."""

import django_filters
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from cooperatives.models import District

from .models import Application, Loan, Scheme


class ApplicationFilterSet(django_filters.FilterSet):
    scheme = django_filters.ModelChoiceFilter(
        queryset=Scheme.objects.all(), to_field_name="code", label=_("skema (kode)")
    )
    district = django_filters.ModelChoiceFilter(queryset=District.objects.all())

    class Meta:
        model = Application
        fields = [
            "status",
            "scheme",
            "district",
            "purpose",
            "cooperative",
            "enterprise",
        ]


class LoanFilterSet(django_filters.FilterSet):
    status = django_filters.ChoiceFilter(
        choices=Loan.Status.choices, method="filter_status", label=_("status")
    )
    district = django_filters.ModelChoiceFilter(
        field_name="application__district", queryset=District.objects.all()
    )
    scheme = django_filters.ModelChoiceFilter(
        field_name="application__scheme",
        queryset=Scheme.objects.all(),
        to_field_name="code",
        label=_("skema (kode)"),
    )

    class Meta:
        model = Loan
        fields = ["status", "district", "scheme"]

    def filter_status(self, queryset, name, value):
        today = timezone.localdate()
        if value == Loan.Status.CLOSED:
            return queryset.closed()
        if value == Loan.Status.IN_ARREARS:
            return queryset.in_arrears(today)
        return queryset.current(today)


class ReviewQueueFilterSet(django_filters.FilterSet):
    """The staff review queue: submitted (`status=diajukan`) or under review
    (`ditinjau`), and only the caller's own (`saya=1`). A value that is not one of
    the choices is ignored."""

    STATUSES = {
        "diajukan": Application.Status.SUBMITTED,
        "ditinjau": Application.Status.UNDER_REVIEW,
        "direkomendasikan": Application.Status.RECOMMENDED,
        "diteruskan": Application.Status.FORWARDED,
    }

    status = django_filters.ChoiceFilter(
        choices=[(key, key) for key in STATUSES], method="filter_status"
    )
    saya = django_filters.ChoiceFilter(choices=[("1", "1")], method="filter_mine")

    class Meta:
        model = Application
        fields = ["status", "saya"]

    def filter_status(self, queryset, name, value):
        return queryset.filter(status=self.STATUSES[value])

    def filter_mine(self, queryset, name, value):
        return queryset.filter(reviewer=self.request.user)
