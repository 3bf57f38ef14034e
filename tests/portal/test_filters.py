"""The portal's lists filter through the apps' FilterSets with the parameters they
always had; a value that is not one of the choices is ignored, never a 500."""

import pytest

from programs.models import Program
from tests.factories import (
    CooperativeFactory,
    CooperativeRoleFactory,
    PersonFactory,
    officer_of,
)
from tests.programs.factories import EnrolmentFactory, ProgramFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def cooperative():
    return CooperativeFactory()


@pytest.fixture
def officer_client(client, cooperative):
    client.force_login(officer_of(cooperative))
    return client


@pytest.fixture
def people(cooperative):
    member = CooperativeRoleFactory(
        cooperative=cooperative,
        person=PersonFactory(name="Budi Santoso"),
        role="member",
    )
    supervisor = CooperativeRoleFactory(
        cooperative=cooperative,
        person=PersonFactory(name="Ani Lestari"),
        role="supervisor",
    )
    return member, supervisor


def test_people_list_filters_by_role(officer_client, cooperative, people):
    member, supervisor = people

    response = officer_client.get(
        f"/portal/koperasi/{cooperative.pk}/orang/", {"peran": "supervisor"}
    )

    assert response.status_code == 200
    assert supervisor.person_name in response.text
    assert member.person_name not in response.text
    assert '<option value="supervisor" selected>' in response.text


@pytest.mark.parametrize("role", ["nobody", "<x>", "\x00"])
def test_people_list_ignores_an_unknown_role(officer_client, cooperative, people, role):
    member, supervisor = people

    response = officer_client.get(
        f"/portal/koperasi/{cooperative.pk}/orang/", {"peran": role, "q": "  budi "}
    )

    assert response.status_code == 200
    assert member.person_name in response.text
    assert supervisor.person_name not in response.text
    assert " selected>" not in response.text
    assert 'value="budi"' in response.text


@pytest.mark.parametrize(
    "query", [{"jenis": "nothing"}, {"tampil": "semua"}, {"jenis": "", "tampil": ""}]
)
def test_program_list_ignores_unknown_values(officer_client, cooperative, query):
    open_program = ProgramFactory(title="Bimtek Terbuka")
    past = ProgramFactory(past=True, title="Diklat Tahun Lalu")
    EnrolmentFactory(program=past, cooperative=cooperative)

    response = officer_client.get(f"/portal/koperasi/{cooperative.pk}/program/", query)

    assert response.status_code == 200
    assert open_program.title in response.text
    assert past.title not in response.text


def test_program_list_combines_nominated_and_kind(officer_client, cooperative):
    training = ProgramFactory(past=True, kind=Program.Kind.TRAINING, title="Diklat A")
    guidance = ProgramFactory(
        past=True, kind=Program.Kind.TECHNICAL_GUIDANCE, title="Bimtek B"
    )
    for program in (training, guidance):
        EnrolmentFactory(program=program, cooperative=cooperative)

    response = officer_client.get(
        f"/portal/koperasi/{cooperative.pk}/program/",
        {"tampil": "diikuti", "jenis": Program.Kind.TRAINING},
    )

    assert training.title in response.text
    assert guidance.title not in response.text
    assert 'name="tampil" value="diikuti"' in response.text
