"""Load every content file, validate it, and build the model.

``load(root)`` returns the Repository and the complete list of problems, so that a
contributor sees every mistake at once, each with its file, line and column.
"""
from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from pathlib import Path

from . import toolkits, yamlfile
from .model import Collection, Plan, PlanAction, PlanLine, Record, Repository, Text, Vocabularies
from .problems import Problem, relative
from .schemas import field_names, validator

SLUG = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
# Raw HTML and script vectors refused in contributors' text (rendered pages escape or sanitize too).
UNSAFE_TEXT = [
    (re.compile(r"<\s*script", re.I), "a <script> element"),
    (re.compile(r"<\s*iframe", re.I), "an <iframe> element"),
    (re.compile(r"<[^>]*\son[a-z]+\s*=", re.I), "an on…= event attribute"),
    (re.compile(r"javascript\s*:", re.I), "a javascript: link"),
]
DATE_FIELDS = ("date", "date_adopted", "updated")
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
}


@dataclass
class Checker:
    """Collects problems for one file, positioned with its YamlDocument."""

    root: Path
    doc: yamlfile.YamlDocument
    problems: list

    def add(self, data_path, message: str, key: bool = False) -> None:
        line, column = self.doc.position(data_path, key=key)
        self.problems.append(Problem(relative(self.doc.path, self.root), line, column, message))

    def schema(self, kind: str) -> bool:
        schema_dir = self.root / "content" / "schemas"
        known = field_names(schema_dir, kind)
        errors = sorted(validator(schema_dir, kind).iter_errors(self.doc.data), key=lambda e: list(map(str, e.absolute_path)))
        for error in errors:
            self._schema_error(error, known)
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
                    self.add(where + (key,), f"unknown field '{key}' (expected one of: {expected})", key=True)
        elif error.validator == "required":
            missing = re.search(r"'([^']+)' is a required property", error.message).group(1)
            what = "the Spanish text (es)" if missing == "es" else f"the field '{missing}'"
            self.add(where, f"{name}: {what} is required" if where else f"{what} is required", key=bool(where))
        elif error.validator == "type":
            expected = error.validator_value if isinstance(error.validator_value, str) else " or ".join(error.validator_value)
            self.add(where, f"{name}: expected {_TYPE_NAMES.get(expected, expected)}, found {_describe(instance)}")
        elif error.validator == "pattern" and isinstance(instance, str) and error.validator_value.startswith("^https"):
            self.add(where, f"{name}: '{instance}' is not an https:// URL")
        elif error.validator == "pattern":
            self.add(where, f"{name}: '{instance}' does not have the expected form ({_FORMS.get(error.validator_value, error.validator_value)})")
        elif error.validator == "enum":
            choices = ", ".join(map(str, error.validator_value))
            self.add(where, f"{name}: '{instance}' is not one of: {choices}")
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
                self.add(at, f"unknown {what} '{code}' (expected one of: {', '.join(map(str, allowed))})")

    def _get(self, data_path):
        value = self.doc.data
        for part in data_path:
            value = value[part]
        return value


_TYPE_NAMES = {"object": "a mapping of fields", "array": "a list", "string": "text", "integer": "a whole number", "string or integer": "a date or a year"}
_FORMS = {"^[a-z0-9-]+/[a-z0-9-]+$": "collection/slug"}


def _describe(value) -> str:
    if isinstance(value, dict):
        return "a mapping of fields"
    if isinstance(value, list):
        return "a list"
    if value is None:
        return "nothing"
    return f"{type(value).__name__} '{value}'"


def _load_file(path: Path, root: Path, problems: list):
    try:
        return yamlfile.load(path)
    except yamlfile.YamlSyntaxError as error:
        problems.append(Problem(relative(path, root), error.line, error.column, error.message))
        return None


def _labels(data: dict) -> dict[str, Text]:
    return {code: Text.from_data(label) for code, label in data.items()}


def _load_definitions(root: Path, problems: list):
    """collections.yml, vocabularies.yml and plan.yml: what records are checked against."""
    loaded = {}
    for name, kind in (("collections", "collections"), ("vocabularies", "vocabularies"), ("plan", "plan")):
        doc = _load_file(root / "content" / f"{name}.yml", root, problems)
        if doc is not None and Checker(root, doc, problems).schema(kind):
            loaded[name] = doc.data
    if len(loaded) < 3:
        return None
    collections = [Collection(c["code"], c["kind"], c["schema_org"], Text.from_data(c["label"]), Text.from_data(c["singular"]), Text.from_data(c["description"])) for c in loaded["collections"]]
    v = loaded["vocabularies"]
    vocabularies = Vocabularies(v["countries"], _labels(v["scopes"]), _labels(v["themes"]), _labels(v["instrument_types"]), _labels(v["legal_status"]), v["languages"], _labels(v["licences"]))
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
    plan = Plan(Text.from_data(p["title"]), Text.from_data(p["general_objective"]), [(Text.from_data(a["title"]), Text.from_data(a["text"])) for a in p.get("axes", [])], lines)
    return collections, vocabularies, plan


