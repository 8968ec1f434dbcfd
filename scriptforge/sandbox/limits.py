"""Limits of one run, with safe defaults and hard ceilings."""

from __future__ import annotations

from dataclasses import asdict, dataclass
from typing import Any

MAX_CPU_MS = 30_000
MAX_MEMORY_MB = 512


@dataclass(frozen=True)
class Limits:
    #: CPU time of the JavaScript itself, summed over every slice of the run.
    cpu_ms: int = 1_000
    memory_mb: int = 64
    #: Wall-clock time from start to result (voice scripts: the length of the call).
    wall_ms: int = 10_000
    stack_kb: int = 512
    max_result_bytes: int = 1_048_576
    max_log_bytes: int = 65_536
    max_host_calls: int = 10_000

    def __post_init__(self) -> None:
        checks = {
            "cpu_ms": (1, MAX_CPU_MS),
            "memory_mb": (4, MAX_MEMORY_MB),
            "wall_ms": (1, 24 * 3600 * 1000),
            "stack_kb": (64, 8192),
            "max_result_bytes": (16, 64 * 1024 * 1024),
            "max_log_bytes": (0, 16 * 1024 * 1024),
            "max_host_calls": (0, 1_000_000),
        }
        for name, (low, high) in checks.items():
            value = getattr(self, name)
            if not isinstance(value, int) or not low <= value <= high:
                raise ValueError(f"limit {name} must be an integer in {low}..{high}, not {value!r}")

    def to_wire(self) -> dict[str, Any]:
        return asdict(self)
