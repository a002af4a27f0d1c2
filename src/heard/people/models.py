"""The user model.

Heard has its own user model from the first migration because staff roles and appointments
will hang off it; swapping Django's default user later is a painful migration.
"""

from __future__ import annotations

from django.contrib.auth.models import AbstractUser


class User(AbstractUser):
    """Anyone who signs in: council staff and external independent officers alike."""

    class Meta:
        db_table = "people_user"

    def __str__(self) -> str:
        return self.get_full_name() or self.username
