"""The words a new user tripped on (issue 9, point 7), each fixed and held here.

- how a complaint was received reads as English after its date ("through an advocate");
- the banner after a step says what happened, in the past tense ("Finding recorded.");
- an appointment reads "Current" or "Ended 3 May 2026", never "Not ended";
- the appoint page offers no one the rules would refuse, and each refusal stands beside its
  own box;
- personal details of the family are shown by role (decision 027, ``complaints.disclosure``).

Missing points named in messages, date errors naming their date and the chained timescales
calculator are held by the tests of those rules and pages (test_rules_reports, test_pages,
tests/timescales/test_calculator_chain).
"""

from __future__ import annotations

from datetime import date

import pytest
from django.test import Client
from django.urls import reverse

from heard.complaints.disclosure import BY_ROLE, EVERYTHING, NOTHING, disclosure_for
from heard.complaints.done_messages import DONE_MESSAGES, done_message
from heard.complaints.models import Appointment, Child, Complainant, Complaint, ComplaintPoint
from heard.complaints.models.choices import RECEIVED_HOW, AppointmentRole, Channel
from heard.complaints.wording import name_points, standing
from heard.complaints.workflow import ALL_EVENTS, EVENT_LABELS
from heard.people.models import User
from heard.people.roles import StaffRole
from tests.complaints.helpers import appoint_adjudicator, report_final, stage2_investigating
from tests.complaints.step_pages import as_user, page_text, step_url, submit_refused
from tests.people.helpers import panel_appointment, roster_person, stage3_panel
from tests.personas import Personas, create_complaint, create_personas

pytestmark = pytest.mark.django_db

CHAIR = AppointmentRole.PANEL_CHAIR
MEMBER = AppointmentRole.PANEL_MEMBER
PHONE = "07700 900123"
EMAIL = "sam.rivers@example.org"
BORN = "born 4 June 2012"


@pytest.fixture
def p(db: None) -> Personas:
    return create_personas()


def _case_page(client: Client, user: User, complaint: Complaint) -> str:
    response = as_user(client, user).get(reverse("complaints:detail", args=[complaint.pk]))
    assert response.status_code == 200
    return page_text(response)


# -- how it was received ----------------------------------------------------------------


def test_every_channel_reads_as_english_after_the_date() -> None:
    assert set(RECEIVED_HOW) == set(Channel.values)
    assert RECEIVED_HOW[Channel.ADVOCATE] == "through an advocate"
    assert RECEIVED_HOW[Channel.IN_PERSON] == "in person"
    assert not any(words.startswith("by through") for words in RECEIVED_HOW.values())


def test_the_case_page_says_received_through_an_advocate(client: Client, p: Personas) -> None:
    complaint = create_complaint(p.officer, received_on=date(2026, 3, 2))
    Complaint.objects.filter(pk=complaint.pk).update(channel=Channel.ADVOCATE)
    shown = _case_page(client, p.officer, complaint)
    assert "Received Monday 2 March 2026 through an advocate" in shown
    assert "by through" not in shown


# -- the banner after a step -------------------------------------------------------------


def test_every_step_has_its_own_past_tense_banner() -> None:
    assert set(DONE_MESSAGES) >= ALL_EVENTS
    for event, message in DONE_MESSAGES.items():
        assert message.endswith("."), event
        assert "done." not in message.lower() or event == "complete_action", event
        assert message != EVENT_LABELS[event], event


def test_the_banner_names_the_role_appointed(p: Personas) -> None:
    data = {"role": AppointmentRole.INVESTIGATING_OFFICER, "person": p.io}
    assert done_message("appoint", data) == "Investigating Officer appointed: Io Tester."
    assert done_message("record_finding") == "Finding recorded."
    assert done_message("a_step_added_later") == "Saved: a step added later."


def test_a_saved_step_shows_its_banner_on_the_case_page(client: Client, p: Personas) -> None:
    complaint = create_complaint(p.officer)
    response = as_user(client, p.officer).post(
        step_url(complaint, "classify"),
        {
            "route": "statutory_children_act",
            "specified_function": "part3",
            "reason": "Parent of a looked-after child",
        },
        follow=True,
    )
    shown = page_text(response)
    assert "Procedure decided." in shown, shown[:1500]
    assert ": done." not in shown


# -- an appointment's standing -----------------------------------------------------------


