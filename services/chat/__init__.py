"""The conversation around the pure bot engine: load a conversation, give the bot a read-only
view of the data (`bot_view`), apply the effects it returns (`bot_effects`), store the step;
plus identification-attempt locks, the numbers the simulator may not use, and what free text
leaves for staff (`free_text`: outage reports and messages not understood, redacted;
`free_text_review`: what the admin reads, exports and dismisses of them).

May use: bot, channels (the simulated-sender marker), people, collection, settings, core, models,
billing.
"""
