"""Users in the admin are written through accounts.users: created with Django's
form (the password hashed), changed with the model's rules checked, deactivated
(never deleted), one's own account refused, each write in the admin's log."""

import pytest
from django.contrib.admin.models import ADDITION, CHANGE, LogEntry
from django.contrib.auth.models import Group
from django.core.exceptions import PermissionDenied, ValidationError

from accounts.models import User
from accounts.users import (
    user_create,
    user_deactivate,
    user_password_set,
    user_update,
)
from tests.factories import DistrictUserFactory, StaffFactory

pytestmark = pytest.mark.django_db

USERS = "/admin/accounts/user/"
PASSWORD = "Kata-Sandi-Kuat-2026"


def test_the_admin_creates_a_user_through_the_service(client):
    staff = StaffFactory()
    client.force_login(staff)

    response = client.post(
        f"{USERS}add/",
        {
            "username": "bendahara.baru",
            "usable_password": "true",
            "password1": PASSWORD,
            "password2": PASSWORD,
            "email": "bendahara.baru@example.id",
            "role": User.Role.DISTRICT,
            "district": "64.72",
        },
    )

    assert response.status_code == 302
    user = User.objects.get(username="bendahara.baru")
    assert user.check_password(PASSWORD)
    assert (user.role, user.district_id) == (User.Role.DISTRICT, "64.72")
    entry = LogEntry.objects.get(object_id=str(user.pk), action_flag=ADDITION)
    assert entry.user == staff


def test_the_service_refuses_a_district_user_without_a_district():
    with pytest.raises(ValidationError, match="harus memiliki kabupaten/kota"):
        user_create(
            data={"username": "tanpa.wilayah", "role": User.Role.DISTRICT},
            password=PASSWORD,
            by=None,
        )

    assert not User.objects.filter(username="tanpa.wilayah").exists()


def change_form_data(client, user, **changes) -> dict:
    """The user's change form as the admin shows it, with `changes`."""
    page = client.get(f"{USERS}{user.pk}/change/")
    skip = ("password", "groups", "user_permissions", "date_joined", "last_login")
    data = {
        key: value
        for key, value in page.context["adminform"].form.initial.items()
        if value is not None and key not in skip
    }
    data.update(
        is_active="on",
        date_joined_0=user.date_joined.strftime("%Y-%m-%d"),
        date_joined_1=user.date_joined.strftime("%H:%M:%S"),
    )
    data.update(changes)
    return {key: value for key, value in data.items() if value is not None}


def test_the_admin_changes_a_user_through_the_service(client):
    staff = StaffFactory()
    user = DistrictUserFactory()
    group = Group.objects.create(name="Pembina")
    client.force_login(staff)

    response = client.post(
        f"{USERS}{user.pk}/change/",
        change_form_data(client, user, first_name="Siti", groups=[group.pk]),
    )

    assert response.status_code == 302
    user.refresh_from_db()
    assert user.first_name == "Siti"
    assert list(user.groups.all()) == [group]
    assert LogEntry.objects.filter(object_id=str(user.pk), action_flag=CHANGE).exists()


def test_the_admin_shows_the_services_refusal_on_the_form(client):
    staff = StaffFactory()
    client.force_login(staff)

    response = client.post(
        f"{USERS}{staff.pk}/change/",
        change_form_data(client, staff, first_name="Baru", is_active=None),
    )

    assert response.status_code == 200
    assert "akun Anda sendiri" in response.content.decode()
    staff.refresh_from_db()
    assert staff.is_active
    assert staff.first_name != "Baru"


def test_the_service_refuses_taking_away_a_district_users_district():
    user = DistrictUserFactory()

    with pytest.raises(ValidationError, match="harus memiliki kabupaten/kota"):
        user_update(user_id=user.pk, data={"district": None}, by=None)


def test_deactivating_keeps_the_user_and_logs_who(client):
    staff = StaffFactory()
    user = DistrictUserFactory()
    client.force_login(staff)

    response = client.post(
        USERS, {"action": "deactivate", "_selected_action": [user.pk, staff.pk]}
    )

    assert response.status_code == 302
    user.refresh_from_db()
    staff.refresh_from_db()
    assert not user.is_active
    assert staff.is_active  # one's own account refused
    entry = LogEntry.objects.get(object_id=str(user.pk))
    assert entry.user == staff
    with pytest.raises(ValidationError, match="akun Anda sendiri"):
        user_deactivate(user_id=staff.pk, by=staff)
    with pytest.raises(ValidationError, match="akun Anda sendiri"):
        user_update(user_id=staff.pk, data={"is_active": False}, by=staff)


def test_no_user_is_deleted_in_the_admin(client):
    client.force_login(StaffFactory())
    user = DistrictUserFactory()

    page = client.get(f"{USERS}{user.pk}/delete/")

    assert page.status_code == 403
    assert User.objects.filter(pk=user.pk).exists()


def test_the_admin_sets_a_password_through_the_service(client):
    staff = StaffFactory()
    user = DistrictUserFactory()
    client.force_login(staff)

    response = client.post(
        f"{USERS}{user.pk}/password/",
        {"usable_password": "true", "password1": PASSWORD, "password2": PASSWORD},
    )

    assert response.status_code == 302
    user.refresh_from_db()
    assert user.check_password(PASSWORD)
    entry = LogEntry.objects.get(object_id=str(user.pk), action_flag=CHANGE)
    assert entry.user == staff


def test_the_password_service_needs_the_change_permission():
    clerk = StaffFactory(is_superuser=False)
    user = DistrictUserFactory()

    with pytest.raises(PermissionDenied):
        user_password_set(user_id=user.pk, password=PASSWORD, by=clerk)

    user.refresh_from_db()
    assert not user.check_password(PASSWORD)
