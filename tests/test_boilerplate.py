"""No boilerplate in the gender lens (footnote 4 of the Plan): every lens text of a
published record is written from its own document.

Two checks over the shipped content:
- no sentence of a lens text is repeated word for word in another record;
- every lens (its notes, specific provisions, care and differentiated impacts read
  together, in each language) mentions at least one element of its own record.

An "element" is a citation of the document's own parts (article 6, sección 3,
regla 2), a figure (a number of two digits or more, such as a year, a decree number
or 6,638 entrants, or a number glued to letters such as C189 or H-2B), an
acronym (two capitals or more: SAWP, PTAT, MIRPS) or a word of six letters or more,
found in the record's own title, summary, keywords, body, target groups, results,
lessons, issuer, implementer, partners or authors, and significant: acronyms and
words count only when at most RARE_SHARE of the records use them ('trabajadores'
or 'OIT' tie a note to no record in particular). Words match on their first six
letters, without accents or case, so that 'domésticas' in a note matches
'domésticos' in a title.
"""
from __future__ import annotations

import re
import unicodedata
from collections import Counter, defaultdict

from conftest import ROOT

from crm import content
from crm.model import Record

def fold(word: str) -> str:
    word = unicodedata.normalize("NFKD", word.casefold())
    return "".join(ch for ch in word if not unicodedata.combining(ch))


# A word or acronym is significant when at most this share of records use it in their
# own texts: 'trabajadores' or 'OIT' tie a note to no record in particular.
RARE_SHARE = 0.1
CITATION = re.compile(r"\b(?:art[íi]culos?|arts?\.|articles?|secci[óo]n|sections?|reglas?|rules?|p[áa]rrafos?|paragraphs?|cap[íi]tulo|chapter)\s+\d+", re.I)
DIGIT_GROUPS = re.compile(r"(?<=\d)[., \u00a0\u202f](?=\d{3}\b)")  # 6,638, 6.638 and 6 638 are one figure
FIGURE = re.compile(r"\b(?:\d+(?:\.\d+)+|\d{2,}|[A-Za-z]+-?\d+[A-Za-z]*|\d+[A-Za-z]+)\b")
ACRONYM = re.compile(r"\b[A-ZÁÉÍÓÚÑ]{2,}[A-Za-z]*\b")
WORD = re.compile(r"[^\W\d_]{6,}")
SENTENCE_END = re.compile(r"(?<=[.!?])\s+(?=[\"“«(]?[A-ZÁÉÍÓÚÑ¿¡])")
MIN_SENTENCE_WORDS = 4


def published() -> list[Record]:
    repo, problems = content.load(ROOT)
    assert problems == []
    return repo.visible_records(include_drafts=False)


def lens_texts(record: Record):
    """(field, language, text) for every written part of the record's lens."""
    for name, text in record.gender_review.texts():
        for lang in ("es", "en"):
            if getattr(text, lang):
                yield name, lang, getattr(text, lang)


def sentences(text: str) -> list[str]:
    found = []
    for sentence in SENTENCE_END.split(text):
        words = re.findall(r"\w+", fold(sentence))
        if len(words) >= MIN_SENTENCE_WORDS:
            found.append(" ".join(words))
    return found


def own_texts(record: Record) -> list[str]:
    d = record.data
    parts = [record.title, record.summary] + [record.text(key) for key in ("body", "target_groups", "results", "lessons")]
    texts = [getattr(text, lang) or "" for text in parts if text for lang in ("es", "en")]
    texts += [word for words in d.get("keywords", {}).values() for word in words]
    texts += [d[key] for key in ("publisher", "implementer") if key in d]
    texts += d.get("partners", []) + d.get("authors", [])
    return texts


def terms(text: str) -> tuple[set[str], set[str]]:
    """(figures, words and acronyms) of a text, folded; words cut to their first six letters."""
    text = DIGIT_GROUPS.sub("", text)
    figures = {fold(figure) for figure in FIGURE.findall(text)}
    return figures, {fold(acronym) for acronym in ACRONYM.findall(text)} | {fold(word)[:6] for word in WORD.findall(text)}


def significant_elements(records: list[Record]) -> dict[str, set[str]]:
    """Per record id: its figures, and its words and acronyms that few records share."""
    own = {}
    for record in records:
        figures, words = set(), set()
        for text in own_texts(record):
            found = terms(text)
            figures |= found[0]
            words |= found[1]
        own[record.id] = (figures, words)
    frequency = Counter(word for _, words in own.values() for word in words)
    most = max(2, int(RARE_SHARE * len(records)))
    return {rid: figures | {word for word in words if frequency[word] <= most} for rid, (figures, words) in own.items()}


def mentioned(text: str) -> set[str]:
    figures, words = terms(text)
    return figures | words


def repeated_sentences(records: list[Record]) -> dict[str, set[str]]:
    """Each lens sentence found in two records or more, with those records' ids."""
    where = defaultdict(set)
    for record in records:
        for name, lang, text in lens_texts(record):
            for sentence in sentences(text):
                where[sentence].add(record.id)
    return {sentence: ids for sentence, ids in where.items() if len(ids) > 1}


def unanchored(records: list[Record]) -> list[str]:
    """'record id (language): lens' for each lens that names no element of its record."""
    found, elements = [], significant_elements(records)
    for record in records:
        for lang in ("es", "en"):
            texts = [text for _, text_lang, text in lens_texts(record) if text_lang == lang]
            lens = " ".join(texts)
            if texts and not CITATION.search(lens) and not mentioned(lens) & elements[record.id]:
                found.append(f"{record.id} ({lang}): {lens[:200]}")
    return found


def test_no_lens_sentence_is_repeated_word_for_word_across_records():
    repeated = repeated_sentences(published())
    report = [f"{len(ids)} records: «{sentence}»\n    " + ", ".join(sorted(ids)) for sentence, ids in sorted(repeated.items(), key=lambda item: -len(item[1]))]
    assert not repeated, f"{len(repeated)} lens sentences appear word for word in several records:\n" + "\n".join(report)


def test_every_lens_mentions_an_element_of_its_own_record():
    found = unanchored(published())
    assert not found, f"{len(found)} lenses mention nothing of their own record (no citation, figure, or significant acronym or word of its title, summary, keywords, body...):\n" + "\n".join(found)


def test_the_checks_tell_boilerplate_from_notes_written_from_the_document():
    law = significant_elements(published())["frameworks/cr-codigo-de-trabajo"]
    assert "1943" in law and "trabaj" not in law
    assert mentioned("El Código de 1943 no prevé licencia de paternidad.") & law
    assert not mentioned("La fuente no aporta datos desagregados por sexo sobre las personas trabajadoras migrantes.") & law
    assert CITATION.search("El artículo 6 exige igualdad de trato.")
    assert sentences("La fuente no aporta datos desagregados por sexo. Sí. Revisar el reglamento de 2019.") == [
        "la fuente no aporta datos desagregados por sexo", "revisar el reglamento de 2019"]
