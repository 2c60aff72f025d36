"""A problem found in a content file, printed where the contributor looks."""
from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True, order=True)
class Problem:
    path: str  # relative to the project root, with forward slashes
    line: int
    column: int
    message: str
    severity: str = "error"  # or "warning": reported, but the content still builds

    @property
    def is_warning(self) -> bool:
        return self.severity == "warning"

    def plain(self) -> str:
        label = "warning: " if self.is_warning else ""
        return f"{self.path}:{self.line}:{self.column}: {label}{self.message}"

    def github(self) -> str:
        # Workflow command: GitHub shows it on the pull request's changed line.
        message = self.message.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")
        return f"::{self.severity} file={self.path},line={self.line},col={self.column}::{message}"


def relative(path: Path, root: Path) -> str:
    try:  # the file itself is not resolved: a symbolic link is named where it sits
        return (path.parent.resolve() / path.name).relative_to(root.resolve()).as_posix()
    except ValueError:
        return path.as_posix()


def format_problems(problems, github: bool | None = None) -> str:
    if github is None:
        github = os.environ.get("GITHUB_ACTIONS") == "true"
    lines = []
    for problem in sorted(problems):
        lines.append(problem.plain())
        if github:
            lines.append(problem.github())
    return "\n".join(lines)


class ContentError(Exception):
    """Raised by the build when content does not validate; carries every problem."""

    def __init__(self, problems):
        self.problems = sorted(problems)
        count = len(self.problems)
        super().__init__(f"{count} content problem{'s' if count != 1 else ''}:\n" + format_problems(self.problems, github=False))
