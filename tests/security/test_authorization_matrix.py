"""The authorization matrix: every URL of the site, as every role, against objects
of cooperative A in district 64.72.

The URL list is generated from the URL configuration (the API router included), and
RULES below says who may use each URL name. A URL name without a rule fails
`test_every_url_pattern_has_a_rule`, so a new endpoint cannot ship unreviewed.

For every (URL, role) the test asserts:
- a role the rule allows gets the rule's success status (and, for lists, sees A's
  object);
- a role the rule filters gets 200 without A's object in the list;
- every other role is refused: 401, 403, 404, 405, or a redirect to a login page
  (or, for staff and district users on officer pages, to their own home);
- no response shows a fixture person's full NIK to a role that does not need it
  (see NIK_VISIBLE).

Only GET (and HEAD for downloads) is sent: a refused GET is the scoping check; the
write paths go through the same scoped lookups and have their own tests.
"""

from __future__ import annotations

import csv
import datetime
import io
import json
import uuid
from dataclasses import dataclass, field
from urllib.parse import urlsplit

import pytest
from django.core.files.base import ContentFile
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver, reverse
from django.utils import timezone

from accounts.models import User
from accounts.scope import Scope
from accounts.tokens import api_token_issue
from cooperatives.models import (
    AnnualReport,
    CooperativeRole,
    ImportJob,
    SubDistrict,
    Village,
)
from cooperatives.services import access_request_create, invitation_create
from financing.models import ApplicationDocument, Recommendation
from programs.models import Enrolment
from reports.models import ReportRun
from tests.factories import (
    AnnualReportFactory,
    CooperativeFactory,
    CooperativeRoleFactory,
    DistrictUserFactory,
    EnterpriseFactory,
    PersonFactory,
    StaffFactory,
    district,
    officer_of,
)
from tests.financing.factories import ApplicationFactory, SchemeFactory, disbursed_loan
from tests.programs.factories import (
    EnrolmentFactory,
    MentorAssignmentFactory,
    MentoringVisitFactory,
    ProgramFactory,
)

# --- Roles ---------------------------------------------------------------------------
ANON = "anonymous"
OFFICER_A = "officer of A"
OFFICER_B = "officer of B"
TOKEN_72 = "token 64.72"
TOKEN_71 = "token 64.71"
DISTRICT_72 = "district user 64.72"
DISTRICT_71 = "district user 64.71"
STAFF = "staff"
OWNER = "owner of the enterprise"
ROLES = (
    ANON,
    OFFICER_A,
    OFFICER_B,
    TOKEN_72,
    TOKEN_71,
    DISTRICT_72,
    DISTRICT_71,
    STAFF,
    OWNER,
)

EVERYONE = frozenset(ROLES)
OFFICERS = frozenset({OFFICER_A, OFFICER_B})
LOGGED_IN = frozenset({OFFICER_A, OFFICER_B, DISTRICT_72, DISTRICT_71, STAFF, OWNER})
# The portal's home and inbox: officers and UMKM owners.
PORTAL_USERS = OFFICERS | {OWNER}
API_CLIENTS = frozenset({TOKEN_72, TOKEN_71, DISTRICT_72, DISTRICT_71, STAFF})
IN_SCOPE_API = frozenset({TOKEN_72, DISTRICT_72, STAFF})  # A is in district 64.72
OTHER_DISTRICT = frozenset({TOKEN_71, DISTRICT_71})
NOBODY = frozenset()


@dataclass(frozen=True)
class Rule:
    allow: frozenset  # roles that may use the URL on A's objects
    ok: tuple = (200,)  # what an allowed role gets
    # Roles that get the list (200) without A's object in it.
    filtered: frozenset = NOBODY
    listed: str | None = None  # the world object a list shows (allowed) or hides
    obj: str | None = None  # the world object the URL's `pk` / `code` names
    code: str | None = None  # attribute giving the `code` kwarg
    download: bool = False  # also sent as HEAD
    kwargs: dict = field(default_factory=dict)  # literal kwargs
    # URL kwargs naming another world object than DEFAULT_KWARGS does.
    objects: dict = field(default_factory=dict)


INVITATION_BATCH = uuid.UUID("6472aaaa-0000-4000-8000-000000000001")


def public(ok=(200,), **kw) -> Rule:
    return Rule(allow=EVERYONE, ok=ok, **kw)


