"""``heard tick``: everything that is due, run from cron or a systemd timer.

Each job processes everything due, so a missed run catches up on the next, and is idempotent,
so two overlapping runs do no harm. Today it keeps the bank holiday table complete (after an
upgrade of the maintained list), moving the deadlines any new holiday touches as an
administrator's change would; works out the due date of any complaint that has never had it
(decision 018); and reports how many agreed actions are overdue (rule 38:
they escalate to the Complaints Manager, who also sees the count on the home page); it drafts
a delay letter, once per due date, for a Stage 1 or Stage 2 response due within five working
days or already late (rule 42, ``documents.delays``); reminders join it as Heard grows.
"""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand
from django.db import transaction
from django.utils import timezone

from heard.complaints.deadlines import refresh_unset
from heard.decisions.tracking import action_counts
from heard.documents.delays import draft_delay_letters
from heard.timescales.bank_holidays import seed_bank_holidays
from heard.timescales.hooks import CalendarEdit, calendar_changed
from heard.timescales.models import BankHoliday, CalendarChange


class Command(BaseCommand):
    help = "Run every scheduled job that is due (safe to run often; idempotent)."

    def handle(self, *args: Any, **options: Any) -> None:
        counts = action_counts(timezone.localdate())
        self.stdout.write(
            f"tick: agreed actions overdue {counts['overdue']}, "
            f"awaiting sign-off {counts['awaiting_sign_off']}"
        )
        self.stdout.write(f"tick: due dates worked out {refresh_unset()}")
        with transaction.atomic():
            last = CalendarChange.objects.order_by("-id").values_list("id", flat=True).first()
            holidays_added = seed_bank_holidays(BankHoliday, CalendarChange)
            if holidays_added:
                added = CalendarChange.objects.filter(id__gt=last or 0, action="added")
                days = tuple(added.values_list("date", flat=True))
                what = f"{holidays_added} bank holiday(s) added from the maintained list"
                calendar_changed(CalendarEdit(days, (), what, None))
        # After the calendar, so a due date a new holiday moved is judged where it now falls.
        delays = draft_delay_letters(timezone.localdate())
        self.stdout.write(f"tick: delay letters drafted {delays}")
        self.stdout.write(f"tick: bank holidays added {holidays_added}")
