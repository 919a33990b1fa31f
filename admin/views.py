"""Importing this module attaches every admin screen to the blueprint."""

from __future__ import annotations

import admin.views_auth
import admin.views_copies
import admin.views_debit
import admin.views_deliveries
import admin.views_email
import admin.views_enrollment
import admin.views_free_text
import admin.views_handoff_actions
import admin.views_handoffs
import admin.views_installments
import admin.views_installments_new
import admin.views_payments
import admin.views_prescription
import admin.views_protocols
import admin.views_settings  # noqa: F401
from admin.blueprint import bp

__all__ = ["bp"]
