"""Financing serializers: shape and format only. Derived loan figures are
annotated by the selectors; writes go through the services."""

from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from rest_framework import serializers

from api.fields import SlugRelatedField

from .. import collectibility
from ..models import (
    Application,
    ApplicationDocument,
    Installment,
    Loan,
    Repayment,
    Scheme,
)
from ..models.scheme import MAX_TENOR_MONTHS, PRICE_AND_LIMIT_FIELDS
from ..schedule import rupiah
from ..selectors import loan_arrears, loan_late_fee
from ..simulator import limit_problems
from .write_offs import WriteOffSerializer

MONEY = {"max_digits": 18, "decimal_places": 2}
AMOUNT_INPUT = {"max_digits": 15, "decimal_places": 2, "min_value": 1}


def _whole_rupiah(value):
    if value != rupiah(value):
        raise serializers.ValidationError(_("Jumlah harus dalam rupiah utuh."))
    return value


class SchemeSerializer(serializers.ModelSerializer):
    class Meta:
        model = Scheme
        fields = [
            "code",
            "name",
            "partner",
            "description",
            *PRICE_AND_LIMIT_FIELDS,
            "for_cooperatives",
            "for_enterprises",
            "required_documents",
            "is_open",
        ]


# --- Simulator -------------------------------------------------------------------


class SimulationQuerySerializer(serializers.Serializer):
    scheme = SlugRelatedField(
        slug_field="code",
        queryset=Scheme.objects.open(),
        required=False,
        help_text="Code of an open scheme; without it, every open scheme is compared.",
        error_messages={
            "does_not_exist": _("Skema '{value}' tidak ada atau tidak dibuka."),
            "invalid": _("Kode skema tidak valid."),
        },
    )
    amount = serializers.DecimalField(
        **AMOUNT_INPUT, help_text="Loan amount in whole rupiah."
    )
    tenor_months = serializers.IntegerField(min_value=1, max_value=MAX_TENOR_MONTHS)

    def validate_amount(self, value):
        return _whole_rupiah(value)

    def validate(self, attrs):
        scheme = attrs.get("scheme")
        if scheme is not None:
            problems = limit_problems(scheme, attrs["amount"], attrs["tenor_months"])
            if problems:
                raise serializers.ValidationError(problems)
        return attrs


class ScheduleRowSerializer(serializers.Serializer):
    number = serializers.IntegerField()
    due_date = serializers.DateField()
    principal = serializers.DecimalField(**MONEY)
    interest = serializers.DecimalField(**MONEY)
    payment = serializers.DecimalField(**MONEY)
    balance = serializers.DecimalField(**MONEY)


class SimulationSerializer(serializers.Serializer):
    scheme = serializers.CharField(
        source="scheme.code",
        allow_null=True,
        help_text="Scheme code; null for the commercial comparison.",
    )
    scheme_name = serializers.CharField(source="scheme.name", allow_null=True)
    partner = serializers.CharField(source="scheme.partner", allow_null=True)
    annual_rate = serializers.DecimalField(max_digits=5, decimal_places=2)
    method = serializers.ChoiceField(choices=Scheme.Method.choices)
    grace_months = serializers.IntegerField()
    amount = serializers.DecimalField(**MONEY)
    tenor_months = serializers.IntegerField()
    monthly_payment = serializers.DecimalField(
        **MONEY, help_text="The first payment after grace."
    )
    total_interest = serializers.DecimalField(**MONEY)
    total_payment = serializers.DecimalField(**MONEY)
    fits = serializers.BooleanField(
        help_text="Whether the amount and tenor are within the scheme's limits."
    )
    problems = serializers.DictField(
        child=serializers.ListField(child=serializers.CharField()),
        help_text="The limits broken, per field.",
    )
    installments = ScheduleRowSerializer(many=True)


class SimulationComparisonSerializer(serializers.Serializer):
    amount = serializers.DecimalField(**MONEY)
    tenor_months = serializers.IntegerField()
    results = SimulationSerializer(
        many=True, help_text="Every open scheme; those that fit first, cheapest first."
    )
    commercial = SimulationSerializer(
        help_text="The same loan as an annuity at a commercial rate."
    )


# --- Applications ----------------------------------------------------------------


class ApplicationSerializer(serializers.ModelSerializer):
    scheme = serializers.CharField(source="scheme.code", read_only=True)
    district = serializers.CharField(source="district_id", read_only=True)
    applicant_name = serializers.CharField(source="applicant.name", read_only=True)

    class Meta:
        model = Application
        fields = [
            "id",
            "number",
            "scheme",
            "cooperative",
            "enterprise",
            "applicant_name",
            "district",
            "amount",
            "approved_amount",
            "tenor_months",
            "purpose",
            "status",
            "submitted_at",
            "decided_at",
            "created_at",
        ]
        read_only_fields = fields


class ApplicationDocumentSerializer(serializers.ModelSerializer):
    class Meta:
        model = ApplicationDocument
        fields = ["id", "kind", "content_type", "size", "original_name", "uploaded_at"]
        read_only_fields = fields


class EligibilityFactSerializer(serializers.Serializer):
    rule = serializers.CharField()
    passed = serializers.BooleanField(allow_null=True)
    detail = serializers.CharField()


class ApplicationDetailSerializer(ApplicationSerializer):
    eligibility = EligibilityFactSerializer(many=True, read_only=True)
    documents = ApplicationDocumentSerializer(many=True, read_only=True)

    class Meta(ApplicationSerializer.Meta):
        fields = [
            *ApplicationSerializer.Meta.fields,
            "business_description",
            "use_of_funds",
            "repayment_source",
            "decision_reason",
            "budget_year",
            "eligibility",
            "documents",
        ]
        read_only_fields = fields


