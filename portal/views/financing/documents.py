"""An application's documents: upload, remove, and download. Documents are
personal data: served only through the scope, never from MEDIA_URL."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import redirect
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from core.files import stored_file_response
from financing import selectors, services
from financing.models import ApplicationDocument

from ...access import found, officer_required, scope_of, staff_or_district_required
from ...forms.financing import DocumentForm
from .applications import ApplicationFormView, render_detail
from .doors import Door


class DocumentUploadView(ApplicationFormView):
    http_method_names = ["post"]
    form_class = DocumentForm

    def perform(self, form):
        return services.application_document_add(
            application_id=self.application.pk,
            kind=form.cleaned_data["kind"],
            file=form.cleaned_data["file"],
            by=self.request.user,
        )

    def get_success_message(self, document):
        return _("Dokumen %(kind)s diunggah.") % {"kind": document.get_kind_display()}

    def form_invalid(self, form):
        return render_detail(
            self.request, self.door, self.applicant, self.application, form=form
        )


def _document_in_scope(
    request, door: Door, applicant, application_id: int, document_id: int
) -> ApplicationDocument:
    document = found(
        selectors.application_document_get,
        scope=scope_of(request),
        document_id=document_id,
    )
    if document.application_id != application_id or not door.owns(
        document.application, applicant
    ):
        raise Http404
    return document


@officer_required
@require_POST
def document_remove(request, application_id: int, document_id: int, door: Door, **ids):
    applicant = door.find(request, ids)
    document = _document_in_scope(request, door, applicant, application_id, document_id)
    try:
        services.application_document_remove(document_id=document.pk, by=request.user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("Dokumen dihapus."))
    return redirect(door.urls["detail"], applicant.pk, application_id)


def _serve(document: ApplicationDocument):
    extension = ApplicationDocument.EXTENSIONS.get(document.content_type, "")
    name = f"{document.application.number}-{document.kind}-{document.pk}{extension}"
    return stored_file_response(
        document.file,
        content_type=document.content_type,
        filename=name,
    )


@officer_required
def document_download(
    request, application_id: int, document_id: int, door: Door, **ids
):
    applicant = door.find(request, ids)
    return _serve(
        _document_in_scope(request, door, applicant, application_id, document_id)
    )


@staff_or_district_required
def staff_document_download(request, application_id: int, document_id: int):
    document = found(
        selectors.application_document_get,
        scope=scope_of(request),
        document_id=document_id,
    )
    if document.application_id != application_id:
        raise Http404
    return _serve(document)
