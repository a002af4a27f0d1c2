"""Who did something, for the lowest layers that cannot import ``people``.

Audit rows and calendar changes store the user who acted. They are written from views (where
``request.user`` may be the anonymous user) and from commands (where there may be nobody), so
they take any of those and store an id or nothing.
"""

from __future__ import annotations

from django.contrib.auth.base_user import AbstractBaseUser
from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import PermissionDenied

# Whoever is asking: a signed-in user, or the anonymous user of a request not signed in.
AnyUser = AbstractBaseUser | AnonymousUser


def user_id(user: AnyUser | None) -> int | None:
    """The id to store for who acted: None for nobody, or for someone not signed in."""
    if user is None or not user.is_authenticated:
        return None
    return int(user.pk)


def signed_in_id(user: AnyUser) -> int:
    """The id of someone who must be signed in, for records of what they read or sent; the
    pages that write them are behind sign-in, so anyone else is refused outright."""
    if not user.is_authenticated:
        raise PermissionDenied("Sign in first")
    return int(user.pk)
