"""Open-data exports of the published records, rebuilt with the site.

write_exports(repo, site_dir, site_url) writes, under the site folder:
- data/records.json, data/records.csv and data/records/<collection>/<slug>.json
- data/catalog.jsonld: a DCAT catalogue (JSON-LD) of the whole set and of each record
- feed.xml (Spanish) and en/feed.xml (English): Atom feeds, newest record first
- data/records.<lang>.ris and .bib, and one of each per record: references (citation.py)

The record fields and their bilingual descriptions come from the JSON Schemas in
content/schemas/, so a new field reaches the exports and the Data page by itself.
Nothing depends on the build time, so the same content gives the same files.
"""
from __future__ import annotations

import csv
import io
import json
import xml.etree.ElementTree as ET
from dataclasses import dataclass
from pathlib import Path

from . import DEFAULT_LANGUAGE, LANGUAGES, citation, schemas, site_prefix
from .model import HeldFile, Record, Repository, Text
from .strings import t

LICENCE_URL = "https://creativecommons.org/licenses/by/4.0/"  # licence of the repository's metadata
RECORDS_JSON = "data/records.json"
RECORDS_CSV = "data/records.csv"
CATALOG = "data/catalog.jsonld"
LIST_SEPARATOR = "; "
# Fields every export adds to a record's own fields, described by strings.yml (data_field_<name>).
ADDED_FIELDS = ("id", "collection", "url_es", "url_en", "ris_es", "ris_en", "bibtex_es", "bibtex_en")
_TEXT_DEFS = ("title", "text", "optional_text", "label")  # es/en strings
_LIST_DEFS = ("strings", "codes")


@dataclass(frozen=True)
class Field:
    """One record field as the schemas describe it; ``path`` is nested for sub-fields."""

    path: tuple[str, ...]
    shape: str  # "text" (es/en strings), "terms" (es/en lists), "list", "date" or "value"
    description: Text
    kinds: tuple[str, ...]  # the kinds of record (collections.yml 'kind') that may have it

    @property
    def name(self) -> str:
        return "_".join(self.path)

    @property
    def columns(self) -> list[str]:
        """Its CSV columns: one per language for translatable fields."""
        return [f"{self.name}_{lang}" for lang in LANGUAGES] if self.shape in ("text", "terms") else [self.name]


def split_description(description: str) -> Text:
    """Schema descriptions read "Spanish. / English."; the period stays with the Spanish."""
    spanish, english = description.split(". / ", 1)
    return Text(es=spanish + ".", en=english)


def record_fields(repo: Repository) -> list[Field]:
    """Every field a record may have, in schema order: common fields first, then by kind."""
    schema_dir = repo.root / "content" / "schemas"
    definitions = schemas.schema(schema_dir, "common")["$defs"]
    found: dict[tuple, Field] = {}
    for kind in dict.fromkeys(c.kind for c in repo.collections):
        own = schemas.schema(schema_dir, kind)
        base = schemas.schema(schema_dir, own["$ref"].removesuffix(".schema.json"))
        for name, spec in {**base["properties"], **own["properties"]}.items():
            for field in _fields((name,), spec, definitions, None):
                known = found.get(field.path)
                found[field.path] = Field(field.path, field.shape, field.description, (known.kinds if known else ()) + (kind,))
    return list(found.values())


def _fields(path: tuple, spec: dict, definitions: dict, inherited: str | None):
    reference = spec.get("$ref", "").rpartition("/")[2]
    # A sub-field without its own description is described by its parent (period.start by period).
    description = spec.get("description") or inherited or definitions.get(reference, {}).get("description")
    if "properties" in spec:
        for name, inner in spec["properties"].items():
            yield from _fields(path + (name,), inner, definitions, description)
        return
    if reference in _TEXT_DEFS:
        shape = "text"
    elif reference == "text_list":
        shape = "terms"
    elif reference == "date":
        shape = "date"
    elif reference in _LIST_DEFS or spec.get("type") == "array":
        shape = "list"
    else:
        shape = "value"
    yield Field(path, shape, split_description(description), ())


# -- one record as plain data -------------------------------------------------------------
def record_url(record: Record, lang: str, site_url: str) -> str:
    return site_url + record.url(lang)


def record_json_path(record: Record) -> str:
    """Site-relative path of a record's own JSON file."""
    return f"data/records/{record.collection.code}/{record.slug}.json"


