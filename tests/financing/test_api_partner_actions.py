"""The partner steps over the API: a district token recommends and forwards an
application of its district (another district's gets 404), province-wide tokens
record the partner's decision and disbursement, each with its duty."""

import pytest
from django.utils import timezone

from financing import services
from financing.models import Loan, Scheme
from tests.factories import grant

from .factories import SchemeFactory

pytestmark = pytest.mark.django_db

APPLICATIONS = "/api/v1/financing/applications"


@pytest.fixture
def kur_application(cooperative, officer):
    scheme = SchemeFactory(
        code="kur-api", name="KUR API", decided_by=Scheme.DecidedBy.PARTNER
    )
    application = services.application_create(
        data={
            "scheme": scheme,
            "cooperative": cooperative,
            "amount": "20000000",
            "tenor_months": 12,
            "purpose": "working_capital",
        },
        by=officer,
    )
    return services.application_submit(application_id=application.pk, by=officer)


def test_kur_over_the_api(
    kur_application, samarinda_api, balikpapan_api, make_api_client
):
    url = f"{APPLICATIONS}/{kur_application.pk}"
    refused = samarinda_api.post(f"{url}/recommend/", {}, format="json")
    assert refused.status_code == 403
    grant(samarinda_api.token.user, groups=["Perekomendasi pembiayaan"])
    grant(balikpapan_api.token.user, groups=["Perekomendasi pembiayaan"])
    assert (
        balikpapan_api.post(f"{url}/recommend/", {}, format="json").status_code == 404
    )

    letter = samarinda_api.post(f"{url}/recommend/", {"notes": "Layak"}, format="json")
    assert letter.status_code == 201, letter.json()
    assert letter.json()["number"].startswith("0001/REK-KUKM/")
    forwarded = samarinda_api.post(f"{url}/forward/", format="json")
    assert forwarded.status_code == 200
    assert forwarded.json()["status"] == "forwarded"

    recorder = make_api_client(None, name="pencatat")
    grant(recorder.token.user, groups=["Pencatat keputusan penyalur"])
    missing = recorder.post(
        f"{url}/partner-decision/",
        {"approved": True, "amount": "20000000"},
        format="json",
    )
    assert missing.status_code == 400
    decided = recorder.post(
        f"{url}/partner-decision/",
        {"approved": True, "amount": "15000000", "reference": "BKT-API-1"},
        format="json",
    )
    assert decided.status_code == 200, decided.json()
    assert decided.json()["status"] == "approved"

    payer = make_api_client(None, name="juru-bayar")
    grant(payer.token.user, groups=["Juru bayar pembiayaan"])
    today = str(timezone.localdate())
    paid = payer.post(
        f"{url}/partner-disbursement/", {"disbursed_on": today}, format="json"
    )
    assert paid.status_code == 200, paid.json()
    loan = Loan.objects.get(application=kur_application)
    assert loan.disbursement_reference == "BKT-API-1"
    assert str(loan.principal) == "15000000.00"
