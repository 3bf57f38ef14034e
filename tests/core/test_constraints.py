"""A cross-field rule names the field it concerns (core.constraints), in
full_clean, the admin's and portal's forms and the API alike."""

import datetime

import pytest
from django.core.exceptions import ValidationError

from tests.factories import CooperativeFactory, CooperativeRoleFactory
from tests.programs.factories import ProgramFactory

pytestmark = pytest.mark.django_db


def errors_of(instance) -> dict:
    with pytest.raises(ValidationError) as error:
        instance.full_clean()
    return error.value.message_dict


def test_legal_entity_before_founding_is_an_error_of_legal_entity_date():
    cooperative = CooperativeFactory(established_on=datetime.date(2020, 5, 1))
    cooperative.legal_entity_date = datetime.date(2020, 4, 1)

    assert list(errors_of(cooperative)) == ["legal_entity_date"]


def test_program_ending_before_it_starts_is_an_error_of_ends_on():
    program = ProgramFactory()
    program.ends_on = program.starts_on - datetime.timedelta(days=1)

    assert list(errors_of(program)) == ["ends_on"]


def test_registration_closing_before_it_opens_is_an_error_of_registration_closes():
    program = ProgramFactory()
    program.registration_closes = program.registration_opens - datetime.timedelta(1)

    assert "registration_closes" in errors_of(program)
    assert "__all__" not in errors_of(program)


def test_a_role_ending_before_it_starts_is_an_error_of_ends_on():
    role = CooperativeRoleFactory(starts_on=datetime.date(2024, 1, 1))
    role.ends_on = datetime.date(2023, 12, 31)

    assert list(errors_of(role)) == ["ends_on"]


def test_the_api_names_legal_entity_date(samarinda_api):
    body = {
        "name": "Koperasi Urutan Tanggal",
        "kind": "consumer",
        "district": "64.72",
        "established_on": "2020-05-01",
        "legal_entity_date": "2020-04-01",
    }

    response = samarinda_api.post("/api/v1/cooperatives/", body, format="json")

    assert response.status_code == 400
    assert list(response.json()) == ["legal_entity_date"]
