"""The financing pages of an applicant, the same for each door (a cooperative's
officers, a UMKM owner): see portal/views/financing/doors.py."""

from django.urls import path

from .views.financing import applications, documents, loans
from .views.financing.doors import Door

PAGES = (
    # (route under the applicant, view, URL name key)
    ("pembiayaan/", applications.financing_list, "list"),
    ("pembiayaan/ajukan/", applications.ApplicationCreateView.as_view(), "apply"),
    ("pembiayaan/<int:application_id>/", applications.application_detail, "detail"),
    (
        "pembiayaan/<int:application_id>/ubah/",
        applications.ApplicationEditView.as_view(),
        "edit",
    ),
    (
        "pembiayaan/<int:application_id>/ajukan/",
        applications.application_submit,
        "submit",
    ),
    (
        "pembiayaan/<int:application_id>/batalkan/",
        applications.ApplicationWithdrawView.as_view(),
        "withdraw",
    ),
    (
        "pembiayaan/<int:application_id>/dokumen/",
        documents.DocumentUploadView.as_view(),
        "upload",
    ),
    (
        "pembiayaan/<int:application_id>/dokumen/<int:document_id>/",
        documents.document_download,
        "document",
    ),
    (
        "pembiayaan/<int:application_id>/dokumen/<int:document_id>/hapus/",
        documents.document_remove,
        "document_remove",
    ),
    ("pembiayaan/pinjaman/<int:loan_id>/", loans.loan_detail, "loan"),
    (
        "pembiayaan/pinjaman/<int:loan_id>/jadwal.pdf",
        loans.loan_schedule_pdf,
        "loan_pdf",
    ),
)


def financing_patterns(prefix: str, door: Door) -> list:
    """The door's financing pages under `prefix` (its applicant's route)."""
    return [
        path(
            prefix + route,
            view,
            {"door": door},
            name=door.urls[key].removeprefix("portal:"),
        )
        for route, view, key in PAGES
    ]