def record_export(record: Record, fields: list[Field], site_url: str) -> dict:
    """The record's fields as written, dates as text ('2011-05-25', '2011-05' or '2011')."""
    data = {"id": record.id, "collection": record.collection.code}
    data.update({f"url_{lang}": record_url(record, lang, site_url) for lang in LANGUAGES})
    data.update({f"{export}_{lang}": site_url + citation.record_path(record, export, lang) for export in citation.FORMATS for lang in LANGUAGES})
    dates = {field.path for field in fields if field.shape == "date"}
    data.update(_with_text_dates(record.data, (), dates))
    if record.files:
        data["files"] = [held_export(held, entry, site_url) for held, entry in zip(record.files, data["files"])]
    return data


def held_export(held: HeldFile, entry: dict, site_url: str) -> dict:
    """A held file as written in the record, plus what the build measured and where it is."""
    measured = {"url": site_url + held.url, "format": held.format, "media_type": held.media_type, "size": held.size, "sha256": held.sha256}
    measured.update({key: value for key, value in (("pages", held.pages), ("words", held.words)) if value is not None})
    return {**entry, **measured}


def _with_text_dates(value, path: tuple, dates: set):
    if isinstance(value, dict):
        return {key: _with_text_dates(inner, path + (key,), dates) for key, inner in value.items()}
    return str(value) if path in dates else value


def csv_row(export: dict, fields: list[Field]) -> list[str]:
    row = [_cell(export[name]) for name in ADDED_FIELDS]
    for field in fields:
        value = export
        for part in field.path:
            value = value.get(part, {}) if isinstance(value, dict) else {}
        if field.shape in ("text", "terms"):
            row += [_cell(value.get(lang, "")) for lang in LANGUAGES]
        else:
            row.append(_cell(value if value != {} else ""))
    return row


# A spreadsheet runs a cell that starts with one of these as a formula (CSV injection):
# OWASP's advice is to prefix such a cell with a single quote, which shows it as text.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def _cell(value) -> str:
    if isinstance(value, list):  # held files are listed by their address
        text = LIST_SEPARATOR.join(str(item["url"]) if isinstance(item, dict) else str(item) for item in value)
    else:
        text = str(value)
    return "'" + text if text.startswith(FORMULA_STARTS) else text


# -- the files -----------------------------------------------------------------------------
def write_exports(repo: Repository, site_dir, site_url: str) -> None:
    site_dir = Path(site_dir)
    records = repo.visible_records(include_drafts=False)
    fields = record_fields(repo)
    exports = [record_export(record, fields, site_url) for record in records]
    each = [_json(export) for export in exports]
    for record, data in zip(records, each):
        _write(site_dir / record_json_path(record), data)
    _write(site_dir / RECORDS_JSON, _json_joined({
        "title": Text(t("data_records_title", "es"), t("data_records_title", "en")).as_dict(),
        "licence": LICENCE_URL,
        "records": [],
    }, each))
    _write(site_dir / RECORDS_CSV, records_csv(exports, fields))
    _write(site_dir / CATALOG, _json(catalog(repo, records, site_url)))
    for lang in LANGUAGES:
        _write(site_dir / feed_path(lang), atom_feed(repo, records, lang, site_url))
    citation.write_files(repo, records, site_url, lambda path, data: _write(site_dir / path, data))


def feed_path(lang: str) -> str:
    return f"{site_prefix(lang)}feed.xml"


def _write(path: Path, data: bytes) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(data)


def _json(data) -> bytes:
    return (json.dumps(data, ensure_ascii=False, indent=2) + "\n").encode("utf-8")


def _json_joined(data: dict, records: list[bytes]) -> bytes:
    """``_json(data)`` with ``data["records"]`` filled by records already written by
    ``_json``: their text indented one level further, byte for byte what encoding them
    again would give (an indented encoding runs in pure Python: slow at thousands)."""
    if not records:
        return _json(data)
    head, tail = _json(data).split(b'"records": []', 1)
    items = b",\n".join(b"    " + record.rstrip(b"\n").replace(b"\n", b"\n    ") for record in records)
    return head + b'"records": [\n' + items + b"\n  ]" + tail


def records_csv(exports: list[dict], fields: list[Field]) -> bytes:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(list(ADDED_FIELDS) + [column for field in fields for column in field.columns])
    writer.writerows(csv_row(export, fields) for export in exports)
    return out.getvalue().encode("utf-8-sig")  # the BOM tells spreadsheet programs it is UTF-8


# -- dates ---------------------------------------------------------------------------------
def entry_date(record: Record) -> str:
    """The date a feed entry and the catalogue give a record: its last revision, else its own
    date, else its gender review (which every published record has)."""
    return str(record.data.get("updated") or record.date or record.data["gender_review"]["date"])


