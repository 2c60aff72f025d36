"""Load every content file, validate it, and build the model.

``load(root)`` returns the Repository and the complete list of problems, so that a
contributor sees every mistake at once, each with its file, line and column. Within one
process (`make serve` loads again after every save), a record file that has not changed
is not read and checked again; what it held is reported again (_RecordCache).
"""
from __future__ import annotations

import datetime as dt
import functools
import itertools
import re
import time
from dataclasses import dataclass
from pathlib import Path

from . import files, forked, formats, holdings, schemas, toolkits, yamlfile
from .model import AnnexEntry, Collection, HeldFile, LinkHealth, Plan, PlanAction, PlanFootnote, PlanLine, Record, Repository, Text, Vocabularies
from .problems import Problem, relative
from .schemas import field_names, is_valid, validator

SLUG = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
# Raw HTML and script vectors refused in contributors' text (rendered pages escape or sanitize too).
UNSAFE_TEXT = [
    (re.compile(r"<\s*script", re.I), "a <script> element"),
    (re.compile(r"<\s*iframe", re.I), "an <iframe> element"),
    # [^<>]: each match attempt stops at the next '<', so a text of many '<' stays fast.
    (re.compile(r"<[^<>]*\son[a-z]+\s*=", re.I), "an on…= event attribute"),
    (re.compile(r"javascript\s*:", re.I), "a javascript: link"),
]
MAX_SCHEMA_ERRORS = 50  # per file: more would bury the first ones (and a hostile file could hold millions)
DEFINITION_FILES = ("collections.yml", "vocabularies.yml", "plan.yml")  # content/ itself holds only these
REVIEW = "gender_review"  # a published record needs one (the editor refuses to save it without)
LINK_HEALTH = "link-health.yml"  # and this one, written by `python -m crm.linkcheck`
HELD = "files"  # content/files/<collection>/<slug>/: documents kept with records
# Fields whose values are codes: where the codes come from, and what one names in
# messages. The scaffold lists the same codes in its comments.
CODED_FIELDS = {
    "countries": (lambda repo: repo.vocabularies.places, "country or scope"),
    "themes": (lambda repo: list(repo.vocabularies.themes), "theme"),
    "actions": (lambda repo: list(repo.plan.actions), "plan action"),
    "languages": (lambda repo: repo.vocabularies.languages, "document language"),
    "licence": (lambda repo: list(repo.vocabularies.licences), "licence"),
    "instrument_type": (lambda repo: list(repo.vocabularies.instrument_types), "instrument type"),
    "legal_status": (lambda repo: list(repo.vocabularies.legal_status), "legal status"),
    "jurisdiction": (lambda repo: repo.vocabularies.places, "jurisdiction"),
    "ratified_by": (lambda repo: repo.vocabularies.countries, "member country"),
    "source_kind": (lambda repo: list(repo.vocabularies.source_kinds), "kind of source"),
    "gender_review.review_status": (lambda repo: list(repo.vocabularies.gender_review_statuses), "kind of gender review"),
    "gender_review.sex_disaggregated_data": (lambda repo: list(repo.vocabularies.sex_disaggregated_data), "answer on sex-disaggregated data"),
    "gender_review.intersections": (lambda repo: list(repo.vocabularies.intersectional_groups), "intersectional group"),
    "files.language": (lambda repo: repo.vocabularies.languages, "document language"),
    "files.role": (lambda repo: list(repo.vocabularies.file_roles), "role of a file"),
    "files.licence": (lambda repo: list(repo.vocabularies.licences), "licence"),
}
# Licences that do not by themselves allow the repository to hand a file out.
NOT_REDISTRIBUTABLE = {"all-rights-reserved"}
# Record fields holding the addresses the link checker reports on.
LINK_FIELDS = ("source_url", "official_url", "document_url")
CACHE = Path(".cache") / "holdings"  # under the project root; git-ignored


