"""The statutory vocabulary, as choices. Names follow docs/domain.md."""

from __future__ import annotations

from django.db import models


class Channel(models.TextChoices):
    PHONE = "phone", "Phone"
    LETTER = "letter", "Letter"
    EMAIL = "email", "Email"
    IN_PERSON = "in_person", "In person"
    ONLINE = "online", "Online form"
    ADVOCATE = "advocate", "Through an advocate"


# How a complaint came in, as the end of "Received on 3 May 2026 ...": the choice labels read
# well in a select but not after a date ("by through an advocate", "by in person").
RECEIVED_HOW: dict[str, str] = {
    Channel.PHONE: "by phone",
    Channel.LETTER: "by letter",
    Channel.EMAIL: "by email",
    Channel.IN_PERSON: "in person",
    Channel.ONLINE: "through the online form",
    Channel.ADVOCATE: "through an advocate",
}


class Route(models.TextChoices):
    STATUTORY = "statutory_children_act", "Statutory (Children Act 1989)"
    CORPORATE = "corporate", "Corporate complaints procedure"
    OTHER = "other_procedure", "Another procedure (for example safeguarding or court)"


class SpecifiedFunction(models.TextChoices):
    PART_3 = "part3", "Part 3 Children Act 1989 (including section 17 and looked-after children)"
    PART_4_5 = "part4_5", "A listed Part 4 or Part 5 function"
    ADOPTION = "adoption", "Adoption support or adoption functions"
    SGO = "sgo_support", "Special guardianship support"


class Relationship(models.TextChoices):
    """Who may complain (domain.md 1.2). The last needs a 'sufficient interest' decision."""

    CHILD = "child", "The child or young person (looked after or in need)"
    PARENT = "parent", "Parent"
    PARENTAL_RESPONSIBILITY = "parental_responsibility", "Other person with parental responsibility"
    FOSTER_CARER = "foster_carer", "Foster carer"
    CARE_LEAVER = "care_leaver", "Care leaver"
    SPECIAL_GUARDIAN = "special_guardian", "Special guardian (or applicant for support)"
    ADOPTION = "adoption", "Adoption: adopted person, adopter, birth parent or former guardian"
    OTHER = "other", "Someone else with an interest in the child's welfare"


# Complainants entitled in their own right: never blocked for lack of the child's consent
# (domain.md rule 4, Decisions for Heard 10).
ENTITLED_IN_OWN_RIGHT = frozenset(
    {
        Relationship.CHILD,
        Relationship.PARENT,
        Relationship.PARENTAL_RESPONSIBILITY,
        Relationship.FOSTER_CARER,
        Relationship.CARE_LEAVER,
        Relationship.SPECIAL_GUARDIAN,
        Relationship.ADOPTION,
    }
)


class Format(models.TextChoices):
    STANDARD = "standard", "Standard print"
    LARGE_PRINT = "large_print", "Large print"
    BRAILLE = "braille", "Braille"
    AUDIO = "audio", "Audio"
    EASY_READ = "easy_read", "Easy read"


class Proceedings(models.TextChoices):
    COURT = "court", "Court proceedings"
    TRIBUNAL = "tribunal", "Tribunal"
    CRIMINAL = "criminal", "Police or criminal investigation"
    DISCIPLINARY = "disciplinary", "Disciplinary proceedings"


class AppointmentRole(models.TextChoices):
    STAGE1_RESPONDER = "stage1_responder", "Stage 1 responder"
    INVESTIGATING_OFFICER = "investigating_officer", "Investigating Officer"
    INDEPENDENT_PERSON = "independent_person", "Independent Person"
    ADJUDICATOR = "adjudicator", "Adjudicating officer"
    PANEL_MEMBER = "panel_member", "Stage 3 panel member"
    PANEL_CHAIR = "panel_chair", "Stage 3 panel chair"


# Roles that must be independent of the council (reg 2; Decisions for Heard 9) and come from
# the roster of independent officers.
INDEPENDENT_ROLES = frozenset(
    {
        AppointmentRole.INDEPENDENT_PERSON,
        AppointmentRole.PANEL_MEMBER,
        AppointmentRole.PANEL_CHAIR,
    }
)
PANEL_ROLES = frozenset({AppointmentRole.PANEL_MEMBER, AppointmentRole.PANEL_CHAIR})

# The roles that are paid for their time: the ones a council commissions from a provider.
PAID_ROLES = frozenset(
    {
        AppointmentRole.INVESTIGATING_OFFICER,
        AppointmentRole.INDEPENDENT_PERSON,
        AppointmentRole.PANEL_MEMBER,
        AppointmentRole.PANEL_CHAIR,
    }
)


