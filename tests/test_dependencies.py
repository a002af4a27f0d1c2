"""The Python dependency tree is pinned whole, and numpy is gone.

requirements.lock (written by scripts/lock) is what scripts/bootstrap.sh installs through, so
every package Heard and its test tools pull in, however deep, must be pinned there at the
version this environment has. A package added to pyproject.toml without re-running
scripts/lock fails here, not on the next machine that resolves a newer release.
"""

from __future__ import annotations

import re
import tomllib
from importlib import metadata
from pathlib import Path

from packaging.requirements import Requirement
from packaging.utils import canonicalize_name

ROOT = Path(__file__).resolve().parent.parent


def locked() -> dict[str, str]:
    pins: dict[str, str] = {}
    for line in (ROOT / "requirements.lock").read_text().splitlines():
        line = line.strip()
        if not line or line.startswith("#"):
            continue
        name, _, version = line.partition("==")
        pins[canonicalize_name(name)] = version
    return pins


def tree(name: str, extras: frozenset[str] = frozenset()) -> set[str]:
    """Every distribution ``name`` (with ``extras``) needs on this machine, recursively."""
    seen: set[str] = set()
    todo: list[tuple[str, frozenset[str]]] = [(name, extras)]
    while todo:
        current, wanted = todo.pop()
        for spec in metadata.requires(current) or []:
            requirement = Requirement(spec)
            marker = requirement.marker
            if marker is not None and not any(
                marker.evaluate({"extra": extra}) for extra in (wanted or {""})
            ):
                continue
            key = canonicalize_name(requirement.name)
            if key not in seen:
                seen.add(key)
                todo.append((requirement.name, frozenset(requirement.extras)))
    return seen


def test_every_package_in_the_tree_is_pinned_in_the_lock_at_its_installed_version() -> None:
    pins = locked()
    needed = tree("heard", frozenset({"test"}))
    assert "django" in needed and "pytest" in needed  # the walk reached both halves
    missing = sorted(name for name in needed if name not in pins)
    assert not missing, f"not in requirements.lock (run scripts/lock): {missing}"
    wrong = {
        name: (pins[name], metadata.version(name))
        for name in needed
        if metadata.version(name) != pins[name]
    }
    assert not wrong, f"locked version differs from the installed one: {wrong}"


def test_every_direct_dependency_is_pinned_exactly_with_a_reason() -> None:
    text = (ROOT / "pyproject.toml").read_text()
    runtime = tomllib.loads(text)["project"]["dependencies"]
    assert runtime
    for spec in runtime:
        assert re.fullmatch(r"[A-Za-z0-9_.\[\]-]+==\S+", spec), f"pin exactly: {spec}"
        line = next(line for line in text.splitlines() if f'"{spec}"' in line)
        assert "#" in line.split(f'"{spec}"', 1)[1], f"say why it is here: {spec}"


def test_numpy_is_not_a_dependency() -> None:
    assert "numpy" not in tree("heard", frozenset({"test"}))
    assert "numpy" not in locked()