@dataclass
class Checker:
    """Collects problems for one file, positioned with its YamlDocument."""

    root: Path
    doc: yamlfile.YamlDocument
    problems: list
    today: dt.date | None = None  # dates after it are refused (default: the real today)

    def add(self, data_path, message: str, key: bool = False, severity: str = "error") -> None:
        line, column = self.doc.position(data_path, key=key)
        self.problems.append(Problem(relative(self.doc.path, self.root), line, column, message, severity))

    def schema(self, kind: str) -> bool:
        schema_dir = self.root / "content" / "schemas"
        today = self.today or dt.date.today()
        if is_valid(schema_dir, kind, today, self.doc.data):
            return True
        known = field_names(schema_dir, kind)
        found = validator(schema_dir, kind, today).iter_errors(self.doc.data)
        errors = sorted(itertools.islice(found, MAX_SCHEMA_ERRORS), key=lambda e: list(map(str, e.absolute_path)))
        for error in errors:
            self._schema_error(error, known)
        if len(errors) == MAX_SCHEMA_ERRORS:
            self.add((), f"the first {MAX_SCHEMA_ERRORS} problems are shown: fix them and check again for the others")
        return not errors

    def _schema_error(self, error, known_fields: set[str]) -> None:
        where = tuple(error.absolute_path)
        name = ".".join(str(part) for part in where) or "the file"
        instance = error.instance
        if error.validator in ("additionalProperties", "unevaluatedProperties") and isinstance(instance, dict):
            allowed = set(error.schema.get("properties", {})) | (known_fields if not where else set())
            for key in instance:
                if key not in allowed:
                    expected = ", ".join(sorted(allowed))
                    self.add(where + (key,), f"unknown field '{_shown(key)}' (expected one of: {expected})", key=True)
        elif error.validator == "required":
            missing = re.search(r"'([^']+)' is a required property", error.message).group(1)
            what = "the Spanish text (es)" if missing == "es" else f"the field '{missing}'"
            self.add(where, f"{name}: {what} is required" if where else f"{what} is required", key=bool(where))
        elif error.validator == "type":
            expected = error.validator_value if isinstance(error.validator_value, str) else " or ".join(error.validator_value)
            self.add(where, f"{name}: expected {_TYPE_NAMES.get(expected, expected)}, found {_describe(instance)}")
        elif error.validator == "format" and error.validator_value == "uri":
            self.add(where, f"{name}: '{_shown(instance)}' is not a valid address: {error.cause}")
        elif error.validator == "format":
            self.add(where, f"{name}: {error.cause or error.message}")
        elif error.validator == "maxLength":
            self.add(where, f"{name}: {len(instance):,} characters; at most {error.validator_value:,} are allowed")
        elif error.validator == "maxItems":
            self.add(where, f"{name}: {len(instance):,} items; at most {error.validator_value:,} are allowed")
        elif error.validator == "pattern" and error.validator_value == NOT_BLANK:
            if instance != "":  # an empty text is reported once, by minLength
                self.add(where, f"{name}: must not be blank (only spaces)")
        elif error.validator == "pattern" and isinstance(instance, str) and error.validator_value.startswith("^https"):
            self.add(where, f"{name}: '{_shown(instance)}' is not an https:// URL")
        elif error.validator == "pattern":
            self.add(where, f"{name}: '{_shown(instance)}' does not have the expected form ({_FORMS.get(error.validator_value, error.validator_value)})")
        elif error.validator == "enum":
            choices = ", ".join(map(str, error.validator_value))
            self.add(where, f"{name}: '{_shown(instance)}' is not one of: {choices}")
        elif error.validator == "uniqueItems":
            self.add(where, f"{name}: a value is listed twice")
        elif error.validator in ("minItems", "minLength", "minProperties"):
            self.add(where, f"{name}: must not be empty")
        else:
            self.add(where, f"{name}: {error.message}")

    def unsafe_text(self) -> None:
        """Refuse script vectors in every string of the file, wherever they hide."""
        for data_path, text in _strings(self.doc.data, ()):
            for pattern, what in UNSAFE_TEXT:
                if pattern.search(text):
                    self.add(data_path, f"{'.'.join(map(str, data_path))}: contains {what}; write plain text or Markdown without HTML")

    def codes(self, data_path, allowed, what: str) -> None:
        value = self._get(data_path)
        if not isinstance(value, (list, str)):
            return  # the schema already reported the wrong type
        values = value if isinstance(value, list) else [value]
        for index, code in enumerate(values):
            if isinstance(code, str) and code not in allowed:
                at = data_path + (index,) if isinstance(value, list) else data_path
                self.add(at, f"unknown {what} '{_shown(code)}' (expected one of: {', '.join(map(str, allowed))})")

    def _get(self, data_path):
        value = self.doc.data
        for part in data_path:
            value = value[part]
        return value


