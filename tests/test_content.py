"""The content model and every class of validator error, on real files."""
from __future__ import annotations

import datetime as dt
import json

from conftest import ROOT, VALID_RECORD, settle, write_record

from crm import content, forked, yamlfile


def problems_for(project, text, collection="publications", slug="record"):
    write_record(project, collection, slug, text)
    repo, problems = content.load(project, today=dt.date(2026, 11, 25))
    return [p.plain() for p in problems]


def test_shipped_content_is_valid():
    repo, problems = content.load(ROOT)
    assert problems == []
    assert repo.records and all(record.title.es for record in repo.records)


def test_valid_record_builds_the_model(project):
    write_record(project, "publications", "informe")
    repo, problems = content.load(project)
    assert problems == []
    (record,) = repo.records
    assert record.id == "publications/informe"
    assert record.title.get("en") == "Test report"
    assert record.countries == ["GT", "regional"] and record.year == 2020
    assert record.translated and record.published
    assert len(repo.plan.actions) == 26
    assert repo.vocabularies.place_label("GT", "es") == "Guatemala"
    assert repo.vocabularies.place_label("DO", "en") == "Dominican Republic"


def test_yaml_syntax_error_names_file_and_line(project):
    found = problems_for(project, "title:\n  es: [unclosed\nsummary: x\n")
    assert len(found) == 1 and found[0].startswith("content/publications/record.yml:3:")
    assert "YAML syntax error" in found[0]


def test_unknown_field_points_at_the_key(project):
    found = problems_for(project, VALID_RECORD + "colour: blue\n")
    assert found == [f"content/publications/record.yml:{VALID_RECORD.count(chr(10)) + 1}:1: unknown field 'colour' (expected one of: " + found[0].split("expected one of: ")[1]]


def test_missing_field_and_missing_spanish_title(project):
    text = VALID_RECORD.replace("  es: Informe de prueba\n", "").replace("source_url: https://example.org/report\n", "")
    found = problems_for(project, text)
    assert any(":2:1: title: the Spanish text (es) is required" in p for p in found), found
    assert any("the field 'source_url' is required" in p for p in found), found


def test_wrong_type(project):
    found = problems_for(project, VALID_RECORD.replace("themes: [fair-recruitment]", "themes: fair-recruitment"))
    assert found == ["content/publications/record.yml:9:9: themes: expected a list, found str 'fair-recruitment'"]


def test_unknown_codes(project):
    text = VALID_RECORD.replace("[GT, regional]", "[GT, XX]").replace("[fair-recruitment]", "[fair-recruitment, cooking]").replace('["1.1"]', '["1.1", "9.9"]')
    found = problems_for(project, text)
    assert any(":8:17: unknown country or scope 'XX'" in p for p in found), found
    assert any(":9:28: unknown theme 'cooking'" in p for p in found), found
    assert any(":10:18: unknown plan action '9.9'" in p for p in found), found


def test_unknown_collection(project):
    (project / "content" / "recipes").mkdir()
    found = problems_for(project, VALID_RECORD, collection="recipes")
    assert found == ["content/recipes/record.yml:1:1: unknown collection 'recipes' (content/collections.yml lists: frameworks, practices, publications, manuals, references)"]


def test_duplicate_slug_across_collections(project):
    write_record(project, "manuals", "same")
    found = problems_for(project, VALID_RECORD, slug="same")
    assert found == ["content/publications/same.yml:1:1: duplicate slug 'same': content/manuals/same.yml has it too"]


def test_non_https_url(project):
    found = problems_for(project, VALID_RECORD.replace("https://example.org/report", "http://example.org/report"))
    assert found == ["content/publications/record.yml:12:13: source_url: 'http://example.org/report' is not an https:// URL"]


def test_future_date(project):
    found = problems_for(project, VALID_RECORD.replace("date: 2020-05-01", "date: 2031-01-01"))
    assert found == ["content/publications/record.yml:11:7: date: 2031-01-01 is in the future"]
    found = problems_for(project, VALID_RECORD.replace("date: 2020-05-01", "date: 20201"))  # a year of five digits
    assert found == ["content/publications/record.yml:11:7: date: 20201 is in the future"]


