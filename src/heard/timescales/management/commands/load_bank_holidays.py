"""``heard load_bank_holidays``: add any bank holidays the maintained list has and we lack."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandParser
from django.db import transaction

from heard.timescales.bank_holidays import FIRST_YEAR, LAST_YEAR, seed_bank_holidays
from heard.timescales.models import BankHoliday, CalendarChange


class Command(BaseCommand):
    help = "Add bank holidays from the holidays package that the table lacks (idempotent)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--first-year", type=int, default=FIRST_YEAR)
        parser.add_argument("--last-year", type=int, default=LAST_YEAR)

    def handle(self, *args: Any, **options: Any) -> None:
        with transaction.atomic():
            added = seed_bank_holidays(
                BankHoliday, CalendarChange, options["first_year"], options["last_year"]
            )
        self.stdout.write(f"load_bank_holidays: {added} added")
