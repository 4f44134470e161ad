"""The packages import downward only, and no two modules import each other (directly or in a ring).

``mdc`` (command line) may import ``loaders`` and ``synth``; those two share only ``mdc``'s lowest layer
(configuration and connections) and never import each other or the commands. The dashboards (plain modules
run by Streamlit) import one another without rings either. Read from the source with ``ast``: imports
inside functions count too, since a lazy import is still a dependency.
"""

from __future__ import annotations

import ast
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
PACKAGES = ("mdc", "loaders", "synth")
# mdc.practices (the MDC_PRACTICES file) and mdc.fanout (a command per practice) are configuration and
# process plumbing on the same level: they import nothing of mdc but mdc.config.
LOWEST_LAYER = {"mdc.config", "mdc.connections", "mdc.practices", "mdc.fanout"}


def module_name(path: Path, root: Path) -> str:
    parts = list(path.relative_to(root).with_suffix("").parts)
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def imports_of(path: Path, name: str, known: set[str]) -> set[str]:
    """The known modules that the module ``name`` at ``path`` imports (relative imports resolved)."""
    package = name if path.name == "__init__.py" else name.rpartition(".")[0]
    found: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            targets = [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                anchor = package.split(".")[: len(package.split(".")) - node.level + 1]
                base = ".".join([*anchor, base] if base else anchor)
            targets = [f"{base}.{alias.name}" for alias in node.names] + [base]
        else:
            continue
        for target in targets:
            while target and target not in known:
                target = target.rpartition(".")[0]
            if target and target != name:
                found.add(target)
    return found


def graph(root: Path, files: list[Path]) -> dict[str, set[str]]:
    names = {module_name(path, root): path for path in files}
    return {name: imports_of(path, name, set(names)) for name, path in names.items()}


def rings(edges: dict[str, set[str]]) -> list[list[str]]:
    """Every import ring, found by depth-first search (each reported once, from its smallest member)."""
    found: list[list[str]] = []

    def visit(start: str, node: str, path: list[str]) -> None:
        for target in sorted(edges.get(node, ())):
            if target == start:
                found.append([*path, start])
            elif target > start and target not in path:
                visit(start, target, [*path, target])

    for start in sorted(edges):
        visit(start, start, [start])
    return found


# Imports between packages resolve only through the package's own __init__ (which imports nothing heavy):
# the ring check ignores edges into an __init__ so that a package importing its submodules is no ring.
def without_package_roots(edges: dict[str, set[str]]) -> dict[str, set[str]]:
    return {name: {target for target in targets if target not in PACKAGES} for name, targets in edges.items()}


def python_graph() -> dict[str, set[str]]:
    files = [path for package in PACKAGES for path in (REPO / package).rglob("*.py")]
    return graph(REPO, files)


def test_no_module_of_mdc_loaders_or_synth_is_in_an_import_ring() -> None:
    assert rings(without_package_roots(python_graph())) == []


def test_no_dashboard_module_is_in_an_import_ring() -> None:
    root = REPO / "dashboards"
    files = [path for path in root.rglob("*.py")]
    edges = {name.rpartition(".")[2] if name.startswith("views.") else name: targets
             for name, targets in graph(root, files).items()}
    assert rings(edges) == []


def test_loaders_and_synth_use_only_the_lowest_layer_of_mdc_and_not_each_other() -> None:
    wrong = []
    for name, targets in python_graph().items():
        package = name.split(".")[0]
        if package == "mdc":
            continue
        other = "synth" if package == "loaders" else "loaders"
        for target in targets:
            if (target.split(".")[0] == "mdc" and target not in LOWEST_LAYER | {"mdc"}) or \
                    target.split(".")[0] == other:
                wrong.append(f"{name} -> {target}")
    assert wrong == []


def test_the_ring_finder_finds_a_ring() -> None:
    """Guard on the helper itself: a planted ring of three is found, a chain is not."""
    assert rings({"a": {"b"}, "b": {"c"}, "c": {"a"}}) == [["a", "b", "c", "a"]]
    assert rings({"a": {"b"}, "b": {"c"}, "c": set()}) == []
