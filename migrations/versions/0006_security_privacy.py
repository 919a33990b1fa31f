"""security and privacy: atomic identification attempts, staff session versions, simulated marks

Revision ID: 0006
Revises: 0005
Create Date: 2026-11-29 08:00:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0006"
down_revision: str | None = "0005"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    """Apply this revision."""
    op.create_table(
        "identification_attempt",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("scope", sa.String(length=8), nullable=False),
        sa.Column("key", sa.String(length=24), nullable=False),
        sa.Column("window_start", sa.DateTime(timezone=True), nullable=False),
        sa.Column("count", sa.Integer(), nullable=False),
        sa.Column("strikes", sa.Integer(), nullable=False),
        sa.Column("locked_until", sa.DateTime(timezone=True), nullable=True),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_identification_attempt")),
        sa.UniqueConstraint("scope", "key", name=op.f("uq_identification_attempt_scope_key")),
    )
    with op.batch_alter_table("staff_user", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column("session_version", sa.Integer(), server_default="0", nullable=False)
        )
    with op.batch_alter_table("inbound_message", schema=None) as batch_op:
        batch_op.add_column(sa.Column("simulated_by", sa.String(length=60), nullable=True))
    with op.batch_alter_table("consent", schema=None) as batch_op:
        batch_op.add_column(sa.Column("simulated_by", sa.String(length=60), nullable=True))


def downgrade() -> None:
    """Revert this revision."""
    with op.batch_alter_table("consent", schema=None) as batch_op:
        batch_op.drop_column("simulated_by")
    with op.batch_alter_table("inbound_message", schema=None) as batch_op:
        batch_op.drop_column("simulated_by")
    with op.batch_alter_table("staff_user", schema=None) as batch_op:
        batch_op.drop_column("session_version")
    op.drop_table("identification_attempt")
