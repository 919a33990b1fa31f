"""drop conversation.state (always "start") and conversation.unit_id (never written)

Revision ID: 0008
Revises: 0007
Create Date: 2026-11-29 09:10:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0008"
down_revision: str | None = "0007"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    """Drop the two unused columns and the unit foreign key."""
    with op.batch_alter_table("conversation", schema=None) as batch_op:
        batch_op.drop_constraint(op.f("fk_conversation_unit_id_unit"), type_="foreignkey")
        batch_op.drop_column("unit_id")
        batch_op.drop_column("state")


def downgrade() -> None:
    """Re-add both columns as 0001 made them; existing rows get state "start"."""
    with op.batch_alter_table("conversation", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column("state", sa.String(length=40), server_default="start", nullable=False)
        )
        batch_op.add_column(sa.Column("unit_id", sa.Integer(), nullable=True))
        batch_op.create_foreign_key(
            op.f("fk_conversation_unit_id_unit"), "unit", ["unit_id"], ["id"]
        )
    with op.batch_alter_table("conversation", schema=None) as batch_op:
        batch_op.alter_column("state", existing_type=sa.String(length=40), server_default=None)
