"""LGPD: the retention purge and data-subject requests (find, export, erase a person).

A package of its own rather than part of people: it reaches across every other capability's
rows (conversations, enrolments, deliveries, documents) to purge, export or anonymise them.
May use: chat, people, delivery, settings, core, models, billing.
"""