def _timestamp(date: str) -> str:
    """An Atom date-time for a YYYY, YYYY-MM or YYYY-MM-DD date (the first day of the period)."""
    full = (date + "-01-01")[:10] if len(date) == 4 else (date + "-01")[:10]
    return f"{full}T00:00:00Z"


def _newest_first(records: list[Record]) -> list[Record]:
    by_id = sorted(records, key=lambda r: r.id)
    return sorted(by_id, key=lambda r: _timestamp(entry_date(r)), reverse=True)


# -- Atom ----------------------------------------------------------------------------------
ATOM = "http://www.w3.org/2005/Atom"
XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"
EMPTY_FEED_DATE = "1970-01-01T00:00:00Z"  # a feed without entries still needs a fixed <updated>


def atom_feed(repo: Repository, records: list[Record], lang: str, site_url: str) -> bytes:
    ET.register_namespace("", ATOM)
    home = site_url + site_prefix(lang)
    ordered = _newest_first(records)
    feed = ET.Element(f"{{{ATOM}}}feed", {XML_LANG: lang})
    _sub(feed, "id", site_url + feed_path(lang))
    _sub(feed, "title", t("site_name", lang))
    _sub(feed, "subtitle", t("data_feed_subtitle", lang))
    _sub(feed, "updated", _timestamp(entry_date(ordered[0])) if ordered else EMPTY_FEED_DATE)
    _sub(feed, "link", rel="self", type="application/atom+xml", href=site_url + feed_path(lang))
    _sub(feed, "link", rel="alternate", type="text/html", href=home)
    author = _sub(feed, "author")
    _sub(author, "name", t("site_name", lang))
    _sub(author, "uri", home)
    _sub(feed, "rights", t("data_metadata_licence", lang, url=LICENCE_URL))
    themes = repo.vocabularies.themes
    for record in ordered:
        entry = _sub(feed, "entry")
        _sub(entry, "id", record_url(record, lang, site_url))
        _sub(entry, "title", record.title.get(lang), **_lang_if_fallback(record.title, lang))
        _sub(entry, "updated", _timestamp(entry_date(record)))
        _sub(entry, "link", rel="alternate", type="text/html", href=record_url(record, lang, site_url))
        _sub(entry, "link", rel="alternate", type="application/json", href=site_url + record_json_path(record))
        _sub(entry, "summary", record.summary.get(lang), **_lang_if_fallback(record.summary, lang))
        for code in record.themes:
            _sub(entry, "category", term=code, scheme=site_url + "themes/", label=themes[code].get(lang))
    ET.indent(feed)
    return ET.tostring(feed, encoding="utf-8", xml_declaration=True) + b"\n"


def _sub(parent, tag: str, text: str | None = None, **attributes) -> ET.Element:
    element = ET.SubElement(parent, f"{{{ATOM}}}{tag}", attributes)
    element.text = text
    return element


def _lang_if_fallback(text: Text, lang: str) -> dict:
    return {XML_LANG: DEFAULT_LANGUAGE} if text.falls_back(lang) else {}


# -- DCAT catalogue (JSON-LD) --------------------------------------------------------------
CONTEXT = {
    "dcat": "http://www.w3.org/ns/dcat#",
    "dct": "http://purl.org/dc/terms/",
    "foaf": "http://xmlns.com/foaf/0.1/",
    "skos": "http://www.w3.org/2004/02/skos/core#",
    "xsd": "http://www.w3.org/2001/XMLSchema#",
    "spdx": "http://spdx.org/rdf/terms#",
}
MEDIA_TYPES = "https://www.iana.org/assignments/media-types/"
LANGUAGE_URIS = "http://id.loc.gov/vocabulary/iso639-1/"
_DATE_TYPES = {4: "xsd:gYear", 7: "xsd:gYearMonth", 10: "xsd:date"}


def _texts(text: Text) -> list[dict]:
    return [{"@value": value, "@language": lang} for lang, value in text.as_dict().items()]


def _strings(key: str) -> list[dict]:
    return _texts(Text(t(key, "es"), t(key, "en")))


def _date(value: str) -> dict:
    return {"@value": value, "@type": _DATE_TYPES[len(value)]}


def _distribution(title: str, url: str, media_type: str) -> dict:
    return {
        "@type": "dcat:Distribution",
        "dct:title": title,
        "dcat:downloadURL": {"@id": url},
        "dcat:mediaType": {"@id": MEDIA_TYPES + media_type},
        "dct:license": {"@id": LICENCE_URL},
    }