_TYPE_NAMES = {"object": "a mapping of fields", "array": "a list", "string": "text", "integer": "a whole number", "string or integer": "a date or a year"}
_FORMS = {"^[a-z0-9-]+/[a-z0-9-]+$": "collection/slug", "^[0-9]{4}(-[0-9]{2}(-[0-9]{2})?)?$": "YYYY-MM-DD, YYYY-MM or YYYY"}
NOT_BLANK = "\\S"  # the schemas' pattern for text that must hold more than spaces


def _shown(value, limit: int = 80) -> str:
    """A contributor's value quoted in a message, shortened: a message must stay one readable line."""
    text = str(value)
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _describe(value) -> str:
    if isinstance(value, dict):
        return "a mapping of fields"
    if isinstance(value, list):
        return "a list"
    if value is None:
        return "nothing"
    return f"{type(value).__name__} '{_shown(value)}'"


def _load_file(path: Path, root: Path, problems: list):
    try:
        return yamlfile.load(path)
    except files.FileError as error:
        problems.append(Problem(relative(path, root), error.line, error.column, error.message))
        return None


def _labels(data: dict) -> dict[str, Text]:
    return {code: Text.from_data(label) for code, label in data.items()}


def _load_definitions(root: Path, problems: list):
    """collections.yml, vocabularies.yml and plan.yml: what records are checked against."""
    loaded, docs = {}, {}
    for name in DEFINITION_FILES:
        kind = name.removesuffix(".yml")
        doc = _load_file(root / "content" / name, root, problems)
        if doc is not None and Checker(root, doc, problems).schema(kind):
            loaded[kind], docs[kind] = doc.data, doc
    if len(loaded) < 3:
        return None
    collections = [Collection(c["code"], c["kind"], c["schema_org"], Text.from_data(c["label"]), Text.from_data(c["singular"]), Text.from_data(c["description"])) for c in loaded["collections"]]
    v = loaded["vocabularies"]
    vocabularies = Vocabularies(
        v["countries"], _labels(v["scopes"]), _labels(v["themes"]), _labels(v["instrument_types"]), _labels(v["legal_status"]), v["languages"], _labels(v["licences"]),
        _labels(v["source_kinds"]), _labels(v["gender_review_statuses"]), _labels(v["sex_disaggregated_data"]), _labels(v["intersectional_groups"]),
        _labels(v["file_roles"]),
    )
    p = loaded["plan"]
    lines = [
        PlanLine(
            number=line["number"],
            title=Text.from_data(line["title"]),
            description=Text.from_data(line.get("description")),
            objective=Text.from_data(line["objective"]),
            actions=tuple(PlanAction(line["number"], a["number"], Text.from_data(a["text"]), tuple(map(Text.from_data, a.get("notes", [])))) for a in line["actions"]),
        )
        for line in p["lines"]
    ]
    annex = p.get("annex", {})
    plan = Plan(
        Text.from_data(p["title"]), Text.from_data(p["general_objective"]), [(Text.from_data(a["title"]), Text.from_data(a["text"])) for a in p.get("axes", [])], lines,
        context_notes=[PlanFootnote(n["number"], Text.from_data(n["text"]), Text.from_data(n.get("refers_to"))) for n in p.get("context_notes", [])],
        annex_title=Text.from_data(annex.get("title")),
        annex=[_annex_entry(entry) for entry in annex.get("instruments", [])],
    )
    return collections, vocabularies, plan, docs["plan"]


