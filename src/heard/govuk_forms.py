"""GOV.UK Design System form markup, from Django's own form machinery.

Why not a library: crispy-forms-gds 2.0.1 (its latest release) requires django-crispy-forms
< 2.4, and only 2.4 and later support Django 5.2; its markup also predates GOV.UK Frontend 5
(error summary, buttons as ``<input>``). Django 5.2 has what we need built in: field templates,
a form renderer, and ``bound_field_class``. So:

* :class:`GovukFormMixin` gives a form our renderer and bound field, puts GOV.UK classes on its
  widgets, and turns off HTML ``required`` and ``autofocus``: GOV.UK validates on the server and
  shows its own error messages, and moving focus on load confuses screen reader users.
* ``{{ field.as_field_group }}`` renders label, hint, error message and input with the templates
  in ``templates/heard/forms/``; ``{{ form }}`` renders every field that way.
* :class:`GovukDateField` is the GOV.UK date input: day, month and year boxes with the Design
  System's error messages, highlighting only the boxes that are wrong.
* ``templates/heard/includes/error_summary.html`` lists every error, linking each to its box.
"""

from __future__ import annotations

import re
from datetime import MAXYEAR, MINYEAR, date
from typing import TYPE_CHECKING, Any

from django import forms
from django.core.exceptions import ValidationError
from django.forms.boundfield import BoundField
from django.forms.renderers import BaseRenderer, DjangoTemplates
from django.forms.widgets import Input
from django.utils.html import conditional_escape
from django.utils.safestring import SafeString, mark_safe
from django.utils.text import capfirst

DATE_PARTS = ("day", "month", "year")

# Between GovukDateBoundField and GovukDateInput only: which boxes to mark as wrong. The widget
# removes it from the attributes before rendering.
_ERROR_PARTS = "_heard_error_parts"

MONTH_NAMES = {
    name: number
    for number, names in enumerate(
        (
            ("january", "jan"),
            ("february", "feb"),
            ("march", "mar"),
            ("april", "apr"),
            ("may",),
            ("june", "jun"),
            ("july", "jul"),
            ("august", "aug"),
            ("september", "sep", "sept"),
            ("october", "oct"),
            ("november", "nov"),
            ("december", "dec"),
        ),
        start=1,
    )
    for name in names
}
# ASCII digits only: ``int()`` would also read "٣" (an Arabic-Indic three). A day or month is
# also held to two significant digits, because a 20-digit day makes ``date()`` raise
# OverflowError rather than the ValueError a wrong day gives.
_NUMBER = re.compile(r"[0-9]+")


class GovukFormRenderer(DjangoTemplates):
    """Django's template renderer with GOV.UK field and form templates as the defaults."""

    form_template_name = "heard/forms/form.html"
    field_template_name = "heard/forms/field.html"


# One renderer for every GOV.UK form: a renderer builds its template engine once.
RENDERER = GovukFormRenderer()

# The GOV.UK class for each kind of widget, and its error modifier is "<class>--error".
_WIDGET_CLASSES: tuple[tuple[type[forms.Widget], str], ...] = (
    (forms.Textarea, "govuk-textarea"),
    (forms.Select, "govuk-select"),
    (forms.CheckboxInput, ""),
    (forms.FileInput, "govuk-file-upload"),
    (Input, "govuk-input"),
)


def _govuk_class(widget: forms.Widget) -> str:
    for widget_class, css_class in _WIDGET_CLASSES:
        if isinstance(widget, widget_class):
            return css_class
    return ""


def _add_classes(existing: str | None, *classes: str) -> str:
    words = (existing or "").split()
    return " ".join([*words, *(c for c in classes if c and c not in words)])


