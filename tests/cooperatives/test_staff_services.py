"""The services behind staff's direct edits in the admin: a verified report is
corrected only with a reason, reference data still referred to is not deleted."""

import pytest
from django.core.exceptions import ValidationError

from cooperatives import services
from cooperatives.models import AnnualReport, District
from tests.factories import AnnualReportFactory, CooperativeFactory

pytestmark = pytest.mark.django_db


def test_annual_report_correct_refuses_a_verified_report_without_a_reason(
    staff_user,
):
    report = AnnualReportFactory(status=AnnualReport.Status.VERIFIED)

    with pytest.raises(ValidationError) as refusal:
        services.annual_report_correct(
            report_id=report.pk, data={"members_male": 1}, by=staff_user
        )

    assert "correction_reason" in refusal.value.message_dict
    report.refresh_from_db()
    assert report.members_male != 1


def test_annual_report_delete_refuses_a_verified_report(staff_user):
    report = AnnualReportFactory(status=AnnualReport.Status.VERIFIED)

    with pytest.raises(ValidationError):
        services.annual_report_delete(report_id=report.pk, by=staff_user)

    assert AnnualReport.objects.filter(pk=report.pk).exists()


def test_reference_delete_refuses_a_district_cooperatives_refer_to(staff_user):
    cooperative = CooperativeFactory()

    with pytest.raises(ValidationError):
        services.reference_delete(
            model=District, pk=cooperative.district_id, by=staff_user
        )

    assert District.objects.filter(pk=cooperative.district_id).exists()
