"""Provenance and citation on the real build: every record states its kind of source,
the dashboard counts them, link health comes from a data file, citation_* tags are on
every record page, RIS and BibTeX parse back with their own libraries, and a held PDF
gets its download panel."""
from __future__ import annotations

import hashlib
import json
import re
from dataclasses import replace
from html import unescape

import bibtexparser
import pytest
import rispy
from pypdf import PdfReader
import yaml
from bibtexparser.middlewares import LatexDecodingMiddleware, SeparateCoAuthors
from browser import serve
from conftest import ROOT, SITE_URL, VALID_RECORD, mkdocs_build, write_record
from test_accessibility import AXE, BLOCKING, WCAG_AA
from test_dashboards import parse
from test_exports import records_on_disk
from test_holdings import hold, pdf_with_text, with_file

from crm import content, linkcheck

VOCABULARIES = yaml.safe_load((ROOT / "content" / "vocabularies.yml").read_text(encoding="utf-8"))
KINDS = VOCABULARIES["source_kinds"]
LANGUAGES = (("es", ""), ("en", "en/"))


def meta_tags(html: str) -> list[tuple[str, str]]:
    return [(name, unescape(value)) for name, value in re.findall(r'<meta name="(citation_[a-z_]+)" content="([^"]*)">', html)]


@pytest.mark.parametrize("lang, prefix", LANGUAGES)
def test_every_published_record_states_its_kind_of_source(built_site, lang, prefix):
    label = {"es": "Tipo de fuente", "en": "Kind of source"}[lang]
    for record_id, data in records_on_disk(ROOT).items():
        html = (built_site / prefix / record_id / "index.html").read_text(encoding="utf-8")
        shown = re.findall(f"<dt>{label}</dt><dd>([^<]*)</dd>", html)
        assert [unescape(text) for text in shown] == [KINDS[data["source_kind"]][lang]], record_id


@pytest.mark.parametrize("lang, prefix", LANGUAGES)
def test_dashboard_counts_records_by_kind_of_source(built_site, lang, prefix):
    published = records_on_disk(ROOT)
    rows = parse(built_site, prefix).tables["sources"][1:]
    found = {text: (int(n), int(frameworks)) for (text, _), (n, _), _, (frameworks, _) in rows}
    assert found == {label[lang]: (sum(1 for d in published.values() if d["source_kind"] == code),
                                   sum(1 for rid, d in published.items() if d["source_kind"] == code and rid.startswith("frameworks/")))
                     for code, label in KINDS.items()}
    assert sum(n for n, _ in found.values()) == len(published)


def test_citation_tags_on_every_record_page(built_site):
    for record_id, data in records_on_disk(ROOT).items():
        for lang, prefix in LANGUAGES:
            tags = meta_tags((built_site / prefix / record_id / "index.html").read_text(encoding="utf-8"))
            names = [name for name, _ in tags]
            assert dict(tags)["citation_title"] == data["title"].get(lang, data["title"]["es"]), record_id
            if {"authors", "publisher", "implementer", "jurisdiction"} & set(data):  # nothing is made up for the others
                assert "citation_author" in names or "citation_publisher" in names, record_id
            date = data.get("date", data.get("date_adopted"))
            if date is not None:
                assert dict(tags)["citation_publication_date"] == str(date).replace("-", "/"), record_id
            assert [v for n, v in tags if n == "citation_language"] == data.get("languages", []), record_id
            assert dict(tags)["citation_abstract_html_url"] == f"{SITE_URL}{prefix}{record_id}/"
            assert "citation_pdf_url" not in names  # no shipped record holds a PDF yet


@pytest.mark.parametrize("lang", ["es", "en"])
def test_ris_and_bibtex_exports_parse_back(built_site, lang):
    published = records_on_disk(ROOT)
    title = {rid: data["title"].get(lang, data["title"]["es"]) for rid, data in published.items()}
    entries = rispy.loads((built_site / "data" / f"records.{lang}.ris").read_text(encoding="utf-8"))
    assert sorted(entry["id"] for entry in entries) == sorted(published)
    for entry in entries:
        data = published[entry["id"]]
        assert entry["title"] == title[entry["id"]]
        assert entry["type_of_reference"] == ("STAT" if entry["id"].startswith("frameworks/") else "RPRT" if entry["id"].startswith("publications/") else "GEN")
        assert f"{SITE_URL}{'' if lang == 'es' else 'en/'}{entry['id']}/" in entry["urls"]
        assert entry.get("authors", []) == data.get("authors", [])
        single = rispy.loads((built_site / "data" / "records" / f"{entry['id']}.{lang}.ris").read_text(encoding="utf-8"))
        assert single == [entry]
    text = (built_site / "data" / f"records.{lang}.bib").read_text(encoding="utf-8")
    library = bibtexparser.parse_string(text, append_middleware=[LatexDecodingMiddleware(), SeparateCoAuthors()])
    urls = {entry.key: entry["url"] for entry in bibtexparser.parse_string(text).entries}  # url is verbatim, not LaTeX
    assert library.failed_blocks == []
    assert sorted(entry.key.replace(":", "/") for entry in library.entries) == sorted(published)
    for entry in library.entries:
        record_id = entry.key.replace(":", "/")
        assert entry["title"] == title[record_id], record_id
        assert urls[entry.key] in (published[record_id].get("official_url"), published[record_id].get("document_url"), published[record_id]["source_url"])
        if "authors" in published[record_id]:
            assert entry["author"] == published[record_id]["authors"]


