"""outage reports and unrecognized messages, from the chat's free-text understanding

Revision ID: 0009
Revises: 0008
Create Date: 2026-11-30 09:00:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0009"
down_revision: str | None = "0008"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    """Create outage_report and unrecognized_message with their indexes."""
    op.create_table(
        "outage_report",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("channel", sa.String(length=20), nullable=False),
        sa.Column("phone", sa.String(length=16), nullable=False),
        sa.Column("uc", sa.String(length=20), nullable=True),
        sa.Column("text", sa.Text(), nullable=False),
        sa.Column("inbound_message_id", sa.Integer(), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["inbound_message_id"],
            ["inbound_message.id"],
            name=op.f("fk_outage_report_inbound_message_id_inbound_message"),
            ondelete="SET NULL",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_outage_report")),
    )
    op.create_index(
        op.f("ix_outage_report_created_at"), "outage_report", ["created_at"], unique=False
    )
    op.create_table(
        "unrecognized_message",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("text_key", sa.String(length=500), nullable=False),
        sa.Column("text", sa.Text(), nullable=False),
        sa.Column("count", sa.Integer(), nullable=False),
        sa.Column("first_seen", sa.DateTime(timezone=True), nullable=False),
        sa.Column("last_seen", sa.DateTime(timezone=True), nullable=False),
        sa.Column("last_guess", sa.String(length=40), nullable=False),
        sa.Column("last_confidence_bp", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_unrecognized_message")),
        sa.UniqueConstraint("text_key", name=op.f("uq_unrecognized_message_text_key")),
    )
    op.create_index(
        op.f("ix_unrecognized_message_last_seen"),
        "unrecognized_message",
        ["last_seen"],
        unique=False,
    )


def downgrade() -> None:
    """Drop both tables (their rows are review aids, rebuilt as messages come)."""
    op.drop_index(op.f("ix_unrecognized_message_last_seen"), table_name="unrecognized_message")
    op.drop_table("unrecognized_message")
    op.drop_index(op.f("ix_outage_report_created_at"), table_name="outage_report")
    op.drop_table("outage_report")
