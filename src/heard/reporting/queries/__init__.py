"""The reports' queries: plain functions over the case records, one module per report.

Views call these and render what they return; nothing here knows about requests or templates,
so the same rows serve the page, the CSV download and any later annual report.
"""