def _annex_entry(data: dict) -> AnnexEntry:
    return AnnexEntry(
        title=Text.from_data(data["title"]),
        paragraphs=tuple(map(Text.from_data, data["paragraphs"])),
        number=data.get("number"),
        year=data.get("year"),
        reference=data.get("reference"),
        targets=tuple(data.get("targets", [])),
        declarations=tuple(map(_annex_entry, data.get("declarations", []))),
    )


def _check_plan_references(checker: Checker, repo: Repository) -> None:
    """Annex 1 links each instrument to its reference record: like 'related', it must exist."""
    for index, instrument in enumerate(repo.plan.annex):
        at = ("annex", "instruments", index)
        entries = [(at, instrument)] + [(at + ("declarations", inner), d) for inner, d in enumerate(instrument.declarations)]
        for data_path, entry in entries:
            if entry.reference and entry.reference not in repo.records_by_id:
                checker.add(data_path + ("reference",), f"reference record '{_shown(entry.reference)}' does not exist")


def _present(data: dict, key: str):
    """The data paths of a field written 'parent.child', in a mapping or in each item of a list."""
    parent, _, child = key.rpartition(".")
    if not parent:
        return [(key,)] if key in data else []
    value = data.get(parent)
    if isinstance(value, dict):
        return [(parent, child)] if child in value else []
    if isinstance(value, list):
        return [(parent, index, child) for index, item in enumerate(value) if isinstance(item, dict) and child in item]
    return []


def _check_record(checker: Checker, repo: Repository, today: dt.date) -> None:
    data = checker.doc.data
    for key, (allowed, what) in CODED_FIELDS.items():
        for data_path in _present(data, key):
            checker.codes(data_path, allowed(repo), what)
    period = data.get("period")
    if isinstance(period, dict):  # the schema reports dates that are not real; only their order is left
        start, end = formats.days_covered(period.get("start")), formats.days_covered(period.get("end"))
        if start and end and end[1] < start[0]:
            checker.add(("period", "end"), f"period: it ends ({period['end']}) before it starts ({period['start']})")
    if data.get("status") == "published" and REVIEW not in data:
        checker.add(("status",), "a published record needs a gender_review (review_status, reviewed_by, date, notes); keep it 'draft' until reviewed")
    checker.unsafe_text()


def _held_files(checker: Checker, collection: Collection, slug: str) -> list[HeldFile]:
    """Inspect each file the record lists; refuse, at its entry, each one that cannot be published."""
    held, seen = [], set()
    where = holdings.folder(checker.root, collection.code, slug)
    for index, entry in enumerate(checker.doc.data.get("files", [])):
        at = ("files", index)
        shown = f"content/{HELD}/{collection.code}/{slug}/{entry['path']}"
        if entry["path"] in seen:
            checker.add(at + ("path",), f"files: {shown} is listed twice")
            continue
        seen.add(entry["path"])
        if entry["licence"] in NOT_REDISTRIBUTABLE and "permission" not in entry:
            checker.add(at + ("licence",), f"files: {shown}: licence '{entry['licence']}' does not allow the repository to hand the file out; "
                                           "state a written permission in 'permission', or remove the entry and keep the record link-only")
            continue
        try:
            found = holdings.inspect(where / entry["path"], checker.root / CACHE)
        except holdings.Refused as refused:
            checker.add(at + ("path",), f"files: {shown}: {refused}")
            continue
        if "sha256" in entry and entry["sha256"] != found.sha256:
            checker.add(at + ("sha256",), f"files: {shown}: the file's SHA-256 is {found.sha256}, not the declared {entry['sha256']}; "
                                          "the file changed since it was declared: check it, then update sha256")
            continue
        held.append(HeldFile(
            name=entry["path"], source=where / entry["path"], url=holdings.site_path(collection.code, slug, entry["path"]),
            language=entry["language"], title=Text.from_data(entry["title"]), role=entry["role"], licence=entry["licence"],
            permission=Text.from_data(entry.get("permission")), retrieved_from=entry["retrieved_from"], retrieved_on=str(entry["retrieved_on"]),
            format=found.format, media_type=found.media_type, size=found.size, sha256=found.sha256, pages=found.pages, words=found.words, text=found.text,
        ))
    return held


