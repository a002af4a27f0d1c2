"""Complaint pages. Each view: parse, check access, call an action, render or redirect."""
