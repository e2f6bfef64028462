"""Write ``paperkit/resources/singulars.tsv``: the English words whose singular the suffix rules of
:mod:`paperkit.text` get wrong, with the singular a lexicon gives (run once, by hand).

The suffix rules cannot tell some endings apart: "-ies" is "-y" ("strategies") or "-ie"
("movies", "cookies"), "-ses" is "-s" + "es" ("buses", "biases") or "-se" + "s" ("purposes"),
"-ches" is "-ch" + "es" ("patches") or "-che" + "s" ("caches"), "-oes" is "-o" + "es" ("echoes"),
"-zzes" is "-zz" ("buzzes") or "-z" ("quizzes"), "-ves" is "-ve" or "-f"/"-fe" ("halves"); and a
singular noun ending in "s" is not a plural ("diabetes", "herpes"). A lexicon can tell, word by
word; the package looks the words up in the table this script writes instead of loading the
lexicon at run time. ``paperkit.text.singular_word(w, lexicon=False)`` is the rule being
corrected (the suffix rules and the hand-written tables of :mod:`paperkit.text`, which keep
precedence).

Which words, and why
--------------------
1. **Plurals in the lexicon.** For every lower-case word of the LemmInflect lexicon with a noun
   reading, its singulars are the lemmas of that reading other than itself. When the rule changes
   the word (a word the rule keeps, "data", "media", "children", is left alone) and its result is
   not the singular (the most frequent lemma by wordfreq's Zipf, so "lenses" is "lens", not the
   variant "lense", and "bases" stays "base", not "basis"), the word and that singular are written,
   the singular as the folding reads it, so a plural and its singular always share a key
   ("bicepses" -> "bicep", as "biceps" -> "bicep").
2. **Singular nouns the rule cuts.** A noun whose only noun lemma is itself, that is no verb form
   (so "remains", "comes" still fold as verbs) and whose cut form is no noun or gerund of the
   lexicon ("diabete", "herpe", "genetic"; so "savings" still folds to "saving") is written as its
   own singular.
3. **Words outside the lexicon** (newer words: "calories", "selfies", "smoothies"), from the
   wordfreq list: at an ending the rules cannot tell apart ("-ies", "-ches"/"-shes"/"-xes"/"-zzes",
   "-ses"/"-oes"/"-zes"), when the rule's result is no English word and another reading of the same
   ending is a singular English word (in the lexicon or in the wordfreq list, and kept by the
   rules), the most frequent such reading. Other endings are left to the rules, so names are not
   read as plurals ("Bayes" is not "bay", "Ramses" not "rams").

Sources and licences: LemmInflect 0.2.3 (© 2019 Brad Jascob, MIT licence; its lexicon is drawn
from the NIH SPECIALIST Lexicon) and ``paperkit/resources/english_zipf.tsv`` (wordfreq 3.1.1,
© Robyn Speer, CC BY-SA 4.0); the table is shared under CC BY-SA 4.0 (see
paperkit/resources/README.md).

Usage: ``pip install --target /tmp/lemm lemminflect==0.2.3 && PYTHONPATH=.:/tmp/lemm python tools/make_singulars.py``
"""

from __future__ import annotations

import re
from importlib import resources
from importlib.metadata import version
from pathlib import Path

import polars as pl
from lemminflect.core.Lemmatizer import Lemmatizer

from paperkit.text import singular_word

OUT = Path(__file__).resolve().parents[1] / "paperkit" / "resources" / "singulars.tsv"
WORD = re.compile(r"[a-z]+")

# The endings the suffix rules cannot tell apart, and the readings of each (for words outside the lexicon).
AMBIGUOUS_ENDINGS = [
    (r"ies$", lambda w: [w[:-3] + "y", w[:-1]]),                          # strategies | movies
    (r"(?:ch|sh|x|zz)es$", lambda w: [w[:-2], w[:-1]] + ([w[:-3]] if w.endswith("zzes") else [])),  # patches | caches
    (r"(?:s|o|z)es$", lambda w: [w[:-1], w[:-2]]),                        # purposes | buses, echoes
]


def rule(word: str) -> str:
    return singular_word(word, lexicon=False)


