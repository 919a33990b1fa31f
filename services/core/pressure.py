"""Whether the web is behind: while it is, background work that can wait (deciding deferred
messages) waits, so the web answers every webhook far inside Twilio's 15 seconds.

A web worker that sees connections waiting in its accept queue says so (at most every
SAY_EVERY_S per process, a SET with a short expiry on the queue's Redis, or a timestamp in
this process with the in-process queue); a worker deciding deferred messages asks before
each conversation (at most every ASK_EVERY_S). Advisory only: a lost or stale flag delays
or hurries background work by a fraction of a second, never loses it.
"""

from __future__ import annotations

import time
from typing import Any

KEY = "fatura:web-behind"
HOLD_S = 0.5  # the flag lasts this long after the last time a web worker said it
SAY_EVERY_S = 0.1
ASK_EVERY_S = 0.05

_said_at = 0.0
_local_until = 0.0
_asked: tuple[float, bool] = (0.0, False)


def say_behind(queue: Any) -> None:
    """The web is behind: hold background work back for HOLD_S (throttled per process)."""
    global _said_at, _local_until
    now = time.monotonic()
    if now - _said_at < SAY_EVERY_S:
        return
    _said_at = now
    redis = getattr(queue, "redis", None)
    if redis is None:
        _local_until = now + HOLD_S
        return
    try:
        redis.set(KEY, 1, px=int(HOLD_S * 1000))
    except Exception:  # advisory: a Redis hiccup must not fail a webhook
        _said_at = 0.0


def web_behind(queue: Any) -> bool:
    """True while a web worker said it is behind in the last HOLD_S (cached ASK_EVERY_S)."""
    global _asked
    now = time.monotonic()
    if now - _asked[0] < ASK_EVERY_S:
        return _asked[1]
    redis = getattr(queue, "redis", None)
    answer = bool(redis.exists(KEY)) if redis is not None else now < _local_until
    _asked = (now, answer)
    return answer


def forget() -> None:
    """Clear this process's memory of the flag (tests)."""
    global _said_at, _local_until, _asked
    _said_at, _local_until, _asked = 0.0, 0.0, (0.0, False)
