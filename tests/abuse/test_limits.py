"""Abuse limits per client: report requests (API), imports (admin and portal) and
exports (admin) answer 429 with Retry-After or a clear Indonesian message."""

import pytest
from django.core.cache import cache
from django.core.files.uploadedfile import SimpleUploadedFile

from cooperatives.models import Cooperative, CooperativeRole, ImportJob
from tests.factories import CooperativeFactory, officer_of

pytestmark = pytest.mark.django_db

REPORTS = "/api/v1/reports/"
REPORT = {"kind": "cooperative_recap", "format": "csv", "params": {"year": 2025}}
ADMIN_IMPORT = "/admin/cooperatives/importjob/add/"
ADMIN_EXPORT = "/admin/cooperatives/cooperative/export/"
LIMITED = "Terlalu banyak permintaan dalam waktu singkat"


@pytest.fixture
def limits(settings):
    """Set a limit; counts left in Redis by earlier runs (user ids repeat in a new
    test database) are removed first."""
    prefix = settings.CACHES["default"]["KEY_PREFIX"]
    redis = cache._cache.get_client(write=True)
    for pattern in ("ratelimit:*", "throttle_report_request_*"):
        for key in redis.scan_iter(match=f"{prefix}:*:{pattern}"):
            redis.delete(key)

    def set_limit(scope: str, rate: str):
        settings.ABUSE_LIMITS = {**settings.ABUSE_LIMITS, scope: rate}

    return set_limit


def test_report_requests_are_limited_per_token_with_retry_after(
    limits, samarinda_api, balikpapan_api
):
    limits("report", "2/hour")

    codes = [samarinda_api.post(REPORTS, REPORT, format="json") for _ in range(3)]

    assert [r.status_code for r in codes] == [202, 202, 429]
    assert 0 < int(codes[-1]["Retry-After"]) <= 3600
    assert samarinda_api.get(REPORTS).status_code == 200  # reading is not limited
    other = balikpapan_api.post(REPORTS, REPORT, format="json")
    assert other.status_code == 202  # another client has its own count


def _members_csv() -> SimpleUploadedFile:
    return SimpleUploadedFile(
        "anggota.csv",
        b"nik,nama,jenis_kelamin\n6472031205800101,Andi,L\n",
        content_type="text/csv",
    )


def test_portal_member_import_is_limited_per_user_with_a_clear_message(limits, client):
    limits("import", "2/hour")
    cooperative = CooperativeFactory()
    client.force_login(officer_of(cooperative))
    url = f"/portal/koperasi/{cooperative.pk}/orang/impor/"

    codes = [client.post(url, {"file": _members_csv()}).status_code for _ in range(2)]
    CooperativeRole.objects.filter(role="member").delete()
    refused = client.post(url, {"file": _members_csv()})

    assert codes == [302, 302]
    assert refused.status_code == 429
    assert int(refused["Retry-After"]) > 0
    assert LIMITED in refused.content.decode()
    assert not CooperativeRole.objects.filter(role="member").exists()


def _admin_csv(nik: str = "6472000000001001") -> SimpleUploadedFile:
    content = (
        "nik,name,kind,district,sub_district,phone,npwp,legal_entity_date\n"
        f"{nik},KSP Mahakam,savings_and_loan,64.72,64.72.03,0812-3456-7890,,2019-08-17\n"
    )
    return SimpleUploadedFile("koperasi.csv", content.encode(), "text/csv")


def test_admin_import_is_limited_per_staff_user(limits, staff_client):
    # The admin imports through the background pipeline's upload page.
    limits("import", "1/hour")
    data = {"kind": "cooperatives"}

    first = staff_client.post(ADMIN_IMPORT, {**data, "file": _admin_csv()})
    second = staff_client.post(
        ADMIN_IMPORT, {**data, "file": _admin_csv()}, follow=True
    )

    assert first.status_code == 302
    assert ImportJob.objects.count() == 1
    assert second.redirect_chain[0][1] == 302
    assert LIMITED in second.content.decode()
    assert ImportJob.objects.count() == 1
    assert not Cooperative.objects.exists()


def test_admin_export_is_limited_per_staff_user(limits, staff_client):
    limits("export", "1/hour")
    CooperativeFactory()
    data = {"format": "0", "resource": "0", "cooperativeresource_nik": "on"}

    first = staff_client.post(ADMIN_EXPORT, data)
    second = staff_client.post(ADMIN_EXPORT, data, follow=True)

    assert first.status_code == 200
    assert first["Content-Disposition"].startswith("attachment")
    assert LIMITED in second.content.decode()
    assert "Content-Disposition" not in second


@pytest.mark.parametrize(
    "path",
    ["/koperasi/", "/data/statistik.csv", "/certificates/kode-uji/", "/"],
)
def test_public_pages_are_limited_per_client_address(limits, client, path):
    limits("public_page", "2/minute")

    codes = [client.get(path, REMOTE_ADDR="203.0.113.7").status_code for _ in range(3)]
    other = client.get(path, REMOTE_ADDR="203.0.113.8")

    assert codes[2] == 429
    assert codes[:2] != [429, 429]
    refused = client.get(path, REMOTE_ADDR="203.0.113.7")
    assert int(refused["Retry-After"]) > 0
    assert LIMITED in refused.content.decode()
    assert other.status_code != 429
