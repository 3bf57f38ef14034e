"""GET /api/v1/enterprises/export.csv: the list's scope and filters as a streamed
CSV (UTF-8 with BOM, no NIK), constant queries, flat memory, its own throttle."""

import csv
import io
import tracemalloc
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from cooperatives.models import Enterprise
from tests.factories import EnterpriseFactory, PersonFactory, district

pytestmark = pytest.mark.django_db
URL = "/api/v1/enterprises/export.csv"


def rows_of(response) -> list[dict]:
    assert response.streaming
    body = b"".join(response.streaming_content)
    assert body.startswith(b"\xef\xbb\xbf")
    return list(csv.DictReader(io.StringIO(body.decode("utf-8-sig"))))


def bulk_enterprises(count: int, code: str = "64.72", start: int = 0, **fields) -> None:
    owner = PersonFactory()
    where = district(code)
    Enterprise.objects.bulk_create(
        Enterprise(
            nib=f"{code[-2:]}{start + i:011d}",
            name=f"Usaha Massal {i:05d}",
            owner=owner,
            district=where,
            kbli="10794",
            business_capital=Decimal("50000000.00"),
            annual_revenue=Decimal("300000000.00"),
            **fields,
        )
        for i in range(count)
    )


def test_export_is_csv_with_bom_and_the_list_fields_without_nik(samarinda_api):
    enterprise = EnterpriseFactory(name='Usaha, Kopi "Mahakam"')

    response = samarinda_api.get(URL)

    assert response.status_code == 200
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert "attachment" in response["Content-Disposition"]
    [row] = rows_of(response)
    assert row["id"] == str(enterprise.pk)
    assert row["name"] == 'Usaha, Kopi "Mahakam"'
    assert row["owner_name"] == enterprise.owner.name
    assert row["district"] == "64.72"
    assert row["business_capital"] == "50000000.00"
    assert "owner_nik" not in row
    assert enterprise.owner.nik not in ",".join(row.values())


def test_export_shows_only_the_tokens_district(samarinda_api, balikpapan_api):
    ours = EnterpriseFactory(district=district("64.72"))
    theirs = EnterpriseFactory(district=district("64.71"))

    assert [r["id"] for r in rows_of(samarinda_api.get(URL))] == [str(ours.pk)]
    assert [r["id"] for r in rows_of(balikpapan_api.get(URL))] == [str(theirs.pk)]


def test_export_for_staff_has_every_district(staff_api):
    EnterpriseFactory(district=district("64.72"))
    EnterpriseFactory(district=district("64.71"))

    assert len(rows_of(staff_api.get(URL))) == 2


def test_export_honours_the_list_filters_search_and_ordering(staff_api):
    EnterpriseFactory(name="Usaha B", kbli="10794", district=district("64.72"))
    EnterpriseFactory(name="Usaha A", kbli="10794", district=district("64.71"))
    EnterpriseFactory(name="Warung C", kbli="47111", district=district("64.72"))

    by_kbli = rows_of(staff_api.get(URL, {"kbli": "10794"}))
    by_district = rows_of(staff_api.get(URL, {"district": "64.72"}))
    searched = rows_of(staff_api.get(URL, {"search": "warung"}))
    reversed_ = rows_of(staff_api.get(URL, {"ordering": "-name"}))

    assert [r["name"] for r in by_kbli] == ["Usaha A", "Usaha B"]
    assert [r["name"] for r in by_district] == ["Usaha B", "Warung C"]
    assert [r["name"] for r in searched] == ["Warung C"]
    assert [r["name"] for r in reversed_] == ["Warung C", "Usaha B", "Usaha A"]


def test_export_with_a_bad_filter_is_400_per_field(staff_api):
    response = staff_api.get(URL, {"district": "99.99"})

    assert response.status_code == 400
    assert "district" in response.json()


def test_export_needs_an_api_client(client):
    assert client.get(URL).status_code in (401, 403)


def test_export_queries_do_not_grow_with_rows(samarinda_api):
    def queries() -> int:
        with CaptureQueriesContext(connection) as ctx:
            rows = rows_of(samarinda_api.get(URL))
        return len(ctx.captured_queries), len(rows)

    bulk_enterprises(3)
    samarinda_api.get(URL)  # the token's first use stamps it
    few = queries()
    bulk_enterprises(300, start=3, scale="small")
    many = queries()

    assert (few[1], many[1]) == (3, 303)
    assert few[0] == many[0]


def test_export_memory_stays_flat_while_streaming(staff_api):
    bulk_enterprises(20_000)
    response = staff_api.get(URL)
    size = 0
    tracemalloc.start()
    try:
        start = tracemalloc.get_traced_memory()[0]
        for chunk in response.streaming_content:  # read and dropped, as a socket would
            size += len(chunk)
        peak = tracemalloc.get_traced_memory()[1] - start
    finally:
        tracemalloc.stop()

    assert size > 3 * 10**6  # the file is megabytes ...
    assert peak < 2**20  # ... the process holds a fraction of one


def test_export_is_throttled_per_client_with_its_own_rate(
    samarinda_api, balikpapan_api, settings
):
    settings.ABUSE_LIMITS = {**settings.ABUSE_LIMITS, "export": "2/minute"}

    statuses = [samarinda_api.get(URL).status_code for _ in range(3)]
    refused = samarinda_api.get(URL)

    assert statuses == [200, 200, 429]
    assert int(refused["Retry-After"]) > 0
    assert (
        samarinda_api.get("/api/v1/enterprises/").status_code == 200
    )  # list: own rate
    assert balikpapan_api.get(URL).status_code == 200  # another client: own count


def test_export_accepts_accept_text_csv_and_answers_errors_in_json(staff_api):
    EnterpriseFactory()

    ok = staff_api.get(URL, HTTP_ACCEPT="text/csv")
    bad = staff_api.get(URL, {"scale": "huge"}, HTTP_ACCEPT="text/csv")

    assert ok.status_code == 200
    assert len(rows_of(ok)) == 1
    assert bad.status_code == 400
    assert bad["Content-Type"] == "application/json"
    assert "scale" in bad.json()
