"""Acronyms: definitions in text, their mentions, a corpus-wide glossary and canonical terms.

The steps, one module each
--------------------------
::

    papers (title, abstract)
      │ fields.py      the text fields, one long frame
      ▼
    candidates.py      every "(" that could hold a definition           shortforms.py: is_acronym
      │ fastpath.py    common cases decided in polars                   matching.py:   letter matchers
      │ definitions.py the rest decided one window at a time            patterns.py:   regexes, limits
      │ titles.py      title names matched to the words after ":"
      ▼
    extract.py         find_acronyms: matched definitions, one row each
      │ senses.py      short forms and long forms folded into keys and senses
      ▼
    glossary.py        acronym_glossary: one row per short form ◀── scan.py: where short forms occur
      │
      │ usage.py       the sense of every use (known.py: well-known acronyms;
      │                evidence.py: the papers' words as integer stem ids, rules 3 and 5)
      ├──▶ mentions.py   acronym_mentions, acronym_uses: every use of a short form, with its sense
      └──▶ synonyms.py   acronym_synonyms, canonicalize_terms: terms that name a short form

Method
------
Definitions are found with the Schwartz & Hearst (2003) algorithm, extended where research
abstracts show it falls short, with strategies from Ab3P (Sohn et al. 2008):

* **Candidates** are every ``(`` (or ``[``) in a title or abstract, found for the whole column
  at once with polars (split on ``(``, offsets from cumulative lengths), and kept only when the
  text inside looks like a short form whose first letter starts one of the words before it
  (*long form (SF)*), when the word before looks like an acronym (*SF (long form)*), or when the
  inside reads "long form, SF".
* **The fast path** decides the common cases in polars too (:func:`fast_definitions`, with
  a scalar twin :func:`fast_match` that gives the same answers): the short form's letters, or
  its chunks ("LoRA" -> "Lo", "R", "A"), start the last words or hyphen parts before the
  parenthesis, all of them ("Mixture of Experts (MoE)") or all but function words
  ("Reinforcement Learning from Human Feedback (RLHF)"); or the short form is spelled inside
  the one word before it ("autoregressive (AR)", :func:`fast_in_word`). About 86% of the
  definitions in arXiv abstracts are decided there.
* **The rest** is decided in Python on a bounded window of text each (after a polars test that
  the short form's letters occur in order before it; each distinct window decided once), so
  extraction stays linear in the length of the corpus. :func:`extract_definitions` is the
  reference: :func:`find_acronyms` finds the same definitions at the same offsets.
  Matching: characters of the short form are matched right to left in the
  candidate long form (at most ``min(|SF| + 5, 2 |SF|)`` words, not crossing a clause
  boundary; parentheses inside a word such as "poly(A)" are kept), the first one at the start
  of a word. Extensions: a first letter taken from inside a camel-case word ("eXtreme Gradient
  Boosting (XGBoost)"); plural short forms ("LLMs"); digits read as number words
  ("text-to-image (T2I)") or matched to the same number ("protein 22 (PMP22)"); letters placed
  on word starts where possible (an alignment that prefers the shortest long form, letters on
  function words earning nothing); one-letter short forms after the word they abbreviate
  ("phosphorus (P)"); a short form spelled inside the single word before it
  ("proopiomelanocortin (POMC)"); "(long form, SF)"; and checks that reject parenthesised text
  that is not a short form ("(e.g., ...)", "(2023)", "(ours)", "(see ...)", "(Ph.D.)", "(ii)").
* **Title names** ("DyLoRA: ... using Dynamic Search-Free Low-Rank Adaptation") are matched
  capital by capital to word starts after the colon (:func:`title_names`).

Mentions are every use of a defined short form (with its plural and as the head of a hyphenated
compound such as "LoRA-based"), found by splitting the cleaned text on spaces in polars.
Each use is given the sense its paper means (:mod:`paperkit.acronyms.usage`: the paper's own
definition, else evidence in the paper, else unknown); short forms used but never defined take
their usual expansion from a curated list (:mod:`paperkit.acronyms.known`).

References
----------
.. [1] Schwartz, A. S., & Hearst, M. A. (2003). A simple algorithm for identifying abbreviation
   definitions in biomedical text. *Pacific Symposium on Biocomputing* 8, 451-462.
.. [2] Sohn, S., Comeau, D. C., Kim, W., & Wilbur, W. J. (2008). Abbreviation definition
   identification based on automatic precision estimates. *BMC Bioinformatics* 9, 402 (Ab3P).
"""

from paperkit.acronyms.extract import find_acronyms
from paperkit.acronyms.definitions import extract_definitions
from paperkit.acronyms.glossary import acronym_glossary
from paperkit.acronyms.matching import match_letters
from paperkit.acronyms.known import known_acronyms
from paperkit.acronyms.mentions import acronym_mentions, acronym_uses
from paperkit.acronyms.shortforms import Definition, is_acronym, is_acronym_expr
from paperkit.acronyms.synonyms import acronym_synonyms, canonicalize_terms
from paperkit.acronyms.titles import title_names
from paperkit.acronyms.usage import is_measure, is_measurement_use

__all__ = [
    "Definition",
    "acronym_glossary",
    "acronym_mentions",
    "acronym_synonyms",
    "acronym_uses",
    "canonicalize_terms",
    "extract_definitions",
    "find_acronyms",
    "is_acronym",
    "is_acronym_expr",
    "is_measure",
    "is_measurement_use",
    "known_acronyms",
    "match_letters",
    "title_names",
]
