"""The review and decision of applications: actions call the services and report
each refusal; the change form saves the review through its service, a refusal on
the form; documents are served to staff through a view, never from MEDIA_URL.
Staff add a draft on an applicant's behalf (a walk-in) through the create service
the portal and the API use, and submit it with the action."""

from django.contrib import admin
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.urls import path, reverse
from django.utils.html import format_html, format_html_join
from django.utils.translation import gettext_lazy as _

from accounts.scope import Scope
from core.admin import (
    FastChangelistMixin,
    HistoryAdmin,
    ServiceAdminMixin,
    Writes,
    numbers_displayed,
)
from core.files import stored_file_response

from .. import selectors, services
from ..models import Application, ApplicationDocument
from ..services.applications import REQUEST_FIELDS
from .application_actions import (
    ApplicationActionForm,
    approve,
    assign_to_me,
    disburse,
    partner_approve,
    partner_disburse,
    partner_reject,
    recommend_and_forward,
    reject,
    submit,
)
from .inlines import ReadOnlyInline


def _review_update(pk, *, data, by):
    """The checklist and notes changed on the form; a duty the user does not hold
    is refused on the form like a broken rule."""
    try:
        services.application_review_update(
            application_id=pk,
            by=by,
            checklist=data.get("checklist"),
            notes=data.get("notes"),
        )
    except PermissionDenied as exc:
        raise ValidationError(str(exc)) from exc


# The walk-in form: the applicant (a cooperative or an SME) and the request.
WALK_IN_FIELDS = ("scheme", "cooperative", "enterprise", *REQUEST_FIELDS)


class ApplicationDocumentInline(ReadOnlyInline):
    model = ApplicationDocument
    fields = ("kind", "original_name", "content_type", "size", "uploaded_at", "link")
    readonly_fields = fields

    @admin.display(description=_("berkas"))
    def link(self, document):
        url = reverse(
            "admin:financing_application_document",
            args=[document.application_id, document.pk],
        )
        return format_html('<a href="{}">{}</a>', url, _("Unduh"))


@admin.register(Application)
class ApplicationAdmin(ServiceAdminMixin, FastChangelistMixin, HistoryAdmin):
    writes = Writes(create=services.application_create, update=_review_update)
    list_display = numbers_displayed(
        Application,
        (
            "number",
            "applicant_display",
            "scheme",
            "district",
            "amount",
            "approved_amount",
            "status",
            "submitted_at",
        ),
    )
    list_filter = ("status", "scheme", "district", "purpose")
    search_fields = ("=number", "cooperative__name", "enterprise__name")
    list_select_related = ("scheme", "cooperative", "enterprise", "district")
    raw_id_fields = ("cooperative", "enterprise", "reviewer")
    date_hierarchy = "created_at"
    action_form = ApplicationActionForm
    actions = [
        submit,
        assign_to_me,
        approve,
        reject,
        disburse,
        recommend_and_forward,
        partner_approve,
        partner_reject,
        partner_disburse,
    ]
    inlines = [ApplicationDocumentInline]
    fieldsets = (
        (
            None,
            {"fields": ("number", "status", "scheme", "cooperative", "enterprise")},
        ),
        (
            _("Permohonan"),
            {
                "fields": numbers_displayed(
                    Application,
                    ("district", *REQUEST_FIELDS),
                )
            },
        ),
        (_("Tinjauan"), {"fields": ("reviewer", "checklist", "notes")}),
        (
            _("Keputusan"),
            {
                "fields": numbers_displayed(
                    Application,
                    (
                        "eligibility_display",
                        "approved_amount",
                        "budget_year",
                        "decision_reason",
                        "decided_at",
                        "decided_by",
                        "forwarded_at",
                        "partner_reference",
                        "partner_decided_on",
                        "withdrawal_reason",
                        "submitted_at",
                        "review_started_at",
                        "created_by",
                    ),
                )
            },
        ),
    )

    def has_add_permission(self, request):
        # A walk-in, on the applicant's behalf: agency staff, any district.
        return getattr(
            request.user, "is_agency_staff", False
        ) and super().has_add_permission(request)

    def get_fieldsets(self, request, obj=None):
        if obj is None:  # a walk-in: the number and district come from the service
            return ((None, {"fields": WALK_IN_FIELDS}),)
        return super().get_fieldsets(request, obj)

    def get_inlines(self, request, obj):
        return self.inlines if obj is not None else []

    def has_delete_permission(self, request, obj=None):
        return False  # numbers stay without gaps; withdraw instead

    def get_readonly_fields(self, request, obj=None):
        if obj is None:
            return []
        editable = {"checklist", "notes"}
        if obj is None or obj.status != Application.Status.UNDER_REVIEW:
            editable = set()
        names = [name for fields in self.fieldsets for name in fields[1]["fields"]]
        return [name for name in names if name not in editable]

    @admin.display(description=_("pemohon"))
    def applicant_display(self, obj):
        return obj.applicant

    @admin.display(description=_("hasil pemeriksaan syarat"))
    def eligibility_display(self, obj):
        if not obj.eligibility:
            return "—"
        marks = {True: "✔", False: "✘", None: "?"}
        return format_html(
            "<ul>{}</ul>",
            format_html_join(
                "",
                "<li>{} {}</li>",
                ((marks[f.get("passed")], f.get("detail")) for f in obj.eligibility),
            ),
        )

    def get_urls(self):
        return [
            path(
                "<path:object_id>/document/<int:document_id>/",
                self.admin_site.admin_view(self.document_view),
                name="financing_application_document",
            ),
            *super().get_urls(),
        ]

    def document_view(self, request, object_id, document_id):
        """Serve a document to staff who may see the application (never from
        MEDIA_URL: documents are personal data)."""
        if not self.has_view_permission(request):
            raise PermissionDenied
        try:
            document = selectors.application_document_get(
                scope=Scope.for_user(request.user), document_id=document_id
            )
        except ApplicationDocument.DoesNotExist:
            raise Http404 from None
        if str(document.application_id) != str(object_id):
            raise Http404
        return stored_file_response(
            document.file,
            content_type=document.content_type,
            filename=document.file.name.rsplit("/", 1)[-1],
        )
