"""The fixed keys of local.py and test.py. They are published with the code, so
they protect nothing: a process with DEBUG off refuses to start with any of them
(manage.py, Celery, gunicorn alike: the check runs when the settings load)."""

from django.core.exceptions import ImproperlyConfigured

LOCAL_NIK_ENCRYPTION_KEY = "YF8p1ox4U4hQrDyn8Ey0l9BHu0JcSdk36iwciJVZl_E="
LOCAL_NIK_HMAC_KEY = "PkU1I6hznwJ06f1XnDPaJ-Q2dO9cb0CFu7NofDb0z7g="
LOCAL_BACKUP_ENCRYPTION_KEY = "rQpLEXisG2DwVrleSy2u6H8ENMwDP0fVo2gTia70-f0="
TEST_NIK_ENCRYPTION_KEY = "EpurNXIXXGywshGmQXbJkyzMWehqZhlKRKZLN6fxUU8="
TEST_NIK_HMAC_KEY = "To57yR5U4oxNaVlIRkpe3fV0dfSHDZ3JAg2NloXPDZU="
TEST_BACKUP_ENCRYPTION_KEY = "LRz-XUe9CNV4S5peBm3DfgVY9zM0SaHUfYjUmfRQ__Q="

PUBLIC_KEYS = frozenset(
    {
        LOCAL_NIK_ENCRYPTION_KEY,
        LOCAL_NIK_HMAC_KEY,
        LOCAL_BACKUP_ENCRYPTION_KEY,
        TEST_NIK_ENCRYPTION_KEY,
        TEST_NIK_HMAC_KEY,
        TEST_BACKUP_ENCRYPTION_KEY,
    }
)


class PublicKeyInUse(ImproperlyConfigured):
    """A public key with DEBUG off. manage.py prints it as one line."""


def refuse_public_keys(
    *,
    debug: bool,
    nik_encryption_keys: list[str],
    nik_hmac_key: str,
    backup_encryption_key: str,
) -> None:
    """Raise PublicKeyInUse when DEBUG is off and any key is one of ours."""
    if debug:
        return
    in_use = [
        name
        for name, values in (
            ("NIK_ENCRYPTION_KEY", nik_encryption_keys),
            ("NIK_HMAC_KEY", [nik_hmac_key]),
            ("BACKUP_ENCRYPTION_KEY", [backup_encryption_key]),
        )
        if any((value or "").strip() in PUBLIC_KEYS for value in values)
    ]
    if in_use:
        raise PublicKeyInUse(
            f"{', '.join(in_use)}: kunci publik dari repositori dipakai saat DEBUG "
            "mati. Atur kunci sendiri di lingkungan (lihat docs/security.md), atau "
            "nyalakan DEBUG hanya di mesin pengembang."
        )
