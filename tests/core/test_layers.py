"""The house's floors (STYLE.md): imports point down only. The ground floor (core,
accounts, notifications, api, audit) imports no domain app; cooperatives imports none of
the apps built on it; programs and financing never import each other; reports reads
their models and selectors only; the demo data is the top floor, imported by none."""

import ast
from collections import defaultdict
from pathlib import Path

from django.conf import settings

BASE_DIR = Path(settings.BASE_DIR)
GROUND = {"core", "accounts", "notifications", "api", "audit"}
ALLOWED = {
    "core": set(),
    "accounts": {"core"},
    "api": {"core", "accounts"},
    "notifications": {"core", "accounts"},
    "audit": {"core", "accounts"},
    "cooperatives": GROUND,
    "programs": GROUND | {"cooperatives"},
    "financing": GROUND | {"cooperatives"},
    "reports": GROUND | {"cooperatives", "programs", "financing"},
    "portal": GROUND | {"cooperatives", "programs", "financing", "reports"},
    "kukm_portal": GROUND
    | {"cooperatives", "programs", "financing", "reports"}
    | {"portal"},
    # The retention sweep acts on the people every domain app links to.
    "privacy": GROUND | {"cooperatives", "programs", "financing"},
    "demo": GROUND | {"cooperatives", "programs", "financing", "reports"},
}
# reports aggregates: of programs and financing it may read models and selectors.
READ_ONLY = {("reports", "programs"), ("reports", "financing")}
READABLE_MODULES = ("models", "selectors")


def project_apps() -> set[str]:
    return {
        folder.name
        for folder in BASE_DIR.iterdir()
        if (folder / "__init__.py").exists() and folder.name not in {"tests", "bench"}
    }


def shipped_modules(app: str):
    for path in (BASE_DIR / app).rglob("*.py"):
        if "migrations" not in path.parts:
            yield path


def imports_of(path: Path, apps: set[str]):
    """(imported app, module path under it) for each import of another app."""
    for node in ast.walk(ast.parse(path.read_text(), str(path))):
        if isinstance(node, ast.Import):
            names = [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            # `from financing import selectors` names the module it takes.
            names = (
                [f"{node.module}.{alias.name}" for alias in node.names]
                if "." not in node.module
                else [node.module]
            )
        else:
            continue
        for name in names:
            top, _, rest = name.partition(".")
            if top in apps:
                yield top, rest


def import_graph() -> dict[str, set[tuple[str, str, str]]]:
    apps = project_apps()
    graph = defaultdict(set)
    for app in apps:
        for path in shipped_modules(app):
            for target, rest in imports_of(path, apps):
                if target != app:
                    where = str(path.relative_to(BASE_DIR))
                    graph[app].add((target, rest, where))
    return graph


def test_every_app_has_its_floor():
    assert project_apps() == set(ALLOWED), "add the new app to ALLOWED"


def test_imports_point_down_only():
    wrong = [
        f"{where} imports {target}"
        for app, edges in import_graph().items()
        for target, _rest, where in edges
        if target not in ALLOWED[app]
    ]
    assert wrong == []


def test_reports_reads_programs_and_financing_through_models_and_selectors():
    wrong = [
        f"{where} imports {target}.{rest}"
        for app, edges in import_graph().items()
        for target, rest, where in edges
        if (app, target) in READ_ONLY and not rest.startswith(READABLE_MODULES)
    ]
    assert wrong == []


def test_nothing_imports_the_demo_data():
    importers = {
        app for app, edges in import_graph().items() for t, *_ in edges if t == "demo"
    }
    assert importers == set()
