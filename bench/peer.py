"""Heard beside a peer system in one run: ``python bench/case_pages.py --peer DIR``.

The peer is django-helpdesk, benchmarked by the scripts in ``../shared/peers/django-helpdesk``
(its README says how): a Django helpdesk a council might try instead, seeded with the same
number of tickets as Heard has complaints, on SQLite, served by gunicorn with 2 sync workers and
timed over HTTP by one sequential client, as ``case_pages.py`` times Heard. Running both in one
command, one after the other on the same machine, is what makes the ratios worth reading: the
machine is shared, and figures from different days are not comparable.

Each of Heard's pages is set against the peer page that does the same job for the person using
it. The peer's ticket list loads its rows in a second (AJAX) request, so its time is the HTML
plus that JSON, as a browser would wait for both.
"""

from __future__ import annotations

import json
import os
import subprocess
from dataclasses import dataclass
from pathlib import Path
from typing import Any

# Where the peer's own scripts put their venv, site, database and results.
PEER_ROOT = Path(os.environ.get("PEER_ROOT", "/tmp/peer-helpdesk"))  # noqa: S108

# (Heard's page, the peer's page, how many times faster Heard must be: issue 9's targets)
PAIRS: list[tuple[str, str, float]] = [
    ("case list, first page", "ticket list, default: HTML + JSON", 5.0),
    ("case list, overdue", "ticket list, 1 queue + open, by due date: HTML + JSON", 5.0),
    ("case page, full Stage 2", "ticket page", 2.0),
    ("dashboard", "dashboard", 20.0),
]


@dataclass(frozen=True)
class PeerRun:
    """The peer's medians by page name, and what it ran on."""

    medians: dict[str, float]
    tickets: int
    raw: dict[str, Any]


def run_peer(peer_dir: Path, count: int) -> PeerRun:
    """Set the peer up and seed it with ``count`` tickets unless that is done already, then
    run its benchmark (without the slow timeline tab, which Heard has no counterpart for)."""
    python = PEER_ROOT / "venv" / "bin" / "python"
    if not (PEER_ROOT / "db.sqlite3").exists() or not python.exists():
        subprocess.run(["bash", "setup.sh"], cwd=peer_dir, check=True)
        subprocess.run([str(python), "seed.py", str(count)], cwd=peer_dir, check=True)
    env = {**os.environ, "TIMELINE_RUNS": "0"}
    subprocess.run(["bash", "bench.sh"], cwd=peer_dir, env=env, check=True)
    newest = max((PEER_ROOT / "results").glob("http-*.json"), key=lambda p: p.stat().st_mtime)
    raw = json.loads(newest.read_text())
    medians = {row["page"]: float(row["median_ms"]) for row in raw["rows"]}
    return PeerRun(medians=medians, tickets=int(raw["tickets"]), raw=raw)


def comparison(heard: dict[str, float], peer: PeerRun) -> list[tuple[str, str, str, str, str]]:
    """Rows of (Heard's page, its median, the peer's page, its median, times faster and
    whether the target is met)."""
    rows = []
    for ours, theirs, target in PAIRS:
        mine, other = heard.get(ours), peer.medians.get(theirs)
        if mine is None or other is None:
            rows.append((ours, "-", theirs, "-", "not measured"))
            continue
        ratio = other / mine
        verdict = "OK" if ratio >= target else "MISSED"
        rows.append(
            (
                ours,
                f"{mine:.1f}",
                theirs,
                f"{other:.1f}",
                f"{ratio:.1f}x (>= {target:.0f}x) {verdict}",
            )
        )
    return rows


def print_comparison(heard: dict[str, float], peer: PeerRun, complaints: int) -> bool:
    """Print the side-by-side table (markdown, for bench/README.md); True if every target
    that could be measured was met."""
    rows = comparison(heard, peer)
    print(
        f"\nHeard (SQLite, {complaints:,} complaints) beside django-helpdesk (SQLite, "
        f"{peer.tickets:,} tickets), medians in ms from this run:\n"
    )
    print("| Heard page | Heard ms | django-helpdesk page | its ms | Heard is faster by |")
    print("|---|---:|---|---:|---|")
    for row in rows:
        print("| " + " | ".join(row) + " |")
    return all("MISSED" not in row[4] for row in rows)
