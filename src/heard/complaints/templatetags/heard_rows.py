"""Rows of the longest lists, written with ``format_html`` instead of template loops.

Django's template engine spends about ten microseconds on each node it renders. A case's
timeline (fifty entries or more), the home queue (up to 75 rows) and the case list (50 rows)
were each most of their page's rendering at 100,000 complaints (decision 035). Each filter
here writes the markup its template's loop wrote, row for row; ``format_html`` escapes every
value, as the template did. The rows arrive with everything already in words (``TimelineEntry``
in ``views.case_page``, ``QueueRow`` in ``queue``, ``CaseRow`` in ``views.cases``), so these
only lay them out.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django import template
from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString, mark_safe

register = template.Library()

NOTHING_DUE = mark_safe('<span class="govuk-hint govuk-!-margin-0">Nothing due</span>')  # noqa: S308
NO_ONE = mark_safe('<span class="govuk-hint govuk-!-margin-0">No one</span>')  # noqa: S308


def _joined(parts: Iterable[SafeString]) -> SafeString:
    return mark_safe("".join(parts))  # noqa: S308 - every part is format_html's, escaped


def _timeline_item(entry: Any) -> SafeString:
    happened: SafeString | str = ""
    if entry.happened_iso:
        # A step recorded on a later day than it happened says both (decision 019).
        happened = format_html(
            'Happened on <time datetime="{}">{}</time>; recorded by ',
            entry.happened_iso,
            entry.happened_words,
        )
    who = format_html("{} ({})", entry.by, entry.role) if entry.role else entry.by or "Heard"
    return format_html(
        '<li class="govuk-!-margin-bottom-4">\n'
        '<p class="govuk-body govuk-!-font-weight-bold govuk-!-margin-bottom-1">{}</p>\n'
        '<p class="govuk-body-s govuk-!-margin-bottom-0">{}{}, '
        '<time datetime="{}">{}</time></p>\n</li>\n',
        entry.summary,
        happened,
        who,
        entry.at_iso,
        entry.at_words,
    )


@register.filter
def timeline_items(entries: Iterable[Any]) -> SafeString:
    """The case page's "What has happened": one list item per ``TimelineEntry``."""
    return _joined(_timeline_item(entry) for entry in entries)


def _queue_row(row: Any) -> SafeString:
    complainant = (
        format_html('<br><span class="govuk-body-s">{}</span>', row.complainant)
        if row.complainant
        else ""
    )
    if row.overdue:
        left = format_html('<strong class="govuk-tag govuk-tag--red">{}</strong>', row.left_words)
    elif row.due_today:
        left = format_html(
            '<strong class="govuk-tag govuk-tag--orange">{}</strong>', row.left_words
        )
    else:
        left = format_html("{}", row.left_words)
    return format_html(
        '<tr class="govuk-table__row">\n'
        '<td class="govuk-table__cell">{}</td>\n'
        '<td class="govuk-table__cell"><a class="govuk-link" href="{}">{}</a>{}</td>\n'
        '<td class="govuk-table__cell">{}</td>\n'
        '<td class="govuk-table__cell">{}</td>\n'
        '<td class="govuk-table__cell">{}</td>\n'
        '<td class="govuk-table__cell">{}</td>\n'
        "</tr>\n",
        row.label,
        row.url,
        row.reference,
        complainant,
        row.waits_on or "Complaints team",
        row.due_words,
        left,
        row.handler or "No one",
    )


@register.filter
def queue_rows(rows: Iterable[Any]) -> SafeString:
    """One group of the home queue: a table row per ``QueueRow``."""
    return _joined(_queue_row(row) for row in rows)


def _due_cell(row: Any) -> SafeString:
    complaint = row.complaint
    if not complaint.due_on:
        return NOTHING_DUE
    label = (
        format_html('<br><span class="govuk-body-s">{}</span>', complaint.due_label)
        if complaint.due_label
        else ""
    )
    if row.overdue:
        left = format_html(
            '<strong class="govuk-tag govuk-tag--red">Overdue</strong> '
            '<span class="govuk-body-s">{}</span>',
            row.overdue_by,
        )
    else:
        left = format_html('<span class="govuk-body-s">{}</span>', row.days_left)
    return format_html("{}{}<br>{}", row.due_words, label, left)


def _case_row(row: Any) -> SafeString:
    children = (
        format_html('<br><span class="govuk-body-s">Child: {}</span>', ", ".join(row.children))
        if row.children
        else ""
    )
    stage = format_html("{}<br>", row.stage) if row.stage else ""
    officers = (
        format_html_join(mark_safe("<br>"), "{}", ((officer,) for officer in row.officers))
        if row.officers
        else NO_ONE
    )
    return format_html(
        '<tr class="govuk-table__row">\n'
        '<th scope="row" class="govuk-table__header">'
        '<a class="govuk-link" href="{}">{}</a></th>\n'
        '<td class="govuk-table__cell">{}{}</td>\n'
        '<td class="govuk-table__cell">{}<strong class="govuk-tag {}">{}</strong></td>\n'
        '<td class="govuk-table__cell">{}</td>\n'
        '<td class="govuk-table__cell">{}</td>\n'
        '<td class="govuk-table__cell">{}</td>\n'
        "</tr>\n",
        row.url,
        row.complaint.reference,
        ", ".join(row.complainants) or "None recorded",
        children,
        stage,
        row.status_tag,
        row.status,
        _due_cell(row),
        row.handler or "Not assigned",
        officers,
    )


@register.filter
def case_rows(rows: Iterable[Any]) -> SafeString:
    """The case list's table body: a row per ``CaseRow``."""
    return _joined(_case_row(row) for row in rows)
