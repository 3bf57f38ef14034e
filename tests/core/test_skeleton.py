"""The house's shape (STYLE.md, docs/architecture.md): every domain app has the same
skeleton, no shipped module grows past about 400 lines, the module imports form no
cycle outside a models package, and no module hides behind a name that says
nothing. A sibling of test_layers.py, which checks the direction of the imports."""

import ast
import os
from pathlib import Path

from django.conf import settings

BASE_DIR = Path(settings.BASE_DIR)
MAX_LINES = 400
# Folders that hold no shipped code (tests, data, tooling, the virtualenv).
NOT_SHIPPED = {"tests", "migrations", "node_modules", "static", "staticfiles"}
# Imports deferred into a function within one app (apps.py's ready() aside): most
# of them a service enqueuing the task that calls it back, two keeping pyarrow
# out of the web processes (the import job's columnar pass and its COPY text).
MAX_DEFERRED_WITHIN_APPS = 10
NAMES_THAT_SAY_NOTHING = {"utils.py", "helpers.py", "signals.py"}

DOMAIN_APPS = ("cooperatives", "programs", "financing", "reports")
PACKAGES = ("models", "services", "api", "admin")
MODULES = ("selectors.py", "tasks.py")
# Sending a reminder (notifications' once-only record) happens in reminders.py.
REMINDER_CALLS = {"reminder_send_once", "reminders_send_once", "Reminder"}
REMINDER_CALLS |= {"reminders_send_once_select"}
# A class with one of these bases lists rows, so its app declares a FilterSet.
LIST_BASES = {"ListModelMixin", "ModelViewSet", "ReadOnlyModelViewSet", "ListView"}


def shipped_files():
    """Every .py file that ships, as a path relative to the project folder."""
    for folder, dirs, files in os.walk(BASE_DIR):
        dirs[:] = [
            name
            for name in dirs
            if not name.startswith(".") and name not in NOT_SHIPPED
        ]
        for name in files:
            if name.endswith(".py"):
                yield (Path(folder) / name).relative_to(BASE_DIR)


def project_apps() -> set[str]:
    return {
        folder.name
        for folder in BASE_DIR.iterdir()
        if (folder / "__init__.py").exists() and folder.name not in {"tests", "bench"}
    }


