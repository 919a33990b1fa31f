"""Who the service knows: consumers' enrolments (with their consent record) and staff users
with their login throttle.

May use: settings, core, models, billing.
"""
