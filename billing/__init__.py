"""Pure payment-code domain: arrecadação and boleto barcodes, PIX, NF3e keys, ITF/QR drawings.

Nothing here performs I/O or imports web, database or queue libraries, so every function can be
called from the bot, the services and the workers alike and tested in isolation.
"""
