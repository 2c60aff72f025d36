"""Read and check toolkits/: every toolkits/<slug>/toolkit.yml and every SVG template.

The toolkit files are validated with their JSON Schema and the same positioned problem
reports as content records (content.Checker), then against the vocabularies, the plan
and the templates they use, so `make check` shows every mistake with file:line:column.
"""
from __future__ import annotations

import re
import string
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path

from .. import LANGUAGES, files, yamlfile
from ..model import Described
from ..problems import Problem, relative
from ..strings import t
from . import artwork
from .svgcheck import check_svg

SLUG = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
LAYOUTS = "layouts"  # toolkits/layouts/: shared templates; toolkits/<slug>/layouts/ overrides one
README = "readme"  # toolkits/readme/<lang>.md: the bundles' README, with {fields} from the toolkit
README_FIELDS = {"title", "version", "date", "summary", "pieces", "colours", "placeholders", "workbook", "attribution", "licence_url", "publisher"}
_TEXT_KINDS = {"text", "phone", "website"}
# Files read elsewhere: the templates' guide for designers, the bundles' README templates.
_KNOWN_FILES = {(LAYOUTS, "README.md")} | {(README, f"{lang}.md") for lang in LANGUAGES}
MAX_BYTES = 1_000_000  # an SVG template or README (the shipped ones are under 3 KB)
# Text colour on each background colour, as the templates use them.
_COLOUR_PAIRS = [("paper", "primary"), ("paper", "secondary"), ("paper", "accent"), ("ink", "paper")]


@dataclass(frozen=True)
class Layout:
    name: str
    path: Path
    text: str

    @cached_property
    def size(self) -> tuple[float, float, str, float]:
        return artwork.size_of(self.text)


@dataclass
class Toolkit(Described):
    slug: str
    path: Path
    data: dict  # the validated toolkit.yml
    readme: dict[str, str]  # README template of the bundles, by language (toolkits/readme/)
    layouts: dict[str, Layout] = field(default_factory=dict)  # piece name -> template, in the toolkit's order
    bundles: dict = field(default_factory=dict, repr=False)  # filled once by bundle.bundles()

    @property
    def version(self) -> str:
        return self.data["version"]

    @property
    def placeholders(self) -> list[dict]:
        return self.data["placeholders"]

    def slot_texts(self, lang: str) -> dict[str, list[str]]:
        """Paragraphs for each data-slot of the templates."""
        art = self.data["artwork"]
        return {
            "headline": [art["headline"][lang]],
            "message": [art["message"][lang]],
            "points": [point[lang] for point in art["points"]],
            "call_to_action": [art["call_to_action"][lang]],
            "credit": [t("toolkit_credit", lang, actions=", ".join(self.actions))],
        }


def _luminance(colour: str) -> float:
    channels = [int(colour[i : i + 2], 16) / 255 for i in (1, 3, 5)]
    linear = [c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
    return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]


def contrast(foreground: str, background: str) -> float:
    """WCAG 2 contrast ratio."""
    light, dark = sorted((_luminance(foreground), _luminance(background)), reverse=True)
    return (light + 0.05) / (dark + 0.05)


def _read(path: Path, root: Path, problems: list) -> str | None:
    try:
        return files.read_text(path, MAX_BYTES)
    except files.FileError as error:
        problems.append(Problem(relative(path, root), error.line, error.column, error.message))
        return None


def _svg_problems(path: Path, root: Path, problems: list) -> tuple[str, list] | None:
    """Check one SVG file; return its text and placeholders ((line, column, key)), or None when unusable."""
    text = _read(path, root, problems)
    if text is None:
        return None
    report = check_svg(text)
    problems += [Problem(relative(path, root), line, column, message) for line, column, message in report.problems]
    return None if report.problems else (text, report.placeholders)


