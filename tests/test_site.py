"""The built site: one page per record and language, languages, alternates, 404s."""
from __future__ import annotations

import re
import sys
import xml.etree.ElementTree as ET

from conftest import MAKE_SITE, ROOT, SITE_URL, VALID_RECORD, mkdocs_build, run, write_record

from crm import content


def records():
    repo, problems = content.load(ROOT)
    assert problems == []
    return repo


def test_every_published_record_has_a_page_in_each_language(built_site):
    repo = records()
    for record in repo.records:
        for prefix in ("", "en/"):
            page = built_site / prefix / record.collection.code / record.slug / "index.html"
            assert page.exists() == record.published, page


def test_listing_pages_exist_for_collections_countries_themes_and_actions(built_site):
    repo = records()
    for prefix in ("", "en/"):
        for collection in repo.collections:
            assert (built_site / prefix / collection.code / "index.html").exists()
        for code in repo.vocabularies.places:
            assert (built_site / prefix / "countries" / code.lower() / "index.html").exists()
        for code in repo.vocabularies.themes:
            assert (built_site / prefix / "themes" / code / "index.html").exists()
        for action in repo.plan.actions.values():
            assert (built_site / prefix / "plan" / action.slug / "index.html").exists()


def test_html_lang_and_absolute_hreflang_alternates(built_site):
    home_es = (built_site / "index.html").read_text(encoding="utf-8")
    home_en = (built_site / "en/index.html").read_text(encoding="utf-8")
    assert '<html lang="es"' in home_es and '<html lang="en"' in home_en
    record = next(r for r in records().records if r.published)
    for prefix in ("", "en/"):
        html = (built_site / prefix / record.id / "index.html").read_text(encoding="utf-8")
        assert f'<link rel="alternate" hreflang="es" href="{SITE_URL}{record.id}/">' in html
        assert f'<link rel="alternate" hreflang="en" href="{SITE_URL}en/{record.id}/">' in html
        assert f'<link rel="alternate" hreflang="x-default" href="{SITE_URL}{record.id}/">' in html


def test_sitemap_lists_both_languages_with_alternates(built_site):
    tree = ET.parse(built_site / "sitemap.xml")
    ns = {"s": "http://www.sitemaps.org/schemas/sitemap/0.9", "x": "http://www.w3.org/1999/xhtml"}
    urls = {u.find("s:loc", ns).text: {a.get("hreflang"): a.get("href") for a in u.findall("x:link", ns)} for u in tree.getroot()}
    record = next(r for r in records().records if r.published)
    es, en = f"{SITE_URL}{record.id}/", f"{SITE_URL}en/{record.id}/"
    assert urls[es] == {"es": es, "en": en, "x-default": es}
    assert urls[en] == {"es": es, "en": en, "x-default": es}
    drafts = [r for r in records().records if not r.published]
    assert not any(r.id in loc for r in drafts for loc in urls)


def test_not_found_page_in_each_language(built_site):
    es = (built_site / "404.html").read_text(encoding="utf-8")
    en = (built_site / "en/404.html").read_text(encoding="utf-8")
    assert '<html lang="es"' in es and "Página no encontrada" in es and f'href="{SITE_URL}"' in es
    assert '<html lang="en"' in en and "Page not found" in en and f'href="{SITE_URL}en/"' in en


def test_record_page_shows_labelled_fields_fallback_notice_and_json_ld(built_site):
    repo = records()
    record = next(r for r in repo.records if r.published and r.collection.code == "frameworks")
    html = (built_site / "en" / record.id / "index.html").read_text(encoding="utf-8")
    assert "<dt>Countries or scope</dt>" in html and "<dt>Source</dt>" in html
    ld = re.search(r'<script type="application/ld\+json">(.*?)</script>', html, re.S).group(1)
    import json

    data = json.loads(ld)
    assert data["@type"] == "Legislation" and data["inLanguage"] == "en"