def test_published_without_gender_review(project):
    text = VALID_RECORD.split("gender_review:")[0]
    found = problems_for(project, text)
    assert found == ["content/publications/record.yml:14:9: a published record needs a gender_review (review_status, reviewed_by, date, notes); keep it 'draft' until reviewed"]


def test_draft_without_review_is_valid(project):
    text = VALID_RECORD.split("gender_review:")[0].replace("status: published", "status: draft")
    assert problems_for(project, text) == []


def test_unknown_related_record(project):
    found = problems_for(project, VALID_RECORD + "related: [frameworks/nothing]\n")
    assert found == ["content/publications/record.yml:23:11: related record 'frameworks/nothing' does not exist"]


def test_all_problems_reported_at_once(project):
    write_record(project, "frameworks", "broken", "title: [\n")
    found = problems_for(project, VALID_RECORD.replace("[GT, regional]", "[ZZ]").replace("  es: Informe de prueba\n", ""))
    assert {p.split(":")[0] for p in found} == {"content/frameworks/broken.yml", "content/publications/record.yml"}


def records_read(monkeypatch) -> list:
    """The names of the record files content.load reads from now on (all in this process,
    where the list can see them: forked children would read some)."""
    read, real = [], yamlfile.load
    monkeypatch.setattr(forked, "_can_fork", lambda: False)
    monkeypatch.setattr(yamlfile, "load", lambda path, *args: (path.parent.name == "publications" and read.append(path.name)) or real(path, *args))
    return read


def test_a_second_load_reads_only_the_saved_file(project, monkeypatch):
    """`make serve` loads the content again after each save: unchanged records are not read
    again, and what they were found to hold is still reported."""
    write_record(project, "publications", "first")
    write_record(project, "publications", "second", VALID_RECORD.replace("themes: [fair-recruitment]", "themes: fair-recruitment"))
    write_record(project, "publications", "third", VALID_RECORD + "related: [publications/first]\n")
    settle(monkeypatch)
    read = records_read(monkeypatch)
    wrong_type = "content/publications/second.yml:9:9: themes: expected a list, found str 'fair-recruitment'"
    assert [p.plain() for p in content.load(project)[1]] == [wrong_type]
    assert read == ["first.yml", "second.yml", "third.yml"]

    read.clear()
    repo, problems = content.load(project)
    assert read == [] and [p.plain() for p in problems] == [wrong_type]  # the unread file's problem is still there
    assert [r.slug for r in repo.records] == ["first", "third"]

    first = project / "content/publications/first.yml"
    first.write_text(first.read_text(encoding="utf-8").replace("date: 2020-05-01", "date: 2099-05-01"), encoding="utf-8")
    repo, problems = content.load(project, today=dt.date(2026, 11, 25))
    assert read == ["first.yml", "second.yml", "third.yml"]  # another date: every record is checked against it
    read.clear()
    repo, problems = content.load(project, today=dt.date(2026, 11, 25))
    assert read == ["first.yml"]  # saved just now: read again until its time is safely in the past
    assert [p.plain() for p in problems] == ["content/publications/first.yml:11:7: date: 2099-05-01 is in the future", wrong_type,
                                             "content/publications/third.yml:23:11: related record 'publications/first' does not exist"]

    first.unlink()  # the others are not read again, yet what they relate to is checked again
    settle(monkeypatch)
    read.clear()
    problems = [p.plain() for p in content.load(project, today=dt.date(2026, 11, 25))[1]]
    assert read == [] and problems == [wrong_type, "content/publications/third.yml:23:11: related record 'publications/first' does not exist"]


