"""`python -m crm new <collection> <slug>`: a skeleton record for a contributor to fill in.

Every field of the collection's kind is written with the bilingual description from
content/schemas/ (the text editors show too): required fields are ready to fill,
optional ones are commented out, and the record starts as a draft. The fields come
from the schemas, so a field added there appears here without touching this file.
"""
from __future__ import annotations

import textwrap
from pathlib import Path

from . import content, schemas
from .model import Repository
from .problems import format_problems

# Controlled codes a field takes, shown next to it so nobody has to look them up.
# Written last: these are what a curator changes when a record is reviewed and published.
CURATION_FIELDS = ("status", "updated", "gender_review")
BILINGUAL_DEFS = ("title", "text", "optional_text")
WIDTH = 100

HEADER = """\
# yaml-language-server: $schema=../schemas/{kind}.schema.json
# {title}: content/{collection}/{slug}.yml
# Rellene los campos obligatorios y quite el "#" de los opcionales que use; borre los demás.
# Fill in the required fields and remove the "#" of the optional ones you use; delete the rest.
# Textos: el español (es) es obligatorio; si aún no hay traducción, borre la línea en:.
# Texts: Spanish (es) is required; if there is no English translation yet, delete the en: line.
# Después / then: make check (validar / validate) y / and make serve (vista previa / preview).
"""


class ScaffoldError(Exception):
    """A request that `new` refuses; the message says what to do instead."""


def _definition(schema_dir: Path, prop: dict) -> tuple[str | None, dict]:
    """The common.schema.json definition a property refers to (name and schema), if any."""
    ref = prop.get("$ref", "")
    if ref.startswith("common.schema.json#/$defs/"):
        name = ref.rsplit("/", 1)[1]
        return name, schemas.schema(schema_dir, "common")["$defs"][name]
    return None, prop


def _fields(schema_dir: Path, kind: str) -> tuple[dict, set]:
    """Properties of ``kind`` in writing order (its base record's first), and the required ones."""
    own = schemas.schema(schema_dir, kind)
    base = schemas.schema(schema_dir, own["$ref"].removesuffix(".schema.json")) if "$ref" in own else {}
    base_props = base.get("properties", {})
    ordered = {name: prop for name, prop in base_props.items() if name not in CURATION_FIELDS}
    ordered.update(own.get("properties", {}))
    ordered.update({name: prop for name, prop in base_props.items() if name in CURATION_FIELDS})
    return ordered, set(base.get("required", [])) | set(own.get("required", []))


def _comment(text: str, indent: str = "") -> list[str]:
    return textwrap.wrap(text, WIDTH, initial_indent=f"{indent}# ", subsequent_indent=f"{indent}# ", break_on_hyphens=False)


def _describe(schema_dir: Path, prop: dict, indent: str = "", required: bool | None = None) -> list[str]:
    """Comment lines: the Spanish half of a schema description, then the English half."""
    description = prop.get("description") or _definition(schema_dir, prop)[1].get("description", "")
    spanish, _, english = description.partition(". / ")  # descriptions read "Español. / English."
    halves = [spanish + ".", english] if english else [description]
    if required is not None:
        marks = ["obligatorio", "required"] if required else ["opcional", "optional"]
        marks = marks if english else [" / ".join(marks)]
        halves = [f"{half} [{mark}]" for half, mark in zip(halves, marks)]
    return [line for half in halves for line in _comment(half, indent)]


def _value_lines(schema_dir: Path, name: str, prop: dict, indent: str = "") -> list[str]:
    """``name:`` with an empty value of the right shape (nested fields get an inline description)."""
    def_name, definition = _definition(schema_dir, prop)
    if def_name in BILINGUAL_DEFS:
        return [f"{indent}{name}:", f"{indent}  es:", f"{indent}  en:"]
    if def_name == "text_list":
        return [f"{indent}{name}:", f"{indent}  es: []", f"{indent}  en: []"]
    if definition.get("type") == "array":
        return [f"{indent}{name}: []"]
    if "properties" in definition:
        lines = [f"{indent}{name}:"]
        for inner_name, inner in definition["properties"].items():
            lines += _describe(schema_dir, inner, indent + "  ") + _value_lines(schema_dir, inner_name, inner, indent + "  ")
        return lines
    return [f"{indent}{name}:"]


def skeleton(repo: Repository, collection: str, slug: str) -> str:
    """The text of a new draft record of ``collection``."""
    kind = next(c.kind for c in repo.collections if c.code == collection)
    schema_dir = repo.root / "content" / "schemas"
    title = schemas.schema(schema_dir, kind)["title"]
    fields, required = _fields(schema_dir, kind)
    blocks = [HEADER.format(kind=kind, title=title, collection=collection, slug=slug).rstrip("\n")]
    for name, prop in fields.items():
        lines = _describe(schema_dir, prop, required=name in required)
        choices = prop.get("enum") or (content.CODED_FIELDS[name][0](repo) if name in content.CODED_FIELDS else None)
        if choices:
            lines += _comment("Valores / values: " + ", ".join(choices))
        values = _value_lines(schema_dir, name, prop)
        if name == "status":
            values = ["status: draft"]
        elif name not in required:
            values = [f"# {line}" for line in values]
        blocks.append("\n".join(lines + values))
    return "\n\n".join(blocks) + "\n"


def create(root: Path, collection: str, slug: str) -> Path:
    """Write content/<collection>/<slug>.yml; raise ScaffoldError when that cannot be right."""
    repo, problems = content.load(root)
    if repo is None:
        raise ScaffoldError("the content definitions have problems; fix them first:\n" + format_problems(problems))
    codes = [c.code for c in repo.collections]
    usage = f"make new COLLECTION=<{'|'.join(codes)}> SLUG=<slug>"
    if not collection:
        raise ScaffoldError(f"name a collection: {usage}")
    if collection not in codes:
        raise ScaffoldError(f"unknown collection '{collection}' (content/collections.yml lists: {', '.join(codes)})")
    if not content.SLUG.match(slug or ""):
        raise ScaffoldError(
            f"'{slug}' is not a valid slug: use lowercase letters a-z, digits and single hyphens, "
            f"such as 'gt-codigo-de-trabajo' ({usage})"
        )
    path = root / "content" / collection / f"{slug}.yml"
    for taken in sorted((root / "content").glob(f"*/{slug}.yml")):
        place = taken.relative_to(root).as_posix()
        raise ScaffoldError(f"{place} already exists" + ("" if taken == path else ": slugs are unique across collections, choose another"))
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("x", encoding="utf-8") as file:  # "x": never overwrite a contributor's file
        file.write(skeleton(repo, collection, slug))
    return path