def module_name(path: Path) -> str:
    parts = list(path.with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def app_modules() -> dict[str, Path]:
    apps = project_apps()
    return {
        module_name(path): path
        for path in shipped_files()
        if path.parts[0] in apps and len(path.parts) > 1
    }


def top_level_statements(body):
    """The statements that run on import: into `if` and `try`, but not into
    functions, classes or `if TYPE_CHECKING:`."""
    for node in body:
        if isinstance(node, ast.If):
            if "TYPE_CHECKING" in ast.unparse(node.test):
                continue
            yield from top_level_statements(node.body)
            yield from top_level_statements(node.orelse)
        elif isinstance(node, ast.Try):
            for block in (node.body, node.orelse, node.finalbody):
                yield from top_level_statements(block)
            for handler in node.handlers:
                yield from top_level_statements(handler.body)
        else:
            yield node


def imported_modules(node, module: str, is_package: bool, known: set[str]):
    """The project modules an import statement loads (`from a import b` loads the
    module a.b when there is one, else a)."""
    if isinstance(node, ast.Import):
        targets = [alias.name for alias in node.names]
    elif isinstance(node, ast.ImportFrom):
        if node.level:
            package = module if is_package else module.rpartition(".")[0]
            for _ in range(node.level - 1):
                package = package.rpartition(".")[0]
            base = f"{package}.{node.module}" if node.module else package
        else:
            base = node.module
        targets = [
            f"{base}.{alias.name}" if f"{base}.{alias.name}" in known else base
            for alias in node.names
        ]
    else:
        return
    for target in targets:
        while target and target not in known:
            target = target.rpartition(".")[0]
        if target and target != module:
            yield target


def import_graph() -> tuple[dict[str, set[str]], dict[str, set[str]]]:
    """(module-level imports, imports inside functions) between project modules.
    The package a module sits in is not counted as imported by it (Python runs the
    package's __init__ first, but a package that re-exports its modules is no
    cycle)."""
    modules = app_modules()
    known = set(modules)
    at_import, deferred = {}, {}
    for module, path in modules.items():
        tree = ast.parse((BASE_DIR / path).read_text(), str(path))
        is_package = path.name == "__init__.py"
        top = set(top_level_statements(tree.body))
        at_import[module], deferred[module] = set(), set()
        for node in ast.walk(tree):
            if isinstance(node, ast.Import | ast.ImportFrom):
                edges = at_import if node in top else deferred
                edges[module] |= set(imported_modules(node, module, is_package, known))
    return at_import, deferred


def cycles(graph: dict[str, set[str]]) -> list[list[str]]:
    """The strongly connected components of more than one module (Tarjan)."""
    index, low, stack, on_stack, found = {}, {}, [], set(), []

    def visit(node):
        index[node] = low[node] = len(index)
        stack.append(node)
        on_stack.add(node)
        for target in graph.get(node, ()):
            if target not in index:
                visit(target)
                low[node] = min(low[node], low[target])
            elif target in on_stack:
                low[node] = min(low[node], index[target])
        if low[node] == index[node]:
            component = []
            while True:
                member = stack.pop()
                on_stack.discard(member)
                component.append(member)
                if member == node:
                    break
            if len(component) > 1:
                found.append(sorted(component))

    for node in sorted(graph):
        if node not in index:
            visit(node)
    return found


def within_one_models_package(component: list[str]) -> bool:
    packages = {".".join(name.split(".")[:2]) for name in component}
    return len(packages) == 1 and packages.pop().endswith(".models")


def test_no_shipped_module_is_over_400_lines():
    too_long = {
        str(path): lines
        for path in shipped_files()
        if (lines := len((BASE_DIR / path).read_text().splitlines())) > MAX_LINES
    }
    assert too_long == {}


def test_every_domain_app_has_the_skeleton():
    missing = [
        f"{app}/{name}"
        for app in DOMAIN_APPS
        for name in PACKAGES
        if not (BASE_DIR / app / name / "__init__.py").exists()
    ] + [
        f"{app}/{name}"
        for app in DOMAIN_APPS
        for name in MODULES
        # A layer becomes a package of the same name past about 400 lines.
        if not (BASE_DIR / app / name).is_file()
        and not (BASE_DIR / app / name.removesuffix(".py") / "__init__.py").exists()
    ]
    assert missing == []


def test_no_domain_app_keeps_a_layer_as_both_module_and_package():
    both = [
        f"{app}/{name}"
        for app in DOMAIN_APPS
        for name in (*PACKAGES, "selectors", "tasks", "filtersets", "reminders")
        if (BASE_DIR / app / f"{name}.py").exists() and (BASE_DIR / app / name).is_dir()
    ]
    assert both == []


def app_trees(app: str):
    for path in shipped_files():
        if path.parts[0] == app:
            yield path, ast.parse((BASE_DIR / path).read_text(), str(path))


def test_every_domain_app_that_lists_rows_has_its_filtersets():
    listing = {
        app
        for app in DOMAIN_APPS
        for _path, tree in app_trees(app)
        for node in ast.walk(tree)
        if isinstance(node, ast.ClassDef)
        and {ast.unparse(base).rpartition(".")[2] for base in node.bases} & LIST_BASES
    }
    missing = [
        app
        for app in sorted(listing)
        if not (BASE_DIR / app / "filtersets.py").exists()
    ]
    assert listing, "no list found: the check reads the wrong classes"
    assert missing == []


def test_reminders_are_sent_from_reminders_py_only():
    senders = {
        str(path)
        for app in DOMAIN_APPS
        for path, tree in app_trees(app)
        for node in ast.walk(tree)
        if isinstance(node, ast.Call)
        and ast.unparse(node.func).rpartition(".")[2] in REMINDER_CALLS
    }
    assert senders, "no reminder found: the check reads the wrong calls"
    assert {path for path in senders if Path(path).name != "reminders.py"} == set()


def test_the_cycle_finder_tells_a_models_package_from_the_rest():
    graph = {
        "shop.models.order": {"shop.models.item"},
        "shop.models.item": {"shop.models.order"},
        "shop.services": {"shop.tasks", "shop.models.order"},
        "shop.tasks": {"shop.services"},
        "shop.selectors": {"shop.models.item"},
    }

    found = cycles(graph)

    assert sorted(found) == [
        ["shop.models.item", "shop.models.order"],
        ["shop.services", "shop.tasks"],
    ]
    assert [within_one_models_package(c) for c in sorted(found)] == [True, False]


def test_no_import_cycle_outside_a_models_package():
    at_import, _deferred = import_graph()

    found = [c for c in cycles(at_import) if not within_one_models_package(c)]

    assert found == []


def test_few_imports_are_deferred_into_functions():
    # An import inside a function may break a cycle; many of them mean the
    # modules lean on each other and want another split.
    _at_import, deferred = import_graph()

    within_apps = {
        (module, target)
        for module, targets in deferred.items()
        for target in targets
        if module.split(".")[0] == target.split(".")[0] and not module.endswith(".apps")
    }

    assert len(within_apps) <= MAX_DEFERRED_WITHIN_APPS, sorted(within_apps)


def test_no_module_has_a_name_that_says_nothing():
    vague = [
        str(path) for path in shipped_files() if path.name in NAMES_THAT_SAY_NOTHING
    ]
    assert vague == []