class Stage(models.IntegerChoices):
    ONE = 1, "Stage 1"
    TWO = 2, "Stage 2"
    THREE = 3, "Stage 3"


class Status(models.TextChoices):
    """Where a complaint is within its stage. The workflow table says what may happen next."""

    INTAKE = "intake", "Being recorded"
    STAGE1_OPEN = "stage1_open", "Stage 1 open"
    STAGE1_RESPONDED = "stage1_responded", "Stage 1 responded"
    STAGE2_REQUESTED = "stage2_requested", "Stage 2 requested"
    STAGE2_SETUP = "stage2_setup", "Stage 2 accepted: appointing investigators"
    STAGE2_INVESTIGATION = "stage2_investigation", "Stage 2 investigation"
    STAGE2_ADJUDICATION = "stage2_adjudication", "Stage 2 adjudication"
    STAGE2_COMPLETE = "stage2_complete", "Stage 2 complete"
    STAGE2_REFUSED = "stage2_refused", "Stage 2 refused"
    STAGE3_REQUESTED = "stage3_requested", "Stage 3 requested"
    STAGE3_PANEL = "stage3_panel", "Stage 3 accepted: convening the panel"
    STAGE3_REPORT = "stage3_report", "Stage 3 panel met: report due"
    STAGE3_RESPONSE = "stage3_response", "Stage 3 report received: council response due"
    STAGE3_COMPLETE = "stage3_complete", "Stage 3 complete"
    STAGE3_REFUSED = "stage3_refused", "Stage 3 refused"
    CLOSED = "closed", "Closed"
    CLOSED_NON_ENGAGEMENT = "closed_non_engagement", "Closed: complainant did not engage"
    HANDLED_ELSEWHERE = "handled_elsewhere", "Handled under another procedure"
    REFUSED_OUT_OF_TIME = "refused_out_of_time", "Refused: made more than 12 months later"


# Where the procedure has ended (for now: Stage 2 complete may still go on to Stage 3, and a
# non-engagement closure may be reopened). The case list's "open" filter and
# ``Complaint.is_open`` both read this.
ENDED_STATUSES = frozenset(
    {
        Status.CLOSED,
        Status.CLOSED_NON_ENGAGEMENT,
        Status.HANDLED_ELSEWHERE,
        Status.REFUSED_OUT_OF_TIME,
        Status.STAGE2_REFUSED,
        Status.STAGE2_COMPLETE,
        Status.STAGE3_COMPLETE,
        Status.STAGE3_REFUSED,
    }
)


class Finding(models.TextChoices):
    UPHELD = "upheld", "Upheld"
    PARTIALLY_UPHELD = "partially_upheld", "Partially upheld"
    NOT_UPHELD = "not_upheld", "Not upheld"
    UNABLE = "unable", "Unable to reach a finding"


class BreachKind(models.TextChoices):
    """A statutory deadline that was missed, and so needs a recorded reason and a letter."""

    PANEL_MEETING = "panel_meeting", "Panel meeting later than 30 working days after the request"
    PANEL_REPORT = "panel_report", "Panel report later than 5 working days after the meeting"
    COUNCIL_RESPONSE = (
        "council_response",
        "Council response later than 15 working days after the panel report",
    )


class SubmissionSource(models.TextChoices):
    """Who may make representations to a Stage 3 panel (reg 19(5))."""

    COMPLAINANT = "complainant", "The complainant"
    ADVOCATE = "advocate", "The complainant's advocate"
    COUNCIL = "council", "The council"
    STAGE2_IP = "stage2_ip", "The Stage 2 Independent Person"
    OTHER = "other", "Someone else with sufficient interest"


class AttendeeCapacity(models.TextChoices):
    """Who comes to the panel meeting (reg 19(6)): the complainant may bring an advocate and
    one other person."""

    COMPLAINANT = "complainant", "Complainant"
    ADVOCATE = "advocate", "Advocate"
    COMPANION = "companion", "Person accompanying the complainant"
    COUNCIL = "council", "Council representative"
    STAGE2_INVESTIGATOR = "stage2_investigator", "Stage 2 Investigating Officer"
    STAGE2_IP = "stage2_ip", "Stage 2 Independent Person"
    OTHER = "other", "Someone else with sufficient interest"


class CirculationKind(models.TextChoices):
    """Who receives the panel report (reg 20)."""

    COUNCIL = "council", "The council"
    COMPLAINANT = "complainant", "The complainant"
    ADVOCATE = "advocate", "The advocate"
    STAGE2_IP = "stage2_ip", "The Stage 2 Independent Person"
    OTHER = "other", "Someone else with sufficient interest"
