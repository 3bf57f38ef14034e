"""Queries per request of the API lists (at two page sizes), every admin
changelist and the portal pages of the demo cooperative (SPEC section 4:
constant in page size and table size; compare the tenth and province runs)."""

from django.contrib import admin
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import NoReverseMatch, reverse

API_LISTS = (
    "/api/v1/cooperatives/",
    "/api/v1/enterprises/",
    "/api/v1/annual-reports/",
    "/api/v1/programs/",
    "/api/v1/enrolments/",
    "/api/v1/financing/applications/",
    "/api/v1/financing/loans/",
    "/api/v1/reports/",
)
PORTAL = (
    "dashboard",
    "profile",
    "people",
    "reports",
    "programs",
    "mentoring",
    "financing",
)


def _count(client: Client, path: str) -> str:
    client.get(path)  # warm up: first use of a token, caches
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(path)
        if getattr(response, "streaming", False):
            b"".join(response.streaming_content)
    if response.status_code != 200:
        return f"HTTP {response.status_code}"
    return str(len(ctx.captured_queries))


def per_page(headers: dict) -> list[tuple[str, str]]:
    from accounts.models import User
    from cooperatives.models import Cooperative
    from demo import registry as demo

    rows = []
    api = Client(HTTP_AUTHORIZATION=headers["Authorization"])
    for path in API_LISTS:
        small = _count(api, f"{path}?page_size=10")
        large = _count(api, f"{path}?page_size=100")
        rows.append((f"{path} (page of 10 / 100)", f"{small} / {large}"))
    staff = Client()
    staff.force_login(User.objects.get(username="staf.demo"))
    for model in admin.site._registry:
        meta = model._meta
        try:
            path = reverse(f"admin:{meta.app_label}_{meta.model_name}_changelist")
        except NoReverseMatch:
            continue
        rows.append((path, _count(staff, path)))
    rows.append(("/dashboard/ (staff)", _count(staff, "/dashboard/")))
    officer = Client()
    officer.force_login(User.objects.get(username="pengurus.demo"))
    cooperative = Cooperative.objects.get(nik=demo.DEMO_COOPERATIVE_NIK)
    for name in PORTAL:
        path = reverse(f"portal:{name}", kwargs={"cooperative_id": cooperative.pk})
        rows.append((path, _count(officer, path)))
    return rows
