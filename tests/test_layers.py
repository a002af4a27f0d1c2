"""The layers of architecture.md hold, for Python imports and for template tag libraries.

import-linter reads ``import`` statements only: it cannot see a template in ``complaints/``
that ``{% load %}``s a tag library from ``decisions``, which ties the lower app to the higher
one just as an import would. So these tests take the layer order from the import-linter
contract in ``pyproject.toml`` (one list to keep) and check the templates against it, and
they run the import-linter contracts themselves, so ``pytest`` alone catches a breach of
either kind.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
import tomllib
from pathlib import Path, PurePosixPath

import pytest
from django.apps import apps
from django.template.backends.django import get_installed_libraries

ROOT = Path(__file__).resolve().parents[1]
SRC = ROOT / "src"
PACKAGE = SRC / "heard"

LOAD = re.compile(r"{%-?\s*load\s+(.+?)\s*-?%}")


def layer_ranks() -> dict[str, int]:
    """Each top-level module of ``heard`` named in the layers contract, with its height
    (0 is the bottom). Siblings in one layer share a height."""
    config = tomllib.loads((ROOT / "pyproject.toml").read_text())["tool"]["importlinter"]
    contract = next(c for c in config["contracts"] if c["type"] == "layers")
    ranks: dict[str, int] = {}
    for height, layer in enumerate(reversed(contract["layers"])):
        for name in re.split(r"[|:]", layer):
            ranks[name.strip()] = height
    return ranks


def tag_library_owners() -> dict[str, str]:
    """Each tag library name usable in ``{% load %}``, with the ``heard`` app that defines it
    (libraries from Django or other packages are left out: every layer may use them)."""
    owners: dict[str, str] = {}
    for name, module_path in get_installed_libraries().items():
        parts = module_path.split(".")
        if parts[0] == "heard" and len(parts) > 2:
            owners[name] = parts[1]
    return owners


def loaded_libraries(source: str) -> list[str]:
    """The library names a template loads, from both ``{% load a b %}`` and
    ``{% load x y from a %}``."""
    names: list[str] = []
    for arguments in LOAD.findall(source):
        words = arguments.split()
        names.extend(words[words.index("from") + 1 :] if "from" in words else words)
    return names


def template_owner(relative: PurePosixPath) -> str | None:
    """The app a template belongs to: the folder under ``templates/`` when it names an app in
    the layers (``complaints/detail.html`` is complaints'), or the app whose package holds the
    ``templates/`` folder. Project templates (``heard/``, ``registration/``) sit at the top."""
    ranks = layer_ranks()
    parts = relative.parts
    if parts[0] != "templates":
        return parts[0]
    return parts[1] if parts[1] in ranks else None


def breaches(
    templates: dict[PurePosixPath, str], owners: dict[str, str] | None = None
) -> list[str]:
    """Every ``{% load %}`` in ``templates`` (path under ``src/heard`` to source) of a library
    from an app that is not the template's own app or below it (siblings in a layer are
    independent, so they may not either). ``owners`` defaults to the installed libraries."""
    ranks = layer_ranks()
    owners = tag_library_owners() if owners is None else owners
    found: list[str] = []
    for template, source in templates.items():
        owner = template_owner(template)
        if owner is None:
            continue
        for library in loaded_libraries(source):
            library_app = owners.get(library)
            if library_app is None or library_app == owner:
                continue
            if ranks[library_app] >= ranks[owner]:
                found.append(
                    f"{template} loads {library!r} from {library_app}, which is not below {owner}"
                )
    return found


def all_templates() -> dict[PurePosixPath, str]:
    return {
        PurePosixPath(path.relative_to(PACKAGE).as_posix()): path.read_text()
        for path in sorted(PACKAGE.glob("**/templates/**/*.html"))
    }


def test_every_heard_app_has_a_place_in_the_layers() -> None:
    """An app left out of the contract would be checked by nothing."""
    ranks = layer_ranks()
    ours = [c.name.split(".")[1] for c in apps.get_app_configs() if c.name.startswith("heard.")]
    assert ours
    assert [name for name in ours if name not in ranks] == []


def test_no_template_loads_a_tag_library_from_a_higher_app() -> None:
    assert all_templates()
    assert breaches(all_templates()) == []


def test_the_template_check_catches_a_lower_app_loading_a_higher_apps_tags() -> None:
    """The check above is only worth having if it can fail: a complaints template that loads
    a tag library of ``roster`` (above ``complaints``) or of its sibling ``reporting`` is
    reported; one that loads its own, a lower app's or Django's libraries is not."""
    owners = {"rostered": "roster", "reported": "reporting", "casework": "complaints"}
    owners |= {"calendar_tags": "timescales", "roster_own": "roster"}
    planted = {
        PurePosixPath("templates/complaints/probe.html"): "{% load static rostered %}",
        PurePosixPath("templates/complaints/fine.html"): "{% load static casework calendar_tags %}",
        PurePosixPath("templates/roster/sibling.html"): "{% load reported roster_own %}",
        PurePosixPath("templates/heard/project.html"): "{% load rostered reported %}",
    }
    found = breaches(planted, owners)
    assert len(found) == 2, found
    assert "complaints/probe.html loads 'rostered' from roster" in found[0]
    assert "roster/sibling.html loads 'reported' from reporting" in found[1]


@pytest.mark.parametrize(
    ("source", "expected"),
    [
        ("{% load static %}", ["static"]),
        ("{% load static appointing %}", ["static", "appointing"]),
        ("{% load time_sheets from appointing %}", ["appointing"]),
        ("{%load case_sections%}", ["case_sections"]),
    ],
)
def test_loaded_libraries_reads_every_form_of_load(source: str, expected: list[str]) -> None:
    assert loaded_libraries(source) == expected


def run_lint_imports(src: Path) -> subprocess.CompletedProcess[str]:
    """``lint-imports`` with the contracts in ``pyproject.toml`` on the package in ``src``."""
    return subprocess.run(
        [str(Path(sys.executable).with_name("lint-imports")), "--no-cache"],
        cwd=ROOT,
        env={**os.environ, "PYTHONPATH": str(src)},
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


def test_import_linter_contracts_are_kept() -> None:
    """Runs ``lint-imports`` on this checkout's ``src``, as ``scripts/test`` does."""
    result = run_lint_imports(SRC)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "0 broken" in result.stdout


