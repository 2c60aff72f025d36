"""Build seconds and milliseconds per page on synthetic records, beside the theme alone.

For each size, two builds of the same synthetic records in one run:
- this project (`mkdocs build` with the hooks, both languages);
- the "vanilla" comparison: the same records as plain Markdown pages (title, summary,
  fields, body) under Material + mkdocs-static-i18n (suffix structure, Spanish
  fallback) + Material's search, with the same navigation (a stub page per entry)
  and no hooks: what the theme alone costs per page.
A page is an HTML file in the output (both languages). "ratio" is the ratio of CPU
(user + system) per page, ours / vanilla (at or below 1.0: no dearer per page than the
theme alone); CPU time is what other work on the machine does not inflate. "sys s" is
the system part of the CPU seconds and "user ratio" the ratio without it: system time
varies severalfold between runs of the same build here (README "Benchmarks").

    python benchmarks/build.py              # 500 and 2000 records
    python benchmarks/build.py 20000        # any sizes (20,000: about ten minutes here)
"""
from __future__ import annotations

import sys
import tempfile
from pathlib import Path

import yaml
from synthetic import synthetic_project
from timing import run_timed

from crm import DEFAULT_LANGUAGE, content

SIZES = (500, 2000)
VANILLA_CONFIG = {
    "site_name": "Vanilla", "site_url": "https://example.org/", "docs_dir": "docs", "use_directory_urls": True,
    "theme": {"name": "material", "language": "es", "font": False},
    "plugins": ["search", {"i18n": {"docs_structure": "suffix", "fallback_to_default": True, "reconfigure_material": True,
                                    "languages": [{"locale": "es", "name": "Español", "default": True, "build": True},
                                                  {"locale": "en", "name": "English", "build": True}]}}],
    "markdown_extensions": ["attr_list", "md_in_html", {"toc": {"permalink": False}}],
    "validation": {"nav": {"omitted_files": "ignore"}},
}


class _ConfigLoader(yaml.SafeLoader):
    """Reads mkdocs.yml, whose !ENV values do not matter here."""


_ConfigLoader.add_constructor("!ENV", lambda loader, node: None)


def _nav_pages(nav) -> list[tuple[str, str]]:
    """(title, path) of every page of a MkDocs nav."""
    found = []
    for item in nav:
        for title, value in item.items():
            found += _nav_pages(value) if isinstance(value, list) else [(title, value)]
    return found


def vanilla_project(project: Path, target: Path) -> Path:
    """The records of ``project`` as plain Markdown pages (Spanish, and English when
    translated: the plugin falls back to Spanish), in a project with no hooks."""
    repo, problems = content.load(project)
    assert repo is not None and not problems, problems
    docs = target / "docs"
    docs.mkdir(parents=True)
    # The same navigation as ours (a page per entry), so that the theme draws as much on each page.
    nav = yaml.load((project / "mkdocs.yml").read_text(encoding="utf-8"), Loader=_ConfigLoader)["nav"]
    (target / "mkdocs.yml").write_text(yaml.safe_dump({**VANILLA_CONFIG, "nav": nav}, allow_unicode=True), encoding="utf-8")
    for title, path in _nav_pages(nav):
        (docs / path).parent.mkdir(parents=True, exist_ok=True)
        (docs / path).write_text(f"# {title}\n", encoding="utf-8")
    for record in repo.visible_records(include_drafts=False):
        folder = docs / record.collection.code
        folder.mkdir(exist_ok=True)
        for lang in ("es", "en") if record.translated else ("es",):
            suffix = "" if lang == DEFAULT_LANGUAGE else f".{lang}"
            fields = "\n".join(f"- **{key}**: {', '.join(map(str, value)) if isinstance(value, list) else value}"
                               for key, value in record.data.items() if not isinstance(value, dict))
            body = record.text("body")
            text = (f"---\ndescription: {yaml.safe_dump(record.summary.get(lang)).splitlines()[0]}\n---\n\n"
                    f"# {record.title.get(lang)}\n\n{record.summary.get(lang)}\n\n{fields}\n\n{body.get(lang) if body else ''}\n")
            (folder / f"{record.slug}{suffix}.md").write_text(text, encoding="utf-8")
    return target


def _build(project: Path, site: Path) -> tuple[int, float, float, float]:
    timing = run_timed([sys.executable, "-m", "mkdocs", "build", "--quiet", "--site-dir", str(site)], project)
    return sum(1 for _ in site.rglob("*.html")), timing.wall, timing.cpu, timing.system


def main() -> None:
    sizes = [int(arg) for arg in sys.argv[1:]] or SIZES
    print(f"{'records':>8} {'build':>8} {'pages':>7} {'wall s':>8} {'CPU s':>8} {'sys s':>6} {'wall ms/page':>13} {'CPU ms/page':>12}"
          f" {'ratio':>6} {'user ratio':>11}")
    ours_per_page = {}
    for size in sizes:
        with tempfile.TemporaryDirectory(prefix="crm-bench-build-") as tmp:
            project = synthetic_project(Path(tmp) / "project", size)
            vanilla = vanilla_project(project, Path(tmp) / "vanilla")
            rows = {name: _build(folder, Path(tmp) / f"site-{name}") for name, folder in (("ours", project), ("vanilla", vanilla))}
        per_page = {name: cpu * 1000 / pages for name, (pages, wall, cpu, system) in rows.items()}
        user_per_page = {name: (cpu - system) * 1000 / pages for name, (pages, wall, cpu, system) in rows.items()}
        ours_per_page[size] = per_page["ours"]
        for name, (pages, wall, cpu, system) in rows.items():
            ratios = (f"{per_page['ours'] / per_page['vanilla']:>6.2f} {user_per_page['ours'] / user_per_page['vanilla']:>11.2f}"
                      if name == "ours" else "")
            print(f"{size:>8} {name:>8} {pages:>7} {wall:>8.1f} {cpu:>8.1f} {system:>6.1f} {wall * 1000 / pages:>13.1f} {per_page[name]:>12.1f} {ratios}",
                  flush=True)
    if len(sizes) > 1:
        growth = ours_per_page[sizes[-1]] / ours_per_page[sizes[0]]
        print(f"our CPU ms/page at {sizes[-1]} / at {sizes[0]}: {growth:.2f} "
              f"({'does not grow' if growth < 1.25 else 'GROWS'} with the number of records)")


if __name__ == "__main__":
    main()