class GovukBoundField(BoundField):
    """A bound field that knows GOV.UK's error styling and where its error summary link goes."""

    @property
    def error_anchor(self) -> str:
        """The id the error summary links to: the box to correct (the first, for radios)."""
        if isinstance(self.field.widget, forms.RadioSelect | forms.CheckboxSelectMultiple):
            return f"{self.auto_id}_0"
        return self.id_for_label or self.auto_id or self.html_name

    def build_widget_attrs(
        self, attrs: dict[str, Any], widget: forms.Widget | None = None
    ) -> dict[str, Any]:
        attrs = super().build_widget_attrs(attrs, widget)
        widget = widget or self.field.widget
        css_class = _govuk_class(widget)
        if self.errors and css_class and not isinstance(widget, forms.MultiWidget):
            existing = attrs.get("class", widget.attrs.get("class"))
            attrs["class"] = _add_classes(str(existing or ""), f"{css_class}--error")
        return attrs


# For the type checker the mixin is a Form (so ``super().clean()`` and the class attributes
# below are checked against Django's); at run time it is a plain mixin placed before the form.
if TYPE_CHECKING:
    _FormBase = forms.Form
else:
    _FormBase = object


class GovukFormMixin(_FormBase):
    """Mix into a Form (first) to render it with GOV.UK markup."""

    default_renderer: BaseRenderer | type[BaseRenderer] | None = RENDERER
    bound_field_class: type[BoundField] | None = GovukBoundField
    use_required_attribute = False
    fields: dict[str, forms.Field]

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            style_field(field)

    def clean(self) -> dict[str, Any]:
        """Django's clean, typed as it behaves: the cleaned answers, never None."""
        super().clean()
        return self.cleaned_data


def _option(value: Any, label: Any, selected: bool) -> str:
    """One ``<option>`` as Django's ``select_option.html`` writes it for a plain select."""
    chosen = " selected" if selected else ""
    shown = conditional_escape(label)
    return f'<option value="{conditional_escape(value)}"{chosen}>{shown}</option>'


class GovukSelect(forms.Select):
    """A select box whose options are written in Python, not through a template each.

    Django builds a dictionary for every ``<option>`` and renders each by including
    ``select_option.html``; an include costs the template engine about a tenth of a
    millisecond. The case list's officer filter offers everyone with a current appointment
    (some 250 at a large council), which made its filter form two fifths of the page's time.
    ``style_field`` uses this for plain selects only (not for subclasses, which may change
    how options are made), and the markup is Django's: the first option whose value matches
    is selected, groups become ``<optgroup>``, and labels and values are escaped unless
    marked safe."""

    template_name = "heard/forms/widgets/select.html"

    def optgroups(
        self, name: str, value: list[str], attrs: dict[str, Any] | None = None
    ) -> list[Any]:
        """Nothing: the template writes ``options_html`` instead (see ``get_context``)."""
        return []

    def get_context(self, name: str, value: Any, attrs: dict[str, Any] | None) -> dict[str, Any]:
        context = super().get_context(name, value, attrs)
        context["widget"]["options_html"] = self.options_html(context["widget"]["value"])
        return context

    def options_html(self, value: list[str]) -> SafeString:
        """The options, with the first whose value is in ``value`` (``format_value``'s
        strings) selected, as ``ChoiceWidget.optgroups`` decides."""
        wanted = set(value)
        has_selected = False
        parts: list[str] = []
        for option_value, option_label in self.choices:
            if option_value is None:
                option_value = ""
            grouped = isinstance(option_label, list | tuple)
            options = option_label if grouped else [(option_value, option_label)]
            written = []
            for sub_value, sub_label in options:
                selected = not has_selected and str(sub_value) in wanted
                has_selected |= selected
                written.append(_option(sub_value, sub_label, selected))
            inner = "".join(written)
            if grouped:
                label = conditional_escape(option_value)
                inner = f'<optgroup label="{label}">{inner}</optgroup>'
            parts.append(inner)
        # Every value and label above went through conditional_escape.
        return mark_safe("".join(parts))  # noqa: S308


def _use_template(field: forms.Field, name: str) -> None:
    """Give a field our GOV.UK template unless it has its own (Django 5's Field.template_name,
    which django-stubs 5.2 does not list yet)."""
    if not getattr(field, "template_name", None):
        field.template_name = name  # type: ignore[attr-defined]


