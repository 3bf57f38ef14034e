"""A KUR application on the staff review page: the district user recommends it
on a 360-pixel phone and forwards it; agency staff record the bank's decision
and its disbursement on the desk (1280 pixels)."""

import datetime

import pytest
from django.utils import timezone

from financing import services
from financing.models import Application, Loan, Scheme
from tests.factories import (
    AgencyStaffFactory,
    CooperativeFactory,
    DistrictUserFactory,
    grant,
    officer_of,
)
from tests.financing.factories import SchemeFactory

from .test_financing_flow import _admin_sign_in, _fits_and_passes, _sign_in

pytestmark = pytest.mark.django_db(transaction=True)


def test_kur_recommended_forwarded_decided_and_disbursed(
    live_server, new_page, screenshot, axe_violations
):
    base = live_server.url
    today = timezone.localdate()
    cooperative = CooperativeFactory(
        name="Koperasi Mitra Usaha",
        last_rat_on=datetime.date(today.year - 1, 3, 1),
        established_on=datetime.date(2010, 5, 1),
    )
    officer = officer_of(cooperative)
    grant(
        DistrictUserFactory(username="dinas.samarinda", district=cooperative.district),
        groups=["Perekomendasi pembiayaan"],
    )
    AgencyStaffFactory(username="pencatat.bank", groups=["Pencatat keputusan penyalur"])
    AgencyStaffFactory(username="bendahara.kur", groups=["Juru bayar pembiayaan"])
    scheme = SchemeFactory(
        code="kur-mikro", name="KUR Mikro", decided_by=Scheme.DecidedBy.PARTNER
    )
    application = services.application_create(
        data={
            "scheme": scheme,
            "cooperative": cooperative,
            "amount": "50000000",
            "tenor_months": 24,
            "purpose": "working_capital",
        },
        by=officer,
    )
    services.application_submit(application_id=application.pk, by=officer)
    review = f"{base}/portal/staf/pembiayaan/{application.pk}/"

    phone = new_page()
    _sign_in(phone, base, "dinas.samarinda")
    phone.goto(review)
    assert phone.get_by_role("button", name="Setujui permohonan").count() == 0
    screenshot(phone, "financing-partner-recommend-360")
    _fits_and_passes(phone, axe_violations, "recommend")
    phone.get_by_role("button", name="Terbitkan surat rekomendasi").click()
    phone.get_by_text("Surat rekomendasi 0001/REK-KUKM/").first.wait_for()
    phone.get_by_role("button", name="Teruskan ke Bankaltimtara").click()
    phone.get_by_text("Permohonan diteruskan ke penyalur.").wait_for()
    screenshot(phone, "financing-partner-forwarded-360")
    _fits_and_passes(phone, axe_violations, "forwarded")

    desk = new_page(viewport={"width": 1280, "height": 900})
    _admin_sign_in(desk, base, "pencatat.bank")
    desk.goto(review)
    desk.get_by_label("Nominal disetujui penyalur").fill("45.000.000")
    desk.get_by_label("Nomor referensi penyalur", exact=True).fill("BKT/KUR/0042")
    screenshot(desk, "financing-partner-decision-1280")
    assert axe_violations(desk) == []
    desk.get_by_role("button", name="Catat persetujuan penyalur").click()
    desk.get_by_text("Persetujuan penyalur dicatat.").wait_for()

    cashier = new_page(viewport={"width": 1280, "height": 900})
    _admin_sign_in(cashier, base, "bendahara.kur")
    cashier.goto(review)
    cashier.get_by_role("button", name="Catat pencairan penyalur").click()
    cashier.get_by_text("Pencairan oleh penyalur dicatat").wait_for()
    screenshot(cashier, "financing-partner-disbursed-1280")
    assert Application.objects.get(pk=application.pk).status == "disbursed"
    assert Loan.objects.get(application=application).disbursement_reference == (
        "BKT/KUR/0042"
    )
