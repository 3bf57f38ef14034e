"""The public face (no sign-in): the landing page and the directory of
cooperatives ("Cek Koperasi"). Reads through selectors; the directory shows no
person's data (cooperatives.selectors.directory)."""

from django.conf import settings
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.http import require_GET

from cooperatives import selectors as registry
from core.ratelimit import limited_per_client
from programs.selectors import program_open_list

from ..forms.public import DirectorySearchForm

OPEN_PROGRAMS_SHOWN = 6
PAGE_SIZE = 20


@require_GET
@limited_per_client("public_page")
def landing(request):
    today = timezone.localdate()
    programs = list(program_open_list(today=today)[: OPEN_PROGRAMS_SHOWN + 1])
    return render(
        request,
        "portal/public/landing.html",
        {
            "programs": programs[:OPEN_PROGRAMS_SHOWN],
            "more_programs": len(programs) > OPEN_PROGRAMS_SHOWN,
            "contact_email": settings.AGENCY_CONTACT_EMAIL,
            "contact_phone": settings.AGENCY_CONTACT_PHONE,
            "year": today.year,
        },
    )


@require_GET
@limited_per_client("public_page")
def cooperative_directory(request):
    """Search by name or NIK koperasi; two queries a page (count and rows)."""
    form = DirectorySearchForm(request.GET)
    searched = bool(request.GET.get("q") or request.GET.get("kabupaten"))
    page = None
    if form.is_valid():
        district = form.cleaned_data["kabupaten"]
        cooperatives = registry.cooperative_directory_list(
            query=form.cleaned_data["q"],
            district_id=district.pk if district else None,
        )
        page = Paginator(cooperatives, PAGE_SIZE).get_page(request.GET.get("halaman"))
    query = request.GET.copy()
    query.pop("halaman", None)
    return render(
        request,
        "portal/public/directory.html",
        {
            "form": form,
            "page": page,
            "searched": searched,
            "query": query.urlencode(),
            "year": timezone.localdate().year,
        },
        status=200 if page is not None else 400,
    )


@require_GET
@limited_per_client("public_page")
def cooperative_detail(request, registration: str):
    cooperative = registry.cooperative_directory_get(nik=registration)
    if cooperative is None:
        raise Http404
    return render(
        request,
        "portal/public/cooperative.html",
        # Not "cooperative": base.html shows an officer's menu for that.
        {"listing": cooperative, "year": timezone.localdate().year},
    )