def catalog(repo: Repository, records: list[Record], site_url: str) -> dict:
    newest = _newest_first(records)[:1]
    whole = {
        "@id": site_url + "data/",
        "@type": "dcat:Dataset",
        "dct:title": _strings("data_records_title"),
        "dct:description": _strings("data_records_description"),
        "dcat:landingPage": {"@id": site_url + "data/"},
        "dct:license": {"@id": LICENCE_URL},
        "dct:language": [{"@id": LANGUAGE_URIS + lang} for lang in LANGUAGES],
        "dcat:distribution": [
            _distribution("records.json", site_url + RECORDS_JSON, "application/json"),
            _distribution("records.csv", site_url + RECORDS_CSV, "text/csv"),
        ] + [_distribution(feed_path(lang), site_url + feed_path(lang), "application/atom+xml") for lang in LANGUAGES]
        + [_distribution(path.rpartition("/")[2], site_url + path, media_type) for lang in LANGUAGES
           for path, media_type in ((citation.all_path("ris", lang), "application/x-research-info-systems"), (citation.all_path("bibtex", lang), "application/x-bibtex"))],
    }
    if newest:
        whole["dct:modified"] = _date(entry_date(newest[0]))
    return {
        "@context": CONTEXT,
        "@id": site_url + CATALOG,
        "@type": "dcat:Catalog",
        "dct:title": _strings("site_name"),
        "dct:description": _strings("data_catalog_description"),
        "foaf:homepage": {"@id": site_url},
        "dct:license": {"@id": LICENCE_URL},
        "dct:language": [{"@id": LANGUAGE_URIS + lang} for lang in LANGUAGES],
        "dcat:dataset": [whole] + [_record_dataset(repo, record, site_url) for record in records],
    }


def _record_dataset(repo: Repository, record: Record, site_url: str) -> dict:
    d, v = record.data, repo.vocabularies
    dataset = {
        "@id": record_url(record, DEFAULT_LANGUAGE, site_url),
        "@type": "dcat:Dataset",
        "dct:identifier": record.id,
        "dct:title": _texts(record.title),
        "dct:description": _texts(record.summary),
        "dcat:landingPage": [{"@id": record_url(record, lang, site_url)} for lang in LANGUAGES],
        "dcat:theme": [
            {"@id": f"{site_url}themes/{code}/", "@type": "skos:Concept", "skos:prefLabel": _texts(v.themes[code])} for code in record.themes
        ],
        "dct:spatial": [
            {"@id": f"{site_url}countries/{code.lower()}/", "@type": "dct:Location",
             "skos:prefLabel": _texts(Text(*(v.place_label(code, lang) for lang in LANGUAGES)))}
            for code in record.countries
        ],
        "dct:source": {"@id": d["source_url"]},
        "dcat:distribution": [_distribution(f"{record.slug}.json", site_url + record_json_path(record), "application/json")],
    }
    if record.date:
        dataset["dct:issued"] = _date(record.date)
    if "updated" in d:
        dataset["dct:modified"] = _date(str(d["updated"]))
    if "keywords" in d:
        dataset["dcat:keyword"] = [{"@value": word, "@language": lang} for lang, words in d["keywords"].items() for word in words]
    if "languages" in d:
        dataset["dct:language"] = [{"@id": LANGUAGE_URIS + code} for code in d["languages"]]
    if "publisher" in d:
        dataset["dct:publisher"] = {"@type": "foaf:Agent", "foaf:name": d["publisher"]}
    for key in ("official_url", "document_url"):
        if key in d:
            dataset["dcat:distribution"].append({"@type": "dcat:Distribution", "dct:title": _strings(f"field_{key}"), "dcat:accessURL": {"@id": d[key]}})
    for held in record.files:
        dataset["dcat:distribution"].append({
            "@type": "dcat:Distribution",
            "dct:title": _texts(held.title),
            "dcat:downloadURL": {"@id": site_url + held.url},
            "dcat:mediaType": {"@id": MEDIA_TYPES + held.media_type},
            "dcat:byteSize": {"@value": str(held.size), "@type": "xsd:nonNegativeInteger"},
            "spdx:checksum": {"@type": "spdx:Checksum", "spdx:algorithm": {"@id": "http://spdx.org/rdf/terms#checksumAlgorithm_sha256"},
                              "spdx:checksumValue": held.sha256},
            "dct:language": {"@id": LANGUAGE_URIS + held.language},
        })
    return dataset