def test_fallback_to_spanish_is_announced_and_marked(project, tmp_path):
    text = VALID_RECORD.replace("  en: Test report\n", "").replace("  en: A report on fair recruitment.\n", "")
    write_record(project, "publications", "solo-es", text)
    site = tmp_path / "site"
    mkdocs_build(project, site)
    html = (site / "en/publications/solo-es/index.html").read_text(encoding="utf-8")
    assert "no English translation yet" in html
    assert '<p class="crm-summary" lang="es">Un informe sobre contratación equitativa.</p>' in html


def test_broken_content_fails_check_and_build_naming_files_and_lines(project, tmp_path):
    write_record(project, "frameworks", "broken-yaml", "title:\n  es: [sin cerrar\nsummary: x\n")
    text = VALID_RECORD.replace("[GT, regional]", "[GT, XX]").replace("  es: Informe de prueba\n", "")
    write_record(project, "publications", "bad-codes", text)
    check = run([sys.executable, "-m", "crm", "check", "--root", str(project)], cwd=project, check=False)
    assert check.returncode != 0
    assert "content/frameworks/broken-yaml.yml:3:" in check.stderr
    assert "content/publications/bad-codes.yml:7:17: unknown country or scope 'XX'" in check.stderr
    assert "content/publications/bad-codes.yml:2:1: title: the Spanish text (es) is required" in check.stderr
    site = tmp_path / "site"
    build = mkdocs_build(project, site, check=False)
    assert build.returncode != 0
    assert "content/frameworks/broken-yaml.yml:3:" in build.stderr and "content/publications/bad-codes.yml:7:17" in build.stderr
    assert not (site / "index.html").exists()


def test_make_site_keeps_the_previous_site_when_the_build_fails(project):
    (project / "Makefile").write_text((ROOT / "Makefile").read_text(encoding="utf-8"), encoding="utf-8")
    (project / "requirements.txt").write_text((ROOT / "requirements.txt").read_text(encoding="utf-8"), encoding="utf-8")
    venv = project / ".venv"
    venv.symlink_to(ROOT / ".venv")
    write_record(project, "publications", "informe")
    env = {"PYTHONPATH": str(project / "hooks")}
    first = run(MAKE_SITE, cwd=project, env_extra=env, check=False)
    assert first.returncode == 0, first.stderr
    assert (project / "site/publications/informe/index.html").exists()
    write_record(project, "publications", "roto", "title: [\n")
    second = run(MAKE_SITE, cwd=project, env_extra=env, check=False)
    assert second.returncode != 0 and "content/publications/roto.yml" in second.stderr
    assert (project / "site/publications/informe/index.html").exists()


def test_long_listings_are_split_into_pages_of_fifty(project, tmp_path):
    for number in range(120):
        write_record(project, "publications", f"informe-{number:03d}", VALID_RECORD.replace("Informe de prueba", f"Informe {number:03d}"))
    site = tmp_path / "site"
    mkdocs_build(project, site)
    for prefix, label in (("", "Página"), ("en/", "Page")):
        pages = [site / prefix / "publications/index.html", site / prefix / "publications/page/2/index.html", site / prefix / "publications/page/3/index.html"]
        listed = [re.findall(r'<a href="[./]*informe-(\d{3})/"', page.read_text(encoding="utf-8")) for page in pages]
        assert [len(numbers) for numbers in listed] == [50, 50, 20]
        assert len({number for numbers in listed for number in numbers}) == 120
        first, second, last = (re.search(r'<nav class="crm-pager".*?</nav>', page.read_text(encoding="utf-8")).group(0) for page in pages)
        assert f"{label} 1 " in first and 'rel="next"' in first and 'rel="prev"' not in first
        assert 'href="../../" rel="prev"' in second and 'href="../3/" rel="next"' in second
        assert 'rel="prev"' in last and 'rel="next"' not in last
        assert not (site / prefix / "publications/page/4").exists()


def test_country_index_counts_match_the_country_pages(built_site):
    index = (built_site / "countries/index.html").read_text(encoding="utf-8")
    for code in records().vocabularies.countries:
        listed = int(re.search(rf'href="{code.lower()}/">[^<]+</a> \((\d+)\)', index).group(1))
        page = (built_site / "countries" / code.lower() / "index.html").read_text(encoding="utf-8")
        assert f'<p class="crm-count">{listed} registro' in page, code
