"""How many connections wait for this web server: the length of its listening socket's
accept queue, as Linux reports it.

gunicorn's sync workers each take one connection at a time from the kernel's accept queue,
so a request that waits, waits there, before any of our code sees it, and Twilio's webhook
carries no time it was sent. The queue's length is what we can observe: for a listening TCP
socket, `getsockopt(TCP_INFO)` puts it in `tcpi_unacked` (and the queue's limit in
`tcpi_sacked`). One system call, about a microsecond. gunicorn.conf.py hands each worker's
listening sockets over in `post_worker_init`; without them (tests, `fatura serve`, another
platform) the count is 0.
"""

from __future__ import annotations

import logging
import socket
import struct

log = logging.getLogger(__name__)

_TCP_INFO = getattr(socket, "TCP_INFO", None)
_HEAD = struct.Struct("8B6I")  # tcpi_state … then rto, ato, snd_mss, rcv_mss, unacked, sacked
_listeners: list[socket.socket] = []


def watch(listeners: list[socket.socket]) -> None:
    """Observe these listening sockets (the worker's) from now on."""
    _listeners[:] = [s for s in listeners if s.family in (socket.AF_INET, socket.AF_INET6)]


def waiting() -> int:
    """Connections accepted by the kernel and not yet taken by any worker (0 if unknown)."""
    if _TCP_INFO is None:
        return 0
    total = 0
    for listener in _listeners:
        try:
            info = listener.getsockopt(socket.IPPROTO_TCP, _TCP_INFO, _HEAD.size)
        except OSError:
            continue
        total += _HEAD.unpack_from(info)[12]
    return total