def test_an_appointment_is_current_or_ended_on_a_date() -> None:
    assert standing(None) == "Current"
    assert standing(date(2026, 5, 3)) == "Ended 3 May 2026"


def test_the_officer_page_never_says_not_ended(client: Client, p: Personas) -> None:
    complaint = stage2_investigating(p)
    Appointment.objects.filter(complaint=complaint, person=p.ip).update(ended_on=date(2025, 10, 1))
    for person in (p.io, p.ip):
        response = as_user(client, p.manager).get(
            reverse("roster:officer", args=[person.roster_entry.pk])
        )
        assert response.status_code == 200
        shown = page_text(response)
        assert "Not ended" not in shown
        assert ("Current" if person == p.io else "Ended 1 October 2025") in shown


def test_the_case_page_says_when_an_appointment_ended(client: Client, p: Personas) -> None:
    complaint = stage2_investigating(p)
    Appointment.objects.filter(complaint=complaint, person=p.ip).update(ended_on=date(2025, 10, 1))
    shown = _case_page(client, p.manager, complaint)
    assert "Ended 1 October 2025" in shown
    assert "Current" in shown


# -- missing points named ---------------------------------------------------------------


def test_missing_points_are_named_by_number_and_first_words() -> None:
    points = [
        ComplaintPoint(number=2, text="No one returned my calls"),
        ComplaintPoint(number=3, text="The social worker did not return any of my calls at all"),
    ]
    assert name_points(points) == (
        "point 2 (“No one returned my calls”); point 3 (“The social worker did not return any of…”)"
    )


# -- the appoint page ------------------------------------------------------------------


def _options(client: Client, p: Personas, complaint: Complaint, role: str) -> str:
    response = as_user(client, p.manager).get(step_url(complaint, "appoint"), {"role": role})
    assert response.status_code == 200
    page = response.content.decode()
    start = page.index('name="person"')
    return page[start : page.index("</select>", start)]


def test_the_person_list_leaves_out_whoever_the_rules_refuse(client: Client, p: Personas) -> None:
    complaint = stage3_panel(p)
    p.ip.groups.add(*p.member.groups.all())  # the Stage 2 IP is also a panel member
    council = roster_person("council_member", StaffRole.PANEL_MEMBER, council=True)
    panel_appointment(complaint, p, p.chair, CHAIR)
    options = _options(client, p, complaint, MEMBER)
    for ruled_out in (p.ip, council, p.chair):
        assert f'value="{ruled_out.pk}"' not in options, ruled_out
    for offered in (p.member, p.member2, p.spare_member):
        assert f'value="{offered.pk}"' in options, offered
    # The list of who is not suggested still says why they are missing.
    shown = page_text(
        as_user(client, p.manager).get(step_url(complaint, "appoint"), {"role": MEMBER})
    )
    assert "member or officer of the council" in shown.lower()


def test_the_adjudicator_list_leaves_out_someone_already_involved(
    client: Client, p: Personas
) -> None:
    complaint = report_final(p)
    p.io.groups.add(*p.adjudicator.groups.all())  # the IO is also a senior manager
    options = _options(client, p, complaint, AppointmentRole.ADJUDICATOR)
    assert f'value="{p.adjudicator.pk}"' in options
    assert f'value="{p.io.pk}"' not in options


def test_an_unticked_statement_is_refused_beside_its_own_box(client: Client, p: Personas) -> None:
    complaint = stage3_panel(p)
    answers = {
        "role": CHAIR,
        "person": str(p.chair.pk),
        "conflict_declaration": "None",
        "attested_not_council": "on",
    }
    response = submit_refused(
        client,
        p.manager,
        complaint,
        "appoint",
        answers,
        "Confirm the person is not the spouse or civil partner of a member or officer.",
        beside="id_attested_not_spouse",
    )
    assert 'id="id_person_error"' not in response.content.decode()


def test_a_refused_person_and_an_unticked_box_each_show_beside_their_own(
    client: Client, p: Personas
) -> None:
    complaint = stage3_panel(p)
    council = roster_person("council_chair", StaffRole.PANEL_CHAIR, council=True)
    answers = {"role": CHAIR, "person": str(council.pk), "conflict_declaration": "None"}
    response = submit_refused(
        client,
        p.manager,
        complaint,
        "appoint",
        answers,
        "is a member or officer of the council, so cannot be independent.",
        beside="id_person",
    )
    page = response.content.decode()
    assert "Confirm the person" not in page.split('id="id_person_error"')[1].split("</p>")[0]
    assert 'id="id_attested_not_council_error"' in page
    assert 'id="id_attested_not_spouse_error"' in page


