"""What the machine gave a benchmark phase: the share of CPU time its hypervisor took (steal).

On a shared VM the host can take a vCPU away for tens of milliseconds; those stalls land in
a latency tail whatever the code does. Each phase reports `steal_pct` so a figure can be read
beside the machine's state (from /proc/stat; 0 where there is none)."""

from __future__ import annotations

import os
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
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


def process_cpu() -> dict[str, float]:
    """CPU seconds used so far by the processes a storm runs, by kind (web, worker,
    postgres, redis, bench: this process and its children); from /proc."""
    tick = os.sysconf("SC_CLK_TCK")
    me = os.getpid()
    totals: dict[str, float] = {}
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            stat = (entry / "stat").read_text()
            cmdline = (entry / "cmdline").read_bytes().replace(b"\0", b" ").decode()
        except OSError:
            continue
        fields = stat[stat.rindex(")") + 2 :].split()
        kind = _kind(int(entry.name), int(fields[1]), me, cmdline)
        if kind:
            totals[kind] = totals.get(kind, 0.0) + (int(fields[11]) + int(fields[12])) / tick
    return totals


def _kind(pid: int, parent: int, me: int, cmdline: str) -> str | None:
    """Which part of the storm a process is, by its command line."""
    if "gunicorn" in cmdline and "trivial_app" not in cmdline:
        return "web"
    if "rq worker" in cmdline or " rq " in cmdline:
        return "worker"
    if cmdline.startswith("postgres"):
        return "postgres"
    if cmdline.startswith("redis-server"):
        return "redis"
    if pid == me:
        return "bench"
    if parent == me:
        return "fake_twilio"
    return None


@dataclass
class CpuUse:
    """CPU seconds each kind of process used during a phase, known when it ends."""

    seconds: dict[str, float] = field(default_factory=dict)

    def per_message_ms(self, messages: int) -> str:
        """`kind=ms` pairs: CPU ms per message of each kind."""
        return " ".join(
            f"cpu_{kind}_ms={1000 * s / max(messages, 1):.2f}"
            for kind, s in sorted(self.seconds.items())
        )


@contextmanager
def cpu_meter() -> Iterator[CpuUse]:
    """Measure the CPU each kind of process of the storm uses while the block runs (a
    process that ended inside the block is not counted)."""
    result = CpuUse()
    before = process_cpu()
    try:
        yield result
    finally:
        after = process_cpu()
        result.seconds = {k: v - before.get(k, 0.0) for k, v in after.items()}