def test_a_changed_definition_checks_every_record_again(project, monkeypatch):
    write_record(project, "publications", "record")
    settle(monkeypatch)
    read = records_read(monkeypatch)
    assert content.load(project)[1] == [] and read == ["record.yml"]
    vocabularies = project / "content/vocabularies.yml"
    vocabularies.write_text(vocabularies.read_text(encoding="utf-8").replace("  fair-recruitment:", "  recruitment:"), encoding="utf-8")
    problems = [p.plain() for p in content.load(project)[1] if p.path.startswith("content/")]  # (a toolkit names the theme too)
    assert read == ["record.yml", "record.yml"]
    assert problems == ["content/publications/record.yml:9:10: unknown theme 'fair-recruitment' (expected one of: " + problems[0].split("expected one of: ")[1]]


def test_a_changed_schema_is_read_again(project, monkeypatch):
    """`make serve` keeps one process: a schema saved meanwhile applies at the next load."""
    write_record(project, "publications", "record")
    settle(monkeypatch)
    assert content.load(project)[1] == []
    schema = project / "content/schemas/document.schema.json"
    data = json.loads(schema.read_text(encoding="utf-8"))
    data["required"] = [*data.get("required", []), "isbn"]
    data.setdefault("properties", {})["isbn"] = {"type": "string"}
    schema.write_text(json.dumps(data), encoding="utf-8")
    assert [p.plain() for p in content.load(project)[1]] == ["content/publications/record.yml:2:1: the field 'isbn' is required"]


# Wrong values every field is tried with: types, blanks, dates, addresses, repeats, unknown codes.
_WRONG_VALUES = [None, "", " ", "\u00a0", 0, -1, 1.5, True, [], [""], ["x", "x"], {}, {"es": ""}, {"en": "only English"},
                 {"es": "x", "fr": "y"}, "1799", "2026-02-30", "2026-13", "2999", 2999, 1799, "http://example.org/",
                 "https://bad host/", "https://localhost/", "https://example.org/ a", "x" * 20_000, ["GT", "GT"], 10_000,
                 ["XX"], [{"es": "x"}, {"es": "x"}], [1, True]]


def _variants(data: dict):
    """The document, then each field removed, then each field (and each item of a list) set to each wrong value."""
    yield data
    for key, value in data.items():
        yield {k: v for k, v in data.items() if k != key}
        for wrong in _WRONG_VALUES:
            yield {**data, key: wrong}
            if isinstance(value, dict):
                yield {**data, key: {**value, next(iter(value)): wrong}}
            if isinstance(value, list) and value:
                yield {**data, key: [wrong, *value[1:]]}
                yield {**data, key: value + value[:1]}
    yield {**data, "unknown_field": "x"}
    yield {**data, 1: "x"}  # a number as a key: jsonschema-rs refuses the data, jsonschema judges


def test_the_quick_validator_agrees_with_the_full_one():
    """Documents the quick validator (jsonschema-rs) passes skip the full one (jsonschema):
    both must give the same verdict on every shipped document and on thousands of wrong ones."""
    from crm import schemas
    today, schema_dir = dt.date(2026, 11, 25), ROOT / "content" / "schemas"
    kinds = {collection["code"]: collection["kind"]
             for collection in yamlfile.load(ROOT / "content" / "collections.yml").data}
    documents = [(kinds[path.parent.name], yamlfile.load(path).data) for path in sorted((ROOT / "content").glob("*/*.yml"))]
    documents += [("toolkit", yamlfile.load(path).data) for path in sorted((ROOT / "toolkits").glob("*/toolkit.yml"))]
    documents += [(name, yamlfile.load(ROOT / "content" / f"{name}.yml").data) for name in ("collections", "vocabularies", "plan")]
    verdicts, mutated = {True: 0, False: 0}, set()
    for kind, data in documents:
        # Every document as it is; the first of each kind also through every variant.
        variants = _variants(data) if isinstance(data, dict) and kind not in mutated else [data]
        mutated.add(kind)
        for variant in variants:
            full = not any(True for _ in schemas.validator(schema_dir, kind, today).iter_errors(variant))
            assert schemas.is_valid(schema_dir, kind, today, variant) == full, (kind, variant)
            verdicts[full] += 1
    assert verdicts[True] >= len(documents) and verdicts[False] > 2_000, verdicts
