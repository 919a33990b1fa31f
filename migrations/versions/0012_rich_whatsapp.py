"""rich WhatsApp: photos waiting to be read, interactive contents created at Twilio

Revision ID: 0012
Revises: 0010 (on this branch; 0011 once the hand-off admin branch is merged)
Create Date: 2026-12-01 12:00:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0012"
down_revision: str | None = "0011"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

WHEN = sa.DateTime(timezone=True)


def upgrade() -> None:
    """The pending_photo and whatsapp_content tables."""
    op.create_table(
        "pending_photo",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("inbound_message_id", sa.Integer(), nullable=False),
        sa.Column("url", sa.String(length=500), nullable=False),
        sa.Column("content_type", sa.String(length=100), nullable=False),
        sa.Column("created_at", WHEN, nullable=False),
        sa.ForeignKeyConstraint(
            ["inbound_message_id"],
            ["inbound_message.id"],
            name=op.f("fk_pending_photo_inbound_message_id_inbound_message"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_pending_photo")),
    )
    with op.batch_alter_table("pending_photo", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_pending_photo_inbound_message_id"), ["inbound_message_id"]
        )
    op.create_table(
        "whatsapp_content",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("content_hash", sa.String(length=64), nullable=False),
        sa.Column("content_sid", sa.String(length=64), nullable=False),
        sa.Column("created_at", WHEN, nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_whatsapp_content")),
        sa.UniqueConstraint("content_hash", name=op.f("uq_whatsapp_content_content_hash")),
    )


def downgrade() -> None:
    """Drop what upgrade added."""
    op.drop_table("whatsapp_content")
    with op.batch_alter_table("pending_photo", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_pending_photo_inbound_message_id"))
    op.drop_table("pending_photo")
