"""Forms for the pages every user sees: signing in."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.forms import AuthenticationForm
from django.core.exceptions import ValidationError

from heard.govuk_forms import GovukFormMixin


class SignInForm(GovukFormMixin, AuthenticationForm):
    """Django's sign-in form with plain-English messages shown beside the boxes.

    A wrong username or password is reported on the password box rather than above the form,
    so the error summary links somewhere and the person lands where they retype. The message
    never says which of the two was wrong.
    """

    error_messages = {
        **AuthenticationForm.error_messages,
        "invalid_login": "The username or password is not right. Check both and try again.",
        "inactive": "This account has been turned off. Ask your manager to turn it back on.",
    }

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        username = self.fields["username"]
        username.error_messages["required"] = "Enter your username"
        username.widget.attrs.update(spellcheck="false", autocapitalize="none")
        self.fields["password"].error_messages["required"] = "Enter your password"

    def clean(self) -> dict[str, Any]:
        try:
            return super().clean()
        except ValidationError as error:
            if error.code != "invalid_login":
                raise
            self.add_error("password", error)
            return self.cleaned_data
