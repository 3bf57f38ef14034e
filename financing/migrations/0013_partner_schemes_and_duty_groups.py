"""KUR and bank products in the reference data are decided by their partner
(the bank), not by the agency; dana bergulir stays with the agency. Also the
staff groups of the new duties: recommending and recording the partner's
decision (financing/duties.py)."""

from django.contrib.auth.management import create_permissions
from django.db import migrations
from django.db.models import Q

from financing.duties import load_duty_groups

NEW_GROUPS = ["Perekomendasi pembiayaan", "Pencatat keputusan penyalur"]

# KUR by its name or code; other bank products by their partner, unless the
# scheme is a revolving fund merely channelled through a bank or BPR.
PARTNER_DECIDED = (
    Q(code__iregex=r"^kur(-|$)")
    | Q(name__iregex=r"(^|\W)KUR(\W|$)")
    | (Q(partner__icontains="bank") & ~Q(name__icontains="bergulir"))
)


def load(apps, schema_editor):
    Scheme = apps.get_model("financing", "Scheme")
    Scheme.objects.filter(PARTNER_DECIDED).update(decided_by="partner")
    config = apps.get_app_config("financing")
    config.models_module = True
    create_permissions(config, apps=apps, verbosity=0)
    config.models_module = None
    load_duty_groups(apps.get_model("auth", "Group"), apps.get_model("auth", "Permission"))


def unload(apps, schema_editor):
    apps.get_model("auth", "Group").objects.filter(name__in=NEW_GROUPS).delete()


class Migration(migrations.Migration):
    dependencies = [("financing", "0012_partner_decided_schemes")]

    operations = [migrations.RunPython(load, unload)]
