"""The rows of the longest lists are written by filters, not template loops (decision 035):
each value is escaped, and each row says what the template said. The timeline names the
author with their role or as Heard, and a step recorded on a later day than it happened says
both (decision 019). The pages' own tests check the rows in place."""

from __future__ import annotations

from types import SimpleNamespace

from heard.complaints.templatetags.heard_rows import case_rows, queue_rows, timeline_items
from heard.complaints.views.case_page import TimelineEntry


def entry(**changes: str) -> TimelineEntry:
    values = {
        "summary": "Statement agreed",
        "by": "Priya Shah",
        "role": "Investigating Officer",
        "at_iso": "2026-03-02T09:05:00+00:00",
        "at_words": "2 March 2026 at 9:05am",
        "happened_iso": "",
        "happened_words": "",
    }
    return TimelineEntry(**{**values, **changes})


def test_an_entry_names_who_with_their_role_and_when() -> None:
    html = timeline_items([entry()])
    assert (
        '<p class="govuk-body govuk-!-font-weight-bold govuk-!-margin-bottom-1">'
        "Statement agreed</p>" in html
    )
    assert (
        'Priya Shah (Investigating Officer), <time datetime="2026-03-02T09:05:00+00:00">'
        "2 March 2026 at 9:05am</time>" in html
    )
    assert "Happened on" not in html


def test_what_heard_did_itself_is_said_to_be_by_heard() -> None:
    assert "Heard, <time" in timeline_items([entry(by="", role="")])
    assert "Priya Shah, <time" in timeline_items([entry(role="")])


def test_a_step_recorded_later_says_when_it_happened() -> None:
    html = timeline_items(
        [entry(happened_iso="2026-02-27", happened_words="Friday 27 February 2026")]
    )
    assert (
        'Happened on <time datetime="2026-02-27">Friday 27 February 2026</time>; recorded by '
        "Priya Shah (Investigating Officer)"
    ) in html


def test_every_value_is_escaped() -> None:
    html = timeline_items([entry(summary="<script>x</script>", by="A & B", role="<i>")])
    assert "<script>" not in html and "&lt;script&gt;x&lt;/script&gt;" in html
    assert "A &amp; B (&lt;i&gt;)" in html


def queue_row(**changes: object) -> SimpleNamespace:
    values: dict[str, object] = {
        "label": "Stage 1 response",
        "url": "/cases/7/",
        "reference": "C-2026-00007",
        "complainant": "Sam Rivers",
        "waits_on": "",
        "due_words": "9 Dec 2026",
        "left_words": "2 working days left",
        "overdue": False,
        "due_today": False,
        "handler": "",
    }
    return SimpleNamespace(**{**values, **changes})


def test_a_queue_row_says_who_it_waits_on_and_tags_what_is_overdue_or_due_today() -> None:
    html = queue_rows([queue_row()])
    assert '<a class="govuk-link" href="/cases/7/">C-2026-00007</a>' in html
    assert '<td class="govuk-table__cell">Complaints team</td>' in html
    assert '<td class="govuk-table__cell">No one</td>' in html
    assert "govuk-tag" not in html
    assert 'govuk-tag--red">Overdue by 1 working day<' in queue_rows(
        [queue_row(overdue=True, left_words="Overdue by 1 working day")]
    )
    assert 'govuk-tag--orange">Due today<' in queue_rows(
        [queue_row(due_today=True, left_words="Due today")]
    )


def test_a_queue_row_escapes_what_people_typed() -> None:
    html = queue_rows([queue_row(complainant="<b>Sam</b>", handler="A & B")])
    assert "&lt;b&gt;Sam&lt;/b&gt;" in html and "A &amp; B" in html and "<b>" not in html


def case_row(**changes: object) -> SimpleNamespace:
    complaint = SimpleNamespace(reference="C-2026-00007", due_on=None, due_label="")
    values: dict[str, object] = {
        "complaint": complaint,
        "url": "/cases/7/",
        "complainants": [],
        "children": [],
        "stage": "",
        "status_tag": "govuk-tag--blue",
        "status": "Stage 1 open",
        "due_words": "",
        "overdue": False,
        "overdue_by": "",
        "days_left": "",
        "handler": "",
        "officers": [],
    }
    return SimpleNamespace(**{**values, **changes})


def test_a_case_row_with_nothing_recorded_says_so() -> None:
    html = case_rows([case_row()])
    for words in ("None recorded", "Nothing due", "Not assigned", "No one"):
        assert words in html


def test_a_case_row_lists_people_officers_and_the_next_deadline() -> None:
    complaint = SimpleNamespace(reference="C-1", due_on="set", due_label="Stage 1 response")
    html = case_rows(
        [
            case_row(
                complaint=complaint,
                complainants=["Sam <Rivers>", "Jo"],
                children=["Alex"],
                stage="Stage 2",
                due_words="9 Dec 2026",
                overdue=True,
                overdue_by="by 2 working days",
                officers=["Priya Shah", "Tom & Co"],
            )
        ]
    )
    assert "Sam &lt;Rivers&gt;, Jo" in html and "Child: Alex" in html
    assert "Stage 2<br>" in html
    assert '9 Dec 2026<br><span class="govuk-body-s">Stage 1 response</span><br>' in html
    assert 'govuk-tag--red">Overdue</strong> <span class="govuk-body-s">by 2 working days' in html
    assert "Priya Shah<br>Tom &amp; Co" in html
