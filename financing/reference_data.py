"""Reference rows loaded by a data migration (and put back by tests after a
transactional flush): the default delinquency bands for PAR 30/60/90."""

DELINQUENCY_BANDS = [
    ("dpd-1-30", "1-30 hari", 1, 30),
    ("dpd-31-60", "31-60 hari", 31, 60),
    ("dpd-61-90", "61-90 hari", 61, 90),
    ("dpd-91", "Lebih dari 90 hari", 91, None),
]


def load_delinquency_bands(band_model) -> None:
    """Create the default bands that are missing; never overwrite staff edits."""
    for code, label, min_days, max_days in DELINQUENCY_BANDS:
        band_model.objects.get_or_create(
            code=code,
            defaults={"label": label, "min_days": min_days, "max_days": max_days},
        )
