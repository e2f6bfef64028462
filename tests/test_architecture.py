"""The package's shape (issue 16): no private name is used across modules.

A name with a leading underscore belongs to its module. A helper that another module needs gets a
public name in its package (it need not be exported at the top level), so a reader can tell the
module's inner workings from what its siblings rely on. This test parses every module with
``ast`` and fails on ``from paperkit.x import _name`` (or the relative form) and on
``module._name`` where ``module`` is another paperkit module imported under a local name.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

import paperkit

PACKAGE = Path(paperkit.__file__).parent


def _is_private(name: str) -> bool:
    return name.startswith("_") and not (name.startswith("__") and name.endswith("__"))


def _module_name(path: Path, root: Path) -> str:
    parts = list(path.relative_to(root.parent).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts = parts[:-1]
    return ".".join(parts)


def _imported_module(node: ast.ImportFrom, me: str, is_package: bool) -> str:
    if not node.level:
        return node.module or ""
    base = me.split(".") if is_package else me.split(".")[:-1]
    base = base[: len(base) - (node.level - 1)]
    return ".".join(base + ([node.module] if node.module else []))


def private_uses(source: str, me: str, *, is_package: bool = False) -> list[str]:
    """Private names of other paperkit modules that ``source`` (the module ``me``) uses.

    >>> private_uses("from paperkit.io.files import _decode, expand", "paperkit.io.read")
    ['line 1: from paperkit.io.files import _decode']
    >>> private_uses("from paperkit.io import files\\nfiles._decode(b'')", "paperkit.io.read")
    ['line 2: paperkit.io.files._decode']
    >>> private_uses("def _own(): pass\\n_own()", "paperkit.io.read")
    []
    """
    tree = ast.parse(source)
    found: list[str] = []
    aliases: dict[str, str] = {}  # local name -> the paperkit object it stands for
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom):
            module = _imported_module(node, me, is_package)
            if not module.startswith("paperkit"):
                continue
            for alias in node.names:
                if _is_private(alias.name) and module != me:
                    found.append(f"line {node.lineno}: from {module} import {alias.name}")
                else:
                    aliases[alias.asname or alias.name] = f"{module}.{alias.name}"
        elif isinstance(node, ast.Import):
            for alias in node.names:
                if alias.name.startswith("paperkit"):
                    local = alias.asname or alias.name.split(".")[0]
                    aliases[local] = alias.name if alias.asname else alias.name.split(".")[0]
    for node in ast.walk(tree):
        if not (isinstance(node, ast.Attribute) and _is_private(node.attr)):
            continue
        chain, value = [], node.value
        while isinstance(value, ast.Attribute):
            chain.append(value.attr)
            value = value.value
        if isinstance(value, ast.Name) and value.id in aliases:
            target = ".".join([aliases[value.id], *reversed(chain)])
            if target != me:
                found.append(f"line {node.lineno}: {target}.{node.attr}")
    return found


MODULES = sorted(PACKAGE.rglob("*.py"))


def test_the_checker_sees_every_module():
    assert len(MODULES) > 50
    assert PACKAGE / "acronyms" / "matching.py" in MODULES


@pytest.mark.parametrize("path", MODULES, ids=lambda p: str(p.relative_to(PACKAGE)))
def test_no_private_name_is_used_across_modules(path):
    me = _module_name(path, PACKAGE)
    uses = private_uses(path.read_text(encoding="utf-8"), me, is_package=path.name == "__init__.py")
    assert not uses, f"{me} uses private names of other modules: {uses}"


def test_a_relative_import_of_a_sibling_private_name_is_caught():
    source = "from .matching import _letters\nfrom . import patterns\npatterns._WORD_RE.findall('x')"
    assert private_uses(source, "paperkit.acronyms.titles") == [
        "line 1: from paperkit.acronyms.matching import _letters",
        "line 3: paperkit.acronyms.patterns._WORD_RE",
    ]
