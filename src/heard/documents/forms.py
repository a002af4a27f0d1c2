"""The forms of the letter pages: a draft's text, its sending, and a template's text.

Each reads only what it is sent: text no longer than its column, whole numbers through
``WholeNumberField`` and dates through ``GovukDateField`` (decision 024), so no answer causes a
server error. The rules (a draft only, a date not in the future, a template that renders) are
the actions' (``sending``, ``templates_admin``); their refusals are shown beside the box they
name.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from django import forms
from django.utils import timezone

from heard.documents.models import Document
from heard.documents.templates_admin import NOTE_LENGTH
from heard.govuk_forms import GovukDateField, GovukFormMixin
from heard.numbers import WholeNumberField

# A letter runs to a few thousand characters; a long report's narrative to some tens of
# thousands. A box this size is never a letter, and stops a huge post being rendered.
TEXT_LENGTH = 100_000

MARKDOWN_HINT = (
    'Leave a blank line between paragraphs. Start a line with "## " for a heading, and '
    'with "- " for each item of a list.'
)

STALE_PAGE = "This page was out of date. Open the letter again and make your change there."


def _revision() -> WholeNumberField:
    return WholeNumberField(
        widget=forms.HiddenInput,
        error_messages={"required": STALE_PAGE, "invalid": STALE_PAGE, "max_value": STALE_PAGE},
    )


class EditForm(GovukFormMixin, forms.Form):
    """A draft's text (Markdown), and the revision it was opened at."""

    body = forms.CharField(
        label="Text of the letter",
        help_text=MARKDOWN_HINT,
        max_length=TEXT_LENGTH,
        strip=False,
        widget=forms.Textarea(attrs={"rows": 24, "spellcheck": "true"}),
        error_messages={
            "required": "Enter the text of the letter",
            "max_length": f"The text must be {TEXT_LENGTH:,} characters or fewer",
        },
    )
    revision = _revision()

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["body"].label_size = "m"  # type: ignore[attr-defined]


class SendForm(GovukFormMixin, forms.Form):
    """When, how and where a letter went."""

    on = GovukDateField(
        label="Date it was sent",
        help_text="For example, 27 3 2026",
        what="the date it was sent",
        label_size="m",
        error_messages={"required": "Enter the date it was sent"},
    )
    how = forms.ChoiceField(
        label="How was it sent?",
        choices=Document.SentHow.choices,
        widget=forms.RadioSelect,
        error_messages={
            "required": "Choose how the letter was sent",
            "invalid_choice": "Choose how the letter was sent",
        },
    )
    to = forms.CharField(
        label="Sent to",
        help_text="The postal address or email address it went to.",
        max_length=400,  # Document.sent_to
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
        error_messages={"max_length": "The address must be 400 characters or fewer"},
    )
    revision = _revision()

    def __init__(self, *args: Any, today: date | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        day = today or timezone.localdate()
        on = self.fields["on"]
        if isinstance(on, GovukDateField):
            on.first_year = 2000
            on.last_year = day.year
        self.fields["how"].label_size = "m"  # type: ignore[attr-defined]
        self.fields["to"].label_size = "m"  # type: ignore[attr-defined]


class PreviewForm(GovukFormMixin, forms.Form):
    """A template's text and the case to fill it with: all a preview needs."""

    body = forms.CharField(
        label="Text of the letter",
        help_text=(
            f"{MARKDOWN_HINT} Words in double curly brackets, such as "
            "{{ recipient.name }}, are filled in from the case when the letter is drafted: "
            "keep them as they are, or preview to check a change."
        ),
        max_length=TEXT_LENGTH,
        strip=False,
        widget=forms.Textarea(attrs={"rows": 28, "spellcheck": "true"}),
        error_messages={
            "required": "Enter the text of the letter",
            "max_length": f"The text must be {TEXT_LENGTH:,} characters or fewer",
        },
    )
    case = forms.CharField(
        label="Case to preview it with",
        help_text="The case's reference, for example C-2026-00031.",
        max_length=40,
        required=False,
        widget=forms.TextInput(attrs={"spellcheck": "false", "autocomplete": "off"}),
        error_messages={"max_length": "A case reference is 40 characters or fewer"},
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["body"].label_size = "m"  # type: ignore[attr-defined]
        self.fields["case"].widget.attrs["class"] += " govuk-input--width-10"

    def clean_case(self) -> str:
        return str(self.cleaned_data.get("case") or "").strip().upper()


class TemplateForm(PreviewForm):
    """A new version of a template: its text, a note saying why, the case it was previewed
    with, and the version the editor started from."""

    note = forms.CharField(
        label="What changed and why",
        help_text="Kept with the version, for whoever reads the history.",
        max_length=NOTE_LENGTH,
        required=False,
        error_messages={"max_length": f"The note must be {NOTE_LENGTH} characters or fewer"},
    )
    based_on = WholeNumberField(
        widget=forms.HiddenInput,
        error_messages={
            "required": STALE_PAGE,
            "invalid": STALE_PAGE,
            "max_value": STALE_PAGE,
        },
    )
