"""The house rules of the code, checked: short functions, small modules, imports that only go
down the layers (no circle), every package installed, every module documented and every command
showing an example."""

from __future__ import annotations

import ast
import re
import tomllib
from pathlib import Path

import click
import pytest

from vzmap.cli import main

ROOT = Path(__file__).resolve().parent.parent
PACKAGE = ROOT / "src" / "vzmap"
MAX_FUNCTION_LINES = 60
MAX_MODULE_LINES = 500
#: Each package (or top-level module) and its layer: a module imports only its own layer or
#: lower ones. The CLI, the jobs and the public API are the edges.
LAYERS = {
    "errors": 0, "settings": 0,
    "text": 1,
    "gazetteer": 2,
    "events": 3,
    "geoparse": 4,
    "places": 5,
    "render": 6,
    "web": 7,
    "ingest": 8, "parallel": 8, "export": 8, "cli": 9, "__init__": 9,
}


def _modules() -> dict[str, Path]:
    """Dotted module name (without ``vzmap.``) -> file, for every module of the package."""
    out = {}
    for path in sorted(PACKAGE.rglob("*.py")):
        parts = path.relative_to(PACKAGE).with_suffix("").parts
        name = ".".join(parts[:-1] if parts[-1] == "__init__" else parts) or "__init__"
        out[name] = path
    return out


MODULES = _modules()


def _imports(name: str, path: Path) -> set[str]:
    """The vzmap modules that module ``name`` imports (anywhere in it, also inside functions)."""
    package = name.split(".") if path.name == "__init__.py" else name.split(".")[:-1]
    if name == "__init__":
        package = []
    found = set()
    for node in ast.walk(ast.parse(path.read_text("utf-8"))):
        if isinstance(node, ast.ImportFrom):
            if node.level:
                base = package[: len(package) - node.level + 1]
                target = ".".join([*base, *(node.module.split(".") if node.module else [])])
            elif node.module and node.module.startswith("vzmap"):
                target = node.module.removeprefix("vzmap").lstrip(".")
            else:
                continue
            for alias in node.names:
                sub = f"{target}.{alias.name}" if target else alias.name
                found.add(sub if sub in MODULES else target)
        elif isinstance(node, ast.Import):
            found |= {a.name.removeprefix("vzmap.") for a in node.names
                      if a.name.startswith("vzmap.")}
    return {m for m in found if m in MODULES and m != name}


GRAPH = {name: _imports(name, path) for name, path in MODULES.items()}


def _layer(name: str) -> int:
    return LAYERS[name.split(".")[0]]


def _functions(tree: ast.AST):
    for node in ast.walk(tree):
        if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
            yield node


def test_no_function_is_longer_than_60_lines():
    long = [
        f"{path.relative_to(ROOT)}:{fn.lineno} {fn.name} ({fn.end_lineno - fn.lineno + 1} lines)"
        for path in MODULES.values()
        for fn in _functions(ast.parse(path.read_text("utf-8")))
        if fn.end_lineno - fn.lineno + 1 > MAX_FUNCTION_LINES
    ]
    assert not long, "split these into named steps:\n" + "\n".join(long)


def test_no_module_is_longer_than_500_lines():
    long = [f"{p.relative_to(ROOT)} ({n} lines)" for p in MODULES.values()
            if (n := len(p.read_text("utf-8").splitlines())) > MAX_MODULE_LINES]
    assert not long, "split these by concern:\n" + "\n".join(long)


def test_every_module_says_its_job_in_its_first_line():
    missing = [str(p.relative_to(ROOT)) for p in MODULES.values()
               if not (ast.get_docstring(ast.parse(p.read_text("utf-8"))) or "").strip()]
    assert not missing, "add a one-line docstring to: " + ", ".join(missing)


def test_every_package_is_in_a_layer():
    assert {name.split(".")[0] for name in MODULES} <= set(LAYERS)


def test_imports_only_go_down_the_layers():
    upward = sorted(
        f"vzmap.{a} (layer {_layer(a)}) imports vzmap.{b} (layer {_layer(b)})"
        for a, targets in GRAPH.items() for b in targets if _layer(b) > _layer(a)
    )
    assert not upward, "\n".join(upward)


def _cycle(graph: dict[str, set[str]]) -> list[str] | None:
    """One import circle of ``graph`` (as a path ``a, b, ..., a``), or None."""
    state: dict[str, int] = {}
    stack: list[str] = []

    def visit(node: str) -> list[str] | None:
        state[node] = 1
        stack.append(node)
        for nxt in sorted(graph.get(node, ())):
            if state.get(nxt) == 1:
                return stack[stack.index(nxt):] + [nxt]
            if nxt not in state and (found := visit(nxt)):
                return found
        stack.pop()
        state[node] = 2
        return None

    for node in sorted(graph):
        if node not in state and (found := visit(node)):
            return found
    return None


def test_there_is_no_import_circle():
    cycle = _cycle(GRAPH)
    assert cycle is None, "import circle: " + " -> ".join(cycle)


def test_the_circle_check_finds_a_circle():
    assert _cycle({"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": set()}) == ["a", "b", "c", "a"]
    assert _cycle({"a": {"b"}, "b": set()}) is None


def test_every_package_is_installed_by_the_build():
    config = tomllib.loads((ROOT / "pyproject.toml").read_text("utf-8"))["tool"]["setuptools"]
    packages = {".".join(("vzmap", *p.parent.relative_to(PACKAGE).parts))
                for p in PACKAGE.rglob("__init__.py")} | {"vzmap.templates"}
    assert packages <= set(config["packages"]), "add to [tool.setuptools] packages"
    assert config["package-dir"]["vzmap.templates"] == "templates"


def test_architecture_names_every_module():
    text = (ROOT / "docs" / "architecture.md").read_text("utf-8")
    missing = [str(p.relative_to(PACKAGE)) for p in MODULES.values()
               if f"`{p.relative_to(PACKAGE)}`" not in text]
    assert not missing, "docs/architecture.md does not name: " + ", ".join(missing)


def _commands(group: click.Group, prefix: str = "vzmap"):
    for name, command in sorted(group.commands.items()):
        yield f"{prefix} {name}", command
        if isinstance(command, click.Group):
            yield from _commands(command, f"{prefix} {name}")


@pytest.mark.parametrize("path,command", list(_commands(main)), ids=lambda v: str(v))
def test_every_command_has_help_with_an_example(path, command):
    help_text = command.help or ""
    assert help_text.strip(), f"{path} has no help"
    assert re.search(r"^\s*Examples?:", help_text, re.M), f"{path}: help shows no example"
    assert re.search(rf"^\s+{re.escape(path)}\b", help_text, re.M), (
        f"{path}: the example does not run {path}")
