"""Issue 22: no raw money and no English choice code on a staff page. Walks every
admin changelist and one change page per model (demo data, a small province) and
the dashboard; fails on a raw decimal (`1250000000.00`, `50000000,00`) in the
visible text or a text box, and on a choice shown by its code (`savings_and_loan`)
instead of its label."""

import re
from html.parser import HTMLParser
from io import StringIO

import pytest
from django.apps import apps
from django.contrib import admin
from django.core.files.base import ContentFile
from django.core.management import call_command
from django.urls import reverse

from accounts.models import User
from accounts.scope import Scope
from cooperatives.models import Cooperative, ImportJob
from cooperatives.services import access_request_create, invitation_create
from reports.models import ReportRun
from tests.factories import district

pytestmark = pytest.mark.django_db

RAW_DECIMAL = re.compile(r"(?<![\d.,])(\d+\.\d{2}|\d{4,},\d{2})(?![\d.,])")
# What may look like a decimal and is not: kode wilayah (`64.72`, `64.72.01`) and
# clock times as Indonesians write them (`13.00`, `4 Des 2026 1.02`), never
# followed by a percent sign.
REGION_CODE = re.compile(r"(?<![\d.,])6[45]\.\d{2}(\.\d{2,4})*(?![\d.,%])")
CLOCK = re.compile(r"(?<![\d.,])([01]?\d|2[0-3])\.[0-5]\d(?![\d.,%])")
SKIPPED_TAGS = {"script", "style", "template", "option", "select"}
TEXT_INPUTS = {"text", "number", ""}


