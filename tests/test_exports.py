"""Open data on the real build: records.json/.csv, per-record JSON, DCAT JSON-LD, Atom feeds.

Expected values are read from content/ with PyYAML here, not with the project's loader.
"""
from __future__ import annotations

import csv
import io
import json
import re
import xml.etree.ElementTree as ET
from html import unescape
from pathlib import Path
from urllib.parse import urlparse

import yaml
from conftest import ROOT, SITE_URL, VALID_RECORD, mkdocs_build, write_record
from pyld import jsonld

ATOM = "{http://www.w3.org/2005/Atom}"
XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"
DATE_PATHS = [("date",), ("date_adopted",), ("updated",), ("period", "start"), ("period", "end"), ("gender_review", "date")]
RFC3339 = re.compile(r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z$")
DCAT = "http://www.w3.org/ns/dcat#"


def records_on_disk(root: Path, status: str | None = "published") -> dict[str, dict]:
    """Every record file under content/, by id, as PyYAML reads it."""
    found = {}
    for path in sorted((root / "content").glob("*/*.yml")):
        if path.parent.name == "schemas":
            continue
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
        if status is None or data["status"] == status:
            found[f"{path.parent.name}/{path.stem}"] = data
    return found


def with_text_dates(data: dict) -> dict:
    """The record as the exports promise it: every date as text."""
    data = json.loads(json.dumps(data, default=str))
    for path in DATE_PATHS:
        holder = data
        for key in path[:-1]:
            holder = holder.get(key, {})
        if path[-1] in holder:
            holder[path[-1]] = str(holder[path[-1]])
    return data


def flatten(data: dict, prefix: str = "") -> dict[str, str]:
    """CSV cells of a record: es/en texts in two columns, lists joined with '; '."""
    cells = {}
    for key, value in data.items():
        name = prefix + key
        if isinstance(value, dict) and set(value) <= {"es", "en"}:
            for lang in ("es", "en"):
                inner = value.get(lang, "")
                cells[f"{name}_{lang}"] = "; ".join(inner) if isinstance(inner, list) else inner
        elif isinstance(value, dict):
            cells.update(flatten(value, name + "_"))
        elif isinstance(value, list):
            cells[name] = "; ".join(map(str, value))
        else:
            cells[name] = str(value)
    return cells


def entry_timestamp(data: dict) -> str:
    """Atom <updated> of a record: last revision, else its date, else its gender review."""
    value = str(data.get("updated") or data.get("date") or data.get("date_adopted") or data["gender_review"]["date"])
    full = {4: value + "-01-01", 7: value + "-01", 10: value}[len(value)]
    return full + "T00:00:00Z"


def site_file(site: Path, url: str) -> Path:
    """The built file an absolute site URL points to."""
    assert url.startswith(SITE_URL), url
    path = site / url[len(SITE_URL):]
    return path / "index.html" if url.endswith("/") else path


# -- records.json, records.csv and one JSON per record ------------------------------------

def test_records_json_holds_exactly_the_published_records(built_site):
    expected = records_on_disk(ROOT)
    exported = json.loads((built_site / "data" / "records.json").read_text(encoding="utf-8"))
    assert exported["licence"] == "https://creativecommons.org/licenses/by/4.0/"
    by_id = {record["id"]: record for record in exported["records"]}
    assert len(by_id) == len(exported["records"]) and sorted(by_id) == sorted(expected)
    for record_id, data in expected.items():
        record = dict(by_id[record_id])
        collection = record_id.split("/")[0]
        assert record.pop("id") == record_id and record.pop("collection") == collection
        assert record.pop("url_es") == f"{SITE_URL}{record_id}/"
        assert record.pop("url_en") == f"{SITE_URL}en/{record_id}/"
        for export, extension in (("ris", "ris"), ("bibtex", "bib")):
            for lang in ("es", "en"):
                assert record.pop(f"{export}_{lang}") == f"{SITE_URL}data/records/{record_id}.{lang}.{extension}"
        assert record == with_text_dates(data), record_id
        assert site_file(built_site, by_id[record_id]["url_es"]).exists()
        assert site_file(built_site, by_id[record_id]["url_en"]).exists()


def test_records_csv_holds_one_flattened_row_per_published_record(built_site):
    expected = records_on_disk(ROOT)
    raw = (built_site / "data" / "records.csv").read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf"), "spreadsheet programs need the UTF-8 BOM to read accents"
    rows = list(csv.DictReader(io.StringIO(raw.decode("utf-8-sig"), newline="")))
    assert sorted(row["id"] for row in rows) == sorted(expected)
    assert len(rows) == len(expected)
    for row in rows:
        cells = flatten(with_text_dates(expected[row["id"]]))
        assert row["collection"] == row["id"].split("/")[0]
        assert row["url_es"] == f"{SITE_URL}{row['id']}/" and row["url_en"] == f"{SITE_URL}en/{row['id']}/"
        for column, value in cells.items():
            assert row[column] == value, (row["id"], column)
        filled = {column for column, value in row.items() if value} - {"id", "collection", "url_es", "url_en", "ris_es", "ris_en", "bibtex_es", "bibtex_en"}
        assert filled <= set(cells), (row["id"], filled - set(cells))
    assert any("ñ" in row["title_es"] or "ó" in row["title_es"] for row in rows)


def test_each_record_has_its_own_json_linked_from_its_page(built_site):
    exported = json.loads((built_site / "data" / "records.json").read_text(encoding="utf-8"))["records"]
    for record in exported:
        collection, slug = record["id"].split("/")
        path = built_site / "data" / "records" / collection / f"{slug}.json"
        assert json.loads(path.read_text(encoding="utf-8")) == record
        # The record page links it as ../../data/records/<collection>/<slug>.json (Spanish pages).
        page_dir = built_site / collection / slug
        assert (page_dir / "../../data/records" / collection / f"{slug}.json").resolve() == path.resolve()
    assert len(list((built_site / "data" / "records").rglob("*.json"))) == len(exported)


# -- Atom feeds -----------------------------------------------------------------------------

def test_feeds_are_valid_atom_with_absolute_links_newest_first(built_site):
    expected = records_on_disk(ROOT)
    for lang, path in (("es", "feed.xml"), ("en", "en/feed.xml")):
        feed = ET.parse(built_site / path).getroot()
        assert feed.tag == f"{ATOM}feed" and feed.get(XML_LANG) == lang
        for name in ("id", "title", "updated"):
            assert feed.find(f"{ATOM}{name}").text, (path, name)
        assert feed.find(f"{ATOM}author/{ATOM}name").text
        self_link = [link.get("href") for link in feed.findall(f"{ATOM}link") if link.get("rel") == "self"]
        assert self_link == [SITE_URL + path]
        entries = feed.findall(f"{ATOM}entry")
        assert len(entries) == len(expected)
        updated = []
        for entry in entries:
            for name in ("id", "title", "updated"):
                assert entry.find(f"{ATOM}{name}").text, (path, name)
            record_id = entry.find(f"{ATOM}id").text.removeprefix(SITE_URL).removeprefix("en/").rstrip("/")
            data = expected[record_id]
            assert entry.find(f"{ATOM}title").text == data["title"].get(lang, data["title"]["es"])
            assert entry.find(f"{ATOM}updated").text == entry_timestamp(data)
            assert RFC3339.match(entry.find(f"{ATOM}updated").text)
            hrefs = [link.get("href") for link in entry.findall(f"{ATOM}link")]
            assert hrefs and all(urlparse(href).scheme in ("http", "https") and urlparse(href).netloc for href in hrefs)
            assert all(site_file(built_site, href).exists() for href in hrefs), hrefs
            updated.append(entry.find(f"{ATOM}updated").text)
        assert updated == sorted(updated, reverse=True)
        # Never the build time: the feed is as new as its newest record.
        assert feed.find(f"{ATOM}updated").text == max(entry_timestamp(data) for data in expected.values())


# -- JSON-LD --------------------------------------------------------------------------------

def test_catalog_is_valid_json_ld_dcat_listing_every_published_record(built_site):
    expected = records_on_disk(ROOT)
    document = json.loads((built_site / "data" / "catalog.jsonld").read_text(encoding="utf-8"))
    (catalog,) = jsonld.expand(document)  # raises on an invalid context or term
    assert catalog["@type"] == [f"{DCAT}Catalog"]
    datasets = catalog[f"{DCAT}dataset"]
    assert all(dataset["@type"] == [f"{DCAT}Dataset"] for dataset in datasets)
    record_ids = {dataset["@id"] for dataset in datasets} - {SITE_URL + "data/"}
    assert record_ids == {f"{SITE_URL}{record_id}/" for record_id in expected}
    (whole,) = [dataset for dataset in datasets if dataset["@id"] == SITE_URL + "data/"]
    downloads = [d[f"{DCAT}downloadURL"][0]["@id"] for d in whole[f"{DCAT}distribution"]]
    assert sorted(downloads) == sorted(SITE_URL + p for p in ("data/records.json", "data/records.csv", "feed.xml", "en/feed.xml", "data/records.es.ris",
                                                              "data/records.en.ris", "data/records.es.bib", "data/records.en.bib"))
    assert all(site_file(built_site, url).exists() for url in downloads)
    for dataset in datasets:
        for distribution in dataset[f"{DCAT}distribution"]:
            for link in distribution.get(f"{DCAT}downloadURL", []):
                assert site_file(built_site, link["@id"]).exists()
    assert jsonld.to_rdf(document, {"format": "application/n-quads"})


def test_json_ld_of_every_record_page_parses(built_site):
    expected = records_on_disk(ROOT)
    block = re.compile(r'<script type="application/ld\+json">(.*?)</script>', re.S)
    for record_id, data in expected.items():
        for lang, prefix in (("es", ""), ("en", "en/")):
            html = (built_site / prefix / record_id / "index.html").read_text(encoding="utf-8")
            (text,) = block.findall(html)
            described = json.loads(text)
            assert described["@context"] == "https://schema.org" and described["@type"]
            assert described["name"] == data["title"].get(lang, data["title"]["es"])


# -- drafts -----------------------------------------------------------------------------------

def test_drafts_reach_no_export(project, tmp_path):
    write_record(project, "publications", "published-report")
    draft = VALID_RECORD.replace("status: published", "status: draft").replace("Informe de prueba", "Borrador secreto")
    write_record(project, "manuals", "draft-manual", draft)
    site = tmp_path / "site"
    mkdocs_build(project, site)
    exported = json.loads((site / "data" / "records.json").read_text(encoding="utf-8"))["records"]
    assert [record["id"] for record in exported] == ["publications/published-report"]
    for path in ("data/records.csv", "data/catalog.jsonld", "feed.xml", "en/feed.xml", "data/records.es.ris", "data/records.en.bib"):
        text = (site / path).read_text(encoding="utf-8-sig")
        assert "published-report" in text and "draft-manual" not in text and "Borrador secreto" not in text, path
    assert not (site / "data" / "records" / "manuals").exists()
    assert ET.parse(site / "feed.xml").getroot().find(f"{ATOM}updated").text == "2020-05-01T00:00:00Z"


# -- the Open data page -------------------------------------------------------------------------

def schema_fields(schema_dir: Path) -> dict[str, str]:
    """Field path -> its "Spanish. / English." description, from the record schemas read as JSON.

    A field made of sub-fields (period, gender_review) is documented through them."""
    common = json.loads((schema_dir / "record.schema.json").read_text(encoding="utf-8"))["properties"]
    fields = {}
    for kind in ("framework", "practice", "document"):
        own = json.loads((schema_dir / f"{kind}.schema.json").read_text(encoding="utf-8"))["properties"]
        for name, spec in {**common, **own}.items():
            if "properties" not in spec:
                fields[name] = spec["description"]
            for inner, inner_spec in spec.get("properties", {}).items():
                fields[f"{name}.{inner}"] = inner_spec.get("description", spec["description"])
    return fields


def test_data_page_links_every_export_and_documents_every_field(built_site):
    fields = schema_fields(ROOT / "content" / "schemas")
    exports = ["data/records.json", "data/records.csv", "data/catalog.jsonld", "feed.xml", "en/feed.xml",
               "data/records.es.ris", "data/records.en.ris", "data/records.es.bib", "data/records.en.bib"]
    for index, (lang, prefix) in enumerate((("es", ""), ("en", "en/"))):
        page = built_site / prefix / "data" / "index.html"
        html = page.read_text(encoding="utf-8")
        article = html[html.index("<article"):html.index("</article>")]
        targets = {(page.parent / href).resolve() for href in re.findall(r'href="([^"#:]+)"', article)}
        for export in exports:
            assert (built_site / export).resolve() in targets, (lang, export)
            assert (built_site / export).is_file()
        assert 'href="https://creativecommons.org/licenses/by/4.0/"' in article and "CC BY 4.0" in article
        text = unescape(article)
        for name, description in fields.items():
            assert f"<code>{name}</code>" in article, (lang, name)
            assert description.split(". / ")[index].rstrip(".") in text, (lang, name)
