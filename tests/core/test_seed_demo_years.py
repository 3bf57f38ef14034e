"""The demo registry spans years: SMEs entered over the past years, so the SME
recap of any of the last five years (registered by 31 December) has figures
that grow from year to year."""

from io import StringIO

import pytest
from django.core.management import call_command
from django.utils import timezone

from accounts.scope import Scope
from reports.builders import BUILDERS

pytestmark = pytest.mark.django_db

TITLE = "UMKM per kabupaten/kota dan skala usaha"


def test_seed_demo_smes_were_entered_over_the_years():
    call_command(
        "seed_demo", cooperatives=20, enterprises=200, years=2, stdout=StringIO()
    )
    year = timezone.localdate().year

    totals = [
        next(
            section.total["total"]
            for section in BUILDERS["enterprise_recap"](
                scope=Scope.province(), year=y, district=None
            ).sections
            if section.title == TITLE
        )
        for y in range(year - 4, year + 1)
    ]

    assert 0 < totals[0] < totals[-1] == 200
    assert totals == sorted(totals)
