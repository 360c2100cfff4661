"""Layers only look down: every import inside src/ follows the order docs/architecture.md draws.

The order is read from the ``layers`` block of docs/architecture.md, so the documentation and
this test cannot drift apart. Each line is a layer (top first); units on one line are separated
by ``|`` and may not import each other; ``a+b`` is one unit of modules that work together. A unit
may import any unit on a lower line. Every module must be placed: a new one fails until it is.
"""

from __future__ import annotations

import ast
import re
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PACKAGE = ROOT / "src" / "ungass_kg"


def documented_layers() -> list[list[set[str]]]:
    text = (ROOT / "docs" / "architecture.md").read_text(encoding="utf-8")
    block = re.search(r"```layers\n(.*?)```", text, re.S)
    assert block, "docs/architecture.md has no ```layers block"
    layers = []
    for line in block.group(1).splitlines():
        line = line.split("#", 1)[0].strip()
        if line and not set(line) <= set("|v^ "):
            layers.append([set(unit.strip().split("+")) for unit in line.split("|")])
    return layers


def top_level(module: str) -> str:
    """``ungass_kg.web.sparql`` -> ``web``; the package itself -> ``__init__``."""
    parts = module.split(".")
    return parts[1] if len(parts) > 1 else "__init__"


def imports_of(path: Path) -> list[tuple[int, str]]:
    """(line, absolute module) of every import of our own package in one file."""
    rel = path.relative_to(PACKAGE.parent).with_suffix("")
    here = list(rel.parts)
    package = here if here[-1] == "__init__" else here[:-1]
    if package[-1] == "__init__":
        package = package[:-1]
    out = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            out += [(node.lineno, a.name) for a in node.names if a.name.split(".")[0] == "ungass_kg"]
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = package[:len(package) - (node.level - 1)]
                target = ".".join(base + ([node.module] if node.module else []))
            elif node.module and node.module.split(".")[0] == "ungass_kg":
                target = node.module
            else:
                continue
            if node.module is None:  # from .. import x: x may be a module of that package
                for a in node.names:
                    candidate = f"{target}.{a.name}"
                    as_path = PACKAGE.parent.joinpath(*candidate.split("."))
                    is_module = as_path.with_suffix(".py").exists() or as_path.is_dir()
                    out.append((node.lineno, candidate if is_module else target))
            else:
                out.append((node.lineno, target))
    return out


def test_every_import_goes_down_the_documented_layers() -> None:
    layers = documented_layers()
    unit_of: dict[str, tuple[int, int]] = {}
    for depth, layer in enumerate(layers):
        for index, unit in enumerate(layer):
            for name in unit:
                assert name not in unit_of, f"{name} is placed twice in docs/architecture.md"
                unit_of[name] = (depth, index)
    present = {p.stem if p.is_file() else p.name for p in PACKAGE.iterdir()
               if (p.suffix == ".py") or (p.is_dir() and (p / "__init__.py").exists())}
    assert present - set(unit_of) == set(), "modules missing from the layers in docs/architecture.md"
    assert set(unit_of) - present == set(), "layers name modules that do not exist"

    wrong = []
    for path in sorted(PACKAGE.rglob("*.py")):
        source = top_level(".".join(path.relative_to(PACKAGE.parent).with_suffix("").parts))
        for line, target in imports_of(path):
            dest = top_level(target)
            if dest == source:
                continue
            (d_src, i_src), (d_dst, i_dst) = unit_of[source], unit_of[dest]
            if d_dst > d_src:
                continue  # a lower layer
            if d_dst == d_src and i_dst == i_src:
                continue  # the same unit
            wrong.append(f"{path.relative_to(ROOT)}:{line}: {source} imports {target}")
    assert wrong == []


def test_the_check_sees_relative_and_absolute_imports(tmp_path: Path) -> None:
    # The walk above would pass vacuously if it missed imports: it finds both kinds.
    found = {t for _, t in imports_of(PACKAGE / "publish" / "site.py")}
    assert "ungass_kg.present" in found and "ungass_kg.store" in found
    found = {t for _, t in imports_of(PACKAGE / "web" / "app.py")}
    assert "ungass_kg" in found  # from .. import __version__: the package itself
    assert {top_level(t) for _, t in imports_of(PACKAGE / "cli" / "store_cmds.py")} >= {"errors", "cli"}
