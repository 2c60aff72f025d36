"""Wall-clock and CPU seconds of a command.

CPU seconds (user + system, of the command and its children) barely move when other
work shares the machine; wall-clock seconds are what a person waits. Both are printed.
System seconds are also kept apart: on the development machine they vary severalfold
between runs of the same build (README "Benchmarks"), user seconds do not.
"""
from __future__ import annotations

import os
import resource
import subprocess
import time
from dataclasses import dataclass
from pathlib import Path

from synthetic import ROOT


@dataclass(frozen=True)
class Timing:
    wall: float
    cpu: float  # user + system
    system: float


def project_env(project: Path = ROOT) -> dict:
    return dict(os.environ, PYTHONPATH=str(project / "hooks"), NO_MKDOCS_2_WARNING="1")


def _children_cpu() -> tuple[float, float]:
    """(user, system) seconds of the ended children."""
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime, usage.ru_stime


def run_timed(args: list[str], project: Path) -> Timing:
    (user, system), started = _children_cpu(), time.perf_counter()
    subprocess.run(args, cwd=project, env=project_env(project), check=True, capture_output=True)
    wall, (user_after, system_after) = time.perf_counter() - started, _children_cpu()
    return Timing(wall, user_after - user + system_after - system, system_after - system)


def process_cpu(pid: int) -> float:
    """CPU seconds a running process has used so far, with its children's: those running
    and those ended (Linux /proc)."""
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    ticks = sum(int(value) for value in fields[11:15])  # utime, stime, cutime, cstime
    seconds = ticks / os.sysconf("SC_CLK_TCK")
    for task in Path(f"/proc/{pid}/task").iterdir():
        try:
            seconds += sum(process_cpu(int(child)) for child in (task / "children").read_text().split())
        except FileNotFoundError:  # a thread or child that ended meanwhile
            pass
    return seconds