def test_a_held_pdf_gets_its_panel_tags_and_exports(project, tmp_path):
    data = pdf_with_text("Texto de la ley guardada", pages=2)
    hold(project, data, slug="informe")
    write_record(project, "publications", "informe", with_file())
    site = tmp_path / "site"
    mkdocs_build(project, site)
    sha = hashlib.sha256(data).hexdigest()
    assert (site / "files/publications/informe/informe.pdf").read_bytes() == data
    for lang, prefix, pages, size in (("es", "", "Páginas", "kB"), ("en", "en/", "Pages", "kB")):
        html = (site / prefix / "publications/informe/index.html").read_text(encoding="utf-8")
        panel = re.search(r'<section class="crm-files".*?</section>', html, re.S).group(0)
        href = re.search(r'<a href="([^"]+)" type="application/pdf" download>', panel).group(1)
        assert (site / prefix / "publications/informe" / href).resolve() == (site / "files/publications/informe/informe.pdf").resolve()
        assert f"<dt>{pages}</dt><dd>2</dd>" in panel and f"<code>{sha}</code>" in panel and size in panel
        assert "https://example.org/report.pdf" in panel
        assert dict(meta_tags(html))["citation_pdf_url"] == f"{SITE_URL}files/publications/informe/informe.pdf"
    exported = json.loads((site / "data/records/publications/informe.json").read_text(encoding="utf-8"))
    (held,) = exported["files"]
    assert held == {"path": "informe.pdf", "language": "es", "title": {"es": "Informe completo", "en": "Full report"}, "role": "official-text",
                    "licence": "cc-by-4.0", "retrieved_from": "https://example.org/report.pdf", "retrieved_on": "2024-01-05",
                    "url": f"{SITE_URL}files/publications/informe/informe.pdf", "format": "PDF", "media_type": "application/pdf",
                    "size": len(data), "sha256": sha, "pages": 2}
    (entry,) = rispy.loads((site / "data/records/publications/informe.es.ris").read_text(encoding="utf-8"))
    assert entry["file_attachments1"] == f"{SITE_URL}files/publications/informe/informe.pdf"


def test_link_health_is_data_the_build_reads_without_the_network(project, tmp_path):
    (tmp_path / "served").mkdir()
    (tmp_path / "served" / "alive.html").write_text("ok", encoding="utf-8")
    (tmp_path / "served" / "folder").mkdir()
    with serve(tmp_path / "served") as url:
        results = linkcheck.check_links([f"{url}alive.html", f"{url}gone.pdf", f"{url}folder"], "2026-12-01", timeout=5)
    assert [(h.status, h.detail, h.redirect_to) for h in results] == [("ok", None, None), ("dead", "HTTP 404", None), ("redirect", None, f"{url}folder/")]
    # Records cite https:// addresses only: the same answers, as if the local server were example.org.
    public = "https://example.org/"
    results = [replace(h, url=h.url.replace(url, public), redirect_to=h.redirect_to and h.redirect_to.replace(url, public)) for h in results]
    linkcheck.write_health(project / "content" / "link-health.yml", results, "2026-12-01")
    dead = VALID_RECORD.replace("https://example.org/report", f"{public}gone.pdf")
    write_record(project, "publications", "muerto", dead)
    write_record(project, "publications", "archivado", dead.replace("source_kind:", f"archived_url: https://web.archive.org/web/2024/{public}gone.pdf\nsource_kind:"))
    write_record(project, "publications", "movido", VALID_RECORD.replace("https://example.org/report", f"{public}folder"))
    repo, problems = content.load(project)
    assert problems == []
    line = dead.splitlines().index(f"source_url: {public}gone.pdf") + 1
    assert [w.plain() for w in repo.warnings] == [
        f"content/publications/muerto.yml:{line}:13: warning: source_url: the link was dead when last checked (HTTP 404, 2026-12-01) "
        "and the record has no archived_url: add a web-archive copy or a new address"]
    site = tmp_path / "site"
    mkdocs_build(project, site)  # the server is gone: the build reads the file only
    page = (site / "publications/muerto/index.html").read_text(encoding="utf-8")
    assert "El enlace no respondía en la última comprobación (HTTP 404, 1 de diciembre de 2026)." in page
    assert f"The link redirects to another address: {public}folder/" in (site / "en/publications/movido/index.html").read_text(encoding="utf-8")
    tables = {name: [[text for text, _ in row] for row in rows] for name, rows in parse(site, "en/").tables.items()}
    assert tables["links"] == [["Status", "Links"], ["Answers", "0"], ["Redirects", "1"], ["Dead", "1"]]
    broken = tables["links-broken"][1:]
    assert [row[0] for row in broken] == [f"{public}gone.pdf", f"{public}folder"]
    assert broken[0][1:4] == ["Dead (HTTP 404)", "Test report, Test report", "1 of 2"]  # one of the two records has an archived copy


