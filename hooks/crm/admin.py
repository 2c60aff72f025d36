"""The editor at /admin/: Decap CMS, configured from what already defines the content.

Integration point: write_admin(repo, site_dir, editor) after the default language is built.

``admin/config.yml`` is generated from content/schemas/, collections.yml,
vocabularies.yml, plan.yml and the toolkits through the loaded Repository, never
written by hand: a field added to a schema or a theme added to the vocabulary shows up
in the forms with no second edit. The schemas are walked generically ($ref, $defs,
properties in order), so this module names no record field except the ones whose
codes come from the vocabularies (content.CODED_FIELDS) and ``related``.

Decap's bundle is copied from node_modules (pinned by package-lock.json), never loaded
from a CDN. The page has its own Content-Security-Policy: the editor needs inline
styles (its CSS-in-JS) and the Git host's API, which no public page is allowed.
"""
from __future__ import annotations

import html
import json
import re
import shutil
import string
from pathlib import Path

import yaml

from . import LANGUAGES, content, csp, schemas, scaffold
from .model import Repository
from .strings import bilingual, t

FOLDER = csp.EDITOR
DECAP_DIST = Path("node_modules/decap-cms/dist")
YAML_DIST = Path("node_modules/yaml/browser/dist")
FRONT_END = Path("overrides/admin")  # our page template, script and preview styles
# decap-server (make edit) listens on the loopback interface only; 8081 is its default port.
LOCAL_PORT = 8081
# Hosts the editor talks to for each Git host: its API, and where avatars come from.
HOSTS = {
    "github": {"api": "https://api.github.com", "images": "https://avatars.githubusercontent.com"},
    "gitlab": {"api": "https://gitlab.com", "images": "https://secure.gravatar.com https://gitlab.com"},
}
TEXT_PAIR = {"es", "en"}
LONG_TEXT = 300  # characters: a string field that may be longer gets a multi-line box


class EditorError(Exception):
    """The editor cannot be built (e.g. node_modules missing); the message says what to run."""


def _split(description: str) -> tuple[str, str]:
    """("Spanish.", "English.") halves of a schema description written "Español. / English."."""
    spanish, _, english = description.partition(". / ")
    return (spanish + "." if english else spanish).strip(), english.strip()


def _label(name: str, description: str) -> str:
    """A short bilingual label: the first clause of each half, else the field's key."""
    halves = [re.split(r"[:(;]|\. |\.$", half, maxsplit=1)[0].strip() for half in _split(description)]
    halves = [half for half in halves if half and not half.startswith("'")]
    return " / ".join(halves) if halves else name