def _load_link_health(root: Path, problems: list) -> dict[str, LinkHealth]:
    """content/link-health.yml, written by `python -m crm.linkcheck`; absent until it first runs."""
    path = root / "content" / LINK_HEALTH
    if not path.exists():
        return {}
    doc = _load_file(path, root, problems)
    if doc is None or not Checker(root, doc, problems).schema("link-health"):
        return {}
    checked = str(doc.data["checked"])
    return {item["url"]: LinkHealth(item["url"], item["status"], str(item.get("checked", checked)), item.get("detail"), item.get("redirect_to"))
            for item in doc.data.get("links", [])}


def _warnings(checker: Checker, record: Record, repo: Repository) -> None:
    """What a curator should look at, without stopping the build."""
    if not record.published:
        return
    if record.collection.kind == "framework" and not record.has_official_link:
        checker.add(("source_kind",), f"no official link: cite the official text (gazette, parliament, ministry, NATLEX/NORMLEX) in official_url, "
                                      f"or in source_url with source_kind: official (this one is '{record.source_kind}')", severity="warning")
    for key in LINK_FIELDS:
        health = repo.link_health.get(record.data.get(key))
        if health and health.status == "dead" and "archived_url" not in record.data:
            checker.add((key,), f"{key}: the link was dead when last checked ({health.detail or 'no answer'}, {health.checked}) "
                                "and the record has no archived_url: add a web-archive copy or a new address", severity="warning")


def _named_files(root: Path, collection: Collection, slug: str, data: dict) -> set[Path]:
    """The documents a record's 'files' names, whether or not they pass the checks."""
    entries = data.get("files")
    where = holdings.folder(root, collection.code, slug)
    return {where / entry["path"] for entry in entries if isinstance(entry, dict) and isinstance(entry.get("path"), str)} if isinstance(entries, list) else set()


def _unlisted_held_files(held: list, named: set, root: Path, problems: list) -> None:
    """A document under content/files/ that no record names would never be published: say so."""
    for path in held:
        if path not in named:
            problems.append(Problem(relative(path, root), 1, 1, "no record lists this file: add it to 'files' in its record "
                                    "(content/<collection>/<slug>.yml for content/files/<collection>/<slug>/), or remove it"))


def _strings(value, data_path):
    if isinstance(value, str):
        yield data_path, value
    elif isinstance(value, dict):
        for key, inner in value.items():
            yield from _strings(inner, data_path + (key,))
    elif isinstance(value, list):
        for index, inner in enumerate(value):
            yield from _strings(inner, data_path + (index,))


