"""rich WhatsApp: the outbox keeps a reply's tappable options, for the chat simulator

Revision ID: 0014
Revises: 0013
Create Date: 2026-11-29 14:30:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0014"
down_revision: str | None = "0013"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    """outbox_message.choice: a list picker or buttons as JSON (NULL for a plain message)."""
    with op.batch_alter_table("outbox_message", schema=None) as batch_op:
        batch_op.add_column(sa.Column("choice", sa.JSON(), nullable=True))


def downgrade() -> None:
    """Drop what upgrade added."""
    with op.batch_alter_table("outbox_message", schema=None) as batch_op:
        batch_op.drop_column("choice")
