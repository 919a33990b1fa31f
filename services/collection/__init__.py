"""Getting paid: the payment view of a stored invoice (codes, refusals, updated amounts), bank
return files marking invoices paid, payments that matched nothing, minimum-value settlement,
updated debt and the day close.

May use: settings, core, models, billing.
"""
