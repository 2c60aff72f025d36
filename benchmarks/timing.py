"""Wall-clock and CPU seconds of a command.

CPU seconds (user + system, of the command and its children) barely move when other
work shares the machine; wall-clock seconds are what a person waits. Both are printed.
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
    cpu: float


def project_env(project: Path = ROOT) -> dict:
    return dict(os.environ, PYTHONPATH=str(project / "hooks"), NO_MKDOCS_2_WARNING="1")


def _children_cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def run_timed(args: list[str], project: Path) -> Timing:
    cpu, started = _children_cpu(), time.perf_counter()
    subprocess.run(args, cwd=project, env=project_env(project), check=True, capture_output=True)
    return Timing(time.perf_counter() - started, _children_cpu() - cpu)


def process_cpu(pid: int) -> float:
    """CPU seconds a running process has used so far (Linux /proc)."""
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")
