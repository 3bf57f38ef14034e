"""Demo data for the registry (SPEC 6.3, `manage.py seed_demo`): Kalimantan Timur
cooperatives with their annual (RAT) reports, officers and members, SMEs of every
scale with their owners, and the three demo accounts.

Deterministic and idempotent. Every draw comes from a `random.Random` seeded with
the caller's seed, and every row has a natural key (cooperative NIK, NIB, person
NIK, cooperative + fiscal year, the open term of a role), so a second run with the
same arguments inserts nothing. Rows go in with `bulk_create` in batches; what
`save()` or the services would derive (`Enterprise.scale`, `Cooperative.last_rat_on`,
the snapshot of a verified report) is set here by the same rules.

Shape: districts weighted by population (domain.md 1.1); about half of the
cooperatives active, as in Kaltim (domain.md 6.2); the first cooperatives and
enterprises go round every district, so that even a small run has active and
inactive cooperatives and SMEs of every scale in each district.
"""

from .accounts import DEMO_ACCOUNTS, demo_password
from .seed import seed_registry
from .shape import DEMO_COOPERATIVE_NAME, DEMO_COOPERATIVE_NIK

__all__ = [
    "DEMO_ACCOUNTS",
    "DEMO_COOPERATIVE_NAME",
    "DEMO_COOPERATIVE_NIK",
    "demo_password",
    "seed_registry",
]