def _record_files(root: Path, by_code: dict, problems: list) -> tuple[list[Path], list[Path]]:
    """content/<collection>/*.yml, and the documents under content/files/<collection>/<slug>/;
    every other file under content/ is reported, never skipped."""
    found, held = [], []
    for entry in files.listing(root / "content", root, problems):
        top, name = entry.parts[0], entry.path.name
        rel = functools.partial(relative, entry.path, root)  # only for a problem: resolving paths costs
        if top == "schemas" and len(entry.parts) == 2 and not entry.folder and name.endswith(".schema.json"):
            continue  # read by schemas.py
        if top == HELD and len(entry.parts) > 1:
            if len(entry.parts) == 4 and not entry.folder and entry.parts[1] in by_code:
                held.append(entry.path)  # checked against the records that list them
            elif not entry.folder or len(entry.parts) > 4:
                problems.append(Problem(rel(), 1, 1, f"documents go directly in content/{HELD}/<collection>/<slug>/, named in their record's 'files'"))
            continue
        if len(entry.parts) == 1:
            if not entry.folder and name not in DEFINITION_FILES + (LINK_HEALTH,):
                problems.append(Problem(rel(), 1, 1, f"content/ holds only {', '.join(DEFINITION_FILES)} and one folder per collection: a record goes in content/<collection>/<slug>.yml ({', '.join(by_code)})"))
        elif top == "schemas":
            problems.append(Problem(rel(), 1, 1, "content/schemas/ holds only <kind>.schema.json files"))
        elif top not in by_code:
            if not entry.folder:
                problems.append(Problem(rel(), 1, 1, f"unknown collection '{top}' (content/collections.yml lists: {', '.join(by_code)})"))
        elif len(entry.parts) > 2:
            if not entry.folder:
                problems.append(Problem(rel(), 1, 1, f"records sit directly in content/{top}/: files in sub-folders are not read"))
        elif entry.folder:
            problems.append(Problem(rel(), 1, 1, f"this is a folder: records are .yml files directly in content/{top}/ (sub-folders are not read)"))
        elif entry.path.suffix != ".yml":
            spelled = entry.path.suffix.lower() in (".yml", ".yaml")
            problems.append(Problem(rel(), 1, 1, f"record files end in .yml, not '{entry.path.suffix}'" if spelled else f"only .yml record files are read in content/{top}/: remove this file or move it out of content/"))
        else:
            found.append(entry.path)
    return found, held


@dataclass
class CheckedRecord:
    """What reading and checking one record file found, on its own (cross-record checks aside)."""

    doc: yamlfile.YamlDocument | None  # None: the file could not be read as YAML
    problems: list
    named: set  # the documents its 'files' names (content/files/...), listed or not
    held: list[HeldFile] | None  # its documents as inspected; None: not a valid record


def _check_record_file(path: Path, collection: Collection, repo: Repository, today: dt.date) -> CheckedRecord:
    """Read one record file and run every check that needs only it and the definitions."""
    root, problems = repo.root, []
    doc = _load_file(path, root, problems)
    if doc is None:
        return CheckedRecord(None, problems, set(), None)
    checker = Checker(root, doc, problems, today)
    if not isinstance(doc.data, dict):
        checker.add((), "a record is a mapping of fields (title:, summary:, ...)")
        return CheckedRecord(doc, problems, set(), None)
    named = _named_files(root, collection, path.stem, doc.data)
    schema_ok = checker.schema(collection.kind)
    _check_record(checker, repo, today)  # also on schema errors: report everything at once
    if problems or not schema_ok:
        return CheckedRecord(doc, problems, named, None)
    held = _held_files(checker, collection, path.stem)  # only once the entries are known to be well formed
    return CheckedRecord(doc, problems, named, None if problems else held)


# Record files already read and checked in this process, per project root: `make serve`
# loads the content again after every save, and only the saved file has changed. Each
# entry is trusted while the stamps it was read under are unchanged (see _RecordCache).
# `make check` and `make site` run in a fresh process: they read every file.
_CHECKED: dict[Path, dict[Path, tuple]] = {}
# A file changed less than this before it was read may change again without a new stamp
# (file systems keep times in ticks, FAT in 2 s steps): its result is not kept.
RACY_NS = 2_000_000_000