def officer_a(ok=(200,), **kw) -> Rule:
    """A cooperative page of the member portal: A's officers only."""
    return Rule(allow=frozenset({OFFICER_A}), ok=ok, **kw)


OWNER_OBJECTS = {
    "application_id": "owner_application",
    "document_id": "owner_document",
    "loan_id": "owner_loan",
}


def owner(ok=(200,), **kw) -> Rule:
    """A financing page by the owner's door: the enterprise's owner only."""
    return Rule(allow=frozenset({OWNER}), ok=ok, objects=OWNER_OBJECTS, **kw)


def api_list(listed: str | None = None, everyone_sees: bool = False) -> Rule:
    if everyone_sees:
        return Rule(allow=API_CLIENTS, listed=listed)
    return Rule(allow=IN_SCOPE_API, filtered=OTHER_DISTRICT, listed=listed)


def api_object(obj: str, everyone_sees: bool = False, **kw) -> Rule:
    return Rule(allow=API_CLIENTS if everyone_sees else IN_SCOPE_API, obj=obj, **kw)


# A GET on a POST-only URL: nobody gets a page (405 or a refusal).
POST_ONLY = Rule(allow=NOBODY)
STAFF_ONLY = Rule(allow=frozenset({STAFF}))

RULES: dict[str, Rule] = {
    # --- Site --------------------------------------------------------------------
    "healthz": public(ok=(200, 503)),
    "set_language": public(ok=(302, 204)),
    "api-schema": public(),
    "api-docs": public(),
    # --- Public pages -------------------------------------------------------------
    "privacy": public(),
    "public:landing": public(),
    "public:directory": public(),
    # A's NIK koperasi: the directory shows the cooperative's record, no person.
    "public:cooperative": public(),
    "public:open-data": public(),
    "public:statistics-csv": public(),
    "public:statistics-json": public(),
    "certificates:check": public(),
    "programs:catalogue": public(),
    "programs:detail": public(code="program.code"),
    "financing:simulation": public(),
    "certificates:verify": public(code="enrolment.certificate_code"),
    # The certificate PDF: A's officers and the district of A, staff.
    "certificates:pdf": Rule(
        allow=frozenset({OFFICER_A, DISTRICT_72, STAFF}),
        code="enrolment.certificate_code",
        download=True,
    ),
    # --- Provider webhooks: signed by the provider, no user; a GET without
    # Meta's verify token is refused (403), the SMS one takes POST only.
    "notifications:whatsapp_webhook": POST_ONLY,
    "notifications:sms_webhook": POST_ONLY,
    # --- Portal: account ----------------------------------------------------------
    "portal:home": Rule(allow=PORTAL_USERS, ok=(200, 302)),
    "portal:login": public(ok=(200, 302)),
    "portal:logout": POST_ONLY,
    "portal:password-reset": public(),
    "portal:password-reset-sent": public(),
    "portal:password-reset-confirm": public(
        ok=(200, 302), kwargs={"uidb64": "MQ", "token": "set-password"}
    ),
    "portal:password-reset-done": public(),
    # The second-factor pages: with OTP_REQUIRED off (the test settings) they send
    # every signed-in user home; tests/accounts walks them with it on.
    "portal:otp-verify": Rule(allow=LOGGED_IN, ok=(200, 302)),
    "portal:otp-enrol": Rule(allow=LOGGED_IN, ok=(200, 302)),
    "portal:otp-recovery-codes": Rule(allow=LOGGED_IN, ok=(200, 302)),
    # Accounts by invitation: the link (an unknown token: 404 for everyone), the
    # request for access (public), the pages of staff and district users.
    "portal:invitation-accept": public(ok=(404,), kwargs={"token": "tidak-dikenal"}),
    "portal:access-request": public(),
    "portal:access-request-sent": public(),
    # UMKM owners: the sign-up is public (the code page sends a visitor without a
    # sign-up in progress back to it); an enterprise's owner page is for its owner
    # only (officers, district users and staff have their own pages).
    "portal:owner-signup": public(),
    "portal:owner-code": public(ok=(302,)),
    "portal:owner-enterprise": Rule(allow=frozenset({OWNER})),
    "portal:owner-enterprise-address": Rule(allow=frozenset({OWNER})),
    # Sign-ups waiting for their district office (the list filters by scope).
    "portal:enterprises-pending": Rule(
        allow=frozenset({STAFF, DISTRICT_72, DISTRICT_71})
    ),
    "portal:enterprise-verify": POST_ONLY,
    "portal:invitations": Rule(allow=frozenset({STAFF, DISTRICT_72, DISTRICT_71})),
    "portal:invitation-create": Rule(
        allow=frozenset({STAFF, DISTRICT_72, DISTRICT_71})
    ),
    "portal:invitations-import": Rule(
        allow=frozenset({STAFF, DISTRICT_72, DISTRICT_71})
    ),
    # A bulk upload's sending progress: the batch of A's district's invitation.
    "portal:invitations-batch": Rule(
        allow=frozenset({STAFF, DISTRICT_72}), kwargs={"batch": INVITATION_BATCH}
    ),
    "portal:invitation-resend": POST_ONLY,
    "portal:invitation-revoke": POST_ONLY,
    "portal:access-requests": Rule(allow=frozenset({STAFF, DISTRICT_72, DISTRICT_71})),
    "portal:access-request-decide": Rule(allow=frozenset({STAFF, DISTRICT_72})),
    "portal:tasks": Rule(allow=frozenset({STAFF, DISTRICT_72, DISTRICT_71})),
    "portal:notifications": Rule(allow=PORTAL_USERS | {DISTRICT_72, DISTRICT_71}),
    # The district workspace: staff and district users; A's report only in 64.72
    # (the world's program is province-wide, so both districts see it).
    "portal:district-home": Rule(allow=frozenset({STAFF, DISTRICT_72, DISTRICT_71})),
    "portal:kdmp": Rule(allow=frozenset({STAFF, DISTRICT_72, DISTRICT_71})),
    "portal:district-reports": Rule(allow=frozenset({STAFF, DISTRICT_72, DISTRICT_71})),
    "portal:district-report": Rule(allow=frozenset({STAFF, DISTRICT_72})),
    "portal:district-report-verify": POST_ONLY,
    "portal:district-programs": Rule(
        allow=frozenset({STAFF, DISTRICT_72, DISTRICT_71})
    ),
    "portal:district-program": Rule(allow=frozenset({STAFF, DISTRICT_72, DISTRICT_71})),
    "portal:district-program-nominate": Rule(
        allow=frozenset({STAFF, DISTRICT_72, DISTRICT_71})
    ),
    "portal:district-attendance": Rule(allow=frozenset({STAFF, DISTRICT_72})),
    "portal:district-mentoring": Rule(
        allow=frozenset({STAFF, DISTRICT_72, DISTRICT_71})
    ),
    # One's own mentoring (an owner's enterprise, a mentor's assignments).
    "portal:my-mentoring": Rule(allow=PORTAL_USERS | {DISTRICT_72, DISTRICT_71}),
    # Recording a visit on A's mentoring: its mentor only (officer B's person).
    "portal:mentoring-visit-create": Rule(allow=frozenset({OFFICER_B})),
    # Correcting or removing a visit on A's mentoring: the mentor who recorded it.
    "portal:mentoring-visit-update": Rule(allow=frozenset({OFFICER_B})),
    "portal:mentoring-visit-delete": Rule(allow=frozenset({OFFICER_B})),
    "portal:notifications-read": POST_ONLY,
    # One's own WhatsApp/SMS number: whoever has an inbox.
    "portal:phone": Rule(allow=PORTAL_USERS | {DISTRICT_72, DISTRICT_71}),
    "portal:notification-preferences": Rule(
        allow=PORTAL_USERS | {DISTRICT_72, DISTRICT_71}
    ),
    # --- Portal: cooperative A's pages ---------------------------------------------
    "portal:dashboard": officer_a(),
    "portal:profile": officer_a(),
    "portal:people": officer_a(),
    "portal:person-add": officer_a(),
    "portal:members-import": officer_a(),
    "portal:person-edit": officer_a(),
    "portal:person-end": officer_a(),  # GET: the confirmation page
    "portal:reports": officer_a(),
    "portal:report-start": POST_ONLY,
    "portal:report-detail": officer_a(ok=(200, 302)),
    "portal:report-step": officer_a(kwargs={"step": "rat"}),
    "portal:report-check": officer_a(),
    "portal:report-submitted": officer_a(ok=(200, 302)),
    "portal:report-attach": POST_ONLY,
    "portal:report-attachment": officer_a(kwargs={"kind": "minutes"}, download=True),
    "portal:programs": officer_a(),
    "portal:program-detail": officer_a(),
    "portal:program-nominate": officer_a(ok=(200, 405)),
    "portal:enrolment-cancel": officer_a(),  # GET: the confirmation page
    "portal:mentoring": officer_a(),
    "portal:financing": officer_a(),
    "portal:financing-apply": officer_a(),
    "portal:financing-detail": officer_a(),
    "portal:financing-edit": officer_a(),
    "portal:financing-submit": POST_ONLY,
    "portal:financing-withdraw": POST_ONLY,
    "portal:financing-document-upload": officer_a(ok=(200, 405)),
    "portal:financing-document": officer_a(download=True),
    "portal:financing-document-remove": POST_ONLY,
    "portal:financing-loan": officer_a(),
    "portal:financing-loan-pdf": officer_a(download=True),
    # The owner's door to the same pages: their own enterprise's application,
    # document and loan; nobody else (officers of A included) gets them.
    "portal:owner-financing-start": Rule(allow=frozenset({OWNER}), ok=(302,)),
    "portal:owner-financing": owner(),
    "portal:owner-financing-apply": owner(),
    "portal:owner-financing-detail": owner(),
    "portal:owner-financing-edit": owner(),
    "portal:owner-financing-submit": POST_ONLY,
    "portal:owner-financing-withdraw": POST_ONLY,
    "portal:owner-financing-document-upload": owner(ok=(200, 405)),
    "portal:owner-financing-document": owner(download=True),
    "portal:owner-financing-document-remove": POST_ONLY,
    "portal:owner-financing-loan": owner(),
    "portal:owner-financing-loan-pdf": owner(download=True),
    # --- Portal: staff review -------------------------------------------------------
    # District users too (partner schemes: they recommend), in their district.
    "portal:financing-queue": Rule(allow=frozenset({STAFF, DISTRICT_72, DISTRICT_71})),
    "portal:financing-review": Rule(allow=frozenset({STAFF, DISTRICT_72})),
    "portal:financing-review-document": Rule(
        allow=frozenset({STAFF, DISTRICT_72}), download=True
    ),
    "portal:financing-recommendation-pdf": Rule(
        allow=frozenset({STAFF, DISTRICT_72}), download=True
    ),
    # --- Dashboard: staff (province) and district users (their district) ----------
    "reports:dashboard": Rule(allow=frozenset({STAFF, DISTRICT_72, DISTRICT_71})),
    # A district's kecamatan map: staff, and that district's users only.
    "reports:district-map": Rule(
        allow=frozenset({STAFF, DISTRICT_72}), kwargs={"code": "64.72"}
    ),
    "portal:recaps": Rule(allow=frozenset({STAFF, DISTRICT_72, DISTRICT_71})),
    # --- REST API v1 -------------------------------------------------------------
    "api:district-list": api_list(everyone_sees=True),
    "api:district-detail": api_object("district", everyone_sees=True),
    "api:subdistrict-list": api_list(everyone_sees=True),
    "api:subdistrict-detail": api_object("sub_district", everyone_sees=True),
    "api:village-list": api_list(everyone_sees=True),
    "api:village-detail": api_object("village", everyone_sees=True),
    "api:kdmp-list": api_list(),
    "api:cooperative-list": api_list("cooperative"),
    "api:cooperative-detail": api_object("cooperative"),
    "api:annualreport-list": api_list("report"),
    "api:annualreport-detail": api_object("report"),
    "api:annualreport-return-report": POST_ONLY,
    "api:annualreport-submit": POST_ONLY,
    "api:annualreport-verify": POST_ONLY,
    "api:annualreport-attachments": POST_ONLY,
    "api:annualreport-attachment": api_object(
        "report", kwargs={"kind": "minutes"}, download=True
    ),
    "api:enterprise-list": api_list("enterprise"),
    "api:enterprise-detail": api_object("enterprise"),
    # The list as CSV: same scope (listed_ids reads the CSV's id column).
    "api:enterprise-export": Rule(
        allow=IN_SCOPE_API, filtered=OTHER_DISTRICT, listed="enterprise", download=True
    ),
    # A province-wide program: every API client reads it.
    "api:program-list": api_list("program", everyone_sees=True),
    "api:program-detail": api_object("program", everyone_sees=True),
    "api:enrolment-list": api_list("enrolment"),
    "api:enrolment-detail": api_object("enrolment"),
    "api:enrolment-cancel": POST_ONLY,
    "api:financing-scheme-list": api_list(everyone_sees=True),
    "api:financing-scheme-detail": api_object(
        "scheme", everyone_sees=True, code="scheme.code"
    ),
    "api:financing-application-list": api_list("application"),
    "api:financing-application-detail": api_object("application"),
    "api:financing-application-submit": POST_ONLY,
    "api:financing-loan-list": api_list("loan"),
    "api:financing-loan-detail": api_object("loan"),
    "api:financing-loan-repayments": POST_ONLY,
    "api:financing-loan-payoff-quote": api_object("loan"),
    "api:financing-loan-payoff": POST_ONLY,
    # Partner steps of an application (tests/financing/test_api_partner_actions.py)
    "api:financing-application-recommend": POST_ONLY,
    "api:financing-application-forward": POST_ONLY,
    "api:financing-application-partner-decision": POST_ONLY,
    "api:financing-application-partner-disbursement": POST_ONLY,
    "api:financing-loan-restructure": POST_ONLY,
    "api:financing-loan-write-off": POST_ONLY,
    "api:financing-loan-write-off-approve": POST_ONLY,
    "api:financing-loan-write-off-refuse": POST_ONLY,
    # The simulator is public (no parameters: 400 with the fields to fill).
    "api:financing-simulate": public(ok=(200, 400)),
    "api:financing-portfolio": Rule(allow=API_CLIENTS),
    # Without `cooperative` or `enterprise`: 400 naming them (scoped 404s are
    # tested in tests/financing/test_scheme_rules.py).
    "api:financing-eligibility": Rule(allow=API_CLIENTS, ok=(400,)),
    "api:statistics-cooperatives": Rule(allow=API_CLIENTS),
    "api:report-list": api_list("run"),
    "api:report-detail": api_object("run"),
    "api:report-download": api_object("run", download=True),
    "api:import-list": api_list("import_job"),
    "api:import-detail": api_object("import_job"),
    "api:import-errors": api_object("import_job", download=True),
}
# The Django admin: staff only (403/405 where a page is switched off on purpose,
# e.g. adding a loan by hand); everyone else is sent to the admin login, which is
# its only public page.
ADMIN_RULE = Rule(allow=frozenset({STAFF}), ok=(200, 403, 405))
ADMIN_NAMESPACE = "admin:"
ADMIN_PUBLIC = {
    "admin:login": public(ok=(200, 302)),
    "admin:logout": POST_ONLY,
    # An admin URL with a literal kwarg, visited (the report's minutes PDF).
    "admin:cooperatives_annualreport_attachment": Rule(
        allow=frozenset({STAFF}), kwargs={"kind": "minutes"}, download=True
    ),
}
# The registry's "Impor" leads staff on to the background import's upload page.
ADMIN_REDIRECTS = {
    f"admin:cooperatives_{model}_import": Rule(allow=frozenset({STAFF}), ok=(302,))
    for model in ("cooperative", "enterprise")
}

