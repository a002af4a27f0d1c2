"""Complaints: the complaint, its parties, its stages, the Statement of Complaint, appointments,
the workflow table and the actions that change them."""