@pytest.mark.parametrize(
    ("module", "planted", "contract"),
    [
        ("complaints/steps/__init__.py", "from heard.ombudsman import steps", "one way"),
        ("decisions/views.py", "from heard.ombudsman import models", "one way"),
        ("roster/views.py", "from heard.complaints.views import cases", "complaints views"),
        ("roster/views.py", "from heard.reporting import views", "one way"),
        ("timescales/models.py", "from heard.audit import models", "one way"),
        ("views.py", "from heard.reporting import views", "Nothing imports reporting"),
    ],
)
def test_the_contracts_catch_a_planted_breach(
    tmp_path: Path, module: str, planted: str, contract: str
) -> None:
    """The contracts are only worth having if they can fail: a copy of the package with one
    import that breaks a layer is reported, naming the contract it breaks."""
    copy = tmp_path / "heard"
    shutil.copytree(PACKAGE, copy, ignore=shutil.ignore_patterns("__pycache__", "static"))
    target = copy / module
    target.write_text(target.read_text() + f"\n{planted}  # noqa\n")
    result = run_lint_imports(tmp_path)
    assert result.returncode != 0, result.stdout
    broken = result.stdout.split("Broken contracts")[1]
    assert contract in broken, result.stdout


def test_each_app_registers_its_own_steps_when_django_starts() -> None:
    """Every app's ``ready()`` fills the step registry, so ``complaints`` lists steps from the
    apps above it without importing them. A fresh interpreter, so no earlier test has filled
    the registry by importing a step module."""
    script = (
        "import django; django.setup()\n"
        "from heard.complaints.steps import STEPS\n"
        "print(' '.join(sorted({s.run.__module__.split('.')[1] for s in STEPS.values()})))\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", script],
        cwd=ROOT,
        env={**os.environ, "PYTHONPATH": str(SRC), "DJANGO_SETTINGS_MODULE": "heard.settings"},
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == ["complaints", "decisions", "investigations", "ombudsman"]
