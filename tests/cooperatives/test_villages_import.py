"""Imports take a village by code or by its name within the row's kecamatan (else
its district); a village that does not fit is a rejected row naming `village`.
The export writes the code, so a file exported and imported again keeps it."""

import pytest
from django.core.exceptions import ValidationError

from cooperatives.models import Enterprise
from tests.cooperatives.test_imports_services import (
    HEADER,
    csv_file,
    enterprise_row,
    rejected,
    run,
)
from tests.factories import EnterpriseFactory

pytestmark = pytest.mark.django_db

WITH_VILLAGE = [*HEADER, "village"]


def test_villages_are_taken_by_code_or_by_name():
    rows = [
        enterprise_row(1, sub_district="64.72.03", village="64.72.03.1004"),
        enterprise_row(2, sub_district="64.72.03", village="kelurahan air putih"),
        enterprise_row(3, sub_district="", village="Air Putih"),
        enterprise_row(4, sub_district="64.72.03", village=""),
    ]

    job = run(file=csv_file(rows, header=WITH_VILLAGE))

    assert (job.status, job.created, job.skipped) == ("done", 4, 0)
    coded = dict(
        Enterprise.objects.order_by("nib").values_list("nib", "village_id")
    ).values()
    assert list(coded) == ["64.72.03.1004"] * 3 + [None]
    third = Enterprise.objects.get(nib=rows[2]["nib"])
    assert (third.sub_district_id, third.village_name) == ("64.72.03", "")


def test_a_village_that_does_not_fit_is_a_rejected_row_naming_it():
    rows = [
        enterprise_row(1, sub_district="64.72.01", village="64.72.03.1004"),
        enterprise_row(2, sub_district="64.72.01", village="Air Putih"),
        enterprise_row(3, sub_district="64.72.01", village="Kampung X"),
        enterprise_row(4, district="64.71", sub_district="", village="64.72.03.1004"),
    ]

    job = run(file=csv_file(rows, header=WITH_VILLAGE), skip_invalid=True)

    assert (job.created, job.skipped) == (0, 4)
    reasons = [row["reason"] for row in rejected(job)]
    assert reasons == [
        "village: Desa/kelurahan ini tidak berada di kecamatan yang dipilih.",
        "village: Desa/kelurahan Air Putih tidak dikenal di wilayah ini.",
        "village: Desa/kelurahan Kampung X tidak dikenal di wilayah ini.",
        "village: Desa/kelurahan ini tidak berada di kabupaten/kota yang dipilih.",
    ]


def test_a_village_column_needs_its_kecamatan_column():
    header = [name for name in WITH_VILLAGE if name != "sub_district"]
    file = csv_file([enterprise_row(1, village="64.72.03.1004")], header=header)

    with pytest.raises(ValidationError) as caught:
        run(file=file)
    assert "sub_district" in caught.value.messages[0]


def test_the_export_and_import_keep_the_coded_village(staff_api):
    EnterpriseFactory(
        nib="9120300000001", sub_district_id="64.72.03", village_id="64.72.03.1004"
    )
    response = staff_api.get("/api/v1/enterprises/export.csv")
    exported = b"".join(response.streaming_content)
    Enterprise.objects.update(village=None, sub_district=None)

    from django.core.files.uploadedfile import SimpleUploadedFile

    job = run(file=SimpleUploadedFile("umkm.csv", exported))

    assert (job.status, job.updated, job.skipped) == ("done", 1, 0)
    enterprise = Enterprise.objects.get(nib="9120300000001")
    assert (enterprise.sub_district_id, enterprise.village_id) == (
        "64.72.03",
        "64.72.03.1004",
    )
