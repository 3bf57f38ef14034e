"""The doors an applicant's financing pages are reached by: a cooperative's
officers (koperasi/<id>/pembiayaan/…) and a UMKM owner (usaha/<id>/pembiayaan/…).
The pages, forms and services are the same; a door says how the URL's applicant
is found in the caller's scope (404 otherwise), what its URLs are called, and
which applicant the services are given."""

from dataclasses import dataclass

from django.http import Http404

from cooperatives.selectors import enterprise_owned_get
from financing.services.eligibility import Applicant

from ...access import cooperative_in_scope, found, scope_of

# The page names every door has, as `<prefix><suffix>` URL names.
URL_SUFFIXES = {
    "list": "",
    "apply": "-apply",
    "detail": "-detail",
    "edit": "-edit",
    "submit": "-submit",
    "withdraw": "-withdraw",
    "upload": "-document-upload",
    "document": "-document",
    "document_remove": "-document-remove",
    "loan": "-loan",
    "loan_pdf": "-loan-pdf",
}


@dataclass(frozen=True)
class Door:
    kind: str  # "cooperative" or "enterprise": the applicant's field
    url_prefix: str  # "financing" → portal:financing-detail, …
    # The list page opens with the schemes the applicant may use (an owner has
    # no simulator habit and one business; officers keep their shorter list).
    offers_on_list: bool = False

    @property
    def kwarg(self) -> str:
        return f"{self.kind}_id"

    @property
    def urls(self) -> dict[str, str]:
        return {
            key: f"portal:{self.url_prefix}{suffix}"
            for key, suffix in URL_SUFFIXES.items()
        }

    def find(self, request, kwargs: dict):
        """The applicant the URL names, in the caller's scope; 404 otherwise."""
        if self.kind == "cooperative":
            return cooperative_in_scope(request, kwargs[self.kwarg])
        # Owners only: officers, district users and staff reach an enterprise's
        # financing through their own pages.
        if request.user.role != "owner":
            raise Http404
        return found(
            enterprise_owned_get,
            scope=scope_of(request),
            enterprise_id=kwargs[self.kwarg],
        )

    def ids(self, applicant) -> dict:
        """The selectors' keyword naming the applicant."""
        return {self.kwarg: applicant.pk}

    def owns(self, application, applicant) -> bool:
        return getattr(application, f"{self.kind}_id") == applicant.pk

    def eligibility_applicant(self, applicant, exclude_application_id=None):
        return Applicant(
            **{self.kind: applicant}, exclude_application_id=exclude_application_id
        )

    def context(self, applicant) -> dict:
        """What the shared templates read: the applicant under its own name (a
        cooperative's pages show the cooperative's menu), the door's URL names."""
        return {
            self.kind: applicant,
            "applicant": applicant,
            "urls": self.urls,
            "for_enterprise": self.kind == "enterprise",
        }


COOPERATIVE = Door(kind="cooperative", url_prefix="financing")
ENTERPRISE = Door(kind="enterprise", url_prefix="owner-financing", offers_on_list=True)
