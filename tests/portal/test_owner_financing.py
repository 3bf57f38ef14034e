"""A UMKM owner's financing on the portal (usaha/<id>/pembiayaan/…): the schemes
their enterprise may use, a draft with documents, submitting, the loan's
schedule; the same views and services as the officers' door, scoped to the
owner's own enterprise (anything else 404)."""

import datetime
from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from accounts.models import User
from financing.models import Application
from tests.factories import CooperativeFactory, EnterpriseFactory, officer_of
from tests.financing.factories import ApplicationFactory, SchemeFactory, disbursed_loan

pytestmark = pytest.mark.django_db

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def url(name: str, *args) -> str:
    return reverse(f"portal:{name}", args=args)


def _owned(username: str, **kwargs):
    user = User.objects.create_user(username=username, email=username, role="owner")
    return EnterpriseFactory(owner_user=user, **kwargs), user


@pytest.fixture
def owned():
    return _owned("pemilik@example.id", name="Amplang Bu Siti")


@pytest.fixture
def enterprise(owned):
    return owned[0]


@pytest.fixture
def owner_client(client, owned):
    client.force_login(owned[1])
    return client


@pytest.fixture
def sme_scheme():
    return SchemeFactory(
        code="dana-umkm", name="Dana Bergulir UMKM", for_cooperatives=False
    )


@pytest.fixture
def cooperative_scheme():
    return SchemeFactory(
        code="dana-kop", name="Dana Koperasi Saja", for_enterprises=False
    )


def _enterprise_application(enterprise, scheme, **kwargs):
    return ApplicationFactory(
        cooperative=None, enterprise=enterprise, scheme=scheme, **kwargs
    )


def _enterprise_loan(enterprise, scheme, **kwargs):
    return disbursed_loan(
        disbursed_on=datetime.date(2026, 1, 15),
        cooperative=None,
        enterprise=enterprise,
        scheme=scheme,
        **kwargs,
    )


def test_the_form_offers_the_sme_schemes_and_greys_the_others(
    owner_client, enterprise, sme_scheme, cooperative_scheme
):
    response = owner_client.get(url("owner-financing-apply", enterprise.pk))

    assert response.status_code == 200
    text = response.text
    assert f'value="{sme_scheme.pk}"' in text
    assert f'value="{cooperative_scheme.pk}"' not in text
    assert "Skema ini tidak untuk UMKM." in text
    assert "1 skema belum dapat digunakan usaha Anda" in text
    assert "berapa orang yang bekerja" in text
    assert "syarat lama usaha" in text
    # Eligibility comes before the rest of the form.
    assert text.index("Dana Bergulir UMKM") < text.index("Nominal yang diajukan")


def test_the_list_shows_the_usable_schemes_before_any_form(
    owner_client, enterprise, sme_scheme, cooperative_scheme
):
    response = owner_client.get(url("owner-financing", enterprise.pk))

    apply = url("owner-financing-apply", enterprise.pk)
    assert response.status_code == 200
    assert f'href="{apply}?skema={sme_scheme.code}"' in response.text
    assert f"?skema={cooperative_scheme.code}" not in response.text
    assert "1 skema belum dapat digunakan" in response.text
    assert "Skema ini tidak untuk UMKM." in response.text
    form = owner_client.get(f"{apply}?skema={sme_scheme.code}")
    assert form.context["form"].initial["scheme"] == sme_scheme


def test_owner_applies_uploads_and_submits(owner_client, enterprise, sme_scheme):
    response = owner_client.post(
        url("owner-financing-apply", enterprise.pk),
        {
            "scheme": sme_scheme.pk,
            "amount": "10.000.000",
            "tenor_months": "12",
            "purpose": Application.Purpose.WORKING_CAPITAL,
            "business_description": "Amplang udang",
            "business_started_on": "2019-03-01",
        },
    )

    application = Application.objects.get(enterprise=enterprise)
    detail = url("owner-financing-detail", enterprise.pk, application.pk)
    assert response.status_code == 302, response.context["form"].errors
    assert response["Location"] == detail
    assert application.cooperative_id is None
    assert application.district_id == enterprise.district_id
    assert application.amount == Decimal(10_000_000)

    upload = owner_client.post(
        url("owner-financing-document-upload", enterprise.pk, application.pk),
        {
            "kind": "proposal",
            "file": SimpleUploadedFile("rab.pdf", PDF, "application/pdf"),
        },
    )
    assert upload.status_code == 302
    document = application.documents.get()
    download = owner_client.get(
        url("owner-financing-document", enterprise.pk, application.pk, document.pk)
    )
    assert download.status_code == 200

    submitted = owner_client.post(
        url("owner-financing-submit", enterprise.pk, application.pk)
    )

    application.refresh_from_db()
    assert submitted.status_code == 302
    assert application.status == Application.Status.SUBMITTED
    page = owner_client.get(detail)
    assert "Diajukan" in page.text
    assert "data usaha Anda" not in page.text  # no submit form any more


