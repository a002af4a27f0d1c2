"""``heard import-cases``: cases brought in mid-procedure are what Heard would hold had every
step been recorded in Heard on the file's dates (issue 8, point 4).

The expected due dates are worked out here from the dates in the file, with the working-day
calendar and the statutory periods written out as numbers (10/20 working days for Stage 1,
20 to ask for Stage 2 and for Stage 3, 25/65 for Stage 2 from the request, 10 for the
statement, 30 for the panel, 5 for its report, 15 for the council's response), never read back
from the code that stored them.
"""

from __future__ import annotations

import csv
import io
import os
import subprocess
import sys
from collections.abc import Iterator
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import transaction
from django.test import override_settings
from django.utils import timezone

from heard.audit.models import CaseEvent
from heard.complaints.models import Complaint
from heard.demo import load_demo_users
from heard.demo_roster import load_demo_roster
from heard.documents.models import Document
from heard.importing import read_rows
from heard.timescales.snapshot import current_calendar
from tests.shared import copy_migrated

EXAMPLE = Path(__file__).resolve().parents[1] / "docs" / "examples" / "import-cases.csv"
HEARD = Path(sys.executable).with_name("heard")

# What each status is expected to be at: its stage, and which stored deadline the case list
# sorts it by (None where the procedure has ended).
STAGE = {
    "intake": 1,
    "stage1_open": 1,
    "stage1_responded": 1,
    "closed": 1,
    "stage2_requested": 2,
    "stage2_setup": 2,
    "stage2_investigation": 2,
    "stage2_adjudication": 2,
    "stage2_complete": 2,
    "stage3_requested": 3,
    "stage3_panel": 3,
    "stage3_report": 3,
    "stage3_response": 3,
    "stage3_complete": 3,
}
EVERY_STATUS = set(STAGE)

pytestmark = pytest.mark.django_db


@pytest.fixture
def officers(settings: Any, tmp_path: Path) -> None:
    """The people the example file names: the demo staff and the demo roster."""
    settings.DATA_DIR = tmp_path
    load_demo_users()
    load_demo_roster(timezone.localdate())


