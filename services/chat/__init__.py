"""The conversation around the pure bot engine: load a conversation, give the bot a read-only
view of the data (`bot_view`), apply the effects it returns (`bot_effects`), store the step;
plus identification-attempt locks and the numbers the simulator may not use.

May use: bot, channels (the simulated-sender marker), people, collection, settings, core, models,
billing.
"""
