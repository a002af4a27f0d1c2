"""One statutory complaint from the Stage 2 adjudication through a Stage 3 review panel to the
council's response, then an Ombudsman investigation whose remedy is carried out and signed off.

The complaint arrives at the adjudication stage through the real actions (tests.complaints
.helpers.adjudicated), so this journey starts where Stage 2's journey ends. Everything after
that is done in Chromium by the person who would do it: the adjudicator sends the letter, a
complaints officer records the Stage 3 request, the Complaints Manager accepts it and appoints
the panel from the suggestions, the officer runs the meeting's paperwork, the panel chair adds
the recommendation and records the report sent, the Complaints Manager records the council's
response, and the Ombudsman's remedy becomes an action that is done and signed off. axe-core
checks every distinct page. Dates are working days before today, as the actions require.
"""

from __future__ import annotations

import re
from datetime import date

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from heard.timescales.snapshot import current_calendar
from tests.browser.journey import Desk, Journey
from tests.complaints.helpers import adjudicated
from tests.personas import create_complaint, create_personas

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PANEL_RECOMMENDATION = "Meet the family to agree a written contact plan, reviewed every month."
PANEL_ACTION = "Written contact plan agreed with the family"


def working_days_ago(n: int) -> date:
    return current_calendar().add_working_days(timezone.localdate(), -n)


def appoint_from_suggestions(manager: Desk, role: str, person: str) -> None:
    """The Complaints Manager's way of appointing: role first, then a suggested person."""
    manager.step("Appoint someone to the complaint")
    manager.choose("Which role are you appointing to?", role)
    manager.page.get_by_role("button", name="Continue", exact=True).click()
    suggested = manager.page.get_by_role("table", name="People suggested, best fit first")
    expect(suggested).to_contain_text(person)
    manager.axe(f"appoint: suggestions for {role}")
    suggested.get_by_role("link", name=f"Appoint {person}", exact=True).click()
    manager.page.get_by_label("They are not a member or officer of this council").check()
    manager.page.get_by_label(
        "They are not the spouse or civil partner of a member or officer of this council"
    ).check()
    manager.fill(
        "Conflict of interest declaration",
        "No earlier dealings with the complainant, their representative or the staff involved.",
    )
    manager.do("Appoint someone to the complaint", button="Appoint")


