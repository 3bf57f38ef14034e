"""The migration that gives every existing link its own record of the person
(docs/security.md, "People across scopes") changes nothing anyone sees."""

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

from cooperatives.models import CooperativeRole, Enterprise
from tests.factories import CooperativeRoleFactory, EnterpriseFactory, PersonFactory

BEFORE = [("cooperatives", "0011_person_records_per_scope")]


def _migrate(targets) -> None:
    MigrationExecutor(connection).migrate(targets)


# Slow (the cooperatives' migrations back and forth, 45 to 115 s): it runs in
# `make check`, which CI runs too.
@pytest.mark.slow
@pytest.mark.django_db(transaction=True)
def test_existing_roles_and_enterprises_keep_the_persons_name_and_contact():
    person = PersonFactory(name="Siti Aminah", phone="+6281350001234", email="s@x.id")
    role = CooperativeRoleFactory(person=person)
    enterprise = EnterpriseFactory(owner=person)
    try:
        _migrate(BEFORE)
        with connection.cursor() as cursor:  # links made before the records existed
            cursor.execute(
                "UPDATE cooperatives_cooperativerole SET person_name = '', "
                "person_phone = '', person_email = ''"
            )
            cursor.execute("UPDATE cooperatives_enterprise SET owner_name = ''")

        _migrate(MigrationExecutor(connection).loader.graph.leaf_nodes())

        role = CooperativeRole.objects.get(pk=role.pk)
        assert (role.person_name, role.person_phone, role.person_email) == (
            "Siti Aminah",
            "+6281350001234",
            "s@x.id",
        )
        assert Enterprise.objects.get(pk=enterprise.pk).owner_name == "Siti Aminah"
    finally:
        _migrate(MigrationExecutor(connection).loader.graph.leaf_nodes())
