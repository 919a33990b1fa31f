"""redact inbound message bodies stored before they were redacted at write time

Revision ID: 0007
Revises: 0006
Create Date: 2026-11-29 09:00:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

from services.core.logging_setup import redact

revision: str = "0007"
down_revision: str | None = "0006"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

BATCH = 1000
MAX_STORED_CHARS = 4096
_MESSAGES = sa.table("inbound_message", sa.column("id", sa.Integer), sa.column("body", sa.Text))


def upgrade() -> None:
    """Cut every stored body to 4,096 characters and redact it, in batches by id."""
    connection = op.get_bind()
    last = 0
    while True:
        rows = connection.execute(
            sa.select(_MESSAGES.c.id, _MESSAGES.c.body)
            .where(_MESSAGES.c.id > last)
            .order_by(_MESSAGES.c.id)
            .limit(BATCH)
        ).all()
        if not rows:
            return
        changed = [
            {"b_id": row.id, "b_body": redact(row.body[:MAX_STORED_CHARS])}
            for row in rows
            if row.body and redact(row.body[:MAX_STORED_CHARS]) != row.body
        ]
        if changed:
            connection.execute(
                _MESSAGES.update()
                .where(_MESSAGES.c.id == sa.bindparam("b_id"))
                .values(body=sa.bindparam("b_body")),
                changed,
            )
        last = rows[-1].id


def downgrade() -> None:
    """Nothing to undo: what was redacted is gone."""
