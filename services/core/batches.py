"""Batching: long iterables cut into lists, so each list is one query of bounded size."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from itertools import islice
from typing import TypeVar

T = TypeVar("T")


def chunks(items: Iterable[T], size: int) -> Iterator[list[T]]:
    """`items` in lists of at most `size`, lazily: a bounded query and memory per list."""
    iterator = iter(items)
    while chunk := list(islice(iterator, size)):
        yield chunk
