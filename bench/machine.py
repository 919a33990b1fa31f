"""What the machine gave a benchmark phase: the share of CPU time its hypervisor took (steal).

On a shared VM the host can take a vCPU away for tens of milliseconds; those stalls land in
a latency tail whatever the code does. Each phase reports `steal_pct` so a figure can be read
beside the machine's state (from /proc/stat; 0 where there is none)."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

STAT = Path("/proc/stat")


def cpu_ticks() -> tuple[int, int]:
    """All CPUs' (total, steal) ticks since boot: 0, 0 where /proc/stat is missing."""
    try:
        fields = [int(v) for v in STAT.read_text().split("\n", 1)[0].split()[1:9]]
    except (OSError, ValueError):
        return 0, 0
    fields += [0] * (8 - len(fields))
    return sum(fields), fields[7]


@dataclass
class Steal:
    """The steal share of a phase, known when the phase ends."""

    pct: float = 0.0


@contextmanager
def steal_meter() -> Iterator[Steal]:
    """Measure the hypervisor's share of CPU time while the block runs."""
    result = Steal()
    total, steal = cpu_ticks()
    try:
        yield result
    finally:
        end_total, end_steal = cpu_ticks()
        if end_total > total:
            result.pct = 100 * (end_steal - steal) / (end_total - total)
