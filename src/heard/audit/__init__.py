"""Audit: the append-only record of what happened to each case, and who looked at it.

Imports no other Heard app; complaints and the apps after it write here.
"""