def _sources(base: Path, root: Path, problems: list) -> tuple[list[Path], list[Path]]:
    """The SVG templates and the toolkit folders under toolkits/; any other file there is reported."""
    svgs, folders = [], []
    for entry in files.listing(base, root, problems):
        parts, shared = entry.parts, entry.parts[0] in (LAYOUTS, README)
        if entry.folder:
            if len(parts) == 1 and not shared:
                folders.append(entry.path)
            continue  # a folder is judged by the files in it
        if parts[-1].endswith(".svg") and (len(parts) == 2 and parts[0] == LAYOUTS or len(parts) == 3 and not shared and parts[1] == LAYOUTS):
            svgs.append(entry.path)
        elif parts not in _KNOWN_FILES and not (len(parts) == 2 and not shared and parts[1] == "toolkit.yml"):
            problems.append(Problem(relative(entry.path, root), 1, 1, f"this file is not read: toolkits/ holds {LAYOUTS}/<piece>.svg, {README}/<language>.md and <slug>/toolkit.yml (with an optional <slug>/{LAYOUTS}/<piece>.svg)"))
    return svgs, folders


def load(root, repo):
    """All toolkits under root/toolkits/ and the problems found in them."""
    from .. import content  # content imports this package: import when called

    root = Path(root)
    base = root / "toolkits"
    problems: list[Problem] = []
    templates: dict[Path, tuple[str, list]] = {}
    svgs, folders = _sources(base, root, problems)
    for path in svgs:
        checked = _svg_problems(path, root, problems)
        if checked is not None:
            templates[path] = checked
    readmes = {}
    for lang in LANGUAGES:
        path = base / README / f"{lang}.md"
        if path.exists() and (text := _read(path, root, problems)) is not None:
            readmes[lang] = text
            _check_readme(path, text, root, problems)
    toolkits = []
    for folder in folders:
        if len(readmes) < len(LANGUAGES):
            problems.append(Problem(relative(base / README, root), 1, 1, f"the bundle README templates are missing (expected {', '.join(f'{lang}.md' for lang in LANGUAGES)})"))
            break
        source = folder / "toolkit.yml"
        rel = relative(source, root)
        if not SLUG.match(folder.name):
            problems.append(Problem(rel, 1, 1, f"folder name '{folder.name}' is not a valid slug: use lowercase letters, digits and hyphens"))
            continue
        try:
            doc = yamlfile.load(source)
        except files.FileError as error:
            problems.append(Problem(rel, error.line, error.column, error.message))
            continue
        checker = content.Checker(root, doc, problems)
        if not isinstance(doc.data, dict):
            checker.add((), "a toolkit is a mapping of fields (title:, summary:, ...)")
            continue
        if not checker.schema("toolkit"):
            continue
        kit = Toolkit(folder.name, folder, doc.data, readmes)
        before = len(problems)
        _check_toolkit(kit, checker, repo, templates, base, root)
        if len(problems) == before:
            toolkits.append(kit)
    toolkits.sort(key=lambda kit: ([tuple(map(int, code.split("."))) for code in kit.actions], kit.slug))  # plan order
    return toolkits, problems


