"""The select box written in Python (``govuk_forms.GovukSelect``) gives Django's own markup.

It replaces Django's template-per-option rendering for speed (decision 033), so what a browser
and a screen reader get must not change: the options, which one is selected, option groups,
and the escaping of what people typed (officers' names, team names)."""

from __future__ import annotations

import re
from typing import Any

import pytest
from django import forms

from heard.govuk_forms import GovukFormMixin, GovukSelect

CHOICES: list[Any] = [
    ("", "Anyone"),
    ("1", 'Ada "Ace" <b>Bell</b> & Co'),
    ("two", "Bo O'Neill"),
    ("Teams", [("t1", "Fostering"), ("t2", "Leaving <care>")]),
]


class Plain(forms.Form):
    pick = forms.ChoiceField(choices=CHOICES, required=False)


class Styled(GovukFormMixin, forms.Form):
    pick = forms.ChoiceField(choices=CHOICES, required=False)


def _tags(html: str) -> str:
    """The markup without the whitespace between tags that Django's templates leave."""
    return re.sub(r">\s+<", "><", html.strip())


@pytest.mark.parametrize("value", [None, "", "1", "t2", "not offered"])
def test_the_options_are_djangos_own(value: str | None) -> None:
    data = None if value is None else {"pick": value}
    expected = str(Plain(data)["pick"])
    styled = Styled(data)
    assert isinstance(styled.fields["pick"].widget, GovukSelect)
    got = str(styled["pick"]).replace(' class="govuk-select"', "")
    got = got.replace(' class="govuk-select govuk-select--error"', "")
    assert _tags(got) == _tags(expected)


def test_what_people_typed_is_escaped() -> None:
    html = str(Styled({"pick": "1"})["pick"])
    assert "<b>" not in html
    assert "Ada &quot;Ace&quot; &lt;b&gt;Bell&lt;/b&gt; &amp; Co" in html
    assert '<option value="1" selected>' in html
    assert '<optgroup label="Teams">' in html


def test_only_the_first_matching_option_is_selected() -> None:
    twice = [("a", "One"), ("a", "Again")]

    class PlainTwice(forms.Form):
        pick = forms.ChoiceField(choices=twice, required=False)

    class StyledTwice(GovukFormMixin, forms.Form):
        pick = forms.ChoiceField(choices=twice, required=False)

    got = str(StyledTwice({"pick": "a"})["pick"]).replace(' class="govuk-select"', "")
    assert _tags(got) == _tags(str(PlainTwice({"pick": "a"})["pick"]))
    assert got.count("selected") == 1


def test_only_plain_selects_are_swapped() -> None:
    class Several(GovukFormMixin, forms.Form):
        many = forms.MultipleChoiceField(choices=CHOICES[:3], required=False)
        yes_no = forms.NullBooleanField(required=False)

    form = Several()
    assert type(form.fields["many"].widget) is forms.SelectMultiple
    assert type(form.fields["yes_no"].widget) is forms.NullBooleanSelect
