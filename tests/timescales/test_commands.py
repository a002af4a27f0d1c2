"""The command line, run for real: the installed ``heard`` script against a migrated database.

pytest-django's test database is invisible to another process, so these tests point
HEARD_DATA_DIR at a temporary directory holding a copy of the database ``heard migrate``
migrated once for the run (tests/conftest.py's ``migrated_data_dir``).
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from tests.shared import copy_migrated

HEARD = Path(sys.executable).parent / "heard"


class Heard:
    def __init__(self, data_dir: Path) -> None:
        self.env = {k: v for k, v in os.environ.items() if k != "DATABASE_URL"}
        self.env["HEARD_DATA_DIR"] = str(data_dir)

    def __call__(self, *args: str, stdin: str = "") -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            [str(HEARD), *args],
            input=stdin,
            capture_output=True,
            text=True,
            env=self.env,
            timeout=120,
            check=False,
        )


@pytest.fixture(scope="module")
def heard(tmp_path_factory: pytest.TempPathFactory, migrated_data_dir: Path) -> Heard:
    assert HEARD.exists(), f"the console script is not installed at {HEARD}"
    return Heard(copy_migrated(migrated_data_dir, tmp_path_factory.mktemp("heard") / "data"))


def test_deadline(heard: Heard) -> None:
    result = heard("deadline", "2026-12-18", "25")
    assert (result.stdout, result.stderr, result.returncode) == ("2027-01-27\n", "", 0)


def test_workingdays(heard: Heard) -> None:
    result = heard("workingdays", "2026-12-18", "2027-01-27")
    assert (result.stdout, result.stderr, result.returncode) == ("25\n", "", 0)


# domain.md section 9, "Worked examples for unit tests", plus n = 0 and a negative count.
WORKED = [
    ("2025-12-19 10", "2026-01-07"),
    ("2025-12-19 20", "2026-01-21"),
    ("2025-12-19 25", "2026-01-28"),
    ("2025-12-19 65", "2026-03-25"),
    ("2026-03-30 30", "2026-05-14"),
    ("2026-12-23 5", "2027-01-04"),
    ("2026-12-18 15", "2027-01-13"),
    ("2025-09-26 65", "2025-12-30"),
    ("2026-12-25 0", "2026-12-25"),
    ("2027-01-27 -25", "2026-12-18"),
]


def test_deadline_reads_lines_from_stdin(heard: Heard) -> None:
    stdin = "".join(f"{line}\n" for line, _ in WORKED)
    result = heard("deadline", "-", stdin=stdin)
    assert result.stderr == ""
    assert result.returncode == 0
    assert result.stdout.splitlines() == [expected for _, expected in WORKED]


@pytest.mark.parametrize(
    ("args", "stdin", "named"),
    [
        pytest.param(("deadline", "18/12/2026", "25"), "", "18/12/2026", id="not-a-date"),
        pytest.param(("deadline", "2026-02-30", "25"), "", "2026-02-30", id="no-such-day"),
        pytest.param(("deadline", "2026-12-18", "ten"), "", "ten", id="not-an-integer"),
        pytest.param(("deadline", "2099-01-01", "5"), "", "2099-01-01", id="outside-calendar"),
        pytest.param(("deadline", "2035-12-20", "30"), "", "2035-12-20", id="result-beyond"),
        pytest.param(
            ("workingdays", "2026-12-18", "2099-01-01"), "", "2099-01-01", id="wd-outside"
        ),
        pytest.param(
            ("deadline", "-"), "2026-12-18 25\n2026-12-23 5\nnot-a-date 5\n", "not-a-date",
            id="stdin-line-3-not-a-date",
        ),
        pytest.param(
            ("deadline", "-"), "2026-12-18 25\n2026-12-23 5\n2026-12-18 5.5\n", "5.5",
            id="stdin-line-3-not-an-integer",
        ),
        pytest.param(
            ("deadline", "-"), "2026-12-18 25\n2026-12-23 5\n2099-01-01 5\n", "2099-01-01",
            id="stdin-line-3-outside",
        ),
        # A blank line 2 and a repeated start date: line 3 is still the one named.
        pytest.param(
            ("deadline", "-"), "2035-12-20 1\n\n2035-12-20 30\n2026-12-18 25\n", "2035-12-20",
            id="stdin-line-3-result-beyond",
        ),
    ],
)  # fmt: skip
def test_bad_input_gives_one_line_and_status_2(
    heard: Heard, args: tuple[str, ...], stdin: str, named: str
) -> None:
    result = heard(*args, stdin=stdin)
    assert result.returncode == 2
    assert result.stdout == ""
    lines = result.stderr.splitlines()
    assert len(lines) == 1, result.stderr
    assert named in lines[0]
    if args[-1] == "-":
        assert "line 3" in lines[0]
