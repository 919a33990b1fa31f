"""replies sent through the REST API: how a message was answered and how far its sending got

Revision ID: 0013
Revises: 0012
Create Date: 2026-11-29 13:40:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0013"
down_revision: str | None = "0012"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    """inbound_message.reply_via, replies_sent and send_lease_until, indexed for the sweeper."""
    with op.batch_alter_table("inbound_message", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column("reply_via", sa.String(length=8), nullable=False, server_default="twiml")
        )
        batch_op.add_column(
            sa.Column("replies_sent", sa.Integer(), nullable=False, server_default="0")
        )
        batch_op.add_column(sa.Column("send_lease_until", sa.DateTime(timezone=True)))
        batch_op.create_index(batch_op.f("ix_inbound_message_reply_via"), ["reply_via"])


def downgrade() -> None:
    """Drop what upgrade added."""
    with op.batch_alter_table("inbound_message", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_inbound_message_reply_via"))
        batch_op.drop_column("send_lease_until")
        batch_op.drop_column("replies_sent")
        batch_op.drop_column("reply_via")