# Where a person's full NIK may appear outside the admin (staff see it there):
# nowhere. Pages and the API show it masked or not at all.
NIK_VISIBLE: set[tuple[str, str]] = set()

# Known defects, each asserted to still fail (so a fix removes its entry):
# (URL name, format suffix) -> what goes wrong.
# (url name, "json" for the format-suffix variant) -> a known bug the test tolerates
# until it is fixed; it then fails, asking for the entry's removal.
KNOWN_ISSUES: dict[tuple[str, str], str] = {}


# --- The URL configuration, walked -------------------------------------------------
@dataclass(frozen=True)
class Route:
    name: str
    pattern: str
    params: tuple[str, ...]
    format_suffix: bool
    positional: bool  # unnamed groups: not reversed by keyword (admin internals)


def all_routes() -> list[Route]:
    routes = []

    def walk(patterns, prefix="", namespace=""):
        for entry in patterns:
            if isinstance(entry, URLResolver):
                ns = namespace
                if entry.namespace:
                    ns = f"{namespace}{entry.namespace}:"
                walk(entry.url_patterns, prefix + str(entry.pattern), ns)
            elif isinstance(entry, URLPattern):
                params = tuple(entry.pattern.regex.groupindex)
                routes.append(
                    Route(
                        name=f"{namespace}{entry.name or ''}",
                        pattern=prefix + str(entry.pattern),
                        params=params,
                        format_suffix="format" in params,
                        positional=entry.pattern.regex.groups > len(params),
                    )
                )

    walk(get_resolver().url_patterns)
    return routes


