"""Rendering a template in a sandbox that sees only the case data handed to it.

Administrators change letter templates in the browser, so a template is untrusted code. It
runs in Jinja2's ``ImmutableSandboxedEnvironment``: no underscore attributes, no unsafe
callables, nothing that changes the data. And it is only ever given plain data (dicts, lists,
strings, numbers, booleans: ``case_data``), never a model, so there is no manager, query or
method on a record to reach. There is no loader, so ``include`` and ``import`` find nothing;
undefined names raise instead of printing nothing, so a misspelt placeholder is an error the
editor sees, not a gap in a complainant's letter.

Values are written into Markdown, so each is escaped for Markdown on the way in: a name with
an asterisk or a reason that starts with "#" prints as typed.
"""

from __future__ import annotations

import re
from functools import lru_cache
from typing import Any

from jinja2 import StrictUndefined, Template, TemplateError
from jinja2.sandbox import ImmutableSandboxedEnvironment

# Characters that would start Markdown formatting mid-line, and line openings that would turn
# a line into a heading, a list item or a quote. Backslash-escaping ASCII punctuation is
# always literal in CommonMark, so the escaped text reads the same once rendered.
_INLINE = re.compile(r"([\\`*_\[\]<>|~!])")
_BLANK_LINES = re.compile(r"\n[ \t]*(?:\n[ \t]*){2,}")
_LINE_START = re.compile(r"^(\s*)([#>+\-=]|\d+[.)])", re.MULTILINE)


def escape_markdown(value: Any) -> str:
    """``value`` as text that Markdown prints as it is."""
    text = _INLINE.sub(r"\\\1", str(value))
    return _LINE_START.sub(lambda m: m.group(1) + "\\" + m.group(2), text)


class _Raw(str):
    """A value a template marks as already Markdown (``{{ text | raw }}``): the typed text of
    a report's narrative, whose paragraphs and lists the writer meant."""


def _finalize(value: Any) -> Any:
    if value is None:
        return ""
    if isinstance(value, _Raw):
        return str(value)
    return escape_markdown(value)


class TemplateProblem(Exception):
    """A template that cannot be rendered: the message is for the person editing it."""

    def __init__(self, message: str, line: int | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.line = line

    def __str__(self) -> str:
        if self.line:
            return f"Line {self.line}: {self.message}"
        return self.message


def _environment() -> ImmutableSandboxedEnvironment:
    environment = ImmutableSandboxedEnvironment(
        undefined=StrictUndefined,
        autoescape=False,
        finalize=_finalize,
        keep_trailing_newline=True,
        trim_blocks=False,
        lstrip_blocks=True,
    )
    environment.filters["raw"] = _Raw
    return environment


ENVIRONMENT = _environment()


@lru_cache(maxsize=256)
def _compiled(source: str) -> Template:
    """``source`` compiled once per process: compiling is most of a letter's cost, and the
    same few dozen templates are filled again and again. Keyed by the text itself, so an
    edited template is a new entry and never served stale."""
    return ENVIRONMENT.from_string(source)


def render(source: str, data: dict[str, Any]) -> str:
    """``source`` rendered with ``data``, or ``TemplateProblem`` saying what is wrong."""
    try:
        template = _compiled(source)
        # A condition that prints nothing leaves its blank lines behind: one blank line
        # between paragraphs is all Markdown needs, and all a person editing the text wants.
        return _BLANK_LINES.sub("\n\n", template.render(data)).strip() + "\n"
    except TemplateError as error:
        line = getattr(error, "lineno", None)
        raise TemplateProblem(_plain(error), line) from error
    except (TypeError, ValueError, ArithmeticError, LookupError, AttributeError) as error:
        # A filter given the wrong kind of value, a division by zero: the template's fault.
        raise TemplateProblem(f"The template could not be filled in: {error}") from error
    except RecursionError as error:
        raise TemplateProblem("The template calls itself without end.") from error


def _plain(error: TemplateError) -> str:
    """The library's message, in words an editor can act on."""
    message = str(error.message or error)
    undefined = re.match(r"'(?:[^']*)' (?:object )?has no attribute '([^']+)'", message)
    if undefined:
        return f"There is no '{undefined.group(1)}' in the case data at that point."
    missing = re.match(r"'([^']+)' is undefined", message)
    if missing:
        return f"There is no '{missing.group(1)}' in the case data."
    if "unsafe" in message or "access to attribute" in message:
        return f"The template tried to reach outside the case data ({message})."
    if "no loader" in message.lower():
        return "Templates cannot include or import other files."
    return message