def style_field(field: forms.Field) -> None:
    """Put GOV.UK classes on a field's widget, and pick the password template for passwords."""
    widget = field.widget
    widget.attrs.pop("autofocus", None)
    if isinstance(widget, forms.MultiWidget) or widget.is_hidden:
        return
    # Radios, checkboxes and a single checkbox have their own GOV.UK markup. Django makes
    # CheckboxSelectMultiple a kind of RadioSelect, so it is asked about first.
    if isinstance(widget, forms.CheckboxSelectMultiple):
        _use_template(field, "heard/forms/checkboxes_field.html")
        return
    if isinstance(widget, forms.RadioSelect):
        _use_template(field, "heard/forms/radios_field.html")
        return
    if isinstance(widget, forms.CheckboxInput):
        _use_template(field, "heard/forms/checkbox_field.html")
        return
    if type(widget) is forms.Select:
        # The same widget, drawn faster (GovukSelect adds no state of its own, so the
        # instance the field made, with its choices and settings, is kept as it is).
        widget.__class__ = GovukSelect
    widget.attrs["class"] = _add_classes(widget.attrs.get("class"), _govuk_class(widget))
    if isinstance(widget, forms.PasswordInput):
        widget.attrs["class"] = _add_classes(
            widget.attrs["class"], "govuk-password-input__input", "govuk-js-password-input-input"
        )
        widget.attrs.setdefault("spellcheck", "false")
        widget.attrs.setdefault("autocapitalize", "none")
        _use_template(field, "heard/forms/password_field.html")


# -- date input ---------------------------------------------------------------------------


class GovukDateInput(forms.MultiWidget):
    """Three boxes, named ``<name>_day``, ``<name>_month`` and ``<name>_year``."""

    template_name = "heard/forms/widgets/date_input.html"

    def __init__(self, attrs: dict[str, Any] | None = None) -> None:
        widths = {"day": 2, "month": 2, "year": 4}
        widgets: dict[str, forms.Widget | type[forms.Widget]] = {
            part: forms.TextInput(
                attrs={
                    "class": f"govuk-input govuk-date-input__input govuk-input--width-{width}",
                    "inputmode": "numeric",
                }
            )
            for part, width in widths.items()
        }
        super().__init__(widgets, attrs)

    def decompress(self, value: date | None) -> list[int | None]:
        if value is None:
            return [None, None, None]
        return [value.day, value.month, value.year]

    def id_for_label(self, id_: str) -> str:
        return f"{id_}_day" if id_ else ""

    def get_context(self, name: str, value: Any, attrs: dict[str, Any] | None) -> dict[str, Any]:
        attrs = dict(attrs or {})
        error_parts = attrs.pop(_ERROR_PARTS, ())
        attrs.pop("aria-invalid", None)  # set per box below, not on all three
        context = super().get_context(name, value, attrs)
        id_ = context["widget"]["attrs"].get("id")
        for part, subwidget in zip(DATE_PARTS, context["widget"]["subwidgets"], strict=True):
            subwidget["label"] = capfirst(part)
            if id_:
                subwidget["attrs"]["id"] = f"{id_}_{part}"
            if part in error_parts:
                subwidget["attrs"]["class"] = _add_classes(
                    subwidget["attrs"].get("class"), "govuk-input--error"
                )
                subwidget["attrs"]["aria-invalid"] = "true"
        return context


class GovukDateBoundField(GovukBoundField):
    """Knows which of day, month and year are wrong, from the errors' ``parts`` parameter."""

    @property
    def error_parts(self) -> list[str]:
        """The boxes to highlight; all three when an error does not say which."""
        wrong: set[str] = set()
        for error in self.errors.as_data():
            wrong.update((error.params or {}).get("parts", DATE_PARTS))
        return [part for part in DATE_PARTS if part in wrong]

    @property
    def error_anchor(self) -> str:
        parts = self.error_parts or ["day"]
        return f"{self.auto_id}_{parts[0]}"

    def build_widget_attrs(
        self, attrs: dict[str, Any], widget: forms.Widget | None = None
    ) -> dict[str, Any]:
        attrs = super().build_widget_attrs(attrs, widget)
        if self.errors:
            attrs[_ERROR_PARTS] = self.error_parts
        return attrs


