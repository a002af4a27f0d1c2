"""Time and fees as recorded: per appointment on a complaint, and per provider per month.

Providers invoice the council each month for their officers' time, so the complaints team
needs the same figures the provider will bill: every entry for the provider's officers whose
date worked falls in the month, with the totals. Entries are recorded through
``complaints.actions.time``; nothing here changes them.
"""

from __future__ import annotations

import csv
import re
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import Any, Protocol

from dateutil.relativedelta import relativedelta

from heard.complaints.models import Appointment, TimeEntry
from heard.people.models import IndependentOfficer
from heard.people.roles import is_complaints_staff

MONTH = re.compile(r"([0-9]{4})-([0-9]{1,2})")  # ASCII digits only: \d takes any script's


@dataclass(frozen=True)
class TimeSheet:
    """The time recorded on one appointment."""

    appointment: Appointment
    entries: list[TimeEntry]

    @property
    def hours(self) -> Decimal:
        return sum((e.hours for e in self.entries), Decimal(0))

    @property
    def fee(self) -> Decimal:
        return sum((e.fee for e in self.entries), Decimal(0))


# What the section reads beyond the case page's own appointments (registered with it).
TIME_PREFETCH = "appointments__time_entries"


def time_on_complaint(complaint: Any, user: Any) -> list[TimeSheet]:
    """The case page's time and fees: all of it for the complaints team, otherwise only the
    person's own (one officer's fees are not another's business). Read from the complaint's
    appointments and their time entries, which the case page prefetches (``TIME_PREFETCH``)."""
    staff = is_complaints_staff(user)
    appointments = sorted(complaint.appointments.all(), key=lambda a: (a.appointed_on, a.pk))
    sheets = []
    for appointment in appointments:
        if not staff and appointment.person_id != user.pk:
            continue
        entries = sorted(appointment.time_entries.all(), key=lambda e: (e.worked_on, e.pk))
        if entries:
            sheets.append(TimeSheet(appointment, entries))
    return sheets


def time_section(complaint: Any, user: Any, today: date) -> list[TimeSheet] | None:
    """The case page's "Time and fees" section (registered in ``RosterConfig.ready()``), or
    ``None`` when this person can see no time on the complaint."""
    return time_on_complaint(complaint, user) or None


# -- the monthly export per provider --------------------------------------------------------


def parse_month(text: str) -> date | None:
    """``2026-11`` as the first day of that month, or None if it is not a month."""
    found = MONTH.fullmatch(text.strip())
    if not found:
        return None
    year, month = int(found.group(1)), int(found.group(2))
    if not (1 <= month <= 12 and 2000 <= year <= 2100):
        return None
    return date(year, month, 1)


def providers() -> list[str]:
    """Every provider with someone on the roster, by name."""
    names = (
        IndependentOfficer.objects.exclude(person__organisation="")
        .values_list("person__organisation", flat=True)
        .distinct()
    )
    return sorted(set(names), key=str.casefold)


@dataclass(frozen=True)
class InvoiceLine:
    provider: str
    officer: str
    reference: str
    role: str
    worked_on: date
    hours: Decimal
    fee: Decimal
    description: str
    complaint_id: int


@dataclass(frozen=True)
class Invoice:
    """One provider's time and fees for one month, officer by officer, day by day."""

    provider: str
    month: date
    lines: list[InvoiceLine]

    @property
    def hours(self) -> Decimal:
        return sum((line.hours for line in self.lines), Decimal(0))

    @property
    def fee(self) -> Decimal:
        return sum((line.fee for line in self.lines), Decimal(0))

    @property
    def complaint_ids(self) -> list[int]:
        return sorted({line.complaint_id for line in self.lines})

    @property
    def month_text(self) -> str:
        return f"{self.month:%B %Y}"

    @property
    def filename(self) -> str:
        slug = re.sub(r"[^a-z0-9]+", "-", self.provider.lower()).strip("-") or "provider"
        return f"time-and-fees-{slug}-{self.month:%Y-%m}.csv"


def invoice(provider: str, month: date) -> Invoice:
    """Every entry by the provider's officers with a date worked in ``month``. One query."""
    entries = (
        TimeEntry.objects.filter(
            appointment__person__organisation=provider,
            worked_on__gte=month,
            worked_on__lt=month + relativedelta(months=1),
        )
        .select_related("appointment__person", "appointment__complaint")
        .order_by(
            "appointment__person__last_name",
            "appointment__person__first_name",
            "appointment__person_id",
            "worked_on",
            "id",
        )
    )
    lines = [
        InvoiceLine(
            provider=provider,
            officer=str(e.appointment.person),
            reference=e.appointment.complaint.reference,
            role=e.appointment.get_role_display(),
            worked_on=e.worked_on,
            hours=e.hours,
            fee=e.fee,
            description=e.description,
            complaint_id=e.appointment.complaint_id,
        )
        for e in entries
    ]
    return Invoice(provider=provider, month=month, lines=lines)


class Writable(Protocol):
    def write(self, text: str, /) -> Any: ...


CSV_HEADER = [
    "Provider",
    "Officer",
    "Complaint reference",
    "Role",
    "Date",
    "Hours",
    "Fee",
    "Description",
]


def safe_cell(text: str) -> str:
    """Text typed by a person, made safe to open in a spreadsheet: a cell starting with =, +,
    - or @ would be run as a formula, so it gets a leading apostrophe."""
    return f"'{text}" if text[:1] in {"=", "+", "-", "@", "\t", "\r"} else text


def write_csv(found: Invoice, out: Writable) -> None:
    """The invoice as CSV: a header, one row per entry, and a total row."""
    writer = csv.writer(out)
    writer.writerow(CSV_HEADER)
    for line in found.lines:
        writer.writerow(
            [
                safe_cell(line.provider),
                safe_cell(line.officer),
                line.reference,
                line.role,
                line.worked_on.isoformat(),
                f"{line.hours:.2f}",
                f"{line.fee:.2f}",
                safe_cell(line.description),
            ]
        )
    writer.writerow(["Total", "", "", "", "", f"{found.hours:.2f}", f"{found.fee:.2f}", ""])
