"""live hand-off: protocol numbers, assignment, staff messages, closing and rating

Revision ID: 0010
Revises: 0009
Create Date: 2026-11-29 12:00:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0010"
down_revision: str | None = "0009"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

WHEN = sa.DateTime(timezone=True)
ADDED = ("rated_at", "rating_comment", "rating", "close_reason", "returned_at",
         "first_answer_at", "assigned_at", "assigned_to", "in_hours", "protocol")  # fmt: skip


def upgrade() -> None:
    """New hand-off columns, the outage report's protocol, handoff_message and the daily
    protocol sequence. Rows from before keep no protocol (None)."""
    with op.batch_alter_table("handoff", schema=None) as batch_op:
        batch_op.add_column(sa.Column("protocol", sa.String(length=20), nullable=True))
        batch_op.add_column(
            sa.Column("in_hours", sa.Boolean(), nullable=False, server_default=sa.true())
        )
        batch_op.add_column(sa.Column("assigned_to", sa.String(length=60), nullable=True))
        batch_op.add_column(sa.Column("assigned_at", WHEN, nullable=True))
        batch_op.add_column(sa.Column("first_answer_at", WHEN, nullable=True))
        batch_op.add_column(sa.Column("returned_at", WHEN, nullable=True))
        batch_op.add_column(sa.Column("close_reason", sa.Text(), nullable=True))
        batch_op.add_column(sa.Column("rating", sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column("rating_comment", sa.Text(), nullable=True))
        batch_op.add_column(sa.Column("rated_at", WHEN, nullable=True))
        batch_op.create_unique_constraint(batch_op.f("uq_handoff_protocol"), ["protocol"])
    with op.batch_alter_table("handoff", schema=None) as batch_op:
        batch_op.alter_column("in_hours", server_default=None)
    with op.batch_alter_table("outage_report", schema=None) as batch_op:
        batch_op.add_column(sa.Column("protocol", sa.String(length=20), nullable=True))
        batch_op.create_unique_constraint(batch_op.f("uq_outage_report_protocol"), ["protocol"])
    op.create_table(
        "handoff_message",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("handoff_id", sa.Integer(), nullable=False),
        sa.Column("author", sa.String(length=60), nullable=False),
        sa.Column("kind", sa.String(length=20), nullable=False),
        sa.Column("body", sa.Text(), nullable=False),
        sa.Column("pending_body", sa.Text(), nullable=True),
        sa.Column("status", sa.String(length=20), nullable=False),
        sa.Column("provider_sid", sa.String(length=64), nullable=True),
        sa.Column("error", sa.Text(), nullable=True),
        sa.Column("created_at", WHEN, nullable=False),
        sa.Column("sent_at", WHEN, nullable=True),
        sa.ForeignKeyConstraint(
            ["handoff_id"],
            ["handoff.id"],
            name=op.f("fk_handoff_message_handoff_id_handoff"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_handoff_message")),
    )
    with op.batch_alter_table("handoff_message", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_handoff_message_handoff_id"), ["handoff_id"])
        batch_op.create_index(batch_op.f("ix_handoff_message_provider_sid"), ["provider_sid"])
    op.create_table(
        "protocol_sequence",
        sa.Column("day", sa.String(length=8), nullable=False),
        sa.Column("last", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("day", name=op.f("pk_protocol_sequence")),
    )


def downgrade() -> None:
    """Drop what upgrade added."""
    op.drop_table("protocol_sequence")
    with op.batch_alter_table("handoff_message", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_handoff_message_provider_sid"))
        batch_op.drop_index(batch_op.f("ix_handoff_message_handoff_id"))
    op.drop_table("handoff_message")
    with op.batch_alter_table("outage_report", schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f("uq_outage_report_protocol"), type_="unique")
        batch_op.drop_column("protocol")
    with op.batch_alter_table("handoff", schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f("uq_handoff_protocol"), type_="unique")
        for column in ADDED:
            batch_op.drop_column(column)
