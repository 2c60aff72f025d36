"""Relevance on the judged query set (tests/search_judgements.yml): ours against Pagefind.

Usage: relevance.py [SITE] [-v] | relevance.py --weights. Builds the shipped content once (or takes a built site as argument), runs Pagefind over
the same pages, then scores both on every judged query: MRR@10, recall@5 and the median
number of records found. Our results come from index.py's Searcher on the shipped index files
(pipeline.js returns the same, tests/test_search.py checks it); Pagefind's from its own
JavaScript in Chromium. Only record pages count for both (Pagefind also finds listings).
"""
from __future__ import annotations

import json
import os
import subprocess
import sys
import tempfile
from pathlib import Path

from synthetic import ROOT

sys.path.insert(0, str(ROOT / "tests"))
sys.path.insert(0, str(ROOT / "hooks"))
from browser import launch, serve  # noqa: E402  the same Chromium the tests use
from judged import judged_queries, misses, scores  # noqa: E402
from playwright.sync_api import sync_playwright  # noqa: E402

from crm import content  # noqa: E402
from crm.search.index import FIELDS, Searcher, build_index, search  # noqa: E402

PAGEFIND_RUNNER = """<!doctype html><html lang="{lang}"><meta charset="utf-8"><script type="module">
const pagefind = await import("{prefix}pagefind/pagefind.js");
await pagefind.init();
window.runQueries = async (queries) => {{
  const out = {{}};
  for (const q of queries) {{
    const search = await pagefind.search(q);
    out[q] = await Promise.all(search.results.map(async (r) => (await r.data()).url));
  }}
  return out;
}};
window.pagefindReady = true;
</script></html>"""


def build(site: Path) -> None:
    env = dict(os.environ, PYTHONPATH=str(ROOT / "hooks"), NO_MKDOCS_2_WARNING="1")
    env.pop("CRM_SITE_URL", None)
    subprocess.run([sys.executable, "-m", "mkdocs", "build", "--quiet", "--site-dir", str(site)], cwd=ROOT, env=env, check=True, capture_output=True)


def record_ids(site: Path) -> list[str]:
    return json.loads((site / "catalog/facets.json").read_text(encoding="utf-8"))["columns"]["id"]


def ours(site: Path, lang: str, queries: list[str]) -> dict[str, list[str]]:
    searcher = Searcher.from_site(site, lang)
    return {q: searcher.record_ids(q) for q in queries}


def pagefind(site: Path, lang: str, queries: list[str], chromium) -> dict[str, list[str]]:
    prefix = "" if lang == "es" else f"{lang}/"
    ids = set(record_ids(site))
    runner = site / prefix / "pagefind-relevance.html"
    runner.write_text(PAGEFIND_RUNNER.format(lang=lang, prefix="../" if prefix else "./"), encoding="utf-8")
    with serve(site) as url:
        page = chromium.new_page()
        page.goto(url + prefix + "pagefind-relevance.html")
        page.wait_for_function("window.pagefindReady === true", timeout=60000)
        found = page.evaluate("queries => window.runQueries(queries)", queries)
        page.close()
    results = {}
    for q, urls in found.items():
        paths = [u.split("://", 1)[-1].split("/", 1)[-1] if "://" in u else u.lstrip("/") for u in urls]
        paths = [p.removeprefix(prefix).rstrip("/").removesuffix("/index.html") for p in paths]
        results[q] = list(dict.fromkeys(p for p in paths if p in ids))
    return results


def weights() -> None:
    """How each field's boost moves the scores, one field at a time around FIELDS
    (in memory, on the shipped records: no build). The chosen boosts sit where
    every neighbour scores the same or lower."""
    repo, _ = content.load(ROOT)
    records = repo.visible_records(include_drafts=False)
    ids = [record.id for record in records]
    judged = judged_queries()

    def measure(fields):
        out = []
        for lang, items in judged.items():
            shards = build_index(records, repo, lang, fields)
            s = scores({item["q"]: [ids[p] for p in search(item["q"], lang, shards)[0]] for item in items}, items)
            out.append(f"{lang} {s['mrr10']:.3f} / {s['recall5']:.3f} / {s['median_results']:g}")
        return " | ".join(out)

    print(f"boosts: {FIELDS}; each line: MRR@10 / recall@5 / median results")
    print(f"{'chosen':>18}: {measure(FIELDS)}")
    for name in FIELDS:
        for boost in (1, 2, 4, 8, 16):
            if boost != FIELDS[name]:
                print(f"{name + ' = ' + str(boost):>18}: {measure({**FIELDS, name: boost})}")
    print(f"{'no places':>18}: {measure({k: v for k, v in FIELDS.items() if k != 'places'})}")
    print(f"{'no tags':>18}: {measure({k: v for k, v in FIELDS.items() if k != 'tags'})}")
    print(f"{'no address':>18}: {measure({k: v for k, v in FIELDS.items() if k != 'address'})}")
    print(f"{'title+text only':>18}: {measure({'title': FIELDS['title'], 'text': FIELDS['text']})}")


def main(site: Path | None = None, verbose: bool = False) -> None:
    subprocess.run([sys.executable, "-m", "pip", "install", "--quiet", "-r", str(ROOT / "requirements-bench.txt")], check=True)
    with tempfile.TemporaryDirectory(prefix="crm-bench-relevance-") as tmp:
        if site is None:
            site = Path(tmp) / "site"
            build(site)
        subprocess.run([sys.executable, "-m", "pagefind", "--site", str(site), "--output-subdir", "pagefind", "--quiet"], check=True, capture_output=True)
        judged = judged_queries()
        print(f"{'':>9} | {'queries':>7} | {'MRR@10':>6} | {'recall@5':>8} | {'median results':>14} | records: {len(record_ids(site))}")
        with sync_playwright() as playwright:
            chromium = launch(playwright)
            for lang, items in judged.items():
                queries = [item["q"] for item in items]
                for name, results in (("ours", ours(site, lang, queries)), ("Pagefind", pagefind(site, lang, queries, chromium))):
                    s = scores(results, items)
                    print(f"{lang} {name:>6} | {len(items):>7} | {s['mrr10']:>6.3f} | {s['recall5']:>8.3f} | {s['median_results']:>14} |")
                    if verbose:
                        print("\n".join("    " + line for line in misses(results, items)))
            chromium.close()


if __name__ == "__main__":
    # relevance.py [SITE] [-v]: ours against Pagefind; relevance.py --weights: field boosts
    args = [arg for arg in sys.argv[1:] if not arg.startswith("-")]
    if "--weights" in sys.argv:
        weights()
    else:
        main(Path(args[0]) if args else None, verbose="-v" in sys.argv)
