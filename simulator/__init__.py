"""The chat simulator (`/simulator`): a person chats as a WhatsApp or SMS user through the real
Twilio webhook, signed as Twilio signs, and sees documents from the outbox channel; its photo
picker sends images the worker reads as it reads a real photo. Open on the embedded default,
behind the staff gate otherwise.

May use: webhooks (the simulated-sender marker), admin (the staff gate), services, models,
billing.
"""