@pytest.fixture(scope="class")
def imported(
    django_db_setup: None, django_db_blocker: Any, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[tuple[str, str]]:
    """The officers loaded and the example imported once for a class of tests, in a
    transaction rolled back when they are done. Returns what the command printed (its
    standard output and its standard error)."""
    fast = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    with (
        django_db_blocker.unblock(),
        override_settings(DATA_DIR=tmp_path_factory.mktemp("officers"), PASSWORD_HASHERS=fast),
        transaction.atomic(),
    ):
        load_demo_users()
        load_demo_roster(timezone.localdate())
        yield run(EXAMPLE, "--by", "manager")
        transaction.set_rollback(True)


def example_rows() -> list[tuple[int, dict[str, str]]]:
    """The example's rows with their line numbers (the header is line 1; no value in the
    example runs over two lines)."""
    with EXAMPLE.open(newline="", encoding="utf-8") as f:
        return list(enumerate(csv.DictReader(f), start=2))


def day(value: str) -> date | None:
    return date.fromisoformat(value) if value else None


def run(path: Path, *args: str) -> tuple[str, str]:
    """Import ``path``; a refusal is raised again with the lines it printed, to be read."""
    out, err = io.StringIO(), io.StringIO()
    try:
        call_command("import_cases", str(path), *args, stdout=out, stderr=err)
    except CommandError as refused:
        raise CommandError(f"{refused}\n{err.getvalue()}", returncode=refused.returncode) from None
    return out.getvalue(), err.getvalue()


def test_the_example_covers_every_stage_and_status_with_made_up_cases() -> None:
    rows = example_rows()
    assert len(rows) >= 24
    assert {row["status"] for _, row in rows} == EVERY_STATUS
    assert all(row["received_on"].startswith("2026") for _, row in rows)


class TestTheExampleImportedOnce:
    """The example is imported once for these tests (replaying it is most of their cost:
    every row goes through the real actions), inside a transaction rolled back after the
    last of them; each test runs in its own savepoint within it, as usual, so none sees
    another's changes. The imports that must fail, or must start from an empty database
    (the dry run), still import on their own below."""

    def test_importing_the_example_brings_every_case_in_at_the_status_its_row_says(
        self, imported: tuple[str, str]
    ) -> None:
        out, err = imported
        rows = example_rows()
        assert err == ""
        assert out.startswith(f"Imported {len(rows)} cases: ")
        assert Complaint.objects.count() == len(rows)
        for _, row in rows:
            complaint = Complaint.objects.get(reference=row["reference"])
            assert (complaint.status, complaint.stage) == (row["status"], STAGE[row["status"]]), (
                row["reference"]
            )
            assert complaint.received_on == day(row["received_on"])
            assert complaint.complainants.count() == len(row["complainants"].split(";"))

    def test_imported_clocks_match_the_working_day_calendar(
        self, imported: tuple[str, str]
    ) -> None:
        """Every clock counted again here from the file's dates, and the lists' due date (the
        earliest deadline still running, decision 018) worked out from those counts."""
        add = current_calendar().add_working_days
        checked = 0
        for _, row in example_rows():
            c = Complaint.objects.get(reference=row["reference"])
            status = row["status"]
            received = day(row["received_on"])
            assert received is not None
            assert c.acknowledgement_due_on == add(received, 2)
            running: list[date] = []
            if not row["acknowledged_on"] and status in ("intake", "stage1_open"):
                running.append(add(received, 2))
            if status == "intake" and row["route"] in ("statutory", "corporate"):
                running.append(add(received, 10))  # Stage 1 runs from receipt (rule 8)
            if hasattr(c, "stage1"):
                extended = day(row["stage1_extended_to"])
                assert c.stage1.due_on == (extended or add(received, 10)), row["reference"]
                assert c.stage1.cap_on == add(received, 20)
                if status == "stage1_open":
                    running.append(c.stage1.due_on)
                if response := day(row["stage1_response_on"]):
                    assert c.stage1.stage2_request_by == add(response, 20)
                checked += 1
            if requested := day(row["stage2_requested_on"]):
                s2 = c.stage2
                assert (s2.request_due_on, s2.request_cap_on) == (
                    add(requested, 25),
                    add(requested, 65),
                )
                if row["stage2_accepted_on"]:
                    assert (s2.due_on, s2.cap_on) == (add(requested, 25), add(requested, 65))
                stage2_running = status.startswith("stage2_") and status not in (
                    "stage2_complete",
                    "stage2_refused",
                )
                if stage2_running:
                    running.append(add(requested, 25))
                if contact := day(row["first_contact_on"]):
                    assert s2.statement_due_on == add(contact, 10)
                    if stage2_running and not row["statement_agreed_on"]:
                        running.append(add(contact, 10))
                if letter := day(row["adjudication_letter_on"]):
                    assert s2.stage3_request_by == add(letter, 20)
                checked += 1
            if requested3 := day(row["stage3_requested_on"]):
                s3 = c.stage3
                assert s3.panel_due_on == add(requested3, 30), row["reference"]
                met = day(row["panel_met_on"])
                sent = day(row["panel_report_on"])
                if status in ("stage3_requested", "stage3_panel"):
                    running.append(s3.panel_due_on)
                if met:
                    assert s3.report_due_on == add(met, 5)
                    if status == "stage3_report":
                        running.append(s3.report_due_on)
                if sent:
                    assert s3.response_due_on == add(sent, 15)
                    if status == "stage3_response":
                        running.append(s3.response_due_on)
                checked += 1
            # The file carries no agreed actions, records requests or Ombudsman cases, so these
            # are all the deadlines that can run on an imported case.
            assert c.due_on == (min(running) if running else None), row["reference"]
        assert checked >= 30

    def test_each_imported_step_has_its_case_event(self, imported: tuple[str, str]) -> None:
        steps = {
            "classified_on": "complaint.classify",
            "stage1_response_on": "complaint.record_stage1_response",
            "stage1_extended_on": "complaint.extend_stage1",
            "stage2_requested_on": "complaint.request_stage2",
            "stage2_accepted_on": "complaint.accept_stage2",
            "investigation_started_on": "complaint.start_investigation",
            "first_contact_on": "complaint.record_first_contact",
            "statement_agreed_on": "complaint.agree_statement",
            "report_final_on": "complaint.finalise_report",
            "adjudicated_on": "complaint.adjudicate",
            "adjudication_letter_on": "complaint.send_adjudication_letter",
            "stage3_requested_on": "complaint.request_stage3",
            "stage3_accepted_on": "complaint.accept_stage3",
            "panel_met_on": "complaint.hold_panel",
            "panel_report_on": "complaint.issue_panel_report",
            "council_response_on": "complaint.respond_to_panel",
            "closed_on": "complaint.close",
        }
        for _, row in example_rows():
            c = Complaint.objects.get(reference=row["reference"])
            names = list(CaseEvent.objects.filter(complaint_id=c.pk).values_list("name", flat=True))
            assert names[:2] == ["complaint.received", "complaint.imported"]
            for column, event in steps.items():
                assert (event in names) == bool(row[column]), (row["reference"], event)
            appointed = [
                row["investigating_officer"],
                row["independent_person"],
                row["adjudicator"] if row["adjudicator_appointed_on"] else "",
                row["panel_chair"] if row["panel_appointed_on"] else "",
                *(row["panel_members"].split(";") if row["panel_appointed_on"] else []),
            ]
            if row["investigators_appointed_on"] == "":
                appointed[:2] = ["", ""]
            assert names.count("complaint.appoint") == len([p for p in appointed if p.strip()])

    def test_no_letter_is_drafted_for_another_system_s_history(
        self, imported: tuple[str, str]
    ) -> None:
        """The steps happened there, and their letters went from there (decision 038)."""
        assert CaseEvent.objects.filter(name="complaint.accept_stage2").exists()
        assert not Document.objects.exists()

    def test_each_imported_step_keeps_the_date_the_file_gives_not_the_day_of_the_import(
        self, imported: tuple[str, str]
    ) -> None:
        """The steps that used to stamp today: classification, appointments, the investigation's
        start, the adjudication and closing. Their stored dates and their events' dates are the
        file's."""
        checked = 0
        for _, row in example_rows():
            c = Complaint.objects.get(reference=row["reference"])
            events = CaseEvent.objects.filter(complaint_id=c.pk)
            if classified := day(row["classified_on"]):
                assert c.route_decided_on == classified
                assert events.get(name="complaint.classify").happened_on == classified
            if closed := day(row["closed_on"]):
                assert c.closed_on == closed
                assert events.get(name="complaint.close").happened_on == closed
            if appointed := day(row["investigators_appointed_on"]):
                io_appointment = c.appointments.get(role="investigating_officer")
                assert (io_appointment.appointed_on, c.stage2.io_appointed_on) == (appointed,) * 2
            if started := day(row["investigation_started_on"]):
                assert c.stage2.investigation_started_on == started
                assert events.get(name="complaint.start_investigation").happened_on == started
            if adjudicated := day(row["adjudicated_on"]):
                assert c.stage2.adjudication_date == adjudicated
            if panel := day(row["panel_appointed_on"]):
                assert set(
                    c.appointments.filter(role__startswith="panel_").values_list(
                        "appointed_on", flat=True
                    )
                ) == {panel}
                checked += 1
        assert checked >= 5

    def test_importing_the_same_file_twice_refuses_the_second_time_and_changes_nothing(
        self, imported: tuple[str, str]
    ) -> None:
        complaints, events = Complaint.objects.count(), CaseEvent.objects.count()
        err = io.StringIO()
        with pytest.raises(CommandError) as raised:
            call_command("import_cases", str(EXAMPLE), "--by", "manager", stderr=err)
        assert raised.value.returncode == 2
        first = example_rows()[0]
        assert (
            f"line 2: the reference '{first[1]['reference']}' is already in Heard" in err.getvalue()
        )
        assert (Complaint.objects.count(), CaseEvent.objects.count()) == (complaints, events)


def write(tmp_path: Path, rows: list[dict[str, str]]) -> Path:
    path = tmp_path / "cases.csv"
    with path.open("w", newline="", encoding="utf-8") as f:
        writer = csv.DictWriter(f, fieldnames=list(rows[0]), lineterminator="\n")
        writer.writeheader()
        writer.writerows(rows)
    return path


def test_one_bad_row_is_reported_by_its_line_number_and_nothing_is_imported(
    officers: None, tmp_path: Path
) -> None:
    rows = [row for _, row in example_rows()][:8]
    rows[4] = rows[4] | {"stage1_responder": "nobody_here"}  # line 6
    before = Complaint.objects.count()
    with pytest.raises(CommandError) as raised:
        run(write(tmp_path, rows), "--by", "manager")
    assert raised.value.returncode == 2
    assert "nothing imported" in str(raised.value)
    assert Complaint.objects.count() == before
    assert CaseEvent.objects.count() == 0


def test_every_bad_row_is_listed_by_its_line_number(officers: None, tmp_path: Path) -> None:
    rows = [row for _, row in example_rows()]
    by_status = {row["status"]: i for i, row in enumerate(rows)}
    bad_date, order, panel = (
        by_status["stage1_responded"],
        by_status["stage2_investigation"],
        by_status["stage3_report"],
    )
    rows[bad_date] = rows[bad_date] | {"stage1_response_on": "2026-02-30"}
    rows[order] = rows[order] | {"stage2_accepted_on": "2026-01-02"}  # before the request
    rows[panel] = rows[panel] | {"panel_members": "r_bassey"}  # a panel of two
    err = io.StringIO()
    with pytest.raises(CommandError):
        call_command("import_cases", str(write(tmp_path, rows)), "--by", "manager", stderr=err)
    assert err.getvalue().splitlines() == [
        f"line {bad_date + 2}: stage1_response_on '2026-02-30' is not a date (write it as "
        "2026-03-14)",
        f"line {order + 2}: dates out of order: stage2_accepted_on 2026-01-02 is before "
        f"stage2_requested_on {rows[order]['stage2_requested_on']}",
        f"line {panel + 2}: a panel is the chair and two members: name two panel_members",
    ]
    assert Complaint.objects.count() == 0


def test_a_rule_of_the_procedure_refusing_a_step_is_a_bad_row_in_its_own_words(
    officers: None, tmp_path: Path
) -> None:
    """Only the action knows this rule: the offer of an advocate comes before Stage 1 for a
    complaint from a child. The other rows were replayed, and are rolled back with it."""
    rows = [row for _, row in example_rows()]
    child = next(i for i, row in enumerate(rows) if row["complainants"].endswith(":child"))
    rows[child] = rows[child] | {"advocacy_offered_on": "", "advocacy_response": "", "advocate": ""}
    err = io.StringIO()
    with pytest.raises(CommandError) as raised:
        call_command("import_cases", str(write(tmp_path, rows)), "--by", "manager", stderr=err)
    assert raised.value.returncode == 2
    assert err.getvalue().splitlines() == [
        f"line {child + 2}: this complaint is from or about a child, looked-after child or care "
        "leaver: record the offer of an advocate first."
    ]
    assert Complaint.objects.count() == 0
    assert CaseEvent.objects.count() == 0


def test_a_date_outside_the_working_day_calendar_is_a_bad_row_not_a_crash(
    officers: None, tmp_path: Path
) -> None:
    rows = [row for _, row in example_rows()][:3]
    rows[1] = rows[1] | {"received_on": "2009-06-01", "acknowledged_on": "", "classified_on": "",
                         "route": "", "advocacy_offered_on": ""}  # fmt: skip
    err = io.StringIO()
    with pytest.raises(CommandError):
        call_command("import_cases", str(write(tmp_path, rows)), "--by", "manager", stderr=err)
    assert err.getvalue().splitlines() == [
        "line 3: 2009-06-01 is outside the working-day calendar (2010 to 2035)"
    ]
    assert Complaint.objects.count() == 0


def test_a_row_whose_dates_take_the_case_past_its_status_is_a_bad_row(
    officers: None, tmp_path: Path
) -> None:
    """The status column is a check on the dates, not an instruction: a Stage 1 response date
    on a case said to be 'Stage 1 open' would import a case the council does not have."""
    rows = [row for _, row in example_rows()]
    index = next(i for i, row in enumerate(rows) if row["status"] == "stage1_open")
    response = current_calendar().add_working_days(
        date.fromisoformat(rows[index]["received_on"]), 3
    )
    rows = rows[: index + 1]
    rows[index] = rows[index] | {"stage1_response_on": response.isoformat()}
    err = io.StringIO()
    with pytest.raises(CommandError):
        call_command("import_cases", str(write(tmp_path, rows)), "--by", "manager", stderr=err)
    assert err.getvalue().splitlines() == [
        f"line {index + 2}: the dates given bring the case to 'stage 1 responded', not "
        "'stage 1 open' as its status says"
    ]
    assert Complaint.objects.count() == 0


def test_a_value_over_several_lines_keeps_the_line_numbers_of_the_file() -> None:
    text = (
        "reference,received_on,channel,summary,status\n"
        'A-1,2026-03-02,email,"Two lines\nof summary",intake\n'
        "A-2,2026-03-02,email,One line,intake\n"
    )
    rows, errors = read_rows(text)
    assert errors == []
    assert [(row.line, row.text("reference")) for row in rows] == [(2, "A-1"), (4, "A-2")]


def test_a_dry_run_checks_everything_and_imports_nothing(officers: None) -> None:
    out, _ = run(EXAMPLE, "--by", "manager", "--dry-run")
    assert out.startswith(f"Would import {len(example_rows())} cases: ")
    assert Complaint.objects.count() == 0


def test_heard_import_cases_runs_from_the_command_line_and_exits_2_when_it_cannot_import(
    tmp_path: Path, migrated_data_dir: Path
) -> None:
    """The installed script, against its own migrated database (the test database is
    invisible to another process; a copy of the one tests/conftest.py migrates once), so
    ``heard import-cases`` with its hyphen is checked."""
    env = {k: v for k, v in os.environ.items() if k != "DATABASE_URL"}
    env["HEARD_DATA_DIR"] = str(copy_migrated(migrated_data_dir, tmp_path / "data"))
    result = subprocess.run(
        [str(HEARD), "import-cases", str(EXAMPLE), "--by", "nobody"],
        capture_output=True, text=True, env=env, timeout=120, check=False,
    )  # fmt: skip
    assert result.returncode == 2
    assert "no active user 'nobody' in Heard (--by)" in result.stderr
    assert "nothing imported" in result.stderr
