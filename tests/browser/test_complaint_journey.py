"""One statutory complaint from intake to the adjudication letter, in Chromium, as its people.

Each person has their own browser context and signs in through the form. Every form is filled
by its visible labels, as a person would, and each result is checked on the case page. axe-core
checks every distinct page on the way (each step form once, the case page at several points,
and the new complaint form with and without errors). The dates are in the past, as the actions
require: the complaint arrives on Monday 2 March 2026 and the letter goes on 20 April 2026.
"""

from __future__ import annotations

import re
from datetime import date

import pytest
from playwright.sync_api import expect

from heard.investigations.models import Room
from tests.browser.journey import Journey
from tests.personas import create_personas

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

ROOM = "Blue Room, Civic Centre"
POINT_1 = "Contact with my son was cancelled three times without notice."
POINT_2 = "No one returned my calls about the cancelled contact."
RECOMMENDATION = "Apologise in writing and review how contact cancellations are communicated."


def test_a_statutory_complaint_from_intake_to_the_adjudication_letter(journey: Journey) -> None:
    create_personas()
    Room.objects.create(name=ROOM, location="Civic Centre, first floor")

    # -- intake: the complaints officer records and classifies the complaint ---------------
    officer = journey.sign_in("officer")
    officer.nav("Cases")
    expect(officer.page.get_by_text("There are no cases yet.")).to_be_visible()
    officer.axe("Cases: none yet")
    officer.page.get_by_role("button", name="Record a new complaint").click()
    expect(officer.page.get_by_role("heading", level=1)).to_have_text("Record a new complaint")
    officer.axe()

    # Submitted empty: the error summary takes focus and each message sits beside its box.
    officer.page.get_by_role("button", name="Record the complaint").click()
    summary = officer.page.locator(".govuk-error-summary")
    expect(summary).to_be_focused()
    expect(officer.page).to_have_title(re.compile(r"^Error: Record a new complaint"))
    beside = {
        "received_on": "Enter the date the complaint was received",
        "channel": "Select how the complaint was made",
        "summary": "Enter what the complaint is about",
        "complainant_name": "Enter the complainant's full name",
        "relationship": "Select the complainant's relationship to the child",
    }
    expect(summary.get_by_role("listitem")).to_have_count(len(beside))
    for field, message in beside.items():
        expect(summary.get_by_role("link", name=message)).to_be_visible()
        expect(officer.page.locator(f"#id_{field}_error")).to_have_text(f"Error: {message}")
    officer.axe("new complaint with errors")
    summary.get_by_role("link", name="Enter what the complaint is about").click()
    expect(officer.page.get_by_label("What is the complaint about?")).to_be_focused()

    officer.date("Date received", date(2026, 3, 2))
    officer.choose("How was the complaint made?", "Email")
    officer.fill("What is the complaint about?", POINT_1)
    officer.fill("Team complained about (optional)", "Children in Care team")
    officer.fill("Complainant's full name", "Sam Rivers")
    officer.choose("Relationship to the child or young person", "Parent")
    officer.fill("Email address (optional)", "sam.rivers@example.com")
    officer.fill("Child's full name", "Alex Rivers")
    officer.date("Date of birth (optional)", date(2012, 8, 31))
    officer.page.get_by_label("The child is looked after by the council").check()
    officer.page.get_by_role("button", name="Record the complaint").click()

    heading = officer.page.get_by_role("heading", level=1)
    expect(heading).to_have_text(re.compile(r"\S+"))
    reference = heading.inner_text().strip()
    banner = officer.page.locator(".govuk-notification-banner--success")
    expect(banner).to_contain_text(f"Complaint {reference} recorded.")
    found = re.search(r"/cases/(\d+)/$", officer.page.url)
    assert found, officer.page.url
    pk = int(found.group(1))
    expect(officer.status()).to_have_text("Being recorded")
    expect(officer.row("Received")).to_have_text("Monday 2 March 2026 by email")
    expect(officer.row("Procedure")).to_contain_text("Not yet decided")
    officer.axe("case page: just recorded")

    officer.step("Decide which procedure applies")
    officer.choose("Which procedure applies?", "Statutory (Children Act 1989)")
    officer.choose(
        "Which Children Act function is it about?",
        "Part 3 Children Act 1989 (including section 17 and looked-after children)",
    )
    officer.fill("Why does this procedure apply?", "A parent complaining about contact.")
    officer.date("Date the procedure was decided", date(2026, 3, 2))
    officer.do("Decide which procedure applies")
    expect(officer.row("Procedure")).to_contain_text("Statutory (Children Act 1989)")

    officer.step("Record the offer of an advocate")
    officer.date("Date an advocate was offered", date(2026, 3, 3))
    officer.choose("What was the response?", "Accepted")
    officer.fill("Advocate's name", "Jordan Lee")
    officer.fill("Organisation", "NYAS")
    officer.do("Record the offer of an advocate")
    expect(officer.row("Advocacy")).to_contain_text("Offered 3 March 2026: accepted")
    expect(officer.row("Advocacy")).to_contain_text("Advocate: Jordan Lee, NYAS")

    officer.step("Start Stage 1")
    expect(officer.row("Response due (10 working days)")).to_have_text("Monday 16 March 2026")
    officer.do("Start Stage 1", button="Start Stage 1")
    expect(officer.status()).to_have_text("Stage 1 open")
    expect(officer.row("Response due")).to_have_text("Monday 16 March 2026")

    officer.step("Assign the Stage 1 responder")
    officer.select("Who will respond?", "Responder Tester")
    officer.date("Date they were assigned", date(2026, 3, 3))
    officer.do("Assign the Stage 1 responder")
    appointments = officer.page.get_by_role("table", name="People appointed to this complaint")
    expect(appointments).to_contain_text("Stage 1 responder")
    officer.axe("case page: Stage 1 open")

    # -- Stage 1: the responder answers; the complaint is not resolved ---------------------
    responder = journey.sign_in("responder")
    responder.open_case(reference)
    responder.axe("case page: as the responder")
    responder.step("Record the Stage 1 response")
    responder.date("Date the written response was sent", date(2026, 3, 13))
    responder.choose("Was the complaint resolved?", "No")
    responder.fill("Summary of the response", "Not upheld: the cancellations were unavoidable.")
    responder.finish("Record the Stage 1 response")
    # The response ends the responder's part (ADR 022); the complaints team sees the result.
    officer.page.reload()
    expect(officer.status()).to_have_text("Stage 1 responded")
    expect(officer.row("Response sent")).to_have_text("Friday 13 March 2026")
    expect(officer.row("Stage 2 should be asked for by (advisory)")).to_have_text(
        "Tuesday 14 April 2026"
    )

    # -- Stage 2: requested, accepted, people appointed, investigation started -------------
    officer.page.reload()
    officer.step("Record a request for Stage 2")
    officer.date("Date of the request", date(2026, 3, 20))
    officer.choose("How was Stage 2 asked for?", "Phone")
    officer.fill("What did they say?", "They want an independent investigation.")
    officer.do("Record a request for Stage 2")
    expect(officer.status()).to_have_text("Stage 2 requested")

    manager = journey.sign_in("manager")
    manager.open_case(reference, via="Cases")
    manager.axe("case page: Stage 2 requested")
    manager.step("Accept the Stage 2 request", from_tasks=True)
    manager.date("Date accepted", date(2026, 3, 23))
    manager.do("Accept the Stage 2 request")
    expect(manager.status()).to_have_text("Stage 2 accepted: appointing investigators")
    # The journey's dates are in the past, so the 25-day date is tagged as passed (by how
    # many working days depends on the day the test runs).
    due_25 = manager.row("Due: 25 working days from the request")
    expect(due_25).to_contain_text("Tuesday 28 April 2026")
    expect(due_25).to_contain_text("Past the 25-day due date by")
    expect(manager.task("Accept the Stage 2 request")).to_have_text("Completed")
    expect(manager.task("Start the investigation")).to_have_text("Cannot start yet")
    manager.axe("case page: Stage 2 accepted")

    # The task's link answers the role question; the page suggests people for the role.
    manager.step("Appoint the Investigating Officer", from_tasks=True)
    expect(manager.row("Role").first).to_have_text("Investigating Officer")
    manager.axe("appoint: suggestions for the Investigating Officer")
    manager.select("Who are you appointing?", "Io Tester (Independent Reviews Ltd)")
    manager.fill("Conflict of interest declaration", "None")
    manager.date("Date of the appointment", date(2026, 3, 23))
    manager.do("Appoint someone to the complaint", button="Appoint")
    expect(manager.task("Change the Investigating Officer")).to_have_text("Completed")

    manager.step("Appoint someone to the complaint")
    manager.choose("Which role are you appointing to?", "Independent Person")
    manager.page.get_by_role("button", name="Continue", exact=True).click()
    manager.page.get_by_role("link", name="Appoint Ip Tester", exact=True).click()
    expect(
        manager.page.get_by_text("An Independent Person or panel member must not be")
    ).to_be_visible()
    manager.axe("appoint: the Independent Person's attestations shown")
    manager.page.get_by_label("They are not a member or officer of this council").check()
    manager.page.get_by_label(
        "They are not the spouse or civil partner of a member or officer of this council"
    ).check()
    manager.fill("Conflict of interest declaration", "None declared")
    manager.date("Date of the appointment", date(2026, 3, 23))
    manager.do("Appoint someone to the complaint", button="Appoint")
    expect(manager.task("Change the Independent Person")).to_have_text("Completed")
    appointments = manager.page.get_by_role("table", name="People appointed to this complaint")
    expect(appointments).to_contain_text("Io Tester")
    expect(appointments).to_contain_text("Ip Tester")

    manager.step("Record a copy of the complaint sent")
    manager.fill("Who was it sent to?", "Jo Smith, team manager")
    manager.fill("What was sent?", "The whole complaint")
    manager.date("Date sent", date(2026, 3, 24))
    manager.choose("How was it sent?", "Email")
    manager.do("Record a copy of the complaint sent")
    expect(manager.latest_event()).to_contain_text("Copy of the complaint sent to Jo Smith")
    expect(manager.task("Send copies of the complaint to those involved")).to_have_text("Completed")

    manager.step("Start the investigation")
    expect(manager.row("Investigating Officer")).to_have_text("Io Tester")
    manager.date("Date the investigation started", date(2026, 3, 24))
    manager.do("Start the investigation", button="Start the investigation")
    expect(manager.status()).to_have_text("Stage 2 investigation")
    expect(manager.task("Start the investigation")).to_have_text("Completed")

    # -- the Investigating Officer agrees the Statement of Complaint -----------------------
    io = journey.sign_in("io")
    io.open_case(reference)
    io.axe("case page: as the IO, investigation started")
    io.step("Record first contact with the complainant")
    io.date("Date of first contact", date(2026, 3, 25))
    io.do("Record first contact with the complainant")
    expect(io.row("First contact with the complainant")).to_have_text("Wednesday 25 March 2026")

    io.step("Write the Statement of Complaint", from_tasks=True)
    io.fill("What is complaint point 1?", POINT_1)
    io.fill("What does the complainant want to happen about point 1?", "Contact reinstated.")
    io.fill("What is complaint point 2?", POINT_2)
    io.fill("What does the complainant want to happen about point 2?", "An apology.")
    io.do("Edit the Statement of Complaint", button="Save the statement")
    expect(io.task("Write the Statement of Complaint")).to_contain_text("In progress")
    expect(io.points()).to_have_count(2)
    expect(io.points().nth(0)).to_contain_text(POINT_1)
    expect(io.points().nth(1)).to_contain_text(POINT_2)
    expect(io.page.get_by_text("Not yet agreed with the complainant.")).to_be_visible()

    io.step("Record the complainant's agreement to the statement")
    io.date("Date the complainant agreed", date(2026, 3, 27))
    io.fill("How did they agree?", "Signed the statement")
    io.do("Record the complainant's agreement to the statement")
    expect(io.page.get_by_text("Agreed with the complainant on 27 March 2026.")).to_be_visible()
    expect(io.row("Statement agreed")).to_have_text("Friday 27 March 2026")
    io.axe("case page: statement agreed")

    # -- an Investigating Officer not appointed to it cannot see the complaint at all ------
    other = journey.sign_in("other_io")
    for path in (f"/cases/{pk}/", f"/cases/{pk}/record-finding/"):
        response = other.page.goto(f"{journey.base_url}{path}")
        assert response is not None and response.status == 404, path
        assert reference not in other.page.content()
        other.axe("not found")
    other.page.goto(f"{journey.base_url}/")
    other.nav("My cases")
    expect(other.page.get_by_text("You are not appointed to any complaints")).to_be_visible()
    expect(other.page.get_by_role("link", name=reference)).to_have_count(0)
    other.axe("My cases: none")

    # -- the officer sorts out records and the interview -----------------------------------
    officer.page.reload()
    officer.step("Record consent to access records")
    officer.date("Date the Consent to Access Records form was signed", date(2026, 3, 27))
    officer.fill("Who signed it?", "Sam Rivers")
    officer.fill("Which records does the consent cover?", "Alex's social care file, 2025 on")
    officer.do("Record consent to access records")
    expect(officer.page.get_by_text("Consent recorded: access not yet given")).to_be_visible()

    officer.step("Give the investigators access to records")
    expect(officer.page.locator(".govuk-inset-text")).to_contain_text("signed by Sam Rivers")
    officer.date("Date access was given", date(2026, 3, 30))
    officer.do("Give the investigators access to records", button="Give access to records")
    expect(officer.page.get_by_text(re.compile(r"^Access given on "))).to_contain_text(
        "30 March 2026"
    )

    officer.step("Book an interview")
    officer.fill("Who is being interviewed?", "Responder Tester, service manager")
    officer.select(
        "If they are a member of staff who uses Heard, choose them (optional)", "Responder Tester"
    )
    officer.select("Room", ROOM)
    officer.date("Date of the interview", date(2026, 4, 1))
    officer.fill("Start time", "10:00")
    officer.fill("End time", "11:00")
    officer.fill("Who else will be there?", "The Investigating Officer and Independent Person")
    officer.do("Book an interview")
    expect(officer.task("Interviews")).to_contain_text("In progress")

    interview = "Responder Tester, service manager, 10:00 on Wednesday 1 April 2026"
    officer.step("Tell the interviewee they must attend")
    officer.choose("Which interview?", interview)
    officer.date("Date they were told", date(2026, 3, 27))
    officer.fill("What is expected of them?", "Bring the contact records; about an hour.")
    officer.do("Tell the interviewee they must attend")
    expect(officer.latest_event()).to_contain_text(
        "Responder Tester, service manager told they must attend the interview"
    )

    # -- the Investigating Officer's findings and report -----------------------------------
    io.page.reload()
    io.step("Record interview notes")
    io.choose("Which interview?", interview)
    io.fill("Interview notes", "The service manager confirmed no one rang Sam about contact.")
    io.do("Record interview notes")
    expect(io.latest_event()).to_contain_text("Notes of the interview with Responder Tester")

    for number, (text, outcome) in enumerate(
        ((POINT_1, "Upheld"), (POINT_2, "Partially upheld")), start=1
    ):
        io.step("Record a finding")
        io.choose("Which complaint point?", f"Point {number}: {text}")
        io.choose("What is your finding?", outcome)
        io.fill("Reasons for the finding", f"On the balance of probabilities: {outcome.lower()}.")
        io.do("Record a finding")
    expect(io.points().nth(0).locator("dd strong")).to_have_text("Upheld")
    expect(io.points().nth(1).locator("dd strong")).to_have_text("Partially upheld")
    expect(io.task("Record a finding on every complaint point")).to_contain_text("Completed")

    io.step("Add a recommendation")
    io.fill("Recommendation", RECOMMENDATION)
    io.do("Add a recommendation")
    expect(io.latest_event()).to_contain_text("Recommendation 1 added")

    io.step("Send the draft report for fact-checking")
    io.date("Date the draft was sent", date(2026, 4, 8))
    io.do("Send the draft report for fact-checking")
    expect(io.task("Fact-check the draft report")).to_contain_text("In progress")

    officer.page.reload()
    officer.step("Record the fact-check's return")
    officer.date("Date the fact-check came back", date(2026, 4, 10))
    officer.fill("Comments received", "One date corrected.")
    officer.do("Record the fact-check's return")
    expect(officer.task("Fact-check the draft report")).to_have_text("Completed")

    io.page.reload()
    io.step("Make the report final")
    io.date("Date of the final report", date(2026, 4, 13))
    io.fill("Summary of the report (optional)", "Both points upheld in whole or part.")
    io.do("Make the report final")
    expect(io.status()).to_have_text("Stage 2 adjudication")
    expect(io.row("Report final")).to_have_text("Monday 13 April 2026")
    io.axe("case page: report final")

    # -- the Independent Person ------------------------------------------------------------
    ip = journey.sign_in("ip")
    ip.open_case(reference)
    for number, (text, agrees, comment) in enumerate(
        (
            (POINT_1, "Yes, I agree", ""),
            (POINT_2, "No, I disagree", "I would have upheld point 2 in full."),
        ),
        start=1,
    ):
        ip.step("Record the Independent Person's view on a finding")
        ip.choose("Which complaint point?", f"Point {number}: {text}")
        ip.choose("Do you agree with the Investigating Officer's finding?", agrees)
        ip.fill("Comments", comment)
        ip.do("Record the Independent Person's view on a finding")
    expect(ip.row("Independent Person").nth(1)).to_have_text(
        "Disagrees with the finding: I would have upheld point 2 in full."
    )

    ip.step("Submit the Independent Person's report")
    ip.choose("Was the investigation fair and complete?", "Yes")
    ip.date("Date of your report", date(2026, 4, 14))
    ip.do("Submit the Independent Person's report")
    expect(ip.task("The Independent Person's report")).to_have_text("Completed")

    # -- adjudication ----------------------------------------------------------------------
    manager.page.reload()
    manager.step("Appoint someone to the complaint")
    manager.choose("Which role are you appointing to?", "Adjudicating officer (senior manager)")
    manager.page.get_by_role("button", name="Continue", exact=True).click()
    manager.select("Who are you appointing?", "Adjudicator Tester")
    manager.fill("Conflict of interest declaration", "None")
    manager.date("Date of the appointment", date(2026, 4, 15))
    manager.do("Appoint someone to the complaint", button="Appoint")
    appointments = manager.page.get_by_role("table", name="People appointed to this complaint")
    expect(appointments).to_contain_text("Adjudicating officer")

    adjudicator = journey.sign_in("adjudicator")
    adjudicator.open_case(reference)
    adjudicator.axe("case page: as the adjudicator")
    adjudicator.step("Record the adjudication decisions")
    for number in (1, 2):
        adjudicator.choose(
            f"Do you accept the finding on point {number}?", "Yes, accept the finding"
        )
        adjudicator.fill(
            f"Reasons for your decision on point {number}", "The evidence supports it."
        )
    adjudicator.choose("Do you accept recommendation 1?", "Yes, accept it")
    adjudicator.fill("Reasons for your decision on recommendation 1", "It puts things right.")
    adjudicator.fill("What will be done about recommendation 1?", "Letter of apology to Sam.")
    adjudicator.fill("Who is responsible for the action on recommendation 1?", "Team manager")
    adjudicator.date("When must the action on recommendation 1 be done by?", date(2026, 5, 1))
    adjudicator.date("Date of the adjudication", date(2026, 4, 17))
    adjudicator.do("Record the adjudication decisions", button="Save the decisions")
    expect(adjudicator.page.get_by_text("Adjudication: accepted.", exact=False)).to_have_count(2)

    adjudicator.step("Record the adjudication letter sent")
    actions = adjudicator.page.get_by_role("table", name="Actions agreed")
    expect(actions).to_contain_text("Letter of apology to Sam.")
    expect(actions).to_contain_text("1 May 2026")
    adjudicator.date("Date the letter was sent", date(2026, 4, 20))
    # The letter ends the adjudicator's part (ADR 022): they land on their own cases, and the
    # complaint is no longer among them. The complaints team sees the result.
    adjudicator.finish("Record the adjudication letter sent", button="Record the letter sent")
    expect(adjudicator.page.get_by_role("link", name=reference)).to_have_count(0)
    response = adjudicator.page.goto(f"{journey.base_url}/cases/{pk}/")
    assert response is not None and response.status == 404

    # -- Stage 2 is complete, and the letter gives the Stage 3 date ------------------------
    officer.open_case(reference, via="Cases")
    expect(officer.status()).to_have_text("Stage 2 complete")
    expect(officer.row("Adjudication letter sent")).to_have_text(
        "Monday 20 April 2026 Within 25 working days"
    )
    # 20 working days after the letter, over the early May bank holiday (4 May 2026).
    expect(officer.row("Stage 3 should be asked for by (advisory)")).to_have_text(
        "Tuesday 19 May 2026"
    )
    expect(officer.task("Send the adjudication letter")).to_have_text("Completed")
    officer.axe("case page: Stage 2 complete")

    officer.nav("Cases")
    row = officer.page.get_by_role("row").filter(
        has=officer.page.get_by_role("link", name=reference)
    )
    expect(row).to_contain_text("Stage 2 complete")
    officer.axe("Cases: the case complete")

    assert len(journey.checked) >= 45, journey.checked
