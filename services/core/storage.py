"""Where rendered documents are kept: a small interface, a local directory by default."""

from __future__ import annotations

import os
import tempfile
from datetime import datetime
from pathlib import Path
from typing import Protocol


class Storage(Protocol):
    """A key → bytes store for rendered documents."""

    def get(self, key: str) -> bytes | None:
        """The stored bytes, or None."""
        ...

    def put(self, key: str, data: bytes) -> None:
        """Store `data` under `key` (atomically: readers never see half a file)."""
        ...

    def purge_older_than(self, cutoff: datetime) -> int:
        """Remove documents stored before `cutoff` (they are rendered again on demand)."""
        ...


class LocalStorage:
    """Files in one directory (FATURA_MEDIA_DIR); keys are plain file names."""

    def __init__(self, root: str | Path) -> None:
        """Use (and create) `root`."""
        self.root = Path(root)
        self.root.mkdir(parents=True, exist_ok=True)

    def _path(self, key: str) -> Path:
        """The file of `key`; keys with path separators are refused."""
        if "/" in key or "\\" in key or key.startswith("."):
            raise ValueError(f"bad storage key {key!r}")
        return self.root / key

    def get(self, key: str) -> bytes | None:
        """Read the file if it exists."""
        try:
            return self._path(key).read_bytes()
        except FileNotFoundError:
            return None

    def put(self, key: str, data: bytes) -> None:
        """Write to a temporary file and rename it into place."""
        fd, temp = tempfile.mkstemp(dir=self.root, prefix=".tmp-")
        with os.fdopen(fd, "wb") as out:
            out.write(data)
        os.replace(temp, self._path(key))

    def purge_older_than(self, cutoff: datetime) -> int:
        """Delete files last written before `cutoff`; returns how many.

        Temporary files of a write in progress are young; one older than the cutoff was
        left by a crashed write, holds a whole document, and goes too (not counted).
        """
        limit = cutoff.timestamp()
        removed = 0
        for entry in os.scandir(self.root):
            if not entry.is_file(follow_symlinks=False):
                continue
            try:
                if entry.stat().st_mtime >= limit:
                    continue
                os.unlink(entry.path)
            except FileNotFoundError:  # removed meanwhile (another purge)
                continue
            if not entry.name.startswith(".tmp-"):
                removed += 1
        return removed
