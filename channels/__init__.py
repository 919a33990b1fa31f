"""One adapter per medium behind one small protocol (`channels.base`): Twilio WhatsApp and SMS,
SMTP e-mail, and the outbox table that stands in for them when no provider is configured.

May use: models (delivery media, the outbox and conversation rows), billing, config.
"""
