"""HTTP for machines and links: the ERP's REST API under `/api/v1` (bearer token), `/healthz`,
the document links `/media/<token>` and `/m/<code>`, and the JSON error shape every non-page
answer uses (the Twilio webhooks' too).

May use: workers (to enqueue after a commit), services, models, billing.
"""