def test_from_adjudication_through_a_stage3_panel_to_an_ombudsman_remedy_signed_off(
    journey: Journey,
) -> None:
    p = create_personas()
    complaint = adjudicated(p)
    elsewhere = create_complaint(p.officer)  # another complaint the panel must never see
    reference = complaint.reference

    # -- the end of Stage 2: the adjudicator sends the letter -------------------------------
    adjudicator = journey.sign_in("adjudicator")
    adjudicator.open_case(reference)
    adjudicator.step("Record the adjudication letter sent")
    adjudicator.date("Date the letter was sent", working_days_ago(20))
    # The letter ends the adjudicator's part (ADR 022); the complaints team sees the result.
    adjudicator.finish("Record the adjudication letter sent", button="Record the letter sent")

    # -- the request, by phone, and the Complaints Manager's acceptance ----------------------
    officer = journey.sign_in("officer")
    officer.open_case(reference, via="Cases")
    expect(officer.status()).to_have_text("Stage 2 complete")
    officer.axe("case page: Stage 2 complete")
    officer.step("Record a request for Stage 3")
    officer.date("Date the council received the request", working_days_ago(18))
    officer.choose("How was Stage 3 asked for?", "Phone")
    officer.fill(
        "What does the complainant say is still unresolved? (optional)",
        "Contact with my son is still cancelled at short notice.",
    )
    officer.do("Record a request for Stage 3", button="Record the request")
    expect(officer.status()).to_have_text("Stage 3 requested")
    panel_due = current_calendar().add_working_days(working_days_ago(18), 30)
    expect(officer.row("Panel must meet by (30 working days)")).to_contain_text(
        f"{panel_due:%-d %B %Y}"
    )
    officer.axe("case page: Stage 3 requested")

    manager = journey.sign_in("manager")
    manager.open_case(reference, via="Cases")
    manager.step("Accept the Stage 3 request")
    manager.date("Date accepted", working_days_ago(17))
    manager.do("Accept the Stage 3 request", button="Accept the request")
    expect(manager.status()).to_have_text("Stage 3 accepted: convening the panel")

    # -- the panel, appointed from the suggestions --------------------------------------------
    appoint_from_suggestions(manager, "Stage 3 panel chair", "Chair Tester")
    appoint_from_suggestions(manager, "Stage 3 panel member", "Member Tester")
    appoint_from_suggestions(manager, "Stage 3 panel member", "Member2 Tester")
    panel = manager.page.get_by_role("table", name="People appointed to this complaint")
    for name in ("Chair Tester", "Member Tester", "Member2 Tester"):
        expect(panel).to_contain_text(name)
    manager.axe("case page: panel appointed")

    # -- the meeting: date, submissions, who attends, then the meeting itself ----------------
    officer.page.reload()
    officer.step("Set the date of the panel meeting")
    officer.date("Date of the panel meeting", working_days_ago(8))
    officer.fill("Where will the panel meet?", "Civic Centre meeting room 2.14")
    officer.fill(
        "When did the complainant say they could attend?",
        "Any weekday morning; not school holidays.",
    )
    officer.do("Set the date of the panel meeting", button="Set the date")

    officer.step("Record a submission to the panel")
    officer.choose("Who made the submission?", "The council")
    officer.fill("Name", "Head of Service, Children in Care")
    officer.date("Date received", working_days_ago(12))
    officer.choose("Was it written or made in person?", "Written")
    officer.fill("Summary of the submission", "The Stage 2 report and the action plan since.")
    officer.do("Record a submission to the panel")

    officer.step("Record a submission to the panel")
    officer.choose("Who made the submission?", "The complainant")
    officer.fill("Name", "Sam Rivers")
    officer.date("Date received", working_days_ago(11))
    officer.choose("Was it written or made in person?", "Written")
    officer.fill("Summary of the submission", "Why the Stage 2 outcome did not resolve contact.")
    officer.do("Record a submission to the panel")

    officer.step("Record who attends the panel")
    officer.fill("Name", "Sam Rivers")
    officer.choose("In what capacity do they attend?", "Complainant")
    officer.page.get_by_label("Nominated by the complainant to speak for them").check()
    officer.do("Record who attends the panel")

    officer.step("Record that the panel met")
    officer.date("Date the panel met", working_days_ago(8))
    officer.do("Record that the panel met", button="Record that the panel met")
    expect(officer.status()).to_have_text("Stage 3 panel met: report due")

    # -- the chair: a recommendation and the report sent --------------------------------------
    chair = journey.sign_in("chair")
    chair.open_case(reference)
    chair.step("Add a panel recommendation")
    chair.fill("Recommendation", PANEL_RECOMMENDATION)
    chair.do("Add a panel recommendation", button="Add the recommendation")
    chair.step("Record the panel report sent")
    chair.fill(
        "Summary of the representations",
        "The complainant explained the effect of cancelled contact; the council set out its "
        "action plan since Stage 2.",
    )
    chair.date("Date the report was sent", working_days_ago(6))
    chair.do("Record the panel report sent", button="Record the report sent")
    expect(chair.status()).to_have_text("Stage 3 report received: council response due")

    # -- a panel member sees this complaint and no other ---------------------------------------
    member = journey.sign_in("member")
    member.open_case(reference)
    missing = member.page.goto(f"{journey.base_url}/cases/{elsewhere.pk}/")
    assert missing is not None and missing.status == 404
    missing = member.page.goto(f"{journey.base_url}/cases/{elsewhere.pk}/record-time/")
    assert missing is not None and missing.status == 404

    # -- the council's response ----------------------------------------------------------------
    manager.page.reload()
    manager.step("Record the council's response to the panel")
    manager.fill(
        "How did the Stage 2 Independent Person take part in considering the recommendations?",
        "Met the Director with the Complaints Manager to consider the report.",
    )
    manager.choose("Does the council accept recommendation 1?", "Yes, accept it")
    manager.fill("Reasons for the decision on recommendation 1", "It puts the child first.")
    manager.fill("What will be done about recommendation 1?", PANEL_ACTION)
    manager.fill(
        "Who is responsible for the action on recommendation 1?", "Team manager, Children in Care"
    )
    manager.date(
        "When must the action on recommendation 1 be done by?",
        current_calendar().add_working_days(timezone.localdate(), 20),
    )
    manager.page.get_by_label(re.compile("^The response tells the complainant")).check()
    manager.date("Date the response was sent", working_days_ago(2))
    manager.do("Record the council's response to the panel", button="Record the response")
    expect(manager.status()).to_have_text("Stage 3 complete")
    expect(manager.page.get_by_text(PANEL_ACTION).first).to_be_visible()
    manager.axe("case page: Stage 3 complete")

    # -- the Ombudsman: an investigation, fault found, a payment as a remedy --------------------
    officer.page.reload()
    officer.step("Record an Ombudsman enquiry or investigation")
    officer.fill("The Ombudsman's reference", "26 004 512")
    officer.choose("Is it an enquiry or an investigation?", "Investigation")
    officer.date("Date the council heard from the Ombudsman", working_days_ago(1))
    officer.date(
        "When does the Ombudsman want the council's reply?",
        current_calendar().add_working_days(timezone.localdate(), 10),
    )
    officer.do("Record an Ombudsman enquiry or investigation", button="Record the Ombudsman case")

    officer.step("Record the Ombudsman's decision")
    officer.date("Date of the Ombudsman's final decision", timezone.localdate())
    officer.choose("Did the Ombudsman find fault?", "Yes, it found fault")
    officer.fill("What did the Ombudsman decide? (optional)", "Delay in arranging the panel.")
    officer.do("Record the Ombudsman's decision")

    officer.step("Record a remedy the Ombudsman asked for")
    officer.page.get_by_label("Payment", exact=True).check()
    officer.fill("Describe the remedy", "A symbolic payment for the time and trouble.")
    officer.fill("Amount, in pounds (only for a payment)", "150")
    officer.date(
        "When must it be done by?", current_calendar().add_working_days(timezone.localdate(), 20)
    )
    officer.fill("Who will make sure it is done?", "Complaints Manager")
    officer.do("Record a remedy the Ombudsman asked for", button="Record the remedy")
    ombudsman = officer.page.get_by_role("region", name="Ombudsman")
    expect(ombudsman).to_contain_text("26 004 512")
    expect(ombudsman).to_contain_text("£150")
    officer.axe("case page: Ombudsman remedy recorded")

    # -- the remedy, done with evidence, then signed off by the Complaints Manager ---------------
    officer.step("Record an action as done")
    officer.page.get_by_label(re.compile("A symbolic payment")).check()
    officer.fill("Evidence that it was done", "Payment of £150 made by BACS; remittance on file.")
    officer.date("Date it was done", timezone.localdate())
    officer.do("Record an action as done", button="Record as done")

    manager.page.reload()
    manager.step("Sign off a completed action")
    manager.page.get_by_label(re.compile("A symbolic payment")).check()
    manager.do("Sign off a completed action", button="Sign off")
    actions = manager.page.get_by_role("region", name="Agreed actions")
    expect(actions).to_contain_text("Signed off")
    manager.axe("case page: remedy signed off")

    assert len(journey.checked) >= 20, journey.checked
