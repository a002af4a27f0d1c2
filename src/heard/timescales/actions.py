"""Changes to the working-day calendar. Each one writes its CalendarChange in one transaction."""

from __future__ import annotations

from datetime import date

from django.contrib.auth.base_user import AbstractBaseUser
from django.db import transaction

from heard.timescales.models import BankHoliday, CalendarChange


@transaction.atomic
def add_bank_holiday(day: date, name: str, *, by: AbstractBaseUser | None) -> BankHoliday:
    """Add a one-off non-working day, such as a proclaimed bank holiday or a state funeral."""
    holiday = BankHoliday.objects.create(
        date=day, name=name, source=BankHoliday.Source.ADMINISTRATOR
    )
    CalendarChange.objects.create(action=CalendarChange.Action.ADDED, date=day, name=name, by=by)
    return holiday


@transaction.atomic
def change_bank_holiday(
    holiday: BankHoliday, *, day: date, name: str, by: AbstractBaseUser | None
) -> BankHoliday:
    """Move or rename a bank holiday, recording what it was."""
    before = BankHoliday.objects.select_for_update().get(pk=holiday.pk)
    details = f"Was {before.name} on {before.date.isoformat()}"
    holiday.date, holiday.name = day, name
    holiday.save(update_fields=["date", "name"])
    CalendarChange.objects.create(
        action=CalendarChange.Action.CHANGED, date=day, name=name, by=by, details=details
    )
    return holiday


@transaction.atomic
def remove_bank_holiday(holiday: BankHoliday, *, by: AbstractBaseUser | None) -> None:
    """Remove a day from the calendar (for example one added by mistake)."""
    CalendarChange.objects.create(
        action=CalendarChange.Action.REMOVED, date=holiday.date, name=holiday.name, by=by
    )
    holiday.delete()
