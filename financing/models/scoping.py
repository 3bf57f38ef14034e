"""Scope for financing rows: a district sees its applicants' rows (the district
copied onto the application), an officer those of their cooperatives and of the
SMEs that belong to them, a UMKM owner those of their own enterprise."""

from django.db.models import Q

from cooperatives.models.scoping import ScopedQuerySet, officer_cooperative_ids


class ApplicantScopedQuerySet(ScopedQuerySet):
    # Path from this model to its Application ("" for Application itself).
    application_path = ""

    @property
    def district_path(self) -> str:
        return f"{self.application_path}district"

    @property
    def cooperative_path(self) -> str:
        return f"{self.application_path}cooperative"

    @property
    def owner_path(self) -> str:
        # A UMKM owner sees their own enterprise's applications and loans.
        return f"{self.application_path}enterprise__owner_user"

    def restrict(self, scope):
        if scope.everything or scope.district_code or not scope.officer_user_id:
            return super().restrict(scope)
        cooperatives = officer_cooperative_ids(scope.officer_user_id)
        return self.filter(
            Q(**{f"{self.application_path}cooperative__in": cooperatives})
            | Q(**{f"{self.application_path}enterprise__cooperative__in": cooperatives})
        )
