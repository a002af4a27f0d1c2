"""Benchmark of the working-day calendar: ``python bench/working_days.py``.

Builds the calendar from the package's England-and-Wales list (no database), then times

* the batch path, ``Calendar.add_working_days_many`` (plain Python since numpy was dropped),
  on one million (start, n) pairs
  (target: at most 1 second, best of 3);
* a single ``Calendar.add_working_days`` call (target: at most 5 microseconds per call,
  best of 3 runs of 200,000 calls, loop overhead included);
* the same million pairs through a naive loop that steps one day at a time, to show the
  speed-up, and to check that every batch result agrees with it.

Exits 1 if a target is missed or any result disagrees. Not part of the pytest suite.
"""

from __future__ import annotations

import random
import sys
import time
import timeit
from collections.abc import Callable
from datetime import date, timedelta

from heard.timescales.bank_holidays import england_and_wales_bank_holidays
from heard.timescales.calendar import Calendar

PAIRS = 1_000_000
SINGLE_CALLS = 200_000
SEED = 20261218
BATCH_TARGET_SECONDS = 1.0
SINGLE_TARGET_SECONDS = 5e-6


def make_pairs(count: int, seed: int) -> tuple[list[date], list[int]]:
    """Starts uniform over 2012-01-01..2032-12-31, n uniform over 0..65, fixed seed."""
    rng = random.Random(seed)
    first = date(2012, 1, 1)
    days = (date(2032, 12, 31) - first).days
    starts = [first + timedelta(days=rng.randint(0, days)) for _ in range(count)]
    ns = [rng.randint(0, 65) for _ in range(count)]
    return starts, ns


def naive_add(start: date, n: int, closed: set[date]) -> date:
    """The textbook loop: one day at a time, checking the weekday and a holiday set."""
    day = start
    while n > 0:
        day += timedelta(days=1)
        if day.weekday() < 5 and day not in closed:
            n -= 1
    return day


def best_of(runs: int, work: Callable[[], object]) -> tuple[float, object]:
    best, result = float("inf"), None
    for _ in range(runs):
        began = time.perf_counter()
        result = work()
        best = min(best, time.perf_counter() - began)
    return best, result


def seconds(value: float) -> str:
    if value >= 1:
        return f"{value:.3f} s"
    if value >= 1e-3:
        return f"{value * 1e3:.1f} ms"
    if value >= 1e-6:
        return f"{value * 1e6:.2f} µs"
    return f"{value * 1e9:.0f} ns"


def main() -> int:
    began = time.perf_counter()
    calendar = Calendar.build(england_and_wales_bank_holidays(2010, 2035), 2010, 2035)
    build = time.perf_counter() - began
    starts, ns = make_pairs(PAIRS, SEED)
    print(
        f"Calendar 2010-2035 built in {seconds(build)} ({len(calendar.holidays)} closed weekdays)"
    )
    print(f"{PAIRS:,} pairs, seed {SEED}: starts 2012-01-01..2032-12-31, n 0..65\n")

    # Batch path.
    batch_time, batch = best_of(3, lambda: calendar.add_working_days_many(starts, ns))
    assert isinstance(batch, list)

    # Single call, over the first SINGLE_CALLS pairs as Python objects.
    single_pairs = list(zip(starts[:SINGLE_CALLS], ns[:SINGLE_CALLS], strict=True))
    add = calendar.add_working_days

    def singles() -> None:
        for start, n in single_pairs:
            add(start, n)

    single_total = min(timeit.repeat(singles, number=1, repeat=3))
    single_time = single_total / SINGLE_CALLS

    # Naive day-by-day loop over the same million (once: it is slow).
    closed = set(calendar.holidays)
    all_pairs = list(zip(starts, ns, strict=True))
    naive_began = time.perf_counter()
    naive = [naive_add(start, n, closed) for start, n in all_pairs]
    naive_time = time.perf_counter() - naive_began

    # Agreement: every batch result against the naive loop, and a sample against single calls.
    disagree = sum(a != b for a, b in zip(naive, batch, strict=True))
    sample = random.Random(SEED + 1).sample(range(PAIRS), 10_000)
    single_disagree = sum(add(all_pairs[i][0], all_pairs[i][1]) != batch[i] for i in sample)

    batch_ok = batch_time <= BATCH_TARGET_SECONDS
    single_ok = single_time <= SINGLE_TARGET_SECONDS
    rows = [
        ("batch add_working_days_many", PAIRS, batch_time, batch_time / PAIRS,
         f"<= {seconds(BATCH_TARGET_SECONDS)}", "OK" if batch_ok else "MISSED"),
        ("single add_working_days", SINGLE_CALLS, single_total, single_time,
         f"<= {seconds(SINGLE_TARGET_SECONDS)}/call", "OK" if single_ok else "MISSED"),
        ("naive day-by-day loop", PAIRS, naive_time, naive_time / PAIRS, "-", "-"),
    ]  # fmt: skip
    header = ("path", "pairs", "seconds", "per pair", "target", "result")
    widths = [30, 10, 10, 10, 16, 6]
    print("  ".join(h.ljust(w) for h, w in zip(header, widths, strict=True)))
    print("  ".join("-" * w for w in widths))
    for path, pairs, total, per, target, result in rows:
        cells = (path, f"{pairs:,}", f"{total:.3f}", seconds(per), target, result)
        print("  ".join(c.ljust(w) for c, w in zip(cells, widths, strict=True)))
    print()
    print(f"Batch speed-up over the naive loop: {naive_time / batch_time:,.0f}x")
    print(f"Single call speed-up over the naive loop: {(naive_time / PAIRS) / single_time:,.1f}x")
    print(f"Batch vs naive: {disagree} of {PAIRS:,} results differ")
    print(f"Batch vs single: {single_disagree} of {len(sample):,} sampled results differ")

    failures = []
    if not batch_ok:
        failures.append("batch path slower than its target")
    if not single_ok:
        failures.append("single call slower than its target")
    if disagree or single_disagree:
        failures.append("results disagree")
    for failure in failures:
        print(f"FAILED: {failure}", file=sys.stderr)
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
