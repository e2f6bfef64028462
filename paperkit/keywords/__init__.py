r"""Keyphrases per paper, the corpus term table and keyword counts over time.

Candidates
----------
A candidate is a run of 1 to 4 words inside one sentence piece that neither starts nor ends with
a stopword (an English function word from :func:`paperkit.text.stopwords`). Punctuation,
numbers, parentheses, list separators (",", ";", "and", "or"), sentence ends, the join of title
and abstract (a hard break), verbs of the genre and topic-free words break a run; a roman-numeral
enumerator ("(ii)", "iii)", ", iv and") is never part of one. A possessive is split off: "WAM's
future-image objective" gives "WAM" and "future-image objective".

Parts of speech come from the ``lemminflect`` lexicon (shipped as a table), looked up once per
distinct word (:mod:`paperkit.pos`), never with a tagger: a candidate ends in a word that can be a noun
(or a gerund, or a name: an acronym or a word with capitals after its first letter or digits,
"LoRA", "GPT-4", "Flow-GRPO"). Adverbs ("prematurely"), finite verb forms ("declare",
"creates") and comparatives/superlatives ("higher", "best") break a run; adjectives start or join
a phrase but never end one; a participle without a noun or adjective reading ("supervised",
"built") may only start one; a gerund does not end a phrase before a determiner or a number
(where it takes an object). A modifier followed by a generic head noun alone ("excellent
performance", "proposed method") is not a candidate; generic head nouns ("method", "model") may
end a phrase but never stand alone. "of" joins two nouns ("chain of thought", "mixture of
experts", "bag of words": noun, "of", noun; the first noun not generic, not a gerund).

A hyphenated compound whose last part is a *modifier suffix* -- an adjective or past participle
without a noun reading in the lexicon ("-based", "-driven", "-guided", "-aware", "-oriented") --
also counts its head as a term of the paper when the head is a noun or a name and not a
combining prefix ("self-", "pre-", "multi-"): "LLM-based agents" counts "LLM-based agents" and
"LLM"; "Flow-GRPO" and "DyLoRA" stay their own terms, and so do "task-specific" and
"training-free" (their last parts have noun readings). Variants fold to one key with
:func:`paperkit.text.fold_key` (case, plural, hyphen/space: "chain-of-thought" and "chain of
thought") and, when a synonym table is given or :mod:`paperkit.acronyms` is available, acronyms
fold with their long forms ("LoRA" and "low-rank adaptation"; only unambiguous glossary entries
defined in at least two papers). A term is displayed as its most frequent spelling in the corpus.

Scores
------
The score of term :math:`p` in paper :math:`d` is :math:`\exp(\sum_i w_i f_i(p, d))`, a
log-linear ranking model over features that need no part-of-speech tagger:

* phrase statistics: log frequency in the paper, corpus IDF :math:`\log((N+1)/(df+0.5))`
  (and whether :math:`df = 1`), number of words, share of its occurrences that are *maximal*
  (not inside a longer candidate), title occurrence, log position of its first occurrence, and
  how often the corpus's papers that use the term have it in their title;
* word graph (SingleRank/PositionRank): each document's candidate words form a co-occurrence
  graph (window of 3 tokens) ranked by PageRank with a position-biased teleport vector, solved
  for all documents at once as one block-diagonal sparse matrix; a phrase gets the sum, mean,
  maximum and last-word value of its words' scores;
* word attributes: frequency of the words in the paper, their IDF in a shipped background
  table of 35,840 computer-science abstracts (``resources/background_df.tsv``), their
  everyday-English frequency (:mod:`paperkit.lexicon`: "excellent", "simple" are frequent,
  "convolutional" is rare, a name is absent), generic head, ``-ing``/``-ed`` endings, digits,
  and whether the phrase is joined by "of".

Every feature, by its code in :data:`WEIGHTS`, is listed in :mod:`paperkit.keywords.features`.

The weights :data:`WEIGHTS` were fitted with a listwise (softmax) loss on the even-numbered ids
of the Hugging Face DEV archive (its LLM-written ``ai_keywords`` as gold, read by the benchmark
only, never here) and of Inspec DEV (``benchmarks/bench_keywords.py tune-hf 0.72``); the odd ids
of both are held out.

Steps
-----
Each step is one module of this package::

    papers                         paper_id, title, abstract
      │  candidates.documents      title " . " abstract (a hard break); links and TeX cut
      ▼
    docs
      │  text.token_frame, candidates.Vocabulary
      │                            each distinct word described once: flags, hashes (ids)
      ▼
    tokens / vocabulary
      │  candidates.occurrences    runs of 1-4 words, "noun of noun"; term id from the words'
      │                            hashes (ids), folded by synonyms (synonyms)
      ▼
    candidates
      │  batching                  BATCH_PAPERS papers at a time; one row per (paper, term)
      ▼
    batches
      │  features                  word graph and per-batch features; then the corpus (df) ones
      ▼
    features
      │  ranking                   score = exp(sum of WEIGHTS x features); top k per paper
      ▼
    scores
      │  api                       only the terms returned are spelled; paper ids joined
      ▼
    terms                          paper_terms, keyphrases, keyword_terms  (over time: paperkit.trends.keyword_trends)

:mod:`~paperkit.keywords.candidates` (word lists, vocabulary, candidate occurrences),
:mod:`~paperkit.keywords.ids` (term ids), :mod:`~paperkit.keywords.synonyms` (synonym map,
acronym folding), :mod:`~paperkit.keywords.features` (the table of every feature),
:mod:`~paperkit.keywords.batching` (the batch loop, naming terms),
:mod:`~paperkit.keywords.ranking` (weights, score, top k), :mod:`~paperkit.keywords.api` (the
public functions, imported here).

Computation
-----------
Papers are processed :data:`BATCH_PAPERS` at a time with one tokenization per batch shared by
the candidates and the word graph (computed in a worker thread while polars groups the
candidates). Tokens, candidates, terms and spellings are integer ids (64-bit hashes, then dense
ids), features are float32 numpy arrays over whole batches, and a batch leaves only compact
(paper, term) rows with the part of its score that needs no corpus statistics, plus a count and
the word ids of each spelling; only the spelling that names a term is spelled, at the end, and
strings are joined for the rows returned. Memory grows with the number
of (paper, term) rows, not with the token count of the corpus.

References
----------
Mihalcea, R. & Tarau, P. (2004). TextRank: Bringing order into texts. *EMNLP 2004*.
Wan, X. & Xiao, J. (2008). Single document keyphrase extraction using neighborhood knowledge.
*AAAI 2008*.
Salton, G. & Buckley, C. (1988). Term-weighting approaches in automatic text retrieval.
*Information Processing & Management* 24(5).
Rose, S. et al. (2010). Automatic keyword extraction from individual documents (RAKE). In
*Text Mining: Applications and Theory*.
Florescu, C. & Caragea, C. (2017). PositionRank: An unsupervised approach to keyphrase
extraction from scholarly documents. *ACL 2017*.
"""