def _check_toolkit(kit: Toolkit, checker, repo, templates: dict, base: Path, root: Path) -> None:
    data = kit.data
    checker.codes(("themes",), list(repo.vocabularies.themes), "theme")
    checker.codes(("actions",), list(repo.plan.actions), "plan action")
    checker.codes(("licence", "code"), list(repo.vocabularies.licences), "licence")
    checker.unsafe_text()
    _unique(checker, data["placeholders"], "key", ("placeholders",), "placeholder")
    declared = {p["key"] for p in data["placeholders"]}
    for index, placeholder in enumerate(data["placeholders"]):
        here = ("placeholders", index)
        limit_name = "max_length" if placeholder["kind"] in _TEXT_KINDS else "max_bytes"
        if limit_name not in placeholder:
            checker.add(here, f"placeholder '{placeholder['key']}' ({placeholder['kind']}) needs {limit_name}")
        elif placeholder["kind"] in _TEXT_KINDS:
            for lang in LANGUAGES:
                if len(placeholder["default"][lang]) > placeholder["max_length"]:
                    checker.add(here + ("default", lang), f"the default is longer than max_length ({placeholder['max_length']})")
    _unique(checker, data["roles"], "code", ("roles",), "role")
    roles = {role["code"] for role in data["roles"]}
    for p_index, phase in enumerate(data["phases"]):
        if phase["weeks"]["start"] > phase["weeks"]["end"]:
            checker.add(("phases", p_index, "weeks"), "weeks: start is after end")
        for t_index, task in enumerate(phase["tasks"]):
            if task["role"] not in roles:
                checker.add(("phases", p_index, "tasks", t_index, "role"), f"unknown role '{task['role']}' (roles lists: {', '.join(sorted(roles))})")
    _unique(checker, data["audiences"], "code", ("audiences",), "audience")
    audiences = [audience["code"] for audience in data["audiences"]]
    for c_index in range(len(data["channels"])):
        checker.codes(("channels", c_index, "audiences"), audiences, "audience")
        checker.codes(("channels", c_index, "pieces"), data["pieces"], "piece")
    palette = data["palette"]
    for foreground, background in _COLOUR_PAIRS:
        ratio = contrast(palette[foreground], palette[background])
        if ratio < 4.5:
            checker.add(("palette", background), f"palette: {foreground} text on {background} has a contrast of {ratio:.1f}:1; at least 4.5:1 is needed")
    for index, piece in enumerate(data["pieces"]):
        own, shared = kit.path / LAYOUTS / f"{piece}.svg", base / LAYOUTS / f"{piece}.svg"
        path = own if own.exists() else shared
        if not path.exists():
            checker.add(("pieces", index), f"no template for piece '{piece}' (expected {relative(shared, root)})")
            continue
        if path not in templates:
            checker.add(("pieces", index), f"the template {relative(path, root)} has problems (see above)")
            continue
        text, placeholders = templates[path]
        for line, column, key in placeholders:
            if key not in declared:
                checker.problems.append(Problem(relative(path, root), line, column, f"data-placeholder '{key}' is not declared in {relative(kit.path / 'toolkit.yml', root)} (placeholders: {', '.join(sorted(declared))})"))
        layout = Layout(piece, path, text)
        _check_fit(kit, layout, checker)
        kit.layouts[piece] = layout


def _check_fit(kit: Toolkit, layout: Layout, checker) -> None:
    for lang in LANGUAGES:
        texts = kit.slot_texts(lang)
        # Where to point: the text itself; the credit line grows with the list of actions.
        where = {"points": ("artwork", "points"), "credit": ("actions",)}
        for slot, box in artwork.slot_elements(layout.text):
            if box.fit(texts[slot]) is None:
                at = where.get(slot, ("artwork", slot, lang))
                checker.add(at, f"the {slot.replace('_', ' ')} ({lang}) does not fit the '{layout.name}' piece even at the smallest type size; shorten it")


def _check_readme(path: Path, text: str, root: Path, problems: list) -> None:
    for number, line in enumerate(text.splitlines(), 1):
        try:
            names = [name for _, name, _, _ in string.Formatter().parse(line) if name is not None]
        except ValueError as error:
            problems.append(Problem(relative(path, root), number, 1, f"{error}; write {{{{ and }}}} for literal braces"))
            continue
        for name in names:
            if name not in README_FIELDS:
                column = line.index("{" + name) + 1
                problems.append(Problem(relative(path, root), number, column, f"unknown field {{{name}}} (expected one of: {', '.join(sorted(README_FIELDS))})"))


def _unique(checker, items: list[dict], key: str, data_path: tuple, what: str) -> None:
    seen = set()
    for index, item in enumerate(items):
        if item[key] in seen:
            checker.add(data_path + (index, key), f"{what} '{item[key]}' is listed twice")
        seen.add(item[key])
