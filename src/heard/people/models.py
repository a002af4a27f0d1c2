"""The user model.

Heard has its own user model from the first migration because staff roles and appointments
hang off it; swapping Django's default user later is a painful migration.
"""

from __future__ import annotations

from django.contrib.auth.models import AbstractUser
from django.db import models


class User(AbstractUser):
    """Anyone who signs in: council staff and external independent officers alike."""

    organisation = models.CharField(
        max_length=200, blank=True, help_text="For external officers: the provider they work for."
    )
    job_title = models.CharField(max_length=200, blank=True)
    team = models.CharField(max_length=200, blank=True, help_text="Council team or service.")
    # Independence under reg 2 of the 2006 Regulations turns on these two facts.
    is_council_member_or_officer = models.BooleanField(
        default=True,
        help_text="A member or officer of this council. Untick for external contractors.",
    )
    left_council_on = models.DateField(
        null=True, blank=True, help_text="For former council staff: the date they left."
    )

    class Meta:
        db_table = "people_user"

    def __str__(self) -> str:
        return self.get_full_name() or self.username
