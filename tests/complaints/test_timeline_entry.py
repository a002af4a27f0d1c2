"""The case page's timeline entries are written in Python (decision 035): each value is
escaped, the author is named with their role or as Heard, and a step recorded on a later
day than it happened says both (decision 019)."""

from __future__ import annotations

from heard.complaints.views.case_page import TimelineEntry, timeline_html


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
    html = entry().html()
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
    assert "Heard, <time" in entry(by="", role="").html()
    assert "Priya Shah, <time" in entry(role="").html()


def test_a_step_recorded_later_says_when_it_happened() -> None:
    html = entry(happened_iso="2026-02-27", happened_words="Friday 27 February 2026").html()
    assert (
        'Happened on <time datetime="2026-02-27">Friday 27 February 2026</time>; recorded by '
        "Priya Shah (Investigating Officer)"
    ) in html


def test_every_value_is_escaped() -> None:
    html = timeline_html([entry(summary="<script>x</script>", by="A & B", role="<i>")])
    assert "<script>" not in html and "&lt;script&gt;x&lt;/script&gt;" in html
    assert "A &amp; B (&lt;i&gt;)" in html