def rule_for(name: str) -> Rule | None:
    if name.startswith(ADMIN_NAMESPACE):
        return ADMIN_PUBLIC.get(name) or ADMIN_REDIRECTS.get(name, ADMIN_RULE)
    return RULES.get(name)


def test_every_url_pattern_has_a_rule():
    unnamed = [
        r.pattern
        for r in all_routes()
        if (r.name.endswith(":") or not r.name) and not r.pattern.startswith("admin/")
    ]
    missing = sorted(
        {f"{r.name} ({r.pattern})" for r in all_routes() if rule_for(r.name) is None}
    )
    stale = sorted(set(RULES) - {r.name for r in all_routes()})
    assert not unnamed, f"URL patterns without a name (give them one): {unnamed}"
    assert not missing, f"URL patterns without an authorization rule: {missing}"
    assert not stale, f"rules for URL names that no longer exist: {stale}"


# --- The world: objects of cooperative A in 64.72 -----------------------------------
class World(dict):
    __getattr__ = dict.__getitem__


def build_world() -> World:
    # The factory's NIKs count up across the session; start them past the fixed
    # NIKs below (…0777 to …0780), whichever tests ran before in this process.
    PersonFactory.reset_sequence(1000)
    samarinda, balikpapan = district("64.72"), district("64.71")
    a = CooperativeFactory(district=samarinda, name="Koperasi Matriks Alfa")
    b = CooperativeFactory(district=samarinda, name="Koperasi Matriks Beta")
    user_a = officer_of(a)
    user_b = officer_of(b)
    report = AnnualReportFactory(
        cooperative=a, fiscal_year=2024, status=AnnualReport.Status.DRAFT
    )
    member = CooperativeRoleFactory(
        cooperative=a,
        person=PersonFactory(nik="6472031205800777", name="Anggota Matriks"),
        role=CooperativeRole.Role.MEMBER,
    )
    enterprise = EnterpriseFactory(
        district=samarinda,
        name="Usaha Matriks Alfa",
        owner=PersonFactory(nik="6472031205800778", name="Pemilik Matriks"),
        cooperative=a,
    )
    program = ProgramFactory(district=None, past=True)
    enrolment = EnrolmentFactory(
        program=program,
        cooperative=a,
        person=PersonFactory(nik="6472031205800779", name="Peserta Matriks"),
        status=Enrolment.Status.COMPLETED,
        certificate_seq=1,
        certificate_number="SERT/MATRIKS/001",
        certificate_code="matriks-sertifikat-a",
        certificate_issued_on=timezone.localdate(),
    )
    CooperativeRoleFactory(cooperative=a, person=enrolment.person)
    # A's mentor is officer B's person: a mentor may be an officer elsewhere.
    assignment = MentorAssignmentFactory(mentor=user_b.person, cooperative=a)
    visit = MentoringVisitFactory(assignment=assignment, recorded_by=user_b)
    scheme = SchemeFactory(code="skema-matriks", name="Skema Matriks")
    application = ApplicationFactory(cooperative=a, scheme=scheme)
    document = ApplicationDocument.objects.create(
        application=application,
        kind=ApplicationDocument.Kind.PROPOSAL,
        file=ContentFile(b"%PDF-1.4\n%matrix\n", name="proposal.pdf"),
        content_type="application/pdf",
        size=17,
        original_name="proposal.pdf",
        uploaded_by=user_a,
    )
    staff = StaffFactory()
    Recommendation.objects.create(  # the rekomendasi letter of A's application
        application=application,
        number="0001/REK-KUKM/2026",
        issued_on=datetime.date(2026, 1, 5),
        issued_by=staff,
    )
    loan = disbursed_loan(
        disbursed_on=datetime.date(2026, 1, 15),
        by=staff,
        cooperative=a,
        scheme=scheme,
    )
    token_72, key_72 = api_token_issue(name="matrix-64.72", district_code="64.72")
    _token_71, key_71 = api_token_issue(name="matrix-64.71", district_code="64.71")
    run = ReportRun.objects.create(
        kind=ReportRun.Kind.COOPERATIVE_RECAP,
        format=ReportRun.Format.CSV,
        year=2025,
        district=samarinda,
        requested_by=token_72.user,
        status=ReportRun.Status.DONE,
        progress=100,
        file=ContentFile(b"kabupaten;koperasi\n", name="rekap-matriks.csv"),
    )
    invitation = invitation_create(
        kind="officer",
        email="undangan.matriks@example.id",
        scope=Scope.province(),
        cooperative_id=a.pk,
    )
    invitation.batch = INVITATION_BATCH
    invitation.save(update_fields=["batch"])
    access = access_request_create(
        cooperative_nik=a.nik,
        nik="6472031205800780",
        name="Peminta Matriks",
        email="peminta.matriks@example.id",
    )
    import_job = ImportJob.objects.create(
        kind=ImportJob.Kind.ENTERPRISES,
        district=samarinda,
        by=token_72.user,
        status=ImportJob.Status.DONE,
        file=ContentFile(b"nib,name\n", name="impor-matriks.csv"),
        errors_file=ContentFile(b"nib,name,reason\n", name="impor-ditolak.csv"),
    )
    users = {
        OFFICER_A: user_a,
        OFFICER_B: user_b,
        DISTRICT_72: DistrictUserFactory(district=samarinda),
        DISTRICT_71: DistrictUserFactory(district=balikpapan),
        STAFF: staff,
        OWNER: User.objects.create_user(
            username="pemilik.matriks@example.id",
            email="pemilik.matriks@example.id",
            role="owner",
        ),
    }
    enterprise.owner_user = users[OWNER]
    enterprise.save(update_fields=["owner_user"])
    owner_application = ApplicationFactory(
        cooperative=None, enterprise=enterprise, scheme=scheme
    )
    owner_document = ApplicationDocument.objects.create(
        application=owner_application,
        kind=ApplicationDocument.Kind.PROPOSAL,
        file=ContentFile(b"%PDF-1.4\n%owner\n", name="proposal-usaha.pdf"),
        content_type="application/pdf",
        size=16,
        original_name="proposal-usaha.pdf",
        uploaded_by=users[OWNER],
    )
    owner_loan = disbursed_loan(
        disbursed_on=datetime.date(2026, 1, 15),
        by=staff,
        cooperative=None,
        enterprise=enterprise,
        scheme=scheme,
    )
    keys = {TOKEN_72: key_72, TOKEN_71: key_71}
    people = [member.person, enterprise.owner, enrolment.person, user_a.person]
    return World(
        cooperative=a,
        report=report,
        role=member,
        enterprise=enterprise,
        program=program,
        enrolment=enrolment,
        assignment=assignment,
        visit=visit,
        scheme=scheme,
        application=application,
        document=document,
        loan=loan,
        owner_application=owner_application,
        owner_document=owner_document,
        owner_loan=owner_loan,
        run=run,
        invitation=invitation,
        access=access,
        import_job=import_job,
        district=samarinda,
        sub_district=SubDistrict.objects.get(pk="64.72.03"),
        village=Village.objects.get(pk="64.72.03.1004"),
        users=users,
        tokens=keys,
        niks={p.nik for p in people} | {users[OFFICER_B].person.nik, access.nik},
    )


