"""Installment plans (parcelamento, docs/product.md#installment-plans): creating a plan from
the chat or by staff with the same rules (`plans`), cancelling it, the daily routine that
issues installments, lapses unpaid entradas and brings overdue balances forward (`routine`),
what the consumer is told (`notices`), and the lists the API and admin show (`queries`).
Payments reach plans through services.collection.plan_payments (return-file import).

May use: delivery, documents, collection, people, settings, core, models, billing.
"""
