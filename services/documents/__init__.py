"""Invoice and payment-slip PDFs: the template context (codes, chart, item table), rendering
with WeasyPrint, the stored copy (render once, keep by content hash), and the links that reach
it: signed `/media/<token>` links and short `/m/<code>` links for SMS.

May use: collection (the payment view), settings, core, models, billing.
"""
