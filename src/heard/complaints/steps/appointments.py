"""Appointment step forms: appointing (with suggestions from the roster), standing down, and
time spent and fees."""