# -- personal details by role (decision 027) -----------------------------------------------


def _with_personal_details(complaint: Complaint) -> None:
    Complainant.objects.filter(complaint=complaint).update(phone=PHONE, email=EMAIL)
    Child.objects.filter(complaint=complaint).update(date_of_birth=date(2012, 6, 4))


def _appoint_directly(complaint: Complaint, person: User, role: str, by: User) -> None:
    """Test setup: an appointment row, so every role can be asked about on one complaint."""
    Appointment.objects.create(
        complaint=complaint,
        person=person,
        role=role,
        appointed_on=date(2025, 9, 1),
        appointed_by=by,
    )


def test_every_role_has_its_place_in_the_disclosure_table() -> None:
    assert set(BY_ROLE) == set(AppointmentRole.values)
    assert BY_ROLE[CHAIR] == BY_ROLE[MEMBER] == NOTHING
    assert BY_ROLE[AppointmentRole.INVESTIGATING_OFFICER] == EVERYTHING


@pytest.mark.parametrize(
    ("who", "role", "born", "contact"),
    [
        ("manager", None, True, True),
        ("officer", None, True, True),
        ("responder", AppointmentRole.STAGE1_RESPONDER, True, True),
        ("io", AppointmentRole.INVESTIGATING_OFFICER, True, True),
        ("ip", AppointmentRole.INDEPENDENT_PERSON, True, True),
        ("adjudicator", AppointmentRole.ADJUDICATOR, True, False),
        ("chair", CHAIR, False, False),
        ("member", MEMBER, False, False),
        ("outsider", None, False, False),
    ],
)
def test_disclosure_for_each_role(
    p: Personas, who: str, role: str | None, born: bool, contact: bool
) -> None:
    complaint = create_complaint(p.officer)
    user = getattr(p, who)
    if role is not None:
        _appoint_directly(complaint, user, role, p.manager)
    shown = disclosure_for(user, Complaint.objects.get(pk=complaint.pk))
    assert shown.child_date_of_birth is born
    assert shown.complainant_contact is contact
    assert shown.advocate_contact is contact


def test_an_ended_appointment_discloses_nothing(p: Personas) -> None:
    complaint = create_complaint(p.officer)
    _appoint_directly(complaint, p.io, AppointmentRole.INVESTIGATING_OFFICER, p.manager)
    Appointment.objects.filter(complaint=complaint).update(ended_on=date(2025, 10, 1))
    assert disclosure_for(p.io, Complaint.objects.get(pk=complaint.pk)) == NOTHING


def test_the_case_page_shows_a_panel_member_no_phone_and_no_date_of_birth(
    client: Client, p: Personas
) -> None:
    complaint = stage3_panel(p)
    panel_appointment(complaint, p, p.member, MEMBER)
    _with_personal_details(complaint)

    staff = _case_page(client, p.manager, complaint)
    assert PHONE in staff and EMAIL in staff and BORN in staff
    assert "Your role does not need" not in staff

    member = _case_page(client, p.member, complaint)
    assert "Sam Rivers" in member and "Alex Rivers" in member  # names stay
    assert PHONE not in member and EMAIL not in member and BORN not in member
    assert "Your role does not need the child's date of birth" in member


def test_the_case_page_shows_the_investigating_officer_what_they_need(
    client: Client, p: Personas
) -> None:
    complaint = stage2_investigating(p)
    _with_personal_details(complaint)
    shown = _case_page(client, p.io, complaint)
    assert PHONE in shown and EMAIL in shown and BORN in shown


def test_the_case_page_shows_the_adjudicator_no_contact_details(
    client: Client, p: Personas
) -> None:
    complaint = report_final(p)
    appoint_adjudicator(complaint, p)
    _with_personal_details(complaint)
    shown = _case_page(client, p.adjudicator, complaint)
    assert BORN in shown
    assert PHONE not in shown and EMAIL not in shown
    assert "Your role does not need the complainant's contact details" in shown