class SchemaWalker:
    """Turns JSON Schema properties into Decap widgets, following $ref wherever it points."""

    def __init__(self, repo: Repository):
        self.repo = repo
        self.schema_dir = repo.root / "content" / "schemas"

    def resolve(self, node: dict, base: str) -> tuple[dict, str]:
        """The node a $ref points at (merged under the referring node's own keywords)."""
        while "$ref" in node:
            target, _, pointer = node["$ref"].partition("#")
            base = target or base
            found = schemas.schema(self.schema_dir, base.removesuffix(".schema.json"))
            for part in filter(None, pointer.split("/")):
                found = found[part]
            node = {**found, **{k: v for k, v in node.items() if k != "$ref"}, "description": node.get("description") or found.get("description", "")}
        return node, base

    def properties(self, kind: str) -> tuple[dict, set]:
        """Top-level properties of ``kind`` in writing order (as `make new` writes them)."""
        return scaffold.ordered_fields(self.schema_dir, kind)

    def widget(self, name: str, prop: dict, base: str, required: bool, path: str) -> dict:
        """The widget of property ``name`` at ``path`` (dotted, list items share their list's path)."""
        node, base = self.resolve(prop, base)
        description = node.get("description", "")
        # The label names this field (its own description); a shared definition's
        # description (e.g. the date formats) is only a hint.
        field = {"name": name, "label": _label(name, prop.get("description", "")), "required": required}
        if description:
            field["hint"] = description
        field.update(self._shape(name, node, base, path, required))
        return field

    def _choices(self, path: str, node: dict):
        items = node.get("items", {}) if node.get("type") == "array" else node
        if path in content.CODED_FIELDS and items.get("type") == "string":
            codes = list(content.CODED_FIELDS[path][0](self.repo))
            names = self._names(codes)
            return [{"label": " / ".join(dict.fromkeys(names(code))), "value": code} for code in codes]
        if "enum" in items:
            return [{"label": str(code), "value": code} for code in items["enum"]]
        return None

    def _names(self, codes: list):
        """Spanish and English names of a coded field's codes, from where the codes come from."""
        v, actions = self.repo.vocabularies, self.repo.plan.actions
        for table in vars(v).values():  # a vocabulary of labelled codes (themes, licences, ...)
            if isinstance(table, dict) and set(table) == set(codes):
                return lambda code: [table[code].es, table[code].en]
        if codes == list(actions):
            return lambda code: [f"{code} {_short(actions[code].text.es)}", _short(actions[code].text.get("en"))]
        if codes == list(v.languages):
            return lambda code: [v.language_label(code, lang) for lang in LANGUAGES]
        return lambda code: [v.place_label(code, lang) for lang in LANGUAGES]  # countries and scopes (CLDR)

    def _shape(self, name: str, node: dict, base: str, path: str, required: bool) -> dict:
        kind = node.get("type")
        choices = self._choices(path, node)
        if choices is not None:
            shape = {"widget": "select", "options": choices}
            if kind == "array":
                shape["multiple"] = True
                shape.update(_bounds(node, required))
            return shape
        if path == "related":
            return {"widget": "relation", "collection": "records", "value_field": "{{slug}}", "search_fields": ["title.es", "title.en"],
                    "display_fields": ["title.es"], "multiple": True}
        if kind == "object" and "properties" in node:
            # A field inside an optional block is required only once the block is used:
            # the form cannot say that, so it requires it only inside required blocks
            # (`make check` in the pull request's checks says the rest).
            inner_required = set(node.get("required", [])) if required else set()
            fields = [self.widget(key, inner, base, key in inner_required, f"{path}.{key}") for key, inner in node["properties"].items()]
            if set(node["properties"]) == TEXT_PAIR:
                for field in fields:
                    language = "admin_spanish" if field["name"] == "es" else "admin_english"
                    field["label"] = t(language, "es") + " / " + t(language, "en")
            return {"widget": "object", "collapsed": False, "fields": fields}
        if kind == "array":
            items, _ = self.resolve(node.get("items", {}), base)
            # default []: a new entry starts with no item (Decap would add an empty one).
            shape = {"widget": "list", "default": [], **_bounds(node, required)}
            if items.get("type") == "object":
                inner = self.widget(name, node["items"], base, True, path)
                shape["fields"] = inner["fields"]
                shape["summary"] = "{{fields.es}}" if set(items.get("properties", {})) == TEXT_PAIR else None
                shape = {key: value for key, value in shape.items() if value is not None}
            else:
                item = self.widget(name, node["items"], base, True, path)
                item.pop("hint", None)
                shape["field"] = item
            return shape
        if _is_date(node):
            return {"widget": "datetime", "format": "YYYY-MM-DD", "date_format": "YYYY-MM-DD", "time_format": False, "default": ""}
        if kind == "integer" or kind == "number":
            shape = {"widget": "number", "value_type": "int" if kind == "integer" else "float"}
            shape.update({key: node[k] for key, k in (("min", "minimum"), ("max", "maximum")) if k in node})
            return shape
        shape = {"widget": "text" if node.get("maxLength", 0) > LONG_TEXT else "string"}
        patterns = [node["pattern"]] if "pattern" in node else []
        if "maxLength" in node:
            patterns.append(f"^[\\s\\S]{{0,{node['maxLength']}}}$")
        if patterns:
            # Decap takes one pattern (searched, as JSON Schema does): every constraint
            # as a lookahead from the start that may match anywhere.
            regex = patterns[0] if len(patterns) == 1 else "^" + "".join(f"(?=[\\s\\S]*?(?:{p}))" for p in patterns)
            if node.get("description"):
                message = node["description"]
            elif "maxLength" in node and node.get("pattern", r"\S") == r"\S":  # the schemas' "not only spaces"
                key = "admin_max_length_not_blank" if "pattern" in node else "admin_max_length"
                message = " / ".join(t(key, lang, max=node["maxLength"]) for lang in LANGUAGES)
            else:
                message = " / ".join(t("admin_invalid", lang) for lang in LANGUAGES)
            shape["pattern"] = [regex, message]
        return shape


