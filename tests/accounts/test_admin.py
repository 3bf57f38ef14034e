"""Resetting a user's second factor in the admin: a permission of its own, logged."""

import pytest
from django.contrib.admin.models import LogEntry
from django.contrib.auth.models import Permission
from django_otp.plugins.otp_static.models import StaticDevice
from django_otp.plugins.otp_totp.models import TOTPDevice

from accounts.second_factor import second_factor_reset
from tests.factories import DistrictUserFactory, StaffFactory

from .factories import current_code, enrolled, sign_in

pytestmark = pytest.mark.django_db

CHANGELIST = "/admin/accounts/user/"


def reset(client, user):
    return client.post(
        CHANGELIST,
        {"action": "reset_second_factor", "_selected_action": [user.pk]},
    )


def test_reset_removes_every_device_and_is_logged(client):
    staff = StaffFactory()
    user = DistrictUserFactory()
    enrolled(user)
    client.force_login(staff)

    response = reset(client, user)

    assert response.status_code == 302
    assert not TOTPDevice.objects.filter(user=user).exists()
    assert not StaticDevice.objects.filter(user=user).exists()
    entry = LogEntry.objects.get(object_id=str(user.pk))
    assert entry.user == staff
    assert "2 perangkat dihapus" in entry.change_message


def test_reset_needs_its_own_permission(client):
    clerk = StaffFactory(is_superuser=False)
    clerk.user_permissions.set(
        Permission.objects.filter(codename__in=["view_user", "change_user"])
    )
    user = DistrictUserFactory()
    enrolled(user)
    client.force_login(clerk)

    listed = client.get(CHANGELIST)
    reset(client, user)

    assert listed.status_code == 200
    assert "reset_second_factor" not in listed.content.decode()
    assert TOTPDevice.objects.filter(user=user).exists()
    assert not LogEntry.objects.filter(object_id=str(user.pk)).exists()


def test_permission_granted_allows_the_reset(client):
    clerk = StaffFactory(is_superuser=False)
    clerk.user_permissions.set(
        Permission.objects.filter(
            codename__in=["view_user", "change_user", "reset_second_factor"]
        )
    )
    user = DistrictUserFactory()
    enrolled(user)
    client.force_login(clerk)

    reset(client, user)

    assert not TOTPDevice.objects.filter(user=user).exists()


def test_reset_ends_a_verified_session_verification(client, otp_on):
    user = StaffFactory()
    device, _codes = enrolled(user)
    sign_in(client, user)
    client.post("/portal/verifikasi/", {"code": current_code(device)})
    before = client.get("/admin/")

    second_factor_reset(user_id=user.pk, by=StaffFactory())

    held = client.get("/admin/")
    assert before.status_code == 200
    assert held.status_code == 302
    assert client.get(held.url).url.startswith("/portal/verifikasi/daftar/")


def test_changelist_shows_who_has_a_second_factor(client):
    staff = StaffFactory()
    with_device = DistrictUserFactory()
    enrolled(with_device)
    without = DistrictUserFactory()
    client.force_login(staff)

    response = client.get(CHANGELIST)

    assert response.status_code == 200
    flags = {u.pk: u.second_factor for u in response.context["cl"].result_list}
    assert (flags[staff.pk], flags[with_device.pk], flags[without.pk]) == (
        False,
        True,
        False,
    )
