"""Public pages: the program catalogue and the certificate verification page (no
login), and the certificate PDF for the people allowed to download it."""

import re

from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from core.ratelimit import limited_per_client

from . import selectors
from .certificates import certificate_pdf
from .filtersets import CatalogueFilterSet

PAGE_SIZE = 20
CODE_MAX = 40
# What the URL's slug converter takes, no longer than a code can be.
CERTIFICATE_CODE = re.compile(rf"[-a-zA-Z0-9_]{{1,{CODE_MAX}}}")


@require_GET
def program_catalogue(request):
    filterset = CatalogueFilterSet(request.GET, queryset=selectors.program_catalogue())
    programs = filterset.qs if filterset.is_valid() else filterset.queryset.none()
    page = Paginator(programs, PAGE_SIZE).get_page(request.GET.get("halaman"))
    query = request.GET.copy()
    query.pop("halaman", None)
    return render(
        request,
        "programs/catalogue.html",
        {
            "filter_form": filterset.form,
            "page": page,
            "query": query.urlencode(),
            "today": timezone.localdate(),
        },
    )


@require_GET
def program_detail(request, code: str):
    program = selectors.program_public_get(code=code)
    if program is None:
        raise Http404
    return render(
        request,
        "programs/program_detail.html",
        {"program": program, "today": timezone.localdate()},
    )


@require_GET
@limited_per_client("public_page")
def certificate_check(request):
    """ "Cek sertifikat": a code typed in (or the QR's link) leads to its page."""
    code = request.GET.get("kode", "").strip()
    if CERTIFICATE_CODE.fullmatch(code):
        return redirect("certificates:verify", code=code)
    error = (
        _("Masukkan kode sertifikat: huruf, angka dan tanda hubung.") if code else ""
    )
    return render(
        request,
        "programs/certificate_check.html",
        {"code": code[:CODE_MAX], "error": error},
        status=400 if code else 200,
    )


@require_GET
@limited_per_client("public_page")
def certificate_verify(request, code: str):
    """Confirms a certificate to anyone holding its code: name, program, dates,
    hours and signatory. Never the NIK. An unknown code says so (404)."""
    enrolment = selectors.certificate_get(code=code)
    if enrolment is None:
        response = render(
            request, "programs/certificate_check.html", {"unknown": code}, status=404
        )
        response["X-Robots-Tag"] = "noindex"
        return response
    response = render(
        request, "programs/certificate_verify.html", {"enrolment": enrolment}
    )
    response["X-Robots-Tag"] = "noindex"
    return response


@login_required
@require_GET
def certificate_download(request, code: str):
    enrolment = selectors.certificate_for_user(code=code, user=request.user)
    if enrolment is None:
        raise Http404
    verify_url = request.build_absolute_uri(
        reverse("certificates:verify", kwargs={"code": code})
    )
    response = HttpResponse(
        certificate_pdf(enrolment, verify_url=verify_url),
        content_type="application/pdf",
    )
    filename = (
        f"sertifikat-{enrolment.program.code}-{enrolment.certificate_seq:03d}.pdf"
    )
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response
