"""The second factor of staff and district users, walked through the pages as a
person does: password, then a TOTP or recovery code, or enrolment the first time."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django_otp.plugins.otp_static.models import StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from tests.factories import (
    CooperativeFactory,
    DistrictUserFactory,
    StaffFactory,
    officer_of,
)

from .factories import current_code, enrolled, sign_in

pytestmark = pytest.mark.django_db

VERIFY = reverse("portal:otp-verify")
ENROL = reverse("portal:otp-enrol")
RECOVERY = reverse("portal:otp-recovery-codes")


def test_staff_after_password_cannot_open_the_admin_until_verified(client, otp_on):
    staff = StaffFactory()
    enrolled(staff)

    login = sign_in(client, staff, next_url="/admin/")
    admin = client.get("/admin/cooperatives/cooperative/")

    assert login.status_code == 302
    assert admin.status_code == 302
    assert admin.url == f"{VERIFY}?next=/admin/cooperatives/cooperative/"
    assert client.get(login.url).url.startswith(VERIFY)


def test_wrong_code_is_refused_and_the_admin_stays_shut(client, otp_on):
    staff = StaffFactory()
    device, _codes = enrolled(staff)
    sign_in(client, staff)
    wrong = f"{(int(current_code(device)) + 500_000) % 1_000_000:06d}"

    response = client.post(VERIFY, {"code": wrong, "next": "/admin/"})

    assert response.status_code == 200
    assert "Kode salah" in response.content.decode()
    assert response.context["form"].errors["code"]
    assert client.get("/admin/").status_code == 302


def test_right_totp_code_opens_the_admin(client, otp_on):
    staff = StaffFactory()
    device, _codes = enrolled(staff)
    sign_in(client, staff)
    before = client.session.session_key

    response = client.post(VERIFY, {"code": current_code(device), "next": "/admin/"})

    assert response.status_code == 302
    assert response.url == "/admin/"
    assert client.get("/admin/").status_code == 200
    assert client.session.session_key != before  # a new key once verified


def test_totp_code_is_accepted_once(client, otp_on):
    staff = StaffFactory()
    device, _codes = enrolled(staff)
    code = current_code(device)
    sign_in(client, staff)
    client.post(VERIFY, {"code": code})
    client.post(reverse("portal:logout"))
    sign_in(client, staff)

    response = client.post(VERIFY, {"code": code})

    assert response.status_code == 200
    assert client.get("/admin/").status_code == 302


def test_recovery_code_works_once_only(client, otp_on):
    staff = StaffFactory()
    _device, codes = enrolled(staff)
    typed = f"{codes[0][:4].upper()} {codes[0][4:].upper()}"  # as read off paper
    sign_in(client, staff)

    first = client.post(VERIFY, {"code": typed, "next": "/admin/"})
    opened = client.get("/admin/").status_code
    client.post(reverse("portal:logout"))
    sign_in(client, staff)
    second = client.post(VERIFY, {"code": typed, "next": "/admin/"})

    assert first.status_code == 302
    assert opened == 200
    assert second.status_code == 200
    assert "Kode salah" in second.content.decode()
    assert client.get("/admin/").status_code == 302
    assert StaticToken.objects.filter(device__user=staff).count() == len(codes) - 1


def test_wrong_codes_are_throttled(client, otp_on):
    staff = StaffFactory()
    device, _codes = enrolled(staff)
    sign_in(client, staff)
    client.post(VERIFY, {"code": "000000" if current_code(device) != "000000" else "1"})

    # Right away, even the right code waits for the back-off.
    response = client.post(VERIFY, {"code": current_code(device)})

    assert response.status_code == 200
    assert "Terlalu banyak kode salah" in response.content.decode()
    assert client.get("/admin/").status_code == 302


def test_district_user_is_held_from_dashboard_and_session_api(client, otp_on):
    user = DistrictUserFactory()
    enrolled(user)
    sign_in(client, user)

    dashboard = client.get("/dashboard/")
    api = client.get("/api/v1/cooperatives/")

    assert dashboard.status_code == 302
    assert dashboard.url.startswith(VERIFY)
    assert api.status_code == 403
    assert "belum diverifikasi" in api.json()["detail"]


def test_district_user_verified_reaches_dashboard_and_api(client, otp_on):
    user = DistrictUserFactory()
    device, _codes = enrolled(user)
    sign_in(client, user)

    client.post(VERIFY, {"code": current_code(device)})

    assert client.get("/dashboard/").status_code == 200
    assert client.get("/api/v1/cooperatives/").status_code == 200


def test_officer_is_not_asked_for_a_second_factor(client, otp_on):
    cooperative = CooperativeFactory()
    officer = officer_of(cooperative)

    sign_in(client, officer)
    response = client.get("/portal/", follow=True)

    assert response.status_code == 200
    assert response.redirect_chain[-1][0] == reverse(
        "portal:dashboard", kwargs={"cooperative_id": cooperative.pk}
    )
    assert client.get(VERIFY).url == reverse("portal:home")


def test_with_otp_required_off_nothing_changes(client, settings):
    settings.OTP_REQUIRED = False
    staff = StaffFactory()
    enrolled(staff)

    sign_in(client, staff)

    assert client.get("/admin/").status_code == 200
    assert client.get(VERIFY).url == reverse("portal:home")


def test_api_token_is_not_asked_for_a_second_factor(samarinda_api, otp_on):
    response = samarinda_api.get("/api/v1/cooperatives/")

    assert response.status_code == 200
    assert "Set-Cookie" not in response


def test_api_token_requests_cost_no_query_for_the_second_factor(
    samarinda_api, settings, django_assert_num_queries
):
    url = "/api/v1/cooperatives/"
    settings.OTP_REQUIRED = False
    samarinda_api.get(url)  # warm: the token's last-used stamp
    with CaptureQueriesContext(connection) as off:
        samarinda_api.get(url)
    settings.OTP_REQUIRED = True

    with django_assert_num_queries(len(off.captured_queries)):
        response = samarinda_api.get(url)

    assert response.status_code == 200


def test_held_user_may_log_out(client, otp_on):
    staff = StaffFactory()
    enrolled(staff)
    sign_in(client, staff)

    response = client.post(reverse("portal:logout"))

    assert response.status_code == 302
    assert "_auth_user_id" not in client.session


def test_first_login_enrols_then_shows_recovery_codes_once(client, otp_on):
    staff = StaffFactory()
    sign_in(client, staff)

    to_verify = client.get("/admin/")
    to_enrol = client.get(to_verify.url)
    page = client.get(to_enrol.url)
    device = TOTPDevice.objects.get(user=staff, confirmed=False)
    confirm = client.post(ENROL, {"code": current_code(device), "next": "/admin/"})
    codes_page = client.get(confirm.url)
    again = client.get(confirm.url)

    assert to_enrol.url == f"{ENROL}?next=%2Fadmin%2F"
    assert page.status_code == 200
    assert "<svg" in page.content.decode()
    assert page.context["secret"].replace(" ", "")
    assert confirm.url == f"{RECOVERY}?next=%2Fadmin%2F"
    codes = codes_page.context["codes"]
    assert len(codes) == 10
    stored = set(StaticToken.objects.filter(device__user=staff).values_list("token"))
    assert {(c.replace(" ", ""),) for c in codes} == stored
    assert again.status_code == 302  # shown once
    assert client.get("/admin/").status_code == 200
    assert TOTPDevice.objects.get(user=staff).confirmed


def test_enrolment_refuses_a_wrong_first_code(client, otp_on):
    staff = StaffFactory()
    sign_in(client, staff)
    client.get(ENROL)

    response = client.post(ENROL, {"code": "12345x"})

    assert response.status_code == 200
    assert response.context["form"].errors["code"]
    assert not TOTPDevice.objects.filter(user=staff, confirmed=True).exists()
    assert client.get("/admin/").status_code == 302


def test_user_with_a_device_cannot_enrol_another_with_only_the_password(client, otp_on):
    staff = StaffFactory()
    enrolled(staff)
    sign_in(client, staff)

    response = client.get(ENROL)

    assert response.status_code == 302
    assert response.url.startswith(VERIFY)
    assert TOTPDevice.objects.filter(user=staff).count() == 1


def test_next_to_another_site_is_ignored(client, otp_on):
    staff = StaffFactory()
    device, _codes = enrolled(staff)
    sign_in(client, staff)

    response = client.post(
        VERIFY, {"code": current_code(device), "next": "https://jahat.example/"}
    )

    assert response.url == reverse("portal:home")
