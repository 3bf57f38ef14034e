"""The public simulator page /simulasi/."""

from decimal import Decimal

import pytest
from django.urls import reverse

from core.numbers import format_rupiah

from .factories import SchemeFactory

pytestmark = pytest.mark.django_db

URL = reverse("financing:simulation")
API = "/api/v1/financing/simulate/"


@pytest.fixture
def schemes(db):
    return [
        SchemeFactory(code="lpdb-bergulir", name="LPDB Bergulir", annual_rate="3.00"),
        SchemeFactory(code="kur-mikro", name="KUR Mikro", annual_rate="6.00"),
        SchemeFactory(
            code="modal-kecil",
            name="Modal Kecil",
            max_amount=Decimal("5000000"),
        ),
        SchemeFactory(code="tutup", name="Skema Tutup", is_open=False),
    ]


def test_simulation_without_input_shows_the_form(client, schemes):
    response = client.get(URL)

    assert response.status_code == 200
    assert "Nominal pinjaman" in response.text
    assert "Perbandingan skema" not in response.text


def test_simulation_compares_open_schemes_like_the_api(client, schemes):
    params = {"nominal": "10.000.000", "tenor": "12"}

    response = client.get(URL, params)
    api = client.get(API, {"amount": "10000000", "tenor_months": 12}).json()

    assert response.status_code == 200
    results = response.context["results"]
    assert [r.scheme.code for r in results] == [r["scheme"] for r in api["results"]]
    for result, expected in zip(results, api["results"], strict=True):
        assert result.monthly_payment == Decimal(expected["monthly_payment"])
        assert result.total_interest == Decimal(expected["total_interest"])
        assert format_rupiah(result.monthly_payment) in response.text
    commercial = response.context["commercial"]
    assert commercial.total_interest == Decimal(api["commercial"]["total_interest"])
    assert format_rupiah(commercial.total_interest) in response.text
    assert "Skema Tutup" not in response.text
    assert "Tidak sesuai" in response.text
    assert "Nominal untuk skema ini antara" in response.text


def test_simulation_shows_the_schedule_of_a_chosen_scheme(client, schemes):
    params = {"nominal": "10000000", "tenor": "12", "skema": "kur-mikro"}

    response = client.get(URL, params)

    chosen = response.context["chosen"]
    assert chosen.scheme.code == "kur-mikro"
    assert len(chosen.installments) == 12
    assert response.text.count('data-label="Sisa pokok"') == 12
    assert "Jadwal angsuran KUR Mikro" in response.text


@pytest.mark.parametrize(
    ("params", "field", "message"),
    [
        ({"tenor": "12"}, "nominal", "Masukkan nominal pinjaman."),
        ({"nominal": "sepuluh juta", "tenor": "12"}, "nominal", "misalnya 1.250.000"),
        ({"nominal": "0", "tenor": "12"}, "nominal", "lebih dari nol"),
        ({"nominal": "1.000.000,50", "tenor": "12"}, "nominal", "rupiah utuh"),
        ({"nominal": "1000000", "tenor": "0"}, "tenor", "paling sedikit 1 bulan"),
        ({"nominal": "1000000", "tenor": "dua"}, "tenor", "dalam bulan"),
        ({"nominal": "1000000", "tenor": "999"}, "tenor", "paling lama"),
        (
            {"nominal": "1000000", "tenor": "12", "skema": "tutup"},
            "skema",
            "tidak dibuka",
        ),
    ],
)
def test_simulation_bad_input_shows_errors_not_500(
    client, schemes, params, field, message
):
    response = client.get(URL, params)

    assert response.status_code == 200
    assert field in response.context["form"].errors
    assert message in response.text
    assert response.text.count("<title>Galat:") == 1
    assert "Ada masalah" in response.text


def test_simulation_queries_do_not_grow_with_schemes(
    client, schemes, django_assert_max_num_queries
):
    params = {"nominal": "10000000", "tenor": "12"}
    with django_assert_max_num_queries(3):
        client.get(URL, params)
    for n in range(5):
        SchemeFactory(code=f"tambahan-{n}")

    with django_assert_max_num_queries(3):
        response = client.get(URL, params)

    assert len(response.context["results"]) == 8


# --- "Sesuai" means the portal's check for a signed-in officer ------------------


def test_simulation_for_an_officer_applies_the_cooperatives_scheme_rules(
    client, cooperative, officer
):
    from .test_scheme_rules import LADDER

    open_fund = SchemeFactory(code="dana-bergulir", name="Dana Bergulir")
    kur = SchemeFactory(
        code="kur-mikro",
        name="KUR Mikro",
        for_cooperatives=False,
        for_enterprises=True,
        is_kur=True,
        rate_ladder=LADDER,
    )
    ppu = SchemeFactory(code="dana-bergulir-ppu", name="Dana Bergulir PPU")
    ppu.districts.set(["64.09"])
    client.force_login(officer)

    response = client.get(URL, {"nominal": "10.000.000", "tenor": "12"})

    fits = {r.scheme.code: r.fits for r in response.context["results"]}
    assert fits == {open_fund.code: True, kur.code: False, ppu.code: False}
    by_code = {r.scheme.code: r for r in response.context["results"]}
    assert by_code[ppu.code].problems["scheme"] == [
        "Skema ini hanya untuk pemohon di Kabupaten Penajam Paser Utara."
    ]
    apply = reverse("portal:financing-apply", args=[cooperative.pk])
    assert (
        f"{apply}?nominal=10000000&amp;tenor=12&amp;skema=dana-bergulir"
        in response.text
    )
    assert 'skema=kur-mikro"' not in response.text.split(apply)[-1][:80]


def test_simulation_for_anyone_says_what_the_check_depends_on(client, schemes):
    response = client.get(URL, {"nominal": "10.000.000", "tenor": "12"})

    assert "hanya memeriksa nominal dan tenor" in response.text
    assert all(
        r.fits for r in response.context["results"] if r.scheme.code != "modal-kecil"
    )
    assert "portal/koperasi" not in response.text or "Ajukan</a>" not in response.text