def lexicon() -> dict[str, dict[str, tuple[str, ...]]]:
    """``{word: {upos: lemmas}}`` of LemmInflect's lexicon, lower-case alphabetic words, lemmas in
    lower case without hyphens ("anti-hero" -> "antihero", as the words are written)."""
    lemmatizer = Lemmatizer()
    table, overrides = lemmatizer._getLemmaDict(), lemmatizer._getOverridesDict()
    out = {}
    for word in set(table) | set(overrides):
        if WORD.fullmatch(word):
            readings = {**(table.get(word) or {}), **(overrides.get(word) or {})}
            out[word] = {upos: tuple(dict.fromkeys(m.lower().replace("-", "") for m in lemmas))
                         for upos, lemmas in readings.items()}
    return out


def zipf_list() -> dict[str, float]:
    data = resources.files("paperkit.resources").joinpath("english_zipf.tsv").read_bytes()
    df = pl.read_csv(data, separator="\t", comment_prefix="#", has_header=False, new_columns=["w", "z"],
                     schema_overrides={"w": pl.String, "z": pl.Float64}, quote_char=None)
    return dict(df.iter_rows())


def singulars() -> dict[str, tuple[str, str]]:
    """``{word: (singular, why)}`` where ``why`` is ``plural`` (1. in the module notes), ``singular``
    (2.) or ``outside`` (3.)."""
    lex, zipf = lexicon(), zipf_list()
    nouns = {w for w, r in lex.items() if "NOUN" in r} | {m for r in lex.values() for m in r.get("NOUN", ())}
    # a gerund is a noun too: "savings" is the plural of "saving", which the lexicon lists as a verb form only
    nouns |= {w for w, r in lex.items() if "VERB" in r and w.endswith("ing")}

    def most_frequent(words) -> str:
        return max(sorted(words), key=lambda w: zipf.get(w, 0.0))

    cut_nouns = {w: rule(w) for w, r in lex.items() if "NOUN" in r}
    cut_nouns = {w: cut for w, cut in cut_nouns.items() if cut != w}  # a word the rule keeps is left alone
    # 2. singular nouns the rule cuts: their own singular
    out = {w: (w, "singular") for w, cut in cut_nouns.items()
           if not set(lex[w]["NOUN"]) - {w} and "VERB" not in lex[w] and cut not in nouns}

    def key(singular: str) -> str:  # the singular as the folding will read it
        return singular if singular in out else rule(singular)

    # 1. plurals: written when the rule does not give the word the key of its (most frequent) singular
    for word, cut in sorted(cut_nouns.items()):
        lemmas = set(lex[word]["NOUN"]) - {word}
        if lemmas and cut != (singular := key(most_frequent(lemmas))):
            out[word] = (singular, "plural")
    for word in sorted(zipf):
        if not WORD.fullmatch(word) or word in lex or (cut := rule(word)) == word or cut in lex or cut in zipf:
            continue
        for ending, readings in AMBIGUOUS_ENDINGS:
            if re.search(ending, word):
                known = [r for r in readings(word) if r != cut and (r in nouns or r in zipf) and rule(r) == r]
                if known:
                    out[word] = (most_frequent(known), "outside")
                break
    return out


def main() -> None:
    rows = singulars()
    counts = {why: sum(1 for _, w in rows.values() if w == why) for why in ("plural", "singular", "outside")}
    with OUT.open("w", encoding="utf-8") as out:
        out.write("# Words whose singular paperkit's suffix rules get wrong, and their singular (a word that is its own\n")
        out.write("# singular: a singular noun the rules would cut). From the lexicon of lemminflect "
                  f"{version('lemminflect')} ((c) 2019 Brad Jascob,\n")
        out.write("# MIT licence) and wordfreq 3.1.1 via english_zipf.tsv ((c) Robyn Speer, CC BY-SA 4.0); shared under CC BY-SA 4.0.\n")
        out.write(f"# Made by tools/make_singulars.py: {counts['plural']} plurals of the lexicon, {counts['singular']} singular "
                  f"nouns, {counts['outside']} plurals outside the lexicon.\n")
        for word in sorted(rows):
            out.write(f"{word}\t{rows[word][0]}\n")
    print(f"{len(rows)} rows -> {OUT} ({counts})")


if __name__ == "__main__":
    main()
