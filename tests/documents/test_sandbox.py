"""Templates run in a sandbox that sees only the case data handed to it (decision 038)."""

from __future__ import annotations

import pytest

from heard.documents.formats import markdown_to_html
from heard.documents.sandbox import TemplateProblem, escape_markdown, render

DATA = {"complaint": {"reference": "C-2026-00001"}, "recipient": {"name": "Sam"}}


def test_a_template_fills_in_the_case_data() -> None:
    rendered = render("Dear {{ recipient.name }}, about {{ complaint.reference }}.", DATA)
    assert rendered == "Dear Sam, about C-2026-00001.\n"


@pytest.mark.parametrize(
    "source",
    [
        # A model's manager, a query: there is no model in the data to reach one from.
        "{{ complaint.objects.all() }}",
        "{{ complaint.__class__.objects.all() }}",
        # Python's internals, the usual ways out of a template.
        "{{ ''.__class__.__mro__[1].__subclasses__() }}",
        "{{ complaint.__init__.__globals__ }}",
        "{{ cycler.__init__.__globals__.os }}",
        "{{ lipsum.__globals__['os'].popen('id').read() }}",
        # Files: there is no loader, so nothing to include or import.
        "{% include '/etc/passwd' %}",
        "{% import 'settings.py' as s %}",
        # Changing the data it was handed.
        "{{ complaint.update({'reference': 'X'}) }}",
        "{% set _ = recipient.clear() %}",
        # A name that is not in the data is an error, not a blank in a complainant's letter.
        "{{ complainant.name }}",
        "{{ recipient.nmae }}",
    ],
)
def test_a_template_that_reaches_outside_its_data_is_refused(source: str) -> None:
    data = {"complaint": {"reference": "C-1"}, "recipient": {"name": "Sam"}}
    with pytest.raises(TemplateProblem) as refused:
        render(source, data)
    assert refused.value.message  # something the editor can read
    assert data == {"complaint": {"reference": "C-1"}, "recipient": {"name": "Sam"}}


def test_a_broken_template_says_where() -> None:
    with pytest.raises(TemplateProblem) as refused:
        render("Dear {{ recipient.name }},\n\n{% if %}\n", DATA)
    assert refused.value.line == 3


def test_typed_values_print_as_typed_not_as_markdown() -> None:
    typed = "# Not a heading\n- not a list\n*not bold* <b>not html</b> [not](a link)"
    rendered = render("{{ reason }}", {"reason": typed})
    html = markdown_to_html(rendered)
    assert "<h1>" not in html and "<li>" not in html and "<em>" not in html
    assert "<b>" not in html and "<a " not in html
    assert "# Not a heading" in html and "&lt;b&gt;not html&lt;/b&gt;" in html


def test_raw_prints_a_narrative_s_own_markdown() -> None:
    rendered = render("{{ text | raw }}", {"text": "- one\n- two"})
    assert "<li>one</li>" in markdown_to_html(rendered)


def test_escaping_round_trips_punctuation() -> None:
    assert escape_markdown("O'Brien & Sons, 3.5") == "O'Brien & Sons, 3.5"