from __future__ import annotations

from paperkit.keywords.api import check_papers, keyphrases, keyword_terms, paper_terms
# Constants a reader may look up as ``paperkit.keywords.WEIGHTS`` (each is defined in its step's module).
from paperkit.keywords.batching import BATCH_PAPERS  # noqa: F401
from paperkit.keywords.candidates import INNER_WORDS, MAX_WORDS  # noqa: F401
from paperkit.keywords.ranking import WEIGHTS  # noqa: F401
from paperkit.keywords.synonyms import MIN_DEFINING_PAPERS  # noqa: F401

__all__ = [
    "check_papers",
    "keyphrases",
    "keyword_terms",
    "paper_terms",
]


def __getattr__(name: str):
    """``paperkit.keywords.keyword_trends`` moved to :mod:`paperkit.trends` (issue 16: trends
    depends on keywords, not the reverse); the old place works one release, with a warning."""
    if name == "keyword_trends":
        import warnings

        from paperkit.trends.follow import keyword_trends

        warnings.warn("paperkit.keywords.keyword_trends is deprecated and will be removed in the next release: use "
                      "paperkit.keyword_trends or paperkit.trends.keyword_trends", DeprecationWarning, stacklevel=2)
        return keyword_trends
    raise AttributeError(f"module 'paperkit.keywords' has no attribute {name!r}")
