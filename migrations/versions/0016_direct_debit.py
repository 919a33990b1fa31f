"""automatic debit: bank opt-ins, debit files, debit requests, file sequences, closed days

Revision ID: 0016
Revises: 0012 (on this branch; the integrator re-chains it after the other branches)
Create Date: 2026-11-29 13:30:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0016"
down_revision: str | None = "0015"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

WHEN = sa.DateTime(timezone=True)


def _enrollment() -> None:
    """debit_enrollment: one per UC."""
    op.create_table(
        "debit_enrollment",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("unit_id", sa.Integer(), nullable=False),
        sa.Column("bank_code", sa.String(length=3), nullable=False),
        sa.Column("agency", sa.String(length=4), nullable=False),
        sa.Column("account", sa.String(length=14), nullable=False),
        sa.Column("company_id", sa.String(length=25), nullable=False),
        sa.Column("pending_company_id", sa.String(length=25), nullable=True),
        sa.Column("active", sa.Boolean(), nullable=False),
        sa.Column("opted_on", sa.Date(), nullable=False),
        sa.Column("cancelled_on", sa.Date(), nullable=True),
        sa.Column("updated_at", WHEN, nullable=False),
        sa.ForeignKeyConstraint(
            ["unit_id"], ["unit.id"], name=op.f("fk_debit_enrollment_unit_id_unit")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_debit_enrollment")),
        sa.UniqueConstraint("unit_id", name=op.f("uq_debit_enrollment_unit_id")),
    )
    with op.batch_alter_table("debit_enrollment", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_debit_enrollment_company_id"), ["company_id"])


def _files() -> None:
    """debit_file: sent, received and rejected files."""
    op.create_table(
        "debit_file",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("direction", sa.String(length=10), nullable=False),
        sa.Column("status", sa.String(length=20), nullable=False),
        sa.Column("identity", sa.String(length=60), nullable=True),
        sa.Column("filename", sa.String(length=255), nullable=False),
        sa.Column("bank_code", sa.String(length=3), nullable=True),
        sa.Column("sequence", sa.Integer(), nullable=True),
        sa.Column("file_date", sa.Date(), nullable=True),
        sa.Column("records", sa.Integer(), nullable=False),
        sa.Column("total", sa.BigInteger(), nullable=True),
        sa.Column("counts", sa.JSON(), nullable=False),
        sa.Column("error", sa.Text(), nullable=True),
        sa.Column("content", sa.Text(), nullable=True),
        sa.Column("created_by", sa.String(length=60), nullable=False),
        sa.Column("created_at", WHEN, nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_debit_file")),
        sa.UniqueConstraint("identity", name=op.f("uq_debit_file_identity")),
    )


def _requests() -> None:
    """debit_request: one per invoice sent for debit."""
    op.create_table(
        "debit_request",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("invoice_id", sa.Integer(), nullable=False),
        sa.Column("enrollment_id", sa.Integer(), nullable=False),
        sa.Column("sent_file_id", sa.Integer(), nullable=False),
        sa.Column("amount", sa.BigInteger(), nullable=False),
        sa.Column("status", sa.String(length=20), nullable=False),
        sa.Column("return_code", sa.String(length=2), nullable=True),
        sa.Column("reason", sa.String(length=120), nullable=True),
        sa.Column("result_file_id", sa.Integer(), nullable=True),
        sa.Column("result_on", sa.Date(), nullable=True),
        sa.ForeignKeyConstraint(
            ["enrollment_id"],
            ["debit_enrollment.id"],
            name=op.f("fk_debit_request_enrollment_id_debit_enrollment"),
        ),
        sa.ForeignKeyConstraint(
            ["invoice_id"], ["invoice.id"], name=op.f("fk_debit_request_invoice_id_invoice")
        ),
        sa.ForeignKeyConstraint(
            ["result_file_id"],
            ["debit_file.id"],
            name=op.f("fk_debit_request_result_file_id_debit_file"),
        ),
        sa.ForeignKeyConstraint(
            ["sent_file_id"],
            ["debit_file.id"],
            name=op.f("fk_debit_request_sent_file_id_debit_file"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_debit_request")),
        sa.UniqueConstraint("invoice_id", name=op.f("uq_debit_request_invoice_id")),
    )
    with op.batch_alter_table("debit_request", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_debit_request_enrollment_id"), ["enrollment_id"])
        batch_op.create_index(batch_op.f("ix_debit_request_sent_file_id"), ["sent_file_id"])


def upgrade() -> None:
    """The automatic-debit tables, the file sequence per bank and the closed days."""
    _enrollment()
    _files()
    _requests()
    op.create_table(
        "collection_sequence",
        sa.Column("bank_code", sa.String(length=3), nullable=False),
        sa.Column("last", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("bank_code", name=op.f("pk_collection_sequence")),
    )
    op.create_table(
        "closed_day",
        sa.Column("day", sa.Date(), nullable=False),
        sa.Column("closed_by", sa.String(length=60), nullable=False),
        sa.Column("closed_at", WHEN, nullable=False),
        sa.PrimaryKeyConstraint("day", name=op.f("pk_closed_day")),
    )


def downgrade() -> None:
    """Drop what upgrade added."""
    op.drop_table("closed_day")
    op.drop_table("collection_sequence")
    with op.batch_alter_table("debit_request", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_debit_request_sent_file_id"))
        batch_op.drop_index(batch_op.f("ix_debit_request_enrollment_id"))
    op.drop_table("debit_request")
    op.drop_table("debit_file")
    with op.batch_alter_table("debit_enrollment", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_debit_enrollment_company_id"))
    op.drop_table("debit_enrollment")