def _check_record(checker: Checker, repo: Repository, today: dt.date) -> None:
    data = checker.doc.data
    for key, (allowed, what) in CODED_FIELDS.items():
        if key in data:
            checker.codes((key,), allowed(repo), what)
    dated = [(key,) for key in DATE_FIELDS if key in data]
    dated += [("period", key) for key in ("start", "end") if isinstance(data.get("period"), dict) and key in data["period"]]
    dated += [("gender_review", "date")] if isinstance(data.get("gender_review"), dict) and "date" in data["gender_review"] else []
    for data_path in dated:
        value = str(checker._get(data_path))
        if value > today.isoformat()[: len(value)]:
            checker.add(data_path, f"{'.'.join(data_path)}: {value} is in the future")
    if data.get("status") == "published" and "gender_review" not in data:
        checker.add(("status",), "a published record needs a gender_review (reviewed_by, date, notes); keep it 'draft' until reviewed")
    checker.unsafe_text()


def _strings(value, data_path):
    if isinstance(value, str):
        yield data_path, value
    elif isinstance(value, dict):
        for key, inner in value.items():
            yield from _strings(inner, data_path + (key,))
    elif isinstance(value, list):
        for index, inner in enumerate(value):
            yield from _strings(inner, data_path + (index,))


# Records already read and checked in this process, by file: `make serve` rebuilds
# after every save, and only the saved file needs reading and checking again.
_CHECKED: dict[Path, tuple] = {}


def _stamp(path: Path) -> tuple[int, int]:
    status = path.stat()
    return status.st_mtime_ns, status.st_size


def _checked_record(path: Path, collection, repo: Repository, root: Path, today: dt.date, definitions: tuple):
    """(YamlDocument or None, the file's problems); from _CHECKED while the file, the
    definitions it is checked against (their stamps) and the date are unchanged."""
    key = (_stamp(path), definitions, today)
    if path in _CHECKED and _CHECKED[path][0] == key:
        return _CHECKED[path][1]
    problems: list[Problem] = []
    doc = _load_file(path, root, problems)
    if doc is not None:
        checker = Checker(root, doc, problems)
        if not isinstance(doc.data, dict):
            checker.add((), "a record is a mapping of fields (title:, summary:, ...)")
        else:
            checker.schema(collection.kind)
            _check_record(checker, repo, today)  # also on schema errors: report everything at once
    _CHECKED[path] = (key, (doc, problems))
    return doc, problems


def load(root: Path, today: dt.date | None = None) -> tuple[Repository | None, list[Problem]]:
    """Read content/ under ``root``. The repository is None when nothing can be built."""
    root = Path(root)
    today = today or dt.date.today()
    problems: list[Problem] = []
    definitions = _load_definitions(root, problems)
    if definitions is None:
        return None, problems
    collections, vocabularies, plan = definitions
    repo = Repository(root, collections, vocabularies, plan)
    by_code = {c.code: c for c in collections}
    content = root / "content"
    definition_stamps = tuple(_stamp(p) for p in sorted([*content.glob("*.yml"), *(content / "schemas").glob("*.json")]))
    seen_slugs: dict[str, Path] = {}
    checkers = []
    for path in sorted(content.glob("*/*.y*ml")):
        folder = path.parent.name
        if folder == "schemas":
            continue
        rel = relative(path, root)
        if path.suffix != ".yml":
            problems.append(Problem(rel, 1, 1, "record files end in .yml"))
            continue
        if folder not in by_code:
            problems.append(Problem(rel, 1, 1, f"unknown collection '{folder}' (content/collections.yml lists: {', '.join(by_code)})"))
            continue
        if not SLUG.match(path.stem):
            problems.append(Problem(rel, 1, 1, f"file name '{path.stem}' is not a valid slug: use lowercase letters, digits and hyphens"))
            continue
        if path.stem in seen_slugs:
            problems.append(Problem(rel, 1, 1, f"duplicate slug '{path.stem}': {relative(seen_slugs[path.stem], root)} has it too"))
            continue
        seen_slugs[path.stem] = path
        doc, found = _checked_record(path, by_code[folder], repo, root, today, definition_stamps)
        problems += found
        if doc is not None and not found:
            repo.records.append(Record(by_code[folder], path.stem, path, doc.data))
            checkers.append(Checker(root, doc, problems))
    for checker, record in zip(checkers, repo.records):
        for index, related in enumerate(record.data.get("related", [])):
            if related not in repo.records_by_id:
                checker.add(("related", index), f"related record '{related}' does not exist")
    repo.toolkits, toolkit_problems = toolkits.load(root, repo)
    return repo, problems + toolkit_problems
