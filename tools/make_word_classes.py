"""Write ``paperkit/resources/word_classes.tsv`` from the ``lemminflect`` lexicon (run once, by hand).

Each of lemminflect's ~70,000 English words gets the part-of-speech class bits of
:mod:`paperkit.pos` (noun, verb, adjective, adverb readings; the verb form; comparatives), computed
from its readings and lemmas, so the package looks classes up in a table instead of loading the
lexicon (0.4 s) and classing words one by one in Python at run time. Licence of the data: MIT
(LemmInflect by Brad Jascob; see paperkit/resources/README.md).

Usage: ``pip install lemminflect==0.2.3 && python tools/make_word_classes.py``
"""

from importlib.metadata import version
from pathlib import Path

from lemminflect.core.Lemmatizer import Lemmatizer

from paperkit.pos import ADJ, ADV, DEGREE, FINITE, GERUND, KNOWN, NOUN, PAST, VERB

OUT = Path(__file__).resolve().parents[1] / "paperkit" / "resources" / "word_classes.tsv"


def word_class(word: str, readings: dict) -> int:
    """The class bits of a lexicon word from its readings ``{upos: lemmas}``."""
    bits = KNOWN
    if "NOUN" in readings or "PROPN" in readings:
        bits |= NOUN
    if "ADJ" in readings:
        bits |= ADJ
        if word not in readings["ADJ"]:  # an adjective whose lemma is another word: "higher", "best"
            bits |= DEGREE
    if "ADV" in readings:
        bits |= ADV
    if "VERB" in readings:
        bits |= VERB
        lemmas = readings["VERB"]
        if word in lemmas:
            bits |= FINITE
        elif word.endswith("ing"):
            bits |= GERUND
        elif word.endswith("s") and not word.endswith("ss") and any(word.startswith(lemma[:-1]) for lemma in lemmas):
            bits |= FINITE
        else:
            bits |= PAST
    return bits


def main() -> None:
    lemmatizer = Lemmatizer()
    table, overrides = lemmatizer._getLemmaDict(), lemmatizer._getOverridesDict()
    rows = {}
    for word in set(table) | set(overrides):
        readings = {**(table.get(word) or {}), **(overrides.get(word) or {})}
        if readings and word == word.lower() and not any(c.isspace() for c in word):
            rows[word] = word_class(word, readings)
    with OUT.open("w", encoding="utf-8") as out:
        out.write(f"# Part-of-speech class bits (paperkit.pos) of lower-case English words, lemminflect {version('lemminflect')}\n")
        out.write("# (c) 2019 Brad Jascob, MIT licence; made by tools/make_word_classes.py.\n")
        for word in sorted(rows):
            out.write(f"{word}\t{rows[word]}\n")


if __name__ == "__main__":
    main()
