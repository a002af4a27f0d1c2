"""The people a complaint is from and about."""

from __future__ import annotations

from django.conf import settings
from django.db import models

from heard.complaints.models.choices import ENTITLED_IN_OWN_RIGHT, Relationship
from heard.complaints.models.complaint import Complaint


class Complainant(models.Model):
    """A person making the complaint, and their relationship to the child."""

    complaint = models.ForeignKey(Complaint, on_delete=models.CASCADE, related_name="complainants")
    name = models.CharField(max_length=200)
    relationship = models.CharField(max_length=30, choices=Relationship.choices)
    email = models.EmailField(blank=True)
    phone = models.CharField(max_length=40, blank=True)
    address = models.TextField(blank=True)
    # A third party acting for a child: the child's views and, where appropriate, agreement
    # (rule 4). Never a precondition for someone entitled in their own right.
    child_views = models.TextField(blank=True)
    child_agrees = models.BooleanField(null=True, blank=True)
    # "Sufficient interest" decision (rule 3), for relationship OTHER.
    sufficient_interest_decided_on = models.DateField(null=True, blank=True)
    sufficient_interest = models.BooleanField(null=True, blank=True)
    sufficient_interest_child_views_sought = models.BooleanField(null=True, blank=True)
    sufficient_interest_child_views_considered = models.BooleanField(null=True, blank=True)
    sufficient_interest_child_notified = models.BooleanField(null=True, blank=True)
    sufficient_interest_decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    sufficient_interest_letter_on = models.DateField(
        null=True, blank=True, help_text="When a 'no' decision was sent to the person."
    )

    class Meta:
        ordering = ["id"]

    def __str__(self) -> str:
        return self.name

    @property
    def is_entitled_in_own_right(self) -> bool:
        return self.relationship in ENTITLED_IN_OWN_RIGHT

    @property
    def is_eligible(self) -> bool:
        """Eligible for the statutory route: a listed category, or found to have an interest."""
        return self.is_entitled_in_own_right or self.sufficient_interest is True


class Child(models.Model):
    """A child or young person the complaint concerns."""

    complaint = models.ForeignKey(Complaint, on_delete=models.CASCADE, related_name="children")
    name = models.CharField(max_length=200)
    date_of_birth = models.DateField(null=True, blank=True)
    looked_after = models.BooleanField(default=False)
    care_leaver = models.BooleanField(default=False)

    class Meta:
        ordering = ["id"]
        verbose_name_plural = "children"

    def __str__(self) -> str:
        return self.name
