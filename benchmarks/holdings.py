"""Seconds `python -m crm check` spends on documents kept with records: the first run
parses every PDF and extracts its text; later runs (and every `make serve` rebuild)
read the cache under .cache/holdings/ and only hash the files.

20 records each holding one 40-page PDF of words (fpdf2), against the same records
without documents. Prints wall and CPU seconds of the whole command.
"""
from __future__ import annotations

import hashlib
import statistics
import sys
import tempfile
from pathlib import Path

from fpdf import FPDF

from synthetic import ROOT  # noqa: F401  (puts hooks/ and tests/ on the path)
from conftest import VALID_RECORD, copy_skeleton
from timing import run_timed

RECORDS, PAGES, RUNS = 20, 40, 3
WORDS = ("contratación equitativa trabajadoras migrantes protección social reconocimiento de competencias "
         "acuerdos bilaterales inspección del trabajo agencias de empleo privadas ").split()


def pdf(seed: int) -> bytes:
    document = FPDF()
    document.set_font("helvetica", size=10)
    for page in range(PAGES):
        document.add_page()
        words = [WORDS[(seed + page * 7 + i * 3) % len(WORDS)] for i in range(450)]
        document.multi_cell(0, 5, " ".join(words).encode("latin-1", "replace").decode("latin-1"))
    return bytes(document.output())


def attach(project: Path) -> int:
    """Give every publication a held PDF; returns the bytes held."""
    total = 0
    for index, path in enumerate(sorted((project / "content" / "publications").glob("*.yml"))):
        data = pdf(index)
        folder = project / "content" / "files" / "publications" / path.stem
        folder.mkdir(parents=True)
        (folder / "documento.pdf").write_bytes(data)
        total += len(data)
        path.write_text(path.read_text(encoding="utf-8") + (
            "files:\n  - path: documento.pdf\n    language: es\n    title: {es: Documento}\n    role: official-text\n"
            f"    licence: cc-by-4.0\n    retrieved_from: https://example.org/{path.stem}.pdf\n    retrieved_on: 2024-01-05\n"
            f"    sha256: {hashlib.sha256(data).hexdigest()}\n"), encoding="utf-8")
    return total


def seconds(project: Path) -> tuple[float, float]:
    run = run_timed([sys.executable, "-m", "crm", "check", "--root", str(project)], project)
    return run.wall, run.cpu


def main() -> None:
    with tempfile.TemporaryDirectory(prefix="crm-bench-holdings-") as tmp:
        project = copy_skeleton(Path(tmp) / "project")
        for index in range(RECORDS):
            (project / "content" / "publications" / f"informe-{index:03d}.yml").write_text(VALID_RECORD, encoding="utf-8")
        without = [seconds(project) for _ in range(RUNS)]
        held = attach(project)
        first = seconds(project)
        cached = [seconds(project) for _ in range(RUNS)]
    print(f"make check with {RECORDS} held PDFs of {PAGES} pages ({held / 1e6:.1f} MB): "
          f"without documents CPU {statistics.median(c for _, c in without):.2f} s; "
          f"first run (parse and extract) CPU {first[1]:.2f} s, wall {first[0]:.2f} s; "
          f"cached runs CPU median {statistics.median(c for _, c in cached):.2f} s, wall median {statistics.median(w for w, _ in cached):.2f} s")


if __name__ == "__main__":
    main()
