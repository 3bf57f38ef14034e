"""A UMKM owner's account linked to an enterprise, as the sign-up leaves it."""

from accounts.models import User
from cooperatives.models import Enterprise
from tests.factories import EnterpriseFactory, UserFactory


def owner_of(enterprise: Enterprise | None = None, **user_kwargs) -> User:
    """An owner's account for the enterprise (a new one when none is given)."""
    enterprise = enterprise or EnterpriseFactory()
    user = UserFactory(role=User.Role.OWNER, **user_kwargs)
    Enterprise.objects.filter(pk=enterprise.pk).update(owner_user=user)
    enterprise.owner_user = user
    return user
