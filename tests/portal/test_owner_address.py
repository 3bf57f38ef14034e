"""An owner edits their business's address at /portal/usaha/<id>/alamat/: the
kecamatan and village of the enterprise's district, through the service that
records who changed it; anyone but the enterprise's owner is answered 404."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from accounts.models import User
from cooperatives.models import Enterprise
from tests.factories import (
    CooperativeFactory,
    EnterpriseFactory,
    UserFactory,
    district,
    officer_of,
)

pytestmark = pytest.mark.django_db

PALARAN = "64.72.01"
RAWA_MAKMUR = "64.72.01.1001"
AIR_PUTIH = "64.72.03.1004"  # Samarinda Ulu


def owner_of(enterprise: Enterprise, username: str) -> User:
    user = UserFactory(username=username, role="owner")
    enterprise.owner_user = user
    enterprise.save(update_fields=["owner_user"])
    return user


def url_of(enterprise: Enterprise) -> str:
    return reverse("portal:owner-enterprise-address", args=[enterprise.pk])


@pytest.fixture
def enterprise():
    return EnterpriseFactory(name="Amplang Bu Siti")


def test_the_owner_edits_the_address_with_history(client, enterprise):
    user = owner_of(enterprise, "siti")
    client.force_login(user)
    address = "Jl. Sultan Hasanuddin No. 12"

    response = client.post(
        url_of(enterprise),
        {"sub_district": PALARAN, "village": RAWA_MAKMUR, "address": address},
    )

    assert response.status_code == 302
    assert response.url == reverse("portal:owner-enterprise", args=[enterprise.pk])
    enterprise.refresh_from_db()
    assert (enterprise.sub_district_id, enterprise.village_id) == (
        PALARAN,
        RAWA_MAKMUR,
    )
    assert enterprise.address == address
    assert enterprise.history.first().history_user == user
    home = client.get(response.url).content.decode()
    assert address in home
    assert "Rawa Makmur" in home


def test_a_village_outside_the_kecamatan_is_refused_in_indonesian(client, enterprise):
    client.force_login(owner_of(enterprise, "siti"))

    response = client.post(
        url_of(enterprise),
        {"sub_district": PALARAN, "village": AIR_PUTIH, "address": "Jl. A"},
    )

    assert response.status_code == 200
    body = response.content.decode()
    assert "Desa/kelurahan ini tidak berada di kecamatan yang dipilih." in body
    assert "<title>Galat:" in body
    enterprise.refresh_from_db()
    assert (enterprise.village_id, enterprise.address) == (None, "")


def test_a_kecamatan_of_another_district_is_not_offered(client, enterprise):
    client.force_login(owner_of(enterprise, "siti"))

    response = client.post(
        url_of(enterprise), {"sub_district": "64.71.01", "address": "Jl. A"}
    )

    assert response.status_code == 200
    assert "sub_district" in response.context["form"].errors
    enterprise.refresh_from_db()
    assert enterprise.sub_district_id is None


def test_only_the_owner_of_the_enterprise_reaches_the_page(client, enterprise):
    owner_of(enterprise, "siti")
    other_owner = owner_of(EnterpriseFactory(), "budi")
    officer = officer_of(CooperativeFactory())
    data = {"sub_district": PALARAN, "village": RAWA_MAKMUR, "address": "Jl. B"}

    for user in (other_owner, officer):
        client.force_login(user)
        assert client.get(url_of(enterprise)).status_code == 404
        assert client.post(url_of(enterprise), data).status_code == 404

    enterprise.refresh_from_db()
    assert enterprise.address == ""


def test_the_page_reads_in_a_constant_number_of_queries(client):
    samarinda = EnterpriseFactory()  # 59 villages
    kukar = EnterpriseFactory(district=district("64.02"))  # 237 villages
    counts = []
    for enterprise, name in ((samarinda, "a"), (kukar, "b")):
        client.force_login(owner_of(enterprise, name))
        with CaptureQueriesContext(connection) as queries:
            response = client.get(url_of(enterprise))
        assert response.status_code == 200
        counts.append(len(queries))

    assert counts[0] == counts[1]
    assert counts[0] <= 12
