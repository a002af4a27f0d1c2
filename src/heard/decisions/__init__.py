"""Decisions: findings, the Investigating Officer's and Independent Person's reports, the
fact-check, adjudication, recommendations and the actions that follow them."""
