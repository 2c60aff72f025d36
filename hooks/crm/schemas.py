"""The JSON Schemas in content/schemas/: one per kind of content.

The same files drive the validator, contributors' editors (yaml-language-server)
and the field documentation, so they are loaded from disk, never restated in code.
"""
from __future__ import annotations

import datetime as dt
import json
from functools import lru_cache
from pathlib import Path

import jsonschema_rs
from jsonschema import Draft202012Validator, ValidationError, validators
from referencing import Registry, Resource
from referencing.jsonschema import DRAFT202012

from . import files, formats

MAX_BYTES = 1_000_000


class SchemaFileError(files.FileError):
    """A schema file that is not UTF-8 JSON; ``path`` names it."""

    def __init__(self, path: Path, error: files.FileError):
        super().__init__(error.message, error.line, error.column)
        self.path = path


def _read(path: Path) -> dict:
    try:
        text = files.read_text(path, MAX_BYTES)
    except files.FileError as error:
        raise SchemaFileError(path, error) from None
    try:
        return json.loads(text)
    except json.JSONDecodeError as error:
        raise SchemaFileError(path, files.FileError(f"not valid JSON: {error.msg}", error.lineno, error.colno)) from None


@lru_cache(maxsize=None)
def _registry(schema_dir: Path) -> tuple[Registry, dict]:
    """Every schema of the folder; raises SchemaFileError for the first that cannot be read."""
    schemas = {path.name: _read(path) for path in sorted(schema_dir.glob("*.schema.json"))}
    # Without "$schema", jsonschema keeps this module's validator class when it follows a
    # $ref into another file (with it, it would switch back to the stock class).
    registry = Registry().with_resources(
        (name, Resource.from_contents(_without_dialect(schema), default_specification=DRAFT202012))
        for name, schema in schemas.items()
    )
    return registry, schemas


def _without_dialect(schema: dict) -> dict:
    return {key: value for key, value in schema.items() if key != "$schema"}


def _unique_items(validator, unique, instance, schema):
    """uniqueItems in linear time: jsonschema compares unsortable items (mappings) pairwise,
    which a list of thousands of distinct mappings turns into minutes."""
    if unique and validator.is_type(instance, "array"):
        seen = set()
        for item in instance:
            key = _comparable(item)
            if key in seen:
                yield ValidationError(f"{item!r} is listed twice")
                return
            seen.add(key)


def _comparable(value):
    """A hashable stand-in for a JSON value, equal exactly when JSON Schema calls the values equal."""
    if isinstance(value, dict):
        return ("object", frozenset((key, _comparable(inner)) for key, inner in value.items()))
    if isinstance(value, list):
        return ("array", tuple(_comparable(inner) for inner in value))
    if isinstance(value, bool) or value is None:
        return ("literal", value)
    return ("number" if isinstance(value, (int, float)) else "string", value)


_Validator = validators.extend(Draft202012Validator, {"uniqueItems": _unique_items})


@lru_cache(maxsize=None)
def validator(schema_dir: Path, kind: str, today: dt.date):
    """A compiled validator for ``<kind>.schema.json``; dates are checked against ``today``."""
    registry, schemas = _registry(schema_dir)
    return _Validator(_without_dialect(schemas[f"{kind}.schema.json"]), registry=registry, format_checker=formats.checker(today))


# Any URI works as a base: it only names the files so that "common.schema.json#/..." resolves.
_BASE = "https://schemas.invalid/"


@lru_cache(maxsize=None)
def quick_validator(schema_dir: Path, kind: str, today: dt.date):
    """The same schema compiled by jsonschema-rs, about twenty times faster: it only says
    whether a document is valid. ``validator`` then explains what is wrong, where."""
    _, schemas = _registry(schema_dir)
    schemas = {name: _with_year_bounds(_without_dialect(schema), today) for name, schema in schemas.items()}
    registry = jsonschema_rs.Registry([(_BASE + name, schema) for name, schema in schemas.items()])
    checks = {"calendar-date": lambda value: formats.date_problem(value, today) is None,
              "uri": lambda value: formats.url_problem(value) is None}
    return jsonschema_rs.Draft202012Validator(schemas[f"{kind}.schema.json"], registry=registry,
                                              base_uri=f"{_BASE}{kind}.schema.json", formats=checks, validate_formats=True)


def _with_year_bounds(schema, today: dt.date):
    """jsonschema-rs applies ``format`` to strings only, as the standard says; a date may also
    be a bare year (an integer), which formats.date_problem bounds: say it with minimum and maximum."""
    if isinstance(schema, list):
        return [_with_year_bounds(item, today) for item in schema]
    if not isinstance(schema, dict):
        return schema
    bounded = {key: _with_year_bounds(value, today) for key, value in schema.items()}
    if schema.get("format") == "calendar-date":
        bounded.update(minimum=formats.FIRST_YEAR, maximum=today.year)
    return bounded


def is_valid(schema_dir: Path, kind: str, today: dt.date, data) -> bool:
    """True only when the document is certainly valid; False sends it to ``validator``."""
    try:
        return quick_validator(schema_dir, kind, today).is_valid(data)
    except ValueError:  # data jsonschema-rs cannot take (a number as a mapping's key): let jsonschema judge
        return False


_read_as: dict[Path, tuple] = {}  # each folder's stamp when its schemas were read


def check(schema_dir: Path) -> None:
    """Read every schema, so that an unreadable one is reported before anything uses it;
    read them again when one changed since (a process that loads the content after each
    save, `make serve`, would otherwise keep checking against the old schemas)."""
    stamp = tuple((path.name, files.stamp(path)) for path in sorted(schema_dir.glob("*.schema.json")))
    if _read_as.get(schema_dir) != stamp:
        _registry.cache_clear()
        validator.cache_clear()
        quick_validator.cache_clear()
        _read_as[schema_dir] = stamp
    _registry(schema_dir)


def schema(schema_dir: Path, kind: str) -> dict:
    return _registry(schema_dir)[1][f"{kind}.schema.json"]


def field_names(schema_dir: Path, kind: str) -> set[str]:
    """Top-level fields a document of ``kind`` may have, following its base ``$ref``."""
    own = schema(schema_dir, kind)
    names = set(own.get("properties", {}))
    if "$ref" in own and own["$ref"].endswith(".schema.json"):
        names |= field_names(schema_dir, own["$ref"].removesuffix(".schema.json"))
    return names