DEFAULT_KWARGS = {
    "cooperative_id": "cooperative",
    "report_id": "report",
    "role_id": "role",
    "program_id": "program",
    "enrolment_id": "enrolment",
    "application_id": "application",
    "document_id": "document",
    "loan_id": "loan",
    "invitation_id": "invitation",
    "request_id": "access",
    "enterprise_id": "enterprise",
    "assignment_id": "assignment",
    "visit_id": "visit",
}


def url_of(route: Route, rule: Rule, world: World) -> str | None:
    if route.positional or not route.name or route.name.endswith(":"):
        return None  # the admin's internals: covered by the admin rule, not visited
    kwargs = {}
    for param in route.params:
        if param == "format":
            kwargs[param] = "json"
        elif param in rule.kwargs:
            kwargs[param] = rule.kwargs[param]
        elif param in rule.objects:
            kwargs[param] = world[rule.objects[param]].pk
        elif param in DEFAULT_KWARGS:
            kwargs[param] = world[DEFAULT_KWARGS[param]].pk
        elif param == "nik":
            kwargs[param] = world.cooperative.nik
        elif param == "pk" and rule.obj:
            kwargs[param] = world[rule.obj].pk
        elif param == "code" and rule.code:
            name, attr = rule.code.split(".")
            kwargs[param] = getattr(world[name], attr)
        else:
            return None  # e.g. an admin change page: covered by the admin rule's list
    return reverse(route.name, kwargs=kwargs)


