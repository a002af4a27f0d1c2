"""Time spent and fees charged by the independent officers on a complaint.

Providers invoice the council monthly for their officers' time (see ``people.invoices``), so
each entry belongs to one appointment on one complaint. The officer records their own time;
the complaints team may record it for anyone. An entry is for a real day of work on the
appointment: not in the future and not before they were appointed (nor after they were stood
down), with a sensible number of hours. A fee left blank is worked out from the hourly rate
agreed on the roster.
"""

from __future__ import annotations

from datetime import date
from decimal import ROUND_HALF_UP, Decimal

from django.utils import timezone

from heard.complaints.models import Appointment, Complaint, TimeEntry
from heard.complaints.models.choices import PAID_ROLES
from heard.complaints.transitions import Refused, transition
from heard.people.models import IndependentOfficer, User
from heard.people.roles import is_complaints_staff
from heard.timescales.dates import long_date

MAX_HOURS = Decimal(24)
PENCE = Decimal("0.01")


def pounds(amount: Decimal) -> str:
    return f"£{amount:,.2f}"


def hourly_rate(appointment: Appointment) -> Decimal | None:
    try:
        return appointment.person.roster_entry.hourly_rate
    except IndependentOfficer.DoesNotExist:
        return None


def record_time(
    complaint: Complaint,
    *,
    by: User,
    appointment: Appointment,
    worked_on: date,
    hours: Decimal,
    fee: Decimal | None,
    description: str,
) -> TimeEntry:
    """Record a day's time and its fee on one appointment."""
    description = description.strip()
    if not description:
        raise Refused("Describe the work done.", field="description")
    if hours <= 0:
        raise Refused("The hours must be more than 0.", field="hours")
    if hours > MAX_HOURS:
        raise Refused("The hours must be 24 or fewer: record each day separately.", field="hours")
    if fee is not None and fee < 0:
        raise Refused("The fee cannot be less than £0.", field="fee")
    today = timezone.localdate()
    if worked_on > today:
        raise Refused("The date worked cannot be in the future.", field="worked_on")
    with transition(complaint, "record_time", by=by) as step:
        step.on = worked_on
        # Checked on the stored appointment, so a tampered form cannot reach another case.
        held = (
            Appointment.objects.select_related("person")
            .filter(pk=appointment.pk, complaint=step.complaint)
            .first()
        )
        if held is None:
            raise Refused("Choose an appointment on this complaint.", field="appointment")
        if not is_complaints_staff(by) and held.person_id != by.pk:
            raise Refused("You can record time only on your own appointment.", field="appointment")
        if held.role not in PAID_ROLES:
            raise Refused(
                f"Time and fees are recorded for independent officers, not for the "
                f"{held.get_role_display()}.",
                field="appointment",
            )
        if worked_on < held.appointed_on:
            raise Refused(
                f"{held.person} was appointed on {long_date(held.appointed_on)}: the date "
                "worked cannot be before that.",
                field="worked_on",
            )
        if held.ended_on is not None and worked_on > held.ended_on:
            raise Refused(
                f"{held.person} was stood down on {long_date(held.ended_on)}: the date worked "
                "cannot be after that.",
                field="worked_on",
            )
        if fee is None:
            rate = hourly_rate(held)
            if rate is None:
                raise Refused(
                    f"Enter the fee: there is no hourly rate for {held.person} on the roster.",
                    field="fee",
                )
            fee = hours * rate
        fee = fee.quantize(PENCE, rounding=ROUND_HALF_UP)
        entry = TimeEntry.objects.create(
            appointment=held,
            worked_on=worked_on,
            hours=hours,
            fee=fee,
            description=description,
            recorded_by=by,
        )
        step.summary = (
            f"{hours.normalize():f} hours on {long_date(worked_on)} recorded for {held.person} "
            f"({held.get_role_display()}): {pounds(fee)}"
        )
        step.details = {
            "appointment": held.pk,
            "worked_on": worked_on.isoformat(),
            "hours": str(hours),
            "fee": str(fee),
        }
    return entry
