"""Failpoints for crash tests: named points where a test can catch a worker and kill it.

`FATURA_FAILPOINTS=before_provider_call` (comma-separated names) makes a process that
reaches that point touch `<FATURA_FAILPOINT_DIR>/<name>.<pid>` and sleep, so the test can
`kill -9` it exactly there. In every real environment the variable is unset and `hit` only
reads it.
"""

from __future__ import annotations

import os
import time
from pathlib import Path

SLEEP_SECONDS = 600


def hit(name: str) -> None:
    """Stop here if a test armed this failpoint."""
    armed = os.environ.get("FATURA_FAILPOINTS", "")
    if not armed or name not in armed.split(","):
        return
    folder = Path(os.environ.get("FATURA_FAILPOINT_DIR", "."))
    (folder / f"{name}.{os.getpid()}").touch()
    time.sleep(SLEEP_SECONDS)
