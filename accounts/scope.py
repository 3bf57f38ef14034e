"""The caller's scope: one object, built from a user (or, later, an API token),
that every selector passes to a queryset's `restrict()`.

Each model's queryset knows its own path to a district and to a cooperative, so a
view that forgets to filter cannot leak: it never filters by hand.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Scope:
    everything: bool = False
    district_code: str | None = None
    officer_user_id: int | None = None
    # A UMKM owner's account: their own enterprise, nothing else.
    owner_user_id: int | None = None

    @classmethod
    def nothing(cls) -> Scope:
        return cls()

    @classmethod
    def province(cls) -> Scope:
        return cls(everything=True)

    @classmethod
    def district(cls, code: str) -> Scope:
        return cls(district_code=code)

    @classmethod
    def for_user(cls, user) -> Scope:
        if user is None or not user.is_authenticated or not user.is_active:
            return cls.nothing()
        if user.is_superuser or (user.is_staff and user.role == "staff"):
            return cls.province()
        if user.role == "district" and user.district_id:
            return cls.district(user.district_id)
        if user.role == "officer":
            return cls(officer_user_id=user.pk)
        if user.role == "owner":
            return cls(owner_user_id=user.pk)
        return cls.nothing()
