"""Our suffix table against Snowball (snowballstemmer) on the corpus vocabulary.

Usage: stemmers.py. The vocabulary is every distinct word the index holds for the
published records, per language, folded as the pipeline folds it. Snowball stems
each word as written (with its accents, which its rules expect); its stem is then
folded. Taking Snowball as the reference, the suffix table "wrongly merges" two
words when it gives them one stem and Snowball two, and "wrongly splits" them in
the other case. Printed: words and pairs affected, with examples.
"""
from __future__ import annotations

import sys
from collections import Counter, defaultdict
from itertools import combinations

import snowballstemmer

from synthetic import ROOT

sys.path.insert(0, str(ROOT / "hooks"))
from crm import content  # noqa: E402
from crm.search.index import document  # noqa: E402
from crm.search.pipeline import _EDGES, normalize_word, rules, stem_word, words  # noqa: E402

SNOWBALL = {"es": "spanish", "en": "english"}


def vocabulary(repo, lang: str) -> Counter:
    """Words as written (lowercased, trimmed), with how often they occur."""
    found = Counter()
    for record in repo.visible_records(include_drafts=False):
        for text in document(record, repo, lang).values():
            for word in words(text):
                word = _EDGES.sub("", word)
                if word and normalize_word(word) not in rules()[lang]["stop_words"]:
                    found[word] += 1
    return found


def snowball_table(words: Counter, lang: str) -> dict[str, str]:
    """Folded word -> folded Snowball stem; where two spellings fold alike
    (publico, público / publicó), the more frequent one's stem wins."""
    stemmer = snowballstemmer.stemmer(SNOWBALL[lang])
    table: dict[str, str] = {}
    for word, _ in words.most_common():
        table.setdefault(normalize_word(word), normalize_word(stemmer.stemWord(word)))
    return table


def compare(table: dict[str, str], lang: str) -> dict:
    ours = {word: stem_word(word, lang) for word in table}
    merged, split = [], []
    by_ours, by_snow = defaultdict(list), defaultdict(list)
    for word in table:
        by_ours[ours[word]].append(word)
        by_snow[table[word]].append(word)
    for group in by_ours.values():
        merged += [(a, b) for a, b in combinations(group, 2) if table[a] != table[b]]
    for group in by_snow.values():
        split += [(a, b) for a, b in combinations(group, 2) if ours[a] != ours[b]]
    return {
        "words": len(table), "our stems": len(by_ours), "snowball stems": len(by_snow),
        "merged pairs": merged, "split pairs": split,
        "merged words": len({w for pair in merged for w in pair}), "split words": len({w for pair in split for w in pair}),
    }


def main() -> None:
    repo, _ = content.load(ROOT)
    for lang in SNOWBALL:
        words = vocabulary(repo, lang)
        collisions = len(words) - len({normalize_word(word) for word in words})
        found = compare(snowball_table(words, lang), lang)
        print(f"{lang}: {found['words']} distinct folded words ({collisions} spellings fold onto another); "
              f"stems: ours {found['our stems']}, Snowball {found['snowball stems']}")
        print(f"    wrongly merged by the suffix table: {len(found['merged pairs'])} pairs, {found['merged words']} words; "
              f"e.g. {', '.join('/'.join(pair) for pair in found['merged pairs'][:8])}")
        print(f"    wrongly split by the suffix table: {len(found['split pairs'])} pairs, {found['split words']} words; "
              f"e.g. {', '.join('/'.join(pair) for pair in found['split pairs'][:8])}")


if __name__ == "__main__":
    main()
