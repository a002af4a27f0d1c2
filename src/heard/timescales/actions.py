"""Changes to the working-day calendar. Each one writes its CalendarChange in one transaction,
and in that transaction every listener (``timescales.hooks``) recalculates the deadlines the
change touches."""

from __future__ import annotations

from datetime import date

from django.db import transaction

from heard.timescales.dates import long_date
from heard.timescales.hooks import CalendarEdit, calendar_changed
from heard.timescales.models import BankHoliday, CalendarChange
from heard.users import AnyUser, user_id


@transaction.atomic
def add_bank_holiday(day: date, name: str, *, by: AnyUser | None) -> BankHoliday:
    """Add a one-off non-working day, such as a proclaimed bank holiday or a state funeral."""
    holiday = BankHoliday.objects.create(
        date=day, name=name, source=BankHoliday.Source.ADMINISTRATOR
    )
    CalendarChange.objects.create(
        action=CalendarChange.Action.ADDED, date=day, name=name, by_id=user_id(by)
    )
    calendar_changed(
        CalendarEdit((day,), (), f"{name} ({long_date(day)}) added as a bank holiday", by)
    )
    return holiday


@transaction.atomic
def change_bank_holiday(
    holiday: BankHoliday, *, day: date, name: str, by: AnyUser | None
) -> BankHoliday:
    """Move or rename a bank holiday, recording what it was."""
    before = BankHoliday.objects.select_for_update().get(pk=holiday.pk)
    details = f"Was {before.name} on {before.date.isoformat()}"
    holiday.date, holiday.name = day, name
    holiday.save(update_fields=["date", "name"])
    CalendarChange.objects.create(
        action=CalendarChange.Action.CHANGED,
        date=day,
        name=name,
        by_id=user_id(by),
        details=details,
    )
    moved = day != before.date  # a rename alone moves no deadline
    calendar_changed(
        CalendarEdit(
            (day,) if moved else (),
            (before.date,) if moved else (),
            f"Bank holiday {before.name} ({long_date(before.date)}) changed to "
            f"{name} ({long_date(day)})",
            by,
        )
    )
    return holiday


@transaction.atomic
def remove_bank_holiday(holiday: BankHoliday, *, by: AnyUser | None) -> None:
    """Remove a day from the calendar (for example one added by mistake)."""
    CalendarChange.objects.create(
        action=CalendarChange.Action.REMOVED,
        date=holiday.date,
        name=holiday.name,
        by_id=user_id(by),
    )
    day, name = holiday.date, holiday.name
    holiday.delete()
    calendar_changed(
        CalendarEdit((), (day,), f"{name} ({long_date(day)}) removed from the bank holidays", by)
    )
