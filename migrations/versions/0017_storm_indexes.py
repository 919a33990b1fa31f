"""outage storms: find a number's undecided (deferred) messages, and the last hour's messages

Revision ID: 0017
Revises: 0016
Create Date: 2026-11-29 14:00:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0017"
down_revision: str | None = "0016"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    """A partial index of waiting messages (deferred, or REST replies unsent) by number
    (every message's read phase asks it, and it holds only the few rows waiting); received_at
    for the admin home's chart of the last hour."""
    op.create_index(
        "ix_inbound_message_deferred",
        "inbound_message",
        ["channel", "from_number"],
        postgresql_where=sa.text("reply_via IN ('deferred', 'rest')"),
        sqlite_where=sa.text("reply_via IN ('deferred', 'rest')"),
    )
    op.create_index("ix_inbound_message_received_at", "inbound_message", ["received_at"])


def downgrade() -> None:
    """Drop what upgrade added."""
    op.drop_index("ix_inbound_message_received_at", table_name="inbound_message")
    op.drop_index("ix_inbound_message_deferred", table_name="inbound_message")
