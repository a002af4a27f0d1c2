"""Which personal details of the family each person on a complaint may see (decision 027).

Seeing a complaint is decided in ``complaints.access``; this module decides how much of the
people in it is shown. The complaints team holds the whole record. Everyone else is shown what
their part of the procedure needs and no more (data minimisation, UK GDPR Article 5(1)(c)):

- the Stage 1 responder, the Investigating Officer and the Independent Person contact the
  complainant and work with the child's records, so they see contact details and the child's
  date of birth;
- the adjudicating officer decides on the report and signs the letter the complaints team
  sends, so they see the child's date of birth (the child's age can bear on what is
  reasonable) but not how to reach the complainant;
- the panel chair and members hear the complaint at a meeting the complaints team arranges,
  so they see neither the child's date of birth nor the complainant's or advocate's phone,
  email or address.

Names, relationships and whether a child is looked after or a care leaver are shown to all
who see the case: without them no one could follow the complaint.
"""

from __future__ import annotations

from dataclasses import dataclass

from heard.complaints.models import Complaint
from heard.complaints.models.choices import AppointmentRole
from heard.people.roles import AnyUser, is_complaints_staff


@dataclass(frozen=True)
class Disclosure:
    """What may be shown, each a yes or no, and a sentence for the page when something is
    held back, so a reader knows it exists and whom to ask."""

    child_date_of_birth: bool
    complainant_contact: bool  # the complainant's phone, email and address
    advocate_contact: bool

    @property
    def withheld(self) -> list[str]:
        """What is not shown, in words, for the page's note."""
        held = []
        if not self.child_date_of_birth:
            held.append("the child's date of birth")
        if not self.complainant_contact:
            held.append("the complainant's contact details")
        if not self.advocate_contact:
            held.append("the advocate's contact details")
        return held

    @property
    def note(self) -> str:
        """One sentence for the page, or nothing when everything is shown."""
        held = self.withheld
        if not held:
            return ""
        listed = held[0] if len(held) == 1 else ", ".join(held[:-1]) + " and " + held[-1]
        return (
            f"Your role does not need {listed}, so they are not shown. "
            "Ask the complaints team if you need them."
        )

    def __or__(self, other: Disclosure) -> Disclosure:
        """Someone in two roles sees what either role may see."""
        return Disclosure(
            self.child_date_of_birth or other.child_date_of_birth,
            self.complainant_contact or other.complainant_contact,
            self.advocate_contact or other.advocate_contact,
        )


EVERYTHING = Disclosure(child_date_of_birth=True, complainant_contact=True, advocate_contact=True)
NOTHING = Disclosure(child_date_of_birth=False, complainant_contact=False, advocate_contact=False)

# What each appointment shows. A role missing here shows nothing personal: a new role has to
# be given its place on purpose.
BY_ROLE: dict[str, Disclosure] = {
    AppointmentRole.STAGE1_RESPONDER: EVERYTHING,
    AppointmentRole.INVESTIGATING_OFFICER: EVERYTHING,
    AppointmentRole.INDEPENDENT_PERSON: EVERYTHING,
    AppointmentRole.ADJUDICATOR: Disclosure(
        child_date_of_birth=True, complainant_contact=False, advocate_contact=False
    ),
    AppointmentRole.PANEL_CHAIR: NOTHING,
    AppointmentRole.PANEL_MEMBER: NOTHING,
}


def disclosure_for(user: AnyUser, complaint: Complaint) -> Disclosure:
    """What ``user`` may see of the people in ``complaint``: everything for complaints staff,
    else what their current appointments to it need. Reads the complaint's appointments,
    which the case page prefetches, so it asks the database nothing more there."""
    if is_complaints_staff(user):
        return EVERYTHING
    shown = NOTHING
    for appointment in complaint.appointments.all():
        if appointment.person_id == user.pk and appointment.ended_on is None:
            shown = shown | BY_ROLE.get(appointment.role, NOTHING)
    return shown
