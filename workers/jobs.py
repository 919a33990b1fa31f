"""RQ job functions: thin, take ids only, and let exceptions propagate so the queue retries."""

from __future__ import annotations

import logging

from channels.base import ChannelError
from channels.registry import channel_for
from services import deliveries, dispatch
from services.runtime import db_session
from workers.context import job_runtime

log = logging.getLogger(__name__)


def send_delivery(delivery_id: int) -> None:
    """Send one delivery if it is still pending; a finished or claimed one is left alone."""
    with job_runtime() as runtime:
        session = db_session()
        delivery = deliveries.claim(session, delivery_id)
        if delivery is None:
            log.info("delivery %d is not pending; nothing to do", delivery_id)
            return
        try:
            channel = channel_for(delivery.medium, runtime.config, runtime.db)
            result = dispatch.send(session, runtime, channel, delivery)
        except ChannelError as exc:
            if not exc.transient:
                deliveries.mark_failed(session, delivery, str(exc), exc.code)
                return
            deliveries.release_for_retry(session, delivery, str(exc), exc.code)
            raise
        deliveries.mark_sent(session, delivery, result.provider_id)
        log.info("delivery %d sent through %s", delivery_id, channel.name)
