"""Getting invoices to people: delivery rows (one per invoice, copy kind, medium and
destination), issuance of first copies, the send checks, dispatch through a channel, provider
status callbacks, the sweeper, staff copies, paid notices and the printed batch.

May use: documents, collection, settings, core, channels, bot (plain-text forms of replies),
models, billing.
"""
