"""From the Investigating Officer's report to the adjudication letter, in Chromium (issue 10).

The complaint reaches the report through the real actions (statement agreed, findings, a
recommendation, the fact-check back). Then, as the people who would do it: the Investigating
Officer writes the report's narrative and sees the draft it makes; the Complaints Manager
reviews the draft as a PDF; the Investigating Officer makes the report final; the adjudicator
opens the final report and adjudicates; the Complaints Manager opens the adjudication letter
Heard drafted, changes its text and records it sent by post, which completes Stage 2, with
the advocate copied. axe-core checks every distinct page.
"""

from __future__ import annotations

import re
from datetime import date

import pytest
from django.utils import timezone
from playwright.sync_api import Page, expect

from heard.complaints.models import Complaint
from heard.decisions import actions as decisions
from heard.documents.models import Document
from tests.browser.journey import Desk, Journey
from tests.complaints.helpers import (
    REPORT_FINAL_ON,
    appoint_adjudicator,
    fact_checked,
    ip_reported,
    record_findings,
    statement_agreed,
)
from tests.documents.checks import assert_accessible_pdf, read_pdf
from tests.personas import Personas, create_personas

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

ADVOCATE = "Morgan Advocate"
INTRODUCTION = (
    "I was asked to investigate two points. I read the contact records and met the family."
)
ANALYSIS = "The contact policy asks for two days' notice. The records show none was given."
ADDED = "We are sorry that it took us so long to put this right."


def ready_for_the_report() -> tuple[Personas, Complaint]:
    p = create_personas()
    complaint = statement_agreed(p)
    # The advocate, as intake would have recorded them (the advocacy step belongs to intake).
    Complaint.objects.filter(pk=complaint.pk).update(
        advocate_name=ADVOCATE, advocate_organisation="Voices for Children"
    )
    record_findings(complaint, p)
    decisions.add_recommendation(complaint, by=p.io, text="Apologise and agree a contact plan")
    fact_checked(complaint, p)
    return p, complaint


def download(page: Page, link: str) -> bytes:
    with page.expect_download() as started:
        page.get_by_role("link", name=link).click()
    path = started.value.path()
    return path.read_bytes()


def open_letter(desk: Desk, title: str) -> None:
    letters = desk.page.locator("#letters")
    letters.get_by_role("link", name=re.compile(f"^{re.escape(title)}")).first.click()
    expect(desk.page.get_by_role("heading", level=1)).to_have_text(title)