class _RecordCache:
    """_check_record_file(), reusing the result of a file while its stamp, the stamps of the
    documents it names, the definitions' stamps (collections, vocabularies, plan, schemas)
    and the date are those it was checked under."""

    def __init__(self, repo: Repository, today: dt.date):
        self.repo, self.today, self.started = repo, today, time.time_ns()
        content = repo.root / "content"
        stamps = [files.stamp(path) for path in [content / name for name in DEFINITION_FILES] + sorted((content / "schemas").glob("*.schema.json"))]
        self.definitions = (today, *stamps)
        self.trusted = all(map(self._settled, stamps))
        self.previous, self.current = _CHECKED.get(repo.root, {}), {}

    def _settled(self, stamp) -> bool:
        return stamp is None or max(stamp[3], stamp[4]) < self.started - RACY_NS

    def checked(self, paths: list[tuple[Path, Collection]]) -> list[CheckedRecord]:
        """Each record file's result: kept ones reused, the others checked on every core."""
        keys = [(files.stamp(path), self.definitions) for path, _ in paths]
        reused = {}
        for (path, _), key in zip(paths, keys):
            entry = self.previous.get(path)
            if entry and entry[0] == key and entry[1] == {held: files.stamp(held) for held in entry[1]}:
                self.current[path] = entry
                reused[path] = entry[2]
        unchecked = [(path, collection) for path, collection in paths if path not in reused]
        results = dict(zip((path for path, _ in unchecked), forked.fork_map(self._check, unchecked)))
        for (path, _), key in zip(paths, keys):
            if path in results:
                held = {held: files.stamp(held) for held in results[path].named}
                if self.trusted and all(map(self._settled, [key[0], *held.values()])):
                    self.current[path] = (key, held, results[path])
        return [reused[path] if path in reused else results[path] for path, _ in paths]

    def _check(self, file: tuple[Path, Collection]) -> CheckedRecord:
        return _check_record_file(*file, self.repo, self.today)

    def keep(self) -> None:
        """Keep this load's entries only: a file removed or renamed leaves the cache."""
        _CHECKED[self.repo.root] = self.current


def load(root: Path, today: dt.date | None = None) -> tuple[Repository | None, list[Problem]]:
    """Read content/ under ``root``. The repository is None when nothing can be built."""
    root = Path(root)
    today = today or dt.date.today()
    problems: list[Problem] = []
    try:
        schemas.check(root / "content" / "schemas")
    except schemas.SchemaFileError as error:
        return None, [Problem(relative(error.path, root), error.line, error.column, error.message)]
    definitions = _load_definitions(root, problems)
    if definitions is None:
        return None, problems
    collections, vocabularies, plan, plan_doc = definitions
    repo = Repository(root, collections, vocabularies, plan)
    cache = _RecordCache(repo, today)
    by_code = {c.code: c for c in collections}
    seen_slugs: dict[str, Path] = {}
    checkers = []
    repo.link_health = _load_link_health(root, problems)
    record_files, held_files = _record_files(root, by_code, problems)
    named: set[Path] = set()
    to_check = []
    for path in record_files:
        if not SLUG.match(path.stem):
            problems.append(Problem(relative(path, root), 1, 1, f"file name '{path.stem}' is not a valid slug: use lowercase letters, digits and hyphens"))
            continue
        if path.stem in seen_slugs:
            problems.append(Problem(relative(path, root), 1, 1, f"duplicate slug '{path.stem}': {relative(seen_slugs[path.stem], root)} has it too"))
            continue
        seen_slugs[path.stem] = path
        to_check.append((path, by_code[path.parent.name]))
    for (path, collection), checked in zip(to_check, cache.checked(to_check)):
        problems += checked.problems
        named |= checked.named
        if checked.held is not None:
            repo.records.append(Record(collection, path.stem, path, checked.doc.data, checked.held))
            checkers.append(Checker(root, checked.doc, problems, today))
    for checker, record in zip(checkers, repo.records):
        for index, related in enumerate(record.data.get("related", [])):
            if related == record.id:
                checker.add(("related", index), f"a record may not relate to itself ('{related}')")
            elif related not in repo.records_by_id:
                checker.add(("related", index), f"related record '{_shown(related)}' does not exist")
        _warnings(Checker(root, checker.doc, repo.warnings), record, repo)
    _unlisted_held_files(held_files, named, root, problems)
    _check_plan_references(Checker(root, plan_doc, problems), repo)
    cache.keep()
    repo.toolkits, toolkit_problems = toolkits.load(root, repo)
    return repo, problems + toolkit_problems
