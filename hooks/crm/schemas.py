"""The JSON Schemas in content/schemas/: one per kind of content.

The same files drive the validator, contributors' editors (yaml-language-server)
and the field documentation, so they are loaded from disk, never restated in code.
"""
from __future__ import annotations

import datetime as dt
import json
from functools import lru_cache
from pathlib import Path

from jsonschema import Draft202012Validator
from referencing import Registry, Resource
from referencing.jsonschema import DRAFT202012

from . import formats


@lru_cache(maxsize=None)
def _registry(schema_dir: Path) -> tuple[Registry, dict]:
    schemas = {path.name: json.loads(path.read_text(encoding="utf-8")) for path in sorted(schema_dir.glob("*.schema.json"))}
    registry = Registry().with_resources(
        (name, Resource.from_contents(schema, default_specification=DRAFT202012))
        for name, schema in schemas.items()
    )
    return registry, schemas


@lru_cache(maxsize=None)
def validator(schema_dir: Path, kind: str, today: dt.date) -> Draft202012Validator:
    """A compiled validator for ``<kind>.schema.json``; dates are checked against ``today``."""
    registry, schemas = _registry(schema_dir)
    return Draft202012Validator(schemas[f"{kind}.schema.json"], registry=registry, format_checker=formats.checker(today))


def schema(schema_dir: Path, kind: str) -> dict:
    return _registry(schema_dir)[1][f"{kind}.schema.json"]


def field_names(schema_dir: Path, kind: str) -> set[str]:
    """Top-level fields a document of ``kind`` may have, following its base ``$ref``."""
    own = schema(schema_dir, kind)
    names = set(own.get("properties", {}))
    if "$ref" in own and own["$ref"].endswith(".schema.json"):
        names |= field_names(schema_dir, own["$ref"].removesuffix(".schema.json"))
    return names