class GovukDateField(forms.MultiValueField):
    """A date from day, month and year boxes, with the GOV.UK date input's error messages.

    ``what`` names the date in every message ("the start date" gives "Enter the start date",
    "The start date must include a month" and "The start date must be a real date"), so that
    an error read in the summary at the top of the page says which date it is about.
    ``first_year`` and ``last_year``, when set, limit the year; a form may set them per
    request (the field is copied for each form).
    Month names ("Dec", "December") are accepted as well as numbers, as GOV.UK advises.
    """

    widget = GovukDateInput
    bound_field_class = GovukDateBoundField

    def __init__(
        self,
        *,
        what: str,
        first_year: int | None = None,
        last_year: int | None = None,
        label_size: str | None = None,
        **kwargs: Any,
    ) -> None:
        kwargs.setdefault("template_name", "heard/forms/date_field.html")
        parts = tuple(forms.CharField(required=False) for _ in DATE_PARTS)
        super().__init__(parts, require_all_fields=False, **kwargs)
        self.what = what
        self.first_year = first_year
        self.last_year = last_year
        self.label_size = label_size

    def compress(self, data_list: list[Any]) -> date | None:  # pragma: no cover - unused
        raise NotImplementedError("GovukDateField.clean builds the date itself")

    def clean(self, value: Any) -> date | None:
        """Check the three boxes in the order GOV.UK's date input guidance gives."""
        boxes = [str(v).strip() if v is not None else "" for v in value or ()]
        day, month, year = (*boxes, "", "", "")[:3]
        if not (day or month or year):
            if self.required:
                raise ValidationError(f"Enter {self.what}", code="required")
            return None
        missing = [
            part for part, text in zip(DATE_PARTS, (day, month, year), strict=True) if not text
        ]
        if missing:
            raise ValidationError(
                f"{capfirst(self.what)} must include a {' and '.join(missing)}",
                code="incomplete",
                params={"parts": missing},
            )
        month_number = _month_number(month)
        not_numbers = [
            part
            for part, ok in (
                ("day", _NUMBER.fullmatch(day) and len(day.lstrip("0")) <= 2),
                ("month", month_number is not None),
                ("year", _NUMBER.fullmatch(year)),
            )
            if not ok
        ]
        if not_numbers:
            raise ValidationError(
                f"{capfirst(self.what)} must be a real date",
                code="invalid",
                params={"parts": not_numbers},
            )
        if len(year) != 4:
            raise ValidationError(
                f"The year in {self.what} must include 4 numbers",
                code="invalid_year",
                params={"parts": ["year"]},
            )
        if month_number is None or not 1 <= month_number <= 12:
            raise ValidationError(
                f"{capfirst(self.what)} must be a real date",
                code="invalid",
                params={"parts": ["month"]},
            )
        self._check_year(int(year))
        try:
            result = date(int(year), month_number, int(day))
        except ValueError:
            raise ValidationError(
                f"{capfirst(self.what)} must be a real date",
                code="invalid",
                params={"parts": ["day"]},
            ) from None
        self.run_validators(result)
        return result

    def _check_year(self, year: int) -> None:
        first, last = self.first_year, self.last_year
        if (first is not None and year < first) or (last is not None and year > last):
            what = capfirst(self.what)
            if first is not None and last is not None:
                message = f"{what} must be between {first} and {last}"
            elif first is not None:
                message = f"{what} must be in {first} or later"
            else:
                message = f"{what} must be in {last} or earlier"
            raise ValidationError(message, code="out_of_range", params={"parts": ["year"]})
        # With no limits set, still keep a day's room either side of what ``date`` can hold,
        # so "the day after" or "the day before" an answer can always be worked out.
        if not MINYEAR < year < MAXYEAR:
            raise ValidationError(
                f"{capfirst(self.what)} must be a real date",
                code="invalid",
                params={"parts": ["year"]},
            )


def _month_number(text: str) -> int | None:
    """A month typed as a number or a name ("12", "Dec", "December"); None if neither (or a
    number far too long to be a month)."""
    if _NUMBER.fullmatch(text):
        return int(text) if len(text.lstrip("0")) <= 2 else None
    return MONTH_NAMES.get(text.lower())
