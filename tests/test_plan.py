"""The plan as data: its Spanish is the plan's own text, Annex 1 links its
instruments to their records, and every action page shows resources or says what
is missing."""
from __future__ import annotations

import datetime as dt
import re

import yaml
from conftest import ROOT

from crm import content

SEED = ROOT / "tests" / "data" / "plan-de-accion-regional-movilidad-laboral.txt"
PLAN = yaml.safe_load((ROOT / "content" / "plan.yml").read_text(encoding="utf-8"))
DECLARATION_2022 = "references/crm-declaracion-extraordinaria-2022"


def words(text: str) -> list[str]:
    """Words and punctuation, case-folded. Footnote marks glued to a word ('mujeres1',
    'SOCIAL3') and line-break hyphens ('pan-\\nsociales') are PDF layout, not text."""
    text = re.sub(r"(?<=[^\W\d])\d+\b", "", text)
    text = re.sub(r"([-/])\s+", r"\1", text)
    return re.findall(r"\w+|[^\w\s]", text.casefold())


SEED_WORDS = words(SEED.read_text(encoding="utf-8"))
# Page furniture inside a passage (a footnote at a page foot, a running heading):
# at most MAX_GAPS interruptions of at most MAX_GAP words each.
MAX_GAP, MAX_GAPS = 60, 2


def in_seed(passage: str) -> bool:
    """True when the passage's words are the seed's words in the same order, contiguous
    but for page furniture."""
    wanted = words(passage)
    for start in (i for i, word in enumerate(SEED_WORDS) if word == wanted[0]):
        position, gaps = start, 0
        for word in wanted[1:]:
            if SEED_WORDS[position + 1: position + 2] == [word]:
                position += 1
                continue
            window = SEED_WORDS[position + 2: position + 2 + MAX_GAP]
            gaps += 1
            if word not in window or gaps > MAX_GAPS:
                break
            position += 2 + window.index(word)
        else:
            return True
    return False


def spanish_texts(value, path=()):
    if isinstance(value, dict):
        if isinstance(value.get("es"), str):
            yield ".".join(map(str, path)), value["es"]
        for key, inner in value.items():
            if key not in ("es", "en"):
                yield from spanish_texts(inner, path + (key,))
    elif isinstance(value, list):
        for index, inner in enumerate(value):
            yield from spanish_texts(inner, path + (index,))


def test_every_spanish_text_of_the_plan_is_the_plan_word_for_word():
    texts = list(spanish_texts(PLAN))
    assert len(texts) > 70 and any(path.startswith("annex.") for path, _ in texts)
    assert any(path.startswith("context_notes.") for path, _ in texts)
    differing = [f"{path}: {text[:120]}" for path, text in texts if not in_seed(text)]
    assert differing == [], "plan.yml differs from the plan's text:\n" + "\n".join(differing)


def test_the_word_for_word_check_catches_a_changed_word():
    annex = PLAN["annex"]["instruments"][0]["paragraphs"][0]["es"]
    assert in_seed(annex)
    assert not in_seed(annex.replace("primer acuerdo", "segundo acuerdo"))
    assert not in_seed(annex.replace("migrantes Desde", "migrantes. Desde"))  # the plan's own slip is kept


def test_annex_one_in_the_model():
    repo, problems = content.load(ROOT)
    assert problems == []
    plan = repo.plan
    assert plan.annex_title.es == "Instrumentos regionales sobre migración"
    assert [(i.number, i.reference) for i in plan.annex] == [
        (1, "references/global-compact-migration"), (2, "references/mirps"),
        (3, "references/los-angeles-declaration"), (4, "references/agenda-2030")]
    assert plan.annex[3].targets == ("8.8", "10.7")
    (declaration,) = plan.annex[0].declarations
    assert declaration.year == 2022 and "Declaración Extraordinaria" in declaration.paragraphs[0].es
    # The 2022 Declaration links to its record exactly when a content helper has added it.
    expected = DECLARATION_2022 if DECLARATION_2022 in repo.records_by_id else None
    assert declaration.reference == expected
    assert all(entry.title.en and all(p.en for p in entry.paragraphs) for entry in plan.annex_entries)
    assert [(n.number, n.text.es[:30]) for n in plan.context_notes] == [
        (1, "La feminización de la migració"), (2, "Los países miembros de la CRM ")]


def test_annex_reference_to_a_missing_record_is_reported_with_its_position(project):
    plan = project / "content" / "plan.yml"
    text = plan.read_text(encoding="utf-8").replace("      year: 2018\n", "      year: 2018\n      reference: references/nope\n", 1)
    plan.write_text(text, encoding="utf-8")
    line = text[: text.index("reference: references/nope")].count("\n") + 1
    repo, problems = content.load(project, today=dt.date(2026, 11, 25))
    assert [p.plain() for p in problems] == [f"content/plan.yml:{line}:18: reference record 'references/nope' does not exist"]


def test_plan_page_shows_annex_one_with_links_and_the_context_notes(built_site):
    for prefix, annex, declaration, note in (
        ("", "Anexo 1. Instrumentos regionales sobre migración", "Declaración Extraordinaria", "la cifra alcanza el 53%"),
        ("en/", "Annex 1. Regional instruments on migration", "Extraordinary Declaration", "the figure reaches 53%"),
    ):
        html = (built_site / prefix / "plan" / "index.html").read_text(encoding="utf-8")
        assert annex in html and declaration in html and note in html
        for slug in ("global-compact-migration", "mirps", "los-angeles-declaration", "agenda-2030"):
            assert f'href="../references/{slug}/"' in html, slug
            assert (built_site / prefix / "references" / slug / "index.html").exists()
        assert "8.8" in html and "10.7" in html


GAP = {"es": "El repositorio todavía no tiene", "en": "The repository does not yet hold"}


def test_every_action_page_lists_resources_or_says_what_is_missing(built_site):
    repo, _ = content.load(ROOT)
    assert len(repo.plan.actions) == 26
    gaps = []
    for action in repo.plan.actions.values():
        for lang, prefix in (("es", ""), ("en", "en/")):
            html = (built_site / prefix / "plan" / action.slug / "index.html").read_text(encoding="utf-8")
            listed = re.findall(r'<ul class="crm-list">(.*?)</ul>', html, re.S)
            has_records = bool(listed and "<li>" in listed[0])
            has_toolkits = bool(re.search(r'href="\.\./\.\./toolkits/[a-z0-9-]+/"', html))
            says_gap = GAP[lang] in html and 'href="../../contributing/"' in html
            assert has_records or has_toolkits or says_gap, (action.code, lang)
            # The statement is there exactly when nothing is.
            assert says_gap != (has_records or has_toolkits), (action.code, lang)
            gaps += [action.code] if says_gap and lang == "es" else []
    published = repo.visible_records(include_drafts=False)
    expected = [code for code in repo.plan.actions if not any(code in r.actions for r in published)
                and not any(code in kit.actions for kit in repo.toolkits)]
    assert gaps == expected
