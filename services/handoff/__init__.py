"""Hand-offs to a person: protocol numbers, the conversation's hand-off state (the bot steps
aside), the bot's hand-off effects, and what staff do with a hand-off: take it (assignment),
answer the consumer (staff_messages, sent by a job through sending/outgoing, held outside
WhatsApp's window by window), attach an invoice, close it with the survey (closing); the
transcript, the provider's statuses (message_status), the home's figures (stats) and the
sweeper of staff messages (sweep)."""
