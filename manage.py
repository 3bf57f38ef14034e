#!/usr/bin/env python
import os
import sys


def main() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "kukm_portal.settings.local")
    from django.core.management import execute_from_command_line

    from kukm_portal.settings.public_keys import PublicKeyInUse

    try:
        execute_from_command_line(sys.argv)
    except PublicKeyInUse as exc:  # one clear line, not a traceback
        sys.exit(f"ImproperlyConfigured: {exc}")


if __name__ == "__main__":
    main()
