"""``heard tick``: everything that is due, run from cron or a systemd timer.

Each job processes everything due, so a missed run catches up on the next, and is idempotent,
so two overlapping runs do no harm. Today it keeps the bank holiday table complete (after an
upgrade of the maintained list); reminders and overdue checks join it as Heard grows.
"""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand
from django.db import transaction

from heard.timescales.bank_holidays import seed_bank_holidays
from heard.timescales.models import BankHoliday, CalendarChange


class Command(BaseCommand):
    help = "Run every scheduled job that is due (safe to run often; idempotent)."

    def handle(self, *args: Any, **options: Any) -> None:
        with transaction.atomic():
            holidays_added = seed_bank_holidays(BankHoliday, CalendarChange)
        self.stdout.write(f"tick: bank holidays added {holidays_added}")
