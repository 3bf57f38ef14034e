"""Each existing link keeps what everyone saw before: the cooperative's roles and
the enterprises take their person's current name and contact as their own record
(docs/security.md, "People across scopes"), so nothing visible changes."""

from django.db import migrations

FILL_ROLES = """
UPDATE cooperatives_cooperativerole AS r
   SET person_name = p.name, person_phone = p.phone, person_email = p.email
  FROM cooperatives_person AS p
 WHERE p.id = r.person_id AND r.person_name = ''
"""
FILL_ENTERPRISES = """
UPDATE cooperatives_enterprise AS e
   SET owner_name = p.name
  FROM cooperatives_person AS p
 WHERE p.id = e.owner_id AND e.owner_name = ''
"""


class Migration(migrations.Migration):
    dependencies = [("cooperatives", "0011_person_records_per_scope")]

    operations = [
        # Backward: the columns are dropped by 0011's reversal; nothing to undo.
        migrations.RunSQL(FILL_ROLES, migrations.RunSQL.noop),
        migrations.RunSQL(FILL_ENTERPRISES, migrations.RunSQL.noop),
    ]
