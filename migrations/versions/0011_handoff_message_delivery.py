"""staff messages of a hand-off: the delivery of an attached document, claim bookkeeping

Revision ID: 0011
Revises: 0010
Create Date: 2026-11-30 12:00:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0011"
down_revision: str | None = "0010"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    """handoff_message gets the delivery an attached document went as (its status is shown),
    when its status last changed and how often a job claimed it (the sweeper's clues)."""
    with op.batch_alter_table("handoff_message", schema=None) as batch_op:
        batch_op.add_column(sa.Column("delivery_id", sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column("updated_at", sa.DateTime(timezone=True), nullable=True))
        batch_op.add_column(sa.Column("attempts", sa.Integer(), nullable=False, server_default="0"))
        batch_op.create_index(batch_op.f("ix_handoff_message_delivery_id"), ["delivery_id"])
        batch_op.create_foreign_key(
            batch_op.f("fk_handoff_message_delivery_id_delivery"),
            "delivery",
            ["delivery_id"],
            ["id"],
            ondelete="SET NULL",
        )


def downgrade() -> None:
    """Drop what upgrade added."""
    with op.batch_alter_table("handoff_message", schema=None) as batch_op:
        batch_op.drop_constraint(
            batch_op.f("fk_handoff_message_delivery_id_delivery"), type_="foreignkey"
        )
        batch_op.drop_index(batch_op.f("ix_handoff_message_delivery_id"))
        batch_op.drop_column("attempts")
        batch_op.drop_column("updated_at")
        batch_op.drop_column("delivery_id")
