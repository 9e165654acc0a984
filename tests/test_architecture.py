"""The package layout is the architecture: the engine never imports a feature, features never import each other.

Read from the source with ``ast``, so a new import that breaks the rule fails here
before anyone has to notice it in review.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parent.parent / "specsite"
# The engine layer: read -> model -> plan -> render -> write.
ENGINE = {"engine", "model"}
# The composition root may import anything: it is what switches the features on.
ROOT_MODULES = {"__init__", "__main__", "cli", "features"}
MAX_TOP_LEVEL_ENTRIES = 10


def modules(package: Path = PACKAGE) -> list[Path]:
    return sorted(p for p in package.rglob("*.py") if "__pycache__" not in p.parts)


def dotted(path: Path, package: Path = PACKAGE) -> list[str]:
    parts = list(path.relative_to(package.parent).with_suffix("").parts)
    return parts[:-1] if parts[-1] == "__init__" else parts


def imported(path: Path, package: Path = PACKAGE) -> set[str]:
    """Every ``specsite.*`` module name the file imports, relative imports resolved."""
    tree = ast.parse(path.read_text(), filename=str(path))
    here = dotted(path, package)
    package = here if path.name == "__init__.py" else here[:-1]
    found: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            base = package[: len(package) - node.level + 1] if node.level else []
            module = ".".join([*base, *(node.module.split(".") if node.module else [])])
            found.add(module)
            # ``from . import plan`` imports the module ``plan``: count it by its own name.
            found.update(f"{module}.{alias.name}" for alias in node.names)
    return {name for name in found if name == "specsite" or name.startswith("specsite.")}


def layer(module: str) -> str | None:
    """The top-level package a module name belongs to; None for the composition root."""
    parts = module.split(".")
    if len(parts) < 2 or parts[1] in ROOT_MODULES:
        return None
    return parts[1]


def is_package(name: str, package: Path = PACKAGE) -> bool:
    return (package / name / "__init__.py").is_file()


def edges(package: Path = PACKAGE) -> list[tuple[str, str, str]]:
    """(file, its layer, the layer it imports) for every import that crosses packages."""
    found = []
    for path in modules(package):
        source = layer(".".join(dotted(path, package)))
        if source is None:
            continue
        for name in imported(path, package):
            target = layer(name)
            if target is not None and target != source and is_package(target, package):
                found.append((str(path.relative_to(package.parent)), source, target))
    return found


def test_the_engine_never_imports_a_feature() -> None:
    wrong = [(file, target) for file, source, target in edges() if source in ENGINE and target not in ENGINE]
    assert not wrong, f"engine modules import feature packages: {wrong}"


def test_features_never_import_each_other() -> None:
    wrong = [
        (file, target) for file, source, target in edges() if source not in ENGINE and target not in ENGINE
    ]
    assert not wrong, f"feature packages import each other (use an engine registry instead): {wrong}"


def test_the_engine_does_not_reach_the_composition_root() -> None:
    """``features`` imports every feature; an engine module importing it would hide a back edge."""
    for path in modules():
        if layer(".".join(dotted(path))) in ENGINE:
            roots = {name for name in imported(path) if name.split(".")[1:2] in (["cli"], ["features"])}
            assert not roots, (path, roots)


def test_the_top_level_stays_small_and_every_package_says_its_rule() -> None:
    entries = [p for p in PACKAGE.iterdir() if p.name != "__pycache__" and not is_package(p.name)]
    assert len(entries) <= MAX_TOP_LEVEL_ENTRIES, sorted(p.name for p in entries)
    for package in (p for p in PACKAGE.iterdir() if is_package(p.name)):
        doc = ast.get_docstring(ast.parse((package / "__init__.py").read_text())) or ""
        assert "import" in doc, f"{package.name}/__init__.py must say what it may import"


def fake_package(root: Path, files: dict[str, str]) -> Path:
    package = root / "specsite"
    for name, text in files.items():
        (package / name).parent.mkdir(parents=True, exist_ok=True)
        (package / name).write_text(text)
    return package


@pytest.mark.parametrize(
    ("source", "expected"),
    [
        ("from ..events import catalog\n", {"specsite.events", "specsite.events.catalog"}),
        ("from .plan import Route\n", {"specsite.engine.plan", "specsite.engine.plan.Route"}),
        ("import specsite.publish.search\n", {"specsite.publish.search"}),
    ],
)
def test_imports_are_resolved_the_way_python_resolves_them(
    tmp_path: Path, source: str, expected: set
) -> None:
    package = fake_package(tmp_path, {"engine/__init__.py": "", "engine/probe.py": source})
    assert imported(package / "engine" / "probe.py", package) == expected


def test_a_forbidden_import_is_found(tmp_path: Path) -> None:
    """The rule catches both kinds of wrong edge (so the tests above can fail)."""
    files = {
        "engine/__init__.py": "",
        "engine/render.py": "from ..events import explorer\n",
        "events/__init__.py": "",
        "events/explorer.py": "from ..engine import views\nfrom ..publish.search import x\n",
        "publish/__init__.py": "",
        "publish/search.py": "",
    }
    found = {(file, target) for file, _, target in edges(fake_package(tmp_path, files))}
    assert found == {
        ("specsite/engine/render.py", "events"),
        ("specsite/events/explorer.py", "engine"),
        ("specsite/events/explorer.py", "publish"),
    }
