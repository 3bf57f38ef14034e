"""The portal reads through the selectors (STYLE.md: views never query around
them): no module of portal/views, portal/access.py or the header's context
processors reaches a model's manager, builds or runs a queryset, or imports the
ORM's expressions, and neither does a form (its choices come from a selector).
Reading a relation the selector prefetched (`.all()`) stays allowed."""

import ast
from pathlib import Path

import pytest
from django.conf import settings

PORTAL = Path(settings.BASE_DIR) / "portal"
QUERYSET_METHODS = {
    "aggregate",
    "annotate",
    "bulk_create",
    "count",
    "create",
    "defer",
    "delete",
    "distinct",
    "earliest",
    "exclude",
    "exists",
    "extra",
    "filter",
    "first",
    "get_or_create",
    "in_bulk",
    "iterator",
    "last",
    "latest",
    "only",
    "order_by",
    "prefetch_related",
    "raw",
    "refresh_from_db",
    "save",
    "select_for_update",
    "select_related",
    "update_or_create",
    "using",
    "values_list",
}
SHORTCUTS = {"get_object_or_404", "get_list_or_404"}


def orm_uses(source: str, filename: str = "<source>") -> list[str]:
    """Each place the source queries the database itself, as `file:line what`."""
    found = []
    for node in ast.walk(ast.parse(source, filename)):
        what = None
        if isinstance(node, ast.Attribute) and node.attr == "objects":
            what = ".objects"
        elif (
            isinstance(node, ast.Call)
            and isinstance(node.func, ast.Attribute)
            and node.func.attr in QUERYSET_METHODS
        ):
            what = f".{node.func.attr}()"
        elif isinstance(node, ast.ImportFrom) and (
            (node.module or "").startswith("django.db")
            or any(alias.name in SHORTCUTS for alias in node.names)
        ):
            what = f"from {node.module} import …"
        elif isinstance(node, ast.Import) and any(
            alias.name.startswith("django.db") for alias in node.names
        ):
            what = "import django.db"
        if what:
            found.append(f"{filename}:{node.lineno} {what}")
    return found


def portal_modules():
    yield PORTAL / "access.py"
    yield PORTAL / "context_processors.py"
    yield from sorted((PORTAL / "views").rglob("*.py"))


def test_portal_views_and_access_make_no_orm_calls():
    modules = list(portal_modules())

    found = [
        use
        for path in modules
        for use in orm_uses(path.read_text(), str(path.relative_to(PORTAL.parent)))
    ]

    assert len(modules) > 5
    assert found == []


def form_modules():
    base = PORTAL.parent
    return sorted({*base.glob("*/forms.py"), *base.glob("*/forms/*.py")})


def test_forms_take_their_choices_from_selectors():
    modules = list(form_modules())

    found = [
        use
        for path in modules
        for use in orm_uses(path.read_text(), str(path.relative_to(PORTAL.parent)))
    ]

    assert len(modules) > 5
    assert found == []


@pytest.mark.parametrize(
    "source",
    [
        "Cooperative.objects.all()",
        "selectors.cooperative_list(scope=scope).filter(pk=1)",
        "cooperative.annual_reports.order_by('-fiscal_year')",
        "queryset.exists()",
        "cooperative.refresh_from_db()",
        "from django.db.models import Q",
        "from django.shortcuts import get_object_or_404",
        "import django.db.models",
    ],
)
def test_orm_uses_finds_a_query_written_in_a_view(source):
    found = orm_uses(source)

    assert len(found) == 1


def test_orm_uses_lets_prefetched_relations_and_request_data_be_read():
    source = (
        "documents = application.documents.all()\n"
        "page = request.GET.get('halaman')\n"
        "errors = list(form.errors.values())\n"
    )

    assert orm_uses(source) == []