def test_the_action_plan_is_a_bilingual_pdf_linked_from_the_plan_page(built_site):
    plan = yaml.safe_load((ROOT / "content" / "plan.yml").read_text(encoding="utf-8"))
    pdf = built_site / "downloads" / "plan-de-accion-movilidad-laboral.pdf"
    reader = PdfReader(pdf)
    text = " ".join(" ".join(page.extract_text().split()) for page in reader.pages)
    bookmarks = [item["/Title"] for item in reader.outline if not isinstance(item, list)]
    chapters = [[item["/Title"] for item in chapter] for chapter in reader.outline if isinstance(chapter, list)]
    assert bookmarks == [plan["title"]["es"], plan["title"]["en"]]
    for lang, sections, action_word, line_word in (("es", chapters[0], "Acción", "Línea de acción"), ("en", chapters[1], "Action", "Line of action")):
        for line in plan["lines"]:
            assert f"{line_word} {line['number']}. {line['title'][lang]}" in sections
            for action in line["actions"]:
                assert f"{action_word} {line['number']}.{action['number']}." in text
                assert " ".join(action["text"][lang].split())[:60] in text, (lang, line["number"], action["number"])
    # Annex 1 and the context footnotes, in both languages.
    annex = plan["annex"]
    for lang, word in (("es", "Anexo 1"), ("en", "Annex 1")):
        assert f"{word}. {annex['title'][lang]}" in [title for chapter in chapters for title in chapter]  # a bookmark
        for instrument in annex["instruments"]:
            assert f"{instrument['number']}. {' '.join(instrument['title'][lang].split())}" in text, (lang, instrument["number"])
            for paragraph in instrument["paragraphs"]:
                assert " ".join(paragraph[lang].split())[:60] in text, (lang, instrument["number"])
            for declaration in instrument.get("declarations", []):
                assert " ".join(declaration["title"][lang].split()) in text
        for note in plan.get("context_notes", []):
            assert " ".join(note["text"][lang].split())[:50] in text, (lang, note["number"])
    for prefix in ("", "en/"):
        page = built_site / prefix / "plan" / "index.html"
        href = re.search(r'<a href="([^"]+)" type="application/pdf" download>', page.read_text(encoding="utf-8")).group(1)
        assert (page.parent / href).resolve() == pdf.resolve()


def test_a_held_pdf_in_chromium_panel_passes_axe_downloads_and_its_text_is_found(browser, project, tmp_path):
    data = pdf_with_text("Palabraunica del documento guardado", pages=3)
    hold(project, data, slug="informe")
    write_record(project, "publications", "informe", with_file())
    write_record(project, "publications", "otro", VALID_RECORD.replace("Informe de prueba", "Otro informe"))
    site = tmp_path / "site"
    mkdocs_build(project, site)
    with serve(site) as url:
        context = browser.new_context(bypass_csp=True)  # axe is injected as an inline script
        for prefix, title, in_repository in (("", "Informe de prueba", "Ficha en el Repositorio de Movilidad Laboral de la CRM"),
                                             ("en/", "Test report", "Record in the RCM Labour Mobility Repository")):
            page = context.new_page()
            page.goto(f"{url}{prefix}publications/informe/")
            panel = page.locator("section.crm-files")
            assert panel.is_visible() and "3" in panel.inner_text() and hashlib.sha256(data).hexdigest() in panel.inner_text()
            link = panel.locator("a[download]")
            assert page.request.get(link.evaluate("a => a.href")).body() == data
            # The record names no author or publisher: the reference starts with its title.
            assert page.locator("section.crm-cite .crm-cite-text").inner_text() == (
                f"{title} (2020). https://example.org/report {in_repository}: {SITE_URL}{prefix}publications/informe/")
            page.add_script_tag(path=str(AXE))
            result = page.evaluate("tags => axe.run(document, {runOnly: {type: 'tag', values: tags}})", WCAG_AA)
            assert [v["id"] for v in result["violations"] if v["impact"] in BLOCKING] == []
            # The catalogue finds the record by a word that only its PDF holds, and its snippet shows it.
            page.goto(f"{url}{prefix}catalog/?q=palabraunica")
            page.wait_for_selector("#crm-results li:first-child .crm-snippet mark")
            assert page.eval_on_selector_all("#crm-results li a", "links => links.map(a => a.getAttribute('href'))") == ["../publications/informe/"]
            assert page.text_content("#crm-results li:first-child .crm-snippet mark").lower() == "palabraunica"
            page.close()
        context.close()