class VisibleText(HTMLParser):
    """The words a person sees: text outside scripts, option lists and hidden
    parts, plus the values shown in text boxes and text areas."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self.skipping: list[str] = []

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag in SKIPPED_TAGS:
            self.skipping.append(tag)
        if tag == "input" and attrs.get("type", "") in TEXT_INPUTS:
            self.parts.append(attrs.get("value") or "")

    def handle_endtag(self, tag):
        if self.skipping and self.skipping[-1] == tag:
            self.skipping.pop()

    def handle_data(self, data):
        if not self.skipping:
            self.parts.append(data)

    @classmethod
    def of(cls, html: str) -> str:
        parser = cls()
        parser.feed(html)
        return " ".join(" ".join(parser.parts).split())


# Channel codes that are also words of our labels: fields read "surel (email)",
# the English word as a gloss staff know, not a code shown in place of a label.
GLOSSES = {"email"}


def english_codes(model) -> set[str]:
    """Choice values of the model that differ from their label: shown on a page,
    they are codes nobody at the agency should read. Our own models only."""
    if not _ours(model):
        return set()
    codes = set()
    for field in model._meta.get_fields():
        for value, label in getattr(field, "flatchoices", None) or []:
            if isinstance(value, str) and len(value) > 3 and value != str(label):
                codes.add(value)
    codes -= GLOSSES
    return codes


def _ours(model) -> bool:
    return "site-packages" not in apps.get_app_config(model._meta.app_label).path


def problems(url: str, html: str, codes: set[str]) -> list[str]:
    text = CLOCK.sub(" ", REGION_CODE.sub(" ", VisibleText.of(html)))
    found = [f"{url}: raw number {m!r}" for m in RAW_DECIMAL.findall(text)]
    for code in sorted(codes):
        if re.search(rf"(?<![\w-]){re.escape(code)}(?![\w-])", text):
            found.append(f"{url}: choice code {code!r}")
    return found


@pytest.fixture
def province(db):
    call_command("seed_demo", cooperatives=6, enterprises=8, years=2, stdout=StringIO())
    staff = User.objects.get(username="staf.demo")
    _rows_the_demo_lacks(staff)
    return staff


def _rows_the_demo_lacks(staff):
    """One row for each staff page the demo leaves empty: report runs, import
    jobs, invitations and access requests."""
    cooperative = Cooperative.objects.order_by("pk").first()
    samarinda = district("64.72")
    ReportRun.objects.create(
        kind=ReportRun.Kind.COOPERATIVE_RECAP,
        format=ReportRun.Format.PDF,
        year=2025,
        district=samarinda,
        requested_by=staff,
        status=ReportRun.Status.DONE,
        progress=100,
        file=ContentFile(b"%PDF-1.4", name="rekap.pdf"),
    )
    ImportJob.objects.create(
        kind=ImportJob.Kind.ENTERPRISES,
        district=samarinda,
        by=staff,
        status=ImportJob.Status.DONE,
        file=ContentFile(b"nib,name\n", name="impor.csv"),
    )
    invitation_create(
        kind="officer",
        email="undangan.angka@example.id",
        scope=Scope.province(),
        cooperative_id=cooperative.pk,
    )
    access_request_create(
        cooperative_nik=cooperative.nik,
        nik="6472031205800781",
        name="Peminta Angka",
        email="peminta.angka@example.id",
    )


def test_admin_pages_show_numbers_and_choices_as_people_read_them(client, province):
    client.force_login(province)
    codes = set().union(*(english_codes(model) for model in apps.get_models()))
    found, walked = [], 0
    for model, model_admin in admin.site._registry.items():
        meta = model._meta
        # A third-party page (celery beat's task paths and arguments) speaks the
        # code's language; its numbers are still checked.
        codes_here = codes if _ours(model) else set()
        changelist = reverse(f"admin:{meta.app_label}_{meta.model_name}_changelist")
        response = client.get(changelist)
        if response.status_code == 403:
            continue
        assert response.status_code == 200, changelist
        found += problems(changelist, response.content.decode(), codes_here)
        walked += 1
        for obj in _one_of_each_status(model_admin.get_queryset(_request(province))):
            change = reverse(
                f"admin:{meta.app_label}_{meta.model_name}_change", args=[obj.pk]
            )
            response = client.get(change)
            assert response.status_code == 200, change
            found += problems(change, response.content.decode(), codes_here)
    assert walked > 20
    assert found == [], "\n".join(found)


def _one_of_each_status(queryset) -> list:
    """The newest row, and the newest of each status where the model has one (a
    verified report's page is not an editable draft's)."""
    rows = [queryset.order_by("-pk").first()]
    if any(f.name == "status" for f in queryset.model._meta.fields):
        for status in queryset.order_by().values_list("status", flat=True).distinct():
            rows.append(queryset.filter(status=status).order_by("-pk").first())
    return list({row.pk: row for row in rows if row is not None}.values())


def test_dashboard_shows_numbers_as_people_read_them(client, province):
    client.force_login(province)
    from cooperatives.models import Cooperative, Enterprise
    from financing.models import Application, Loan

    codes = set().union(
        *(english_codes(m) for m in (Cooperative, Enterprise, Application, Loan))
    )
    response = client.get("/dashboard/")

    assert response.status_code == 200
    page = response.content.decode()
    assert problems("/dashboard/", page, codes) == []
    text = VisibleText.of(page)
    assert not re.findall(r"(?<![\w.,])-\d", text)  # a minus is U+2212, not "-"
    assert not re.findall(r"(?<![\w.,])\d{5,}", text)  # 7.893, not 7893
    assert re.search(r"Rp\d{1,3}(\.\d{3})*", text)


def _request(user):
    from django.test import RequestFactory

    request = RequestFactory().get("/admin/")
    request.user = user
    return request


def test_the_walk_finds_a_raw_amount_and_a_code():
    page = (
        '<td class="field-amount">1250000000.00</td><td>savings_and_loan</td>'
        '<input type="text" value="50000000,00"><script>var x = "9.99";</script>'
        '<select><option value="savings_and_loan">Simpan pinjam</option></select>'
    )

    found = problems("/x/", page, {"savings_and_loan"})

    assert found == [
        "/x/: raw number '1250000000.00'",
        "/x/: raw number '50000000,00'",
        "/x/: choice code 'savings_and_loan'",
    ]
    assert problems("/x/", "<td>Rp1.250.000.000</td><td>6,00%</td>", set()) == []