def client_for(role: str, world: World) -> Client:
    client = Client(raise_request_exception=False)
    if role in world.users:
        client.force_login(world.users[role])
    if role in world.tokens:
        client.defaults["HTTP_AUTHORIZATION"] = f"Token {world.tokens[role]}"
    return client


LOGIN_PATHS = ("/portal/masuk/", "/admin/login/")
# Officer pages send staff to the admin and district users to their dashboard.
OWN_HOMES = ("/admin/", "/dashboard/")


def refused(response) -> bool:
    if response.status_code in (401, 403, 404, 405):
        return True
    if response.status_code == 302:
        where = urlsplit(response["Location"]).path
        return where.startswith(LOGIN_PATHS) or where in OWN_HOMES
    return False


def body_of(response) -> str:
    if getattr(response, "streaming", False):
        return b"".join(response.streaming_content).decode("utf-8", "replace")
    return response.content.decode("utf-8", "replace")


def listed_ids(response, body: str) -> set:
    if response.get("Content-Type", "").startswith("text/csv"):
        rows = csv.DictReader(io.StringIO(body.lstrip("\ufeff")))
        return {int(row["id"]) for row in rows}
    data = json.loads(body)
    rows = data["results"] if isinstance(data, dict) and "results" in data else data
    return {row.get("id") for row in rows if isinstance(row, dict)}


