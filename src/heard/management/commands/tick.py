"""``heard tick``: everything that is due, run from cron or a systemd timer.

Each job processes everything due, so a missed run catches up on the next, and is idempotent,
so two overlapping runs do no harm. Today it keeps the bank holiday table complete (after an
upgrade of the maintained list) and reports how many agreed actions are overdue (rule 38:
they escalate to the Complaints Manager, who also sees the count on the home page); reminders
join it as Heard grows.
"""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand
from django.db import transaction
from django.utils import timezone

from heard.decisions.tracking import action_counts
from heard.timescales.bank_holidays import seed_bank_holidays
from heard.timescales.models import BankHoliday, CalendarChange


class Command(BaseCommand):
    help = "Run every scheduled job that is due (safe to run often; idempotent)."

    def handle(self, *args: Any, **options: Any) -> None:
        counts = action_counts(timezone.localdate())
        self.stdout.write(
            f"tick: agreed actions overdue {counts['overdue']}, "
            f"awaiting sign-off {counts['awaiting_sign_off']}"
        )
        with transaction.atomic():
            holidays_added = seed_bank_holidays(BankHoliday, CalendarChange)
        self.stdout.write(f"tick: bank holidays added {holidays_added}")