def _bounds(node: dict, required: bool) -> dict:
    """Decap's min and max for a list. An optional list gets no minimum: Decap would add
    empty items to reach it (the schema's minimum only says an empty list is written absent)."""
    keys = (("min", "minItems"), ("max", "maxItems")) if required else (("max", "maxItems"),)
    return {key: node[k] for key, k in keys if k in node}


def _local_port(editor: dict) -> int:
    return int(editor.get("local_port") or LOCAL_PORT)


def _short(text: str, length: int = 60) -> str:
    return text if len(text) <= length else text[: length - 1].rstrip() + "…"


def _is_date(node: dict) -> bool:
    return str(node.get("pattern", "")).startswith("^[0-9]{4}")


def editor_config(repo: Repository, editor: dict) -> dict:
    """The Decap configuration, from the schemas and the loaded vocabularies, plan and toolkits."""
    walker = SchemaWalker(repo)
    backend = editor.get("backend") or "github"
    backend_config = {"name": backend, "repo": editor.get("repo") or "owner/repository", "branch": editor.get("branch") or "main"}
    if editor.get("auth_url"):
        backend_config["base_url"] = editor["auth_url"]
    if editor.get("api_root"):
        backend_config["api_root"] = editor["api_root"]
    if backend == "gitlab":
        backend_config.update(auth_type="pkce", app_id=editor.get("app_id") or "")
    collections = []
    for collection in repo.collections:
        ordered, required = walker.properties(collection.kind)
        schema_file = f"{collection.kind}.schema.json"
        fields = [walker.widget(name, prop, schema_file, name in required, name) for name, prop in ordered.items()]
        for field in fields:
            if field["name"] == "status":
                field["default"] = "draft"
        fields[0]["comment"] = f"yaml-language-server: $schema=../schemas/{schema_file}"
        collections.append({
            "name": collection.code,
            "label": f"{collection.label.es} / {collection.label.en}",
            "label_singular": f"{collection.singular.es} / {collection.singular.en}",
            "description": f"{collection.description.es} / {collection.description.en}",
            "folder": f"content/{collection.code}",
            "extension": "yml",
            "format": "crm-yaml",
            "create": True,
            "identifier_field": "title.es",
            "slug": "{{slug}}",
            "summary": "{{title.es}}",
            "sortable_fields": ["title.es", "status"],
            "fields": fields,
        })
    # Every record, for the `related` field: its value is "<collection>/<slug>", the
    # path of the file under content/ (hidden from the sidebar).
    collections.append({
        "name": "records", "label": t("admin_records", "es") + " / " + t("admin_records", "en"), "hide": True,
        "folder": "content", "extension": "yml", "format": "crm-yaml", "create": False, "nested": {"depth": 2},
        "identifier_field": "title.es", "summary": "{{title.es}}",
        "fields": [walker.widget("title", {"$ref": "common.schema.json#/$defs/text"}, "record.schema.json", True, "title")],
    })
    if repo.toolkits:
        ordered, required = schemas.schema(walker.schema_dir, "toolkit")["properties"], set(schemas.schema(walker.schema_dir, "toolkit").get("required", []))
        toolkit_fields = [walker.widget(name, prop, "toolkit.schema.json", name in required, name) for name, prop in ordered.items()]
        collections.append({
            "name": "toolkits",
            "label": t("toolkits", "es") + " / " + t("toolkits", "en"),
            "format": "crm-yaml",
            "files": [{
                "name": kit.slug, "label": f"{kit.title.es} / {kit.title.en}",
                "file": f"toolkits/{kit.slug}/toolkit.yml", "fields": toolkit_fields,
            } for kit in repo.toolkits],
        })
    return {
        "backend": backend_config,
        "publish_mode": "editorial_workflow",
        # Only a page opened from localhost or 127.0.0.1 (make serve) looks for decap-server.
        "local_backend": {"url": f"http://localhost:{_local_port(editor)}/api/v1"},
        "locale": "es",
        "media_folder": "content/media",  # required by Decap; no field of ours uploads files
        "slug": {"encoding": "ascii", "clean_accents": True, "sanitize_replacement": "-"},
        "collections": collections,
    }