# --- Loans -----------------------------------------------------------------------


class LoanSerializer(serializers.ModelSerializer):
    application_number = serializers.CharField(
        source="application.number", read_only=True
    )
    scheme = serializers.CharField(source="application.scheme.code", read_only=True)
    district = serializers.CharField(source="application.district_id", read_only=True)
    days_past_due = serializers.IntegerField(read_only=True)
    status = serializers.ChoiceField(choices=Loan.Status.choices, read_only=True)
    collectibility = serializers.SerializerMethodField(
        help_text="Kolektibilitas 1-5 by days past due (POJK 40/2019): 1 Lancar, "
        "2 Dalam Perhatian Khusus (1-90), 3 Kurang Lancar (91-120), 4 Diragukan "
        "(121-180), 5 Macet (over 180, and written-off loans)."
    )
    collectibility_label = serializers.SerializerMethodField()

    class Meta:
        model = Loan
        fields = [
            "id",
            "application",
            "application_number",
            "scheme",
            "district",
            "principal",
            "outstanding_principal",
            "days_past_due",
            "status",
            "annual_rate",
            "method",
            "tenor_months",
            "disbursed_on",
            "first_due_on",
            "closed_on",
            "collectibility",
            "collectibility_label",
            "written_off_on",
        ]
        read_only_fields = fields

    def get_collectibility(self, loan) -> int:
        if loan.written_off_on:
            return collectibility.MACET
        return collectibility.grade(loan.days_past_due)

    def get_collectibility_label(self, loan) -> str:
        return collectibility.label(self.get_collectibility(loan))


class InstallmentSerializer(serializers.ModelSerializer):
    payment = serializers.DecimalField(**MONEY, read_only=True)

    class Meta:
        model = Installment
        fields = [
            "number",
            "due_date",
            "principal",
            "interest",
            "payment",
            "balance",
            "principal_paid",
            "interest_paid",
            "late_fee",
            "late_fee_paid",
            "paid_on",
        ]
        read_only_fields = fields


class LoanDetailSerializer(LoanSerializer):
    arrears_amount = serializers.SerializerMethodField(
        help_text="Unpaid amount of the installments due before today."
    )
    late_fee_due = serializers.SerializerMethodField(
        help_text="Late fee (denda) owed today on the overdue installments."
    )
    installments = InstallmentSerializer(many=True, read_only=True)
    write_offs = WriteOffSerializer(many=True, read_only=True)

    class Meta(LoanSerializer.Meta):
        fields = [
            *LoanSerializer.Meta.fields,
            "grace_months",
            "late_fee_rate",
            "late_fee_period",
            "late_fee_cap_percent",
            "write_off_reason",
            "arrears_amount",
            "late_fee_due",
            "installments",
            "write_offs",
        ]
        read_only_fields = fields

    def get_arrears_amount(self, loan) -> str:
        # From the prefetched installments: no query.
        return f"{loan_arrears(loan, timezone.localdate()):.2f}"

    def get_late_fee_due(self, loan) -> str:
        return f"{loan_late_fee(loan, timezone.localdate()):.2f}"


class RepaymentInputSerializer(serializers.Serializer):
    amount = serializers.DecimalField(**AMOUNT_INPUT)
    reference = serializers.CharField(max_length=100)
    paid_on = serializers.DateField(required=False)
    note = serializers.CharField(max_length=255, required=False, allow_blank=True)

    def validate_amount(self, value):
        return _whole_rupiah(value)


class RepaymentSerializer(serializers.ModelSerializer):
    class Meta:
        model = Repayment
        fields = [
            "id",
            "loan",
            "reference",
            "amount",
            "paid_on",
            "interest_part",
            "principal_part",
            "note",
            "created_at",
        ]
        read_only_fields = fields


# --- Portfolio -------------------------------------------------------------------


class PortfolioQuerySerializer(serializers.Serializer):
    group_by = serializers.ChoiceField(
        choices=[("district", "district"), ("scheme", "scheme")], default="district"
    )


class PortfolioRowSerializer(serializers.Serializer):
    key = serializers.CharField(help_text="District code or scheme code.")
    loans = serializers.IntegerField()
    open_loans = serializers.IntegerField()
    disbursed = serializers.DecimalField(max_digits=24, decimal_places=2)
    outstanding = serializers.DecimalField(max_digits=24, decimal_places=2)
    par = serializers.DecimalField(
        max_digits=24,
        decimal_places=2,
        help_text="Outstanding principal more than 30 days past due.",
    )
    repayment_rate = serializers.DecimalField(
        max_digits=7, decimal_places=4, allow_null=True
    )


class ParBandSerializer(serializers.Serializer):
    band = serializers.CharField()
    label = serializers.CharField()
    min_days = serializers.IntegerField()
    max_days = serializers.IntegerField(allow_null=True)
    loans = serializers.IntegerField()
    outstanding = serializers.DecimalField(max_digits=24, decimal_places=2)
    par = serializers.DecimalField(max_digits=24, decimal_places=2)
    par_ratio = serializers.DecimalField(max_digits=7, decimal_places=4)


class CollectibilityRowSerializer(serializers.Serializer):
    grade = serializers.IntegerField()
    label = serializers.CharField()
    loans = serializers.IntegerField()
    outstanding = serializers.DecimalField(max_digits=24, decimal_places=2)


class PortfolioSerializer(serializers.Serializer):
    group_by = serializers.CharField()
    loans = serializers.IntegerField()
    outstanding = serializers.DecimalField(max_digits=24, decimal_places=2)
    results = PortfolioRowSerializer(many=True)
    par_bands = ParBandSerializer(many=True)
    collectibility = CollectibilityRowSerializer(
        many=True, help_text="Open loans per kolektibilitas grade, beside PAR."
    )
