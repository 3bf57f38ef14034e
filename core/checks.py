"""Start-up checks. TRUSTED_PROXIES must parse (NUM_PROXIES without it is warned
about). The database check runs with `migrate` (and `check --database`): a
PostgreSQL server without an extension the migrations create (pg_trgm from the
contrib package, say) is named in one line instead of failing halfway through a
migration with a traceback."""

from django.conf import settings
from django.contrib.postgres.operations import CreateExtension
from django.core.checks import Error, Tags, register
from django.core.checks import Warning as CheckWarning
from django.core.exceptions import ImproperlyConfigured
from django.db import connections
from django.db.migrations.loader import MigrationLoader

from .client_address import trusted_networks


def required_extensions() -> list[str]:
    """Every extension a migration of the project creates, in name order."""
    loader = MigrationLoader(None, ignore_no_migrations=True)
    return sorted(
        {
            operation.name
            for migration in loader.disk_migrations.values()
            for operation in migration.operations
            if isinstance(operation, CreateExtension)
        }
    )


def missing_extensions(connection, names: list[str]) -> list[str]:
    """The extensions among `names` that the server cannot install."""
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT name FROM pg_available_extensions WHERE name = ANY(%s)", [names]
        )
        available = {row[0] for row in cursor.fetchall()}
    return [name for name in names if name not in available]


def extension_error(connection, names: list[str]) -> Error | None:
    missing = missing_extensions(connection, names)
    if not missing:
        return None
    return Error(
        f"PostgreSQL at {connection.settings_dict.get('HOST') or 'localhost'} lacks "
        f"the extension(s) {', '.join(missing)} that the migrations need: install "
        "the server's contrib package, or use the embedded default "
        "(leave DATABASE_URL unset under make).",
        id="core.E001",
    )


@register(Tags.database)
def database_extensions_check(app_configs, databases=None, **kwargs) -> list[Error]:
    if not databases:
        return []
    names = required_extensions()
    errors = []
    for alias in databases:
        connection = connections[alias]
        if connection.vendor != "postgresql":
            continue
        error = extension_error(connection, names)
        if error:
            errors.append(error)
    return errors


@register(Tags.security)
def trusted_proxies_check(app_configs, **kwargs) -> list:
    """TRUSTED_PROXIES must parse; NUM_PROXIES without it trusts any peer's
    X-Forwarded-For (core.client_address)."""
    try:
        networks = trusted_networks(tuple(settings.TRUSTED_PROXIES))
    except ImproperlyConfigured as exc:
        return [Error(str(exc), id="core.E002")]
    if settings.NUM_PROXIES and not networks:
        return [
            CheckWarning(
                "NUM_PROXIES is set without TRUSTED_PROXIES: a client that reaches "
                "the app around the proxy can choose its own address.",
                hint="Set TRUSTED_PROXIES to the proxies' addresses or networks.",
                id="core.W001",
            )
        ]
    return []