def test_the_report_is_written_reviewed_made_final_and_adjudicated_and_the_letter_sent(
    journey: Journey,
) -> None:
    p, complaint = ready_for_the_report()
    reference = complaint.reference

    # -- the Investigating Officer writes their part --------------------------------------
    io = journey.sign_in("io")
    io.open_case(reference)
    io.page.get_by_role(
        "link", name="Write your part of the Investigating Officer's report"
    ).click()
    expect(io.page.get_by_role("heading", level=1)).to_have_text(
        "Write: Investigating Officer's report"
    )
    io.axe()
    io.page.get_by_label("Introduction", exact=False).first.fill(INTRODUCTION)
    io.page.locator("textarea[name='text-point-1-analysis']").fill(ANALYSIS)
    io.page.get_by_role("button", name="Save and see the draft report").click()
    expect(io.page.get_by_role("heading", level=1)).to_have_text("Investigating Officer's report")
    expect(io.page.locator("main")).to_contain_text(INTRODUCTION)
    expect(io.page.locator("main")).to_contain_text("DRAFT")
    io.axe("the draft IO report")

    # -- the Complaints Manager reviews the draft PDF --------------------------------------
    manager = journey.sign_in("manager")
    manager.open_case(reference, via="Cases")
    manager.axe("case page: letters and reports")
    open_letter(manager, "Investigating Officer's report")
    draft = read_pdf(download(manager.page, "PDF of Investigating Officer's report"))
    assert "DRAFT" in draft["text"] and ANALYSIS in draft["text"]

    # -- the Investigating Officer makes it final -----------------------------------------
    io.open_case(reference)
    io.step("Make the report final")
    io.date("Date of the final report", REPORT_FINAL_ON)
    io.do("Make the report final")
    report = Document.objects.get(complaint=complaint, key="io_report")
    assert report.state == "final" and INTRODUCTION in report.body

    # The Independent Person's report and the adjudicator's appointment, by the real actions.
    ip_reported(complaint, p)
    appoint_adjudicator(complaint, p)

    # -- the adjudicator opens the report and adjudicates ----------------------------------
    adjudicator = journey.sign_in("adjudicator")
    adjudicator.open_case(reference)
    open_letter(adjudicator, "Investigating Officer's report")
    expect(adjudicator.page.locator("main")).to_contain_text(ANALYSIS)
    expect(adjudicator.page.locator("main")).not_to_contain_text("DRAFT")
    adjudicator.axe("the final IO report, as the adjudicator")
    final = download(adjudicator.page, "PDF of Investigating Officer's report")
    assert_accessible_pdf(final, title="Investigating Officer's report", says=[INTRODUCTION])
    adjudicator.page.get_by_role("link", name=re.compile(f"^Back to {reference}")).click()
    adjudicator.step("Record the adjudication decisions")
    for number in (1, 2):
        adjudicator.choose(
            f"Do you accept the finding on point {number}?", "Yes, accept the finding"
        )
        adjudicator.fill(f"Reasons for your decision on point {number}", "The evidence shows it.")
    adjudicator.choose("Do you accept recommendation 1?", "Yes, accept it")
    adjudicator.fill("Reasons for your decision on recommendation 1", "It puts things right.")
    adjudicator.fill("What will be done about recommendation 1?", "Written apology and a plan.")
    adjudicator.fill("Who is responsible for the action on recommendation 1?", "Team manager")
    due = timezone.localdate().replace(year=timezone.localdate().year + 1, month=1, day=15)
    adjudicator.date("When must the action on recommendation 1 be done by?", due)
    adjudicator.date("Date of the adjudication", date(2025, 10, 23))
    adjudicator.do("Record the adjudication decisions", button="Save the decisions")

    # -- the Complaints Manager edits the letter and records it sent -----------------------
    manager.open_case(reference, via="Cases")
    letters = manager.page.locator("#letters")
    expect(letters).to_contain_text("Our decision on your complaint")
    expect(letters).to_contain_text(f"Copy to {ADVOCATE}")
    open_letter(manager, "Our decision on your complaint")
    manager.axe("the draft adjudication letter")
    manager.page.get_by_role("link", name="Change the text").click()
    manager.axe()
    box = manager.page.get_by_role("textbox").first
    box.fill(box.input_value() + "\n\n" + ADDED + "\n")
    manager.page.get_by_role("button", name="Save", exact=True).click()
    expect(manager.page.locator("main")).to_contain_text(ADDED)
    manager.page.get_by_role("link", name="Record it as sent").click()
    manager.axe()
    manager.date("Date it was sent", date(2025, 10, 24))
    manager.page.get_by_label("By post", exact=True).check()
    manager.fill("Sent to", "4 Orchard Row\nRiverton\nRT2 9CD")
    manager.page.get_by_role("button", name="Record it as sent").click()
    expect(manager.page.locator("main")).to_contain_text("Sent")
    manager.axe("a sent letter")

    letter = Document.objects.get(complaint=complaint, key="adjudication_letter")
    assert (letter.state, letter.sent_on, letter.sent_how) == ("sent", date(2025, 10, 24), "post")
    assert ADDED in letter.body and any(ADVOCATE in copy for copy in letter.copies)
    complaint.refresh_from_db()
    assert complaint.stage2.adjudication_letter_sent_on == date(2025, 10, 24)
    sent = assert_accessible_pdf(
        download(manager.page, "PDF of Our decision on your complaint"),
        title="Our decision on your complaint",
        says=[ADDED, f"Copy to: {ADVOCATE}"],
    )
    assert "DRAFT" not in sent["text"]