def check(route, rule, role, world, client, method) -> list[str]:
    url = url_of(route, rule, world)
    if url is None:
        return []
    response = getattr(client, method)(url)
    where = f"{method.upper()} {url} [{route.name}] as {role}: {response.status_code}"
    known = KNOWN_ISSUES.get((route.name, "json" if route.format_suffix else ""))
    if known and role in API_CLIENTS:
        if response.status_code < 500:
            return [f"{where}: known issue fixed, remove it from KNOWN_ISSUES"]
        return []
    body = body_of(response) if method == "get" else ""
    problems = []
    if response.status_code >= 500 and route.name != "healthz":
        problems.append(f"{where}: SERVER ERROR")
    elif role in rule.allow:
        # Django's require_GET refuses HEAD (405); that is not a leak.
        ok = rule.ok + ((405,) if method == "head" else ())
        if response.status_code not in ok:
            problems.append(f"{where}, expected one of {rule.ok}")
        elif (
            rule.listed
            and method == "get"
            and response.status_code == 200
            and world[rule.listed].pk not in listed_ids(response, body)
        ):
            problems.append(f"{where}: A's {rule.listed} missing from the list")
    elif role in rule.filtered:
        if response.status_code != 200:
            problems.append(f"{where}, expected 200 (filtered list)")
        elif rule.listed and world[rule.listed].pk in listed_ids(response, body):
            problems.append(f"{where}: LEAK, A's {rule.listed} is in the list")
    elif not refused(response):
        location = response.get("Location", "")
        problems.append(f"{where} {location}: LEAK, access the rules do not allow")
    staff_in_admin = route.name.startswith(ADMIN_NAMESPACE) and role == STAFF
    if body and (route.name, role) not in NIK_VISIBLE and not staff_in_admin:
        shown = sorted(nik for nik in world.niks if nik in body)
        if shown:
            problems.append(f"{where}: full NIK {shown} in the response")
    return problems


@pytest.mark.parametrize("role", ROLES)
def test_authorization_matrix(role, db):
    world = build_world()
    client = client_for(role, world)
    problems = []
    visited = 0
    for route in all_routes():
        rule = rule_for(route.name)
        assert rule is not None, f"no rule for {route.name}"
        for method in ("get", "head") if rule.download else ("get",):
            problems += check(route, rule, role, world, client, method)
            visited += 1
    assert visited > 100
    if role == STAFF:  # the NIK scan can see a NIK: staff see it in the admin
        person = world.role.person
        page = client.get(f"/admin/cooperatives/person/{person.pk}/change/")
        assert person.nik in body_of(page)
    assert not problems, "\n".join(problems)
