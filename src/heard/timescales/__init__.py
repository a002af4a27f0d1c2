"""Timescales: the working-day calendar, bank holidays and the statutory timescale rules.

This app imports no other Heard app, so every other part of Heard can depend on it.
"""
