"""Open data (/data/): the province's cooperative statistics per year and
district as CSV and JSON, with a description of each column and the licence
(reports.open_data holds the definitions and the cached rows)."""

import csv
import io

from django.http import HttpResponse, JsonResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.cache import patch_vary_headers
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from core.ratelimit import limited_per_client
from reports import open_data

from ..forms.public import OpenDataYearForm

CACHE_CONTROL = f"public, max-age={open_data.CACHE_SECONDS}"


def _years(request) -> tuple[list[int] | None, dict]:
    """The years asked for (`?tahun=`, else the published five), or the errors."""
    form = OpenDataYearForm(request.GET)
    if not form.is_valid():
        return None, {field: list(errors) for field, errors in form.errors.items()}
    year = form.cleaned_data["tahun"]
    today = timezone.localdate()
    return ([year] if year else open_data.published_years(today)), {}


def _metadata() -> dict:
    return {
        "judul": _("Statistik koperasi per tahun dan kabupaten/kota"),
        "penerbit": _(
            "Dinas Perindustrian, Perdagangan, Koperasi dan UKM "
            "Provinsi Kalimantan Timur"
        ),
        "lisensi": {"nama": open_data.LICENCE_NAME, "url": open_data.LICENCE_URL},
        "kolom": [
            {
                "nama": column.name,
                "deskripsi": str(column.description),
                "satuan": str(column.unit),
            }
            for column in open_data.COLUMNS
        ],
    }


@require_GET
@limited_per_client("public_page")
def open_data_index(request):
    today = timezone.localdate()
    return render(
        request,
        "portal/public/open_data.html",
        {
            "columns": open_data.COLUMNS,
            "years": open_data.published_years(today),
            "licence_name": open_data.LICENCE_NAME,
            "licence_url": open_data.LICENCE_URL,
        },
    )


@require_GET
@limited_per_client("public_page")
def statistics_json(request):
    years, errors = _years(request)
    if errors:
        return JsonResponse(errors, status=400)
    rows = open_data.statistics_rows(years=years)
    response = JsonResponse(
        {**_metadata(), "tahun": years, "data": rows},
        json_dumps_params={"ensure_ascii": False},
    )
    response["Cache-Control"] = CACHE_CONTROL
    response["Access-Control-Allow-Origin"] = "*"
    # The column descriptions follow the visitor's language, chosen by a cookie too.
    patch_vary_headers(response, ["Cookie"])
    return response


@require_GET
@limited_per_client("public_page")
def statistics_csv(request):
    years, errors = _years(request)
    if errors:
        message = " ".join(e for messages in errors.values() for e in messages)
        return HttpResponse(
            f"tahun: {message}\n", status=400, content_type="text/plain; charset=utf-8"
        )
    rows = open_data.statistics_rows(years=years)
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=open_data.COLUMN_NAMES, lineterminator="\n")
    writer.writeheader()
    writer.writerows(rows)
    response = HttpResponse(out.getvalue(), content_type="text/csv; charset=utf-8")
    name = f"statistik-koperasi-kaltim-{years[0]}-{years[-1]}.csv"
    response["Content-Disposition"] = f'inline; filename="{name}"'
    response["Cache-Control"] = CACHE_CONTROL
    response["Access-Control-Allow-Origin"] = "*"
    return response