PREVIEW_STRINGS = re.compile(r"field_|admin_|gender_review$|reviewed_by$|draft_banner$")


def _preview_strings() -> dict:
    """The interface strings the preview and the editor's messages use, in both languages."""
    return {key: text for key, text in bilingual().items() if PREVIEW_STRINGS.match(key)}


def review_fields(repo: Repository) -> list[str]:
    """What the review a published record needs (content.py's rule) must hold, from the schema."""
    walker = SchemaWalker(repo)
    review, _ = walker.resolve(walker.properties("record")[0][content.REVIEW], "record.schema.json")
    return review.get("required", [])


def policy(editor: dict) -> str:
    """The editor page's own Content-Security-Policy: the site, the Git host's API, decap-server."""
    hosts = HOSTS[editor.get("backend") or "github"]
    api = hosts["api"]
    if editor.get("api_root"):
        match = re.match(r"^https://[^/]+", editor["api_root"])
        api = match.group(0) if match else api
    port = _local_port(editor)
    connect = " ".join(["'self'", api, f"http://localhost:{port}", f"http://127.0.0.1:{port}"])
    return "; ".join([
        "default-src 'self'",
        # Decap compiles its configuration schema (ajv) at run time and styles its
        # components with CSS-in-JS: both need what no public page is allowed.
        "script-src 'self' 'unsafe-eval'",
        "style-src 'self' 'unsafe-inline'",
        f"img-src 'self' data: blob: {hosts['images']}",
        f"connect-src {connect}",
        "object-src 'none'",
        "base-uri 'self'",
        "form-action 'self'",
    ])


def write_admin(repo: Repository, site_dir: Path, editor: dict, extra_css: list[str]) -> None:
    """Write site/admin/: the page, the generated configuration and Decap's bundle.

    ``extra_css`` are the site's own stylesheets; with the theme's they style the preview.
    """
    root, site_dir = repo.root, Path(site_dir)
    theme_css = sorted(path.relative_to(site_dir).as_posix() for path in (site_dir / "assets" / "stylesheets").glob("*.min.css"))
    stylesheets = [f"../{path}" for path in theme_css + list(extra_css)]
    decap = root / DECAP_DIST
    if not (decap / "decap-cms.js").exists():
        raise EditorError(f"{DECAP_DIST}/decap-cms.js is missing: run `npm ci` (make does it) to install the editor")
    target = Path(site_dir) / FOLDER
    target.mkdir(parents=True, exist_ok=True)
    for path in sorted(decap.iterdir()):
        # The standalone bundle and its chunks, its licence and its WebAssembly; not the maps.
        if re.fullmatch(r"(\d+\.)?decap-cms\.js(\.LICENSE\.txt)?|[0-9a-f]+\.wasm", path.name):
            shutil.copy2(path, target / path.name)
    shutil.copytree(root / YAML_DIST, target / "yaml", dirs_exist_ok=True)
    config = editor_config(repo, editor)
    (target / "config.yml").write_text(
        "# Generated at build time by hooks/crm/admin.py from content/schemas/, collections.yml,\n"
        "# vocabularies.yml, plan.yml and the toolkits: edit those, not this file.\n"
        + yaml.safe_dump(config, allow_unicode=True, sort_keys=False, width=120),
        encoding="utf-8",
    )
    page = string.Template((root / FRONT_END / "index.html").read_text(encoding="utf-8"))
    (target / "index.html").write_text(page.substitute(
        policy=html.escape(policy(editor)),
        title=html.escape(t("admin_title", "es") + " / " + t("admin_title", "en")),
        settings=json.dumps({"strings": _preview_strings(), "stylesheets": stylesheets, "review": review_fields(repo)}, ensure_ascii=False).replace("</", "<\\/"),
    ), encoding="utf-8")
