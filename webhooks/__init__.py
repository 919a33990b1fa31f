"""Twilio's webhooks only: inbound WhatsApp/SMS messages and delivery status callbacks,
verified by signature, parsed, handed to services, committed, then enqueued.

May use: api (the JSON error shape), workers, services, models, billing.
"""