def test_a_bad_amount_is_named_in_indonesian(owner_client, enterprise, sme_scheme):
    response = owner_client.post(
        url("owner-financing-apply", enterprise.pk),
        {"scheme": sme_scheme.pk, "amount": "sepuluh", "tenor_months": "12"},
    )

    assert response.status_code == 200
    assert response.context["form"].errors["amount"]
    assert not Application.objects.filter(enterprise=enterprise).exists()


def test_the_loan_shows_its_schedule_and_the_home_its_next_installment(
    owner_client, enterprise, sme_scheme
):
    loan = _enterprise_loan(enterprise, sme_scheme)
    first = loan.installments.order_by("number").first()

    page = owner_client.get(url("owner-financing-loan", enterprise.pk, loan.pk))
    home = owner_client.get(url("home"))
    pdf = owner_client.get(url("owner-financing-loan-pdf", enterprise.pk, loan.pk))

    assert page.status_code == 200
    assert page.text.count('class="installment-') == loan.tenor_months
    assert "Angsuran berikutnya (ke-1)" in page.text
    assert home.status_code == 200
    assert f"Angsuran ke-1 pinjaman {loan.application.number}" in home.text
    assert first.due_date.strftime("%Y") in home.text
    assert url("owner-financing-loan", enterprise.pk, loan.pk) in home.text
    assert "Dicairkan" in home.text
    assert pdf.status_code == 200
    assert pdf.content.startswith(b"%PDF")


def test_the_top_menu_leads_the_owner_to_their_financing(owner_client, enterprise):
    home = owner_client.get(url("home"))
    start = owner_client.get(url("owner-financing-start"))

    assert url("owner-financing-start") in home.text
    assert start.status_code == 302
    assert start["Location"] == url("owner-financing", enterprise.pk)


def test_another_owners_application_and_loan_answer_404(
    owner_client, enterprise, sme_scheme
):
    other, _user = _owned("pemilik.lain@example.id")
    theirs = _enterprise_application(other, sme_scheme)
    loan = _enterprise_loan(other, sme_scheme)
    cooperative_loan = disbursed_loan(
        disbursed_on=datetime.date(2026, 1, 15), scheme=sme_scheme
    )
    urls = [
        url("owner-financing", other.pk),
        url("owner-financing-apply", other.pk),
        url("owner-financing-detail", other.pk, theirs.pk),
        url("owner-financing-detail", enterprise.pk, theirs.pk),
        url("owner-financing-edit", enterprise.pk, theirs.pk),
        url("owner-financing-loan", other.pk, loan.pk),
        url("owner-financing-loan", enterprise.pk, loan.pk),
        url("owner-financing-loan-pdf", enterprise.pk, loan.pk),
        url("owner-financing-loan", enterprise.pk, cooperative_loan.pk),
    ]

    for address in urls:
        assert owner_client.get(address).status_code == 404, address
    submit = url("owner-financing-submit", enterprise.pk, theirs.pk)
    assert owner_client.post(submit).status_code == 404
    theirs.refresh_from_db()
    assert theirs.status == Application.Status.DRAFT


def test_officers_do_not_use_the_owners_door(client, sme_scheme):
    cooperative = CooperativeFactory()
    enterprise = EnterpriseFactory(cooperative=cooperative)
    client.force_login(officer_of(cooperative))

    response = client.get(url("owner-financing", enterprise.pk))

    assert response.status_code == 404
    assert client.get(url("owner-financing-start")).status_code == 404


def test_the_owners_financing_list_queries_constant(
    owner_client, enterprise, sme_scheme, django_assert_max_num_queries
):
    list_url = url("owner-financing", enterprise.pk)
    _enterprise_loan(enterprise, sme_scheme)
    with django_assert_max_num_queries(14) as captured:
        owner_client.get(list_url)
    baseline = len(captured.captured_queries)
    for _n in range(4):
        _enterprise_loan(enterprise, sme_scheme)
        _enterprise_application(enterprise, sme_scheme)

    with django_assert_max_num_queries(baseline):
        response = owner_client.get(list_url)

    assert response.status_code == 200
    assert response.text.count(url("owner-financing", enterprise.pk) + "pinjaman/") == 5
