"""``heard deadline DATE N``: the N-th working day after DATE; ``heard deadline -`` reads lines."""

from __future__ import annotations

import sys
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from heard.timescales.calendar import OutsideCalendar
from heard.timescales.cli_input import BadInput, parse_date, parse_days
from heard.timescales.snapshot import current_calendar


class Command(BaseCommand):
    help = (
        "Print the date N working days after DATE (DATE itself is not counted). "
        "With '-', read lines 'DATE N' from standard input and print one date per line."
    )
    # A calculator for scripts: its output is the answer and nothing else, so system-check
    # warnings (e.g. a missing static directory) must not be printed around it.
    requires_system_checks: list[str] = []

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("date", help="a date, YYYY-MM-DD, or - to read standard input")
        parser.add_argument("days", nargs="?", help="working days to add (may be 0 or negative)")

    def handle(self, *args: Any, **options: Any) -> None:
        calendar = current_calendar()
        if options["date"] == "-":
            if options["days"] is not None:
                raise CommandError(
                    "with '-', give no day count: each line has its own", returncode=2
                )
            self._batch(calendar)
            return
        if options["days"] is None:
            raise CommandError("give a date and a number of working days", returncode=2)
        try:
            start, n = parse_date(options["date"]), parse_days(options["days"])
            self.stdout.write(calendar.add_working_days(start, n).isoformat())
        except (BadInput, OutsideCalendar) as exc:
            raise CommandError(str(exc), returncode=2) from None

    def _batch(self, calendar: Any) -> None:
        """Parse every line first, so bad input stops the run before anything is printed."""
        starts, counts, numbers = [], [], []
        for number, line in enumerate(sys.stdin, start=1):
            if not line.strip():
                continue
            parts = line.split()
            try:
                if len(parts) != 2:
                    raise BadInput(f"{line.strip()!r} is not 'DATE N'")
                start, n = parse_date(parts[0]), parse_days(parts[1])
                if not calendar.covers(start):
                    calendar.add_working_days(start, 0)  # raises OutsideCalendar
            except (BadInput, OutsideCalendar) as exc:
                raise CommandError(f"line {number}: {exc}", returncode=2) from None
            starts.append(start)
            counts.append(n)
            numbers.append(number)
        try:
            results = calendar.add_working_days_many(starts, counts)
        except OutsideCalendar:
            # Find the first line whose result is beyond the calendar: blank lines are
            # skipped and a start date may repeat, so the line is not starts.index(start) + 1.
            for number, start, n in zip(numbers, starts, counts, strict=True):
                try:
                    calendar.add_working_days(start, n)
                except OutsideCalendar as exc:
                    raise CommandError(f"line {number}: {exc}", returncode=2) from None
            raise
        if len(results):
            self.stdout.write("\n".join(str(d) for d in results))
