"""Regexes and limits of acronym extraction, in one place.

Python ``re`` patterns (``*_RE``) serve the scalar matchers; ``_PL_*`` strings are their twins
for polars (Rust regex, linear time). Limits bound the work per candidate.
"""

from __future__ import annotations

import re

from paperkit.text import ROMAN_NUMERAL


WINDOW_CHARS = 400  # text before "(" searched for a long form
INNER_CHARS = 200  # text inside "( ... )" considered
MAX_SF_CHARS = 10
MAX_FAST = 10  # longest short form (letters) decided by the fast path
MAX_PARTS = 16  # words and hyphen parts before "(" looked at by the fast path
PARTS_CHARS = 160  # ... within this many characters
BRACKETS = str.maketrans("[]\n\r\t", "()   ")
# Clause boundaries a long form does not cross (searched right to left in the window).
CUTS = (". ", "; ", ": ", "! ", "? ", ", ", "(", ")", "[", "]", " - ", '"', "=")
WORD_RE = re.compile(r"\S+")
# Shape of a short form: starts with a letter or digit, at most 10 characters, one or two words.
SF_SHAPE_RE = re.compile(r"^[A-Za-z0-9][^\s;,]{0,12}(?: [^\s;,]{1,9})?$")
# A dot between letters ("e.g", "Ph.D", "i.e") marks an abbreviation of another kind.
PL_ROMAN = rf"^{ROMAN_NUMERAL}$"  # "ii", "iv", "xii": a list marker (paperkit.text), for polars and re
ROMAN_RE = re.compile(PL_ROMAN)
DOTTED_RE = re.compile(r"[A-Za-z]\.[A-Za-z]|\.$")
# Words that open a parenthetical remark rather than a long form: "(e.g. ...)", "(see ...)".
REMARK_RE = re.compile(
    r"^(?:e\.g|i\.e|cf|see|also|including|includ|such|as|for|from|in|on|with|via|or|and|"
    r"a|an|the|this|these|our|we|which|where|when|resp|respectively|ours|vs|et|etc|fig|figure|"
    r"table|eq|sec|section|appendix|http|https|www)\b",
    re.IGNORECASE,
)
# Polars prefilters (Rust regex, linear time).
_PL_INNER_SF = r"^\s*[A-Za-z0-9][^\s;,()]{0,9}(?:\s[^\s;,()]{1,9})?\s*(?:[;,]|$)"
PL_PREV_SF = r"(?:^|\s)[A-Za-z0-9][^\s()]{0,11}[,;:]*\s*$"
PL_HAS_UPPER_PREV = r"[A-Z][^\s()]*\s*$"
# Number words a digit in a short form may stand for ("T2I" = text-to-image).
DIGIT_WORDS = {
    "1": ("one", "first"), "2": ("to", "two", "second"), "3": ("three", "third"), "4": ("for", "four", "fourth"),
    "5": ("five", "fifth"), "6": ("six", "sixth"), "7": ("seven",), "8": ("eight",), "9": ("nine", "ninth"),
}
# Function words a long form may skip (no letter of the short form needed).
SKIPPABLE = frozenset(
    "a an and as at based by for from in into of on or over the to under using via with without".split()
)
WORD_PART_RE = re.compile(r"[^\s\-/]+")
DIGITS_RE = re.compile(r"\d+")
ACRONYM_RE = re.compile(r"^[A-Za-z0-9][A-Za-z0-9\-/+&.']{1,11}$")
SUBWORD_RE = re.compile(r"(?=[^\W_])[A-Z]*[^\W_A-Z]*")
PREFIX_RE = re.compile(r"^(?:(?:[0-9,']+|alpha|beta|gamma|delta|kappa|omega|[A-Za-z]{1,2})-)+$", re.IGNORECASE)
FUNC_SPACED = [f" {w} " for w in sorted(SKIPPABLE)]
FUNC_UPPER = [f" {w.upper()} " for w in sorted(SKIPPABLE)]
PART_RE = re.compile(r"[A-Za-z0-9]+[^A-Za-z0-9]*")  # a word or hyphen part, with what follows
WTOK_RE = re.compile(r"\S+\s*")  # a word between spaces, with the spaces after it
ALNUM_RE = re.compile(r"[A-Za-z0-9]")
FAST_SF_RE = re.compile(r"^[A-Za-z]+(?:-[A-Za-z]+)*$")
CHUNK_RE = re.compile(r"^[a-z]+|[A-Z][a-z]*")
CUT_RE = re.compile(r"[.;:!?,]\s|[()\[\]\"=]|\s-\s")
TRAIL_RE = re.compile(r"[^A-Za-z0-9]+$")
ENDS_WORD_RE = re.compile(r"[A-Za-z0-9]\s*$")
OPENERS = " \u00a0([{\"\u201c"
# parentheses inside a word of a long form: "poly(A) binding protein (PABP)",
# "tumor-necrosis-factor (TNF)-receptor-associated protein (TRAP)" (Sohn et al. 2008)
PAREN_WORD_RE = re.compile(r"\([^()\s]{1,12}\)")
LF_LEAD_RE = re.compile(r"[^\w(]*")
SEMI_RE = re.compile(r"[;,]")
LAST_TOKEN_RE = re.compile(r"(\S+)$")
SEGMENT_RE = re.compile(r"[;,]|\s-\s")
LF_TRAIL_RE = re.compile(r"[^\w)]+$")
SUFFIX_RE = re.compile(r"^(.+?)(-(?:based|like|driven|style|powered|enabled|assisted|augmented|guided|aware|level))$")
LAST_WORD_RE = re.compile(r"[A-Za-z][A-Za-z\-]*[a-z][0-9]{0,2}$")
SENTENCE_END_RE = re.compile(r"[.?!;:]\s")
SENTENCE_CHARS = 400  # a "sentence" is cut at this many characters either side (bounded work)
PL_CUT = r"[.;:!?,]\s|[()\[\]\"=]|\s-\s"
PL_PART = r"[A-Za-z0-9]+[^A-Za-z0-9]*"
PL_DOTTED = r"[A-Za-z]\.[A-Za-z]|\.$"
PL_REMARK = "(?i)" + REMARK_RE.pattern
# the same words followed by ASCII punctuation, a space or the end: never a word character in
# Python's ``re`` either, so a match here is a match of REMARK_RE
PL_REMARK_OPENS = "(?i)" + REMARK_RE.pattern.removesuffix(r"\b") + r"(?:$|[\s!-/:-@\[-\^`{-~])"
# A parenthesised list of three or more names, each one token with a capital: "(DiT, U-ViT,
# HDiT, MM-DiT)": the things named before, not a short form of the words before. Two tokens are
# left alone: a short form and its alias ("(AML, M5A)", "(OATP2; SLC21A6)").
NAME_LIST = (r"^\s*[^\s,;]*[A-Z][^\s,;]*(?:\s*[,;]\s*(?:(?:and|or)\s+)?[^\s,;]*[A-Z][^\s,;]*){2,}"
              r"(?:\s*,?\s*(?:and|or)\s+[^\s,;]*[A-Z][^\s,;]*)?\s*$")
NAME_LIST_RE = re.compile(NAME_LIST)
# A label in a list of labels: one word with "(" attached and another such item next to it:
# "Happiness(HA), Motion(MI), Sadness(SA)" -- codes given to classes, not short forms of words.
LABEL_AFTER = r"^\s*(?:[,;]\s*(?:(?:and|or)\s+)?|\s(?:and|or)\s+)[A-Za-z][\w\-]*\(\w{1,6}\)"
LABEL_BEFORE = r"[A-Za-z][\w\-]*\(\w{1,6}\)\s*(?:[,;]\s*(?:(?:and|or)\s+)?|\s(?:and|or)\s+)$"
LABEL_AFTER_RE = re.compile(LABEL_AFTER)
LABEL_BEFORE_RE = re.compile(LABEL_BEFORE)
# An acronym written whole in a long form ("MCTS" in "Self-Refine applied to MCTS (SR-MCTS)").
CAPS_WORD_RE = re.compile(r"\b[A-Z][A-Z0-9]+\b")
