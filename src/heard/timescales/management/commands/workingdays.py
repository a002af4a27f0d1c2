"""``heard workingdays A B``: working days after A up to and including B."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from heard.timescales.calendar import OutsideCalendar
from heard.timescales.cli_input import BadInput, parse_date
from heard.timescales.snapshot import current_calendar


class Command(BaseCommand):
    help = "Print how many working days come after FROM up to and including TO."
    # A calculator for scripts: its output is the answer and nothing else, so system-check
    # warnings (e.g. a missing static directory) must not be printed around it.
    requires_system_checks: list[str] = []

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("start", metavar="FROM", help="YYYY-MM-DD (not counted)")
        parser.add_argument("end", metavar="TO", help="YYYY-MM-DD (counted)")

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            start, end = parse_date(options["start"]), parse_date(options["end"])
            self.stdout.write(str(current_calendar().working_days_between(start, end)))
        except (BadInput, OutsideCalendar) as exc:
            raise CommandError(str(exc), returncode=2) from None
