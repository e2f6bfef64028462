"""Keyphrases per paper, the corpus term table and keyword counts over time.

Candidates
----------
A candidate is a run of 1 to 4 words inside one sentence piece (punctuation, numbers and
topic-free words break a run) that neither starts nor ends with a stopword (an English
function word from :func:`paperkit.text.stopwords`); inside, only the joining words ``of``
and ``and`` are allowed ("quality of service", "precision and recall"). Generic head nouns
("method", "model", "framework") may end a phrase but never start one or stand alone. Words
of the abstract genre ("propose", "paper", "novel", "results") never take part. Variants fold
to one key with :func:`paperkit.text.fold_key` (case, plural, hyphen/space) and, when a
synonym table is given or :mod:`paperkit.acronyms` is available, acronyms fold with their long
forms ("LoRA" and "low-rank adaptation").

Scores
------
The score of candidate :math:`p` in paper :math:`d` combines corpus and document statistics:

.. math::

   s(p, d) = \\Big(\\sum_{o \\in occ(p, d)} w_o\\Big) \\cdot \\mathrm{idf}(p)^{\\alpha}
             \\cdot \\ell(p) \\cdot m(p, d)

where an occurrence weighs :math:`w_o = 1 + \\beta [o \\in title] + \\gamma / (1 + i_o / 10)`
(title and early position, :math:`i_o` the token index), :math:`\\mathrm{idf}(p) = \\log((N + 1)
/ (df_p + 0.5))` over the papers of the corpus (with a floor of ``min_corpus`` papers taken from
the shipped background frequencies of computer-science abstracts when the corpus is small),
:math:`\\ell(p)` rewards multi-word phrases and :math:`m(p,d)` is the share of the phrase's
occurrences that are *maximal* (not inside a longer candidate), so "neural" loses to
"neural network" when it is never seen alone. The weights were tuned on the even-numbered half
of Inspec DEV only (see :mod:`paperkit.evaluation.keyphrases`).

References
----------
Salton, G. & Buckley, C. (1988). Term-weighting approaches in automatic text retrieval.
*Information Processing & Management* 24(5).
Rose, S. et al. (2010). Automatic keyword extraction from individual documents (RAKE). In
*Text Mining: Applications and Theory*.
Florescu, C. & Caragea, C. (2017). PositionRank: An unsupervised approach to keyphrase
extraction from scholarly documents. *ACL 2017*.
"""

from __future__ import annotations

import polars as pl

from paperkit.normalize import validate_papers
from paperkit.text import TOKEN_PATTERN, fold_key_expr, stopwords, token_frame

__all__ = [
    "keyphrases",
    "keyword_terms",
    "keyword_trends",
    "paper_terms",
]

#: Joining words allowed inside a candidate phrase.
INNER_WORDS = ("of",)
MAX_WORDS = 4

# What a token may do in a candidate (bit flags).
_START, _END, _INNER, _SINGLE = 1, 2, 4, 8
_ANY = _START | _END | _INNER | _SINGLE
# Generic words that end a phrase ("case study") but never start one ("study X" is a verb).
_END_ONLY = ["study", "studies", "research", "result", "results", "evaluation", "issue", "issues"]
# Adjectives: they start or join a phrase ("large language models") but never end one.
_ADJECTIVES = ["large", "small", "high", "low", "deep", "new", "real", "big", "long", "short", "fast", "slow",
               "good", "better", "best", "different", "efficient", "robust", "accurate", "multiple", "single",
               "recent", "specific", "simple", "various", "diverse", "dense", "sparse", "open", "joint", "free",
               "certain", "common", "few", "full", "higher", "lower", "larger", "smaller", "wide", "strong",
               "weak", "hard", "soft", "easy", "rich", "fine", "coarse", "main", "whole", "low-rank", "pretrained",
               "pre-trained", "fine-grained", "large-scale", "small-scale", "high-quality", "open-source",
               "state-of-the-art", "multimodal", "multi-modal", "zero-shot", "few-shot", "end-to-end"]
# Adjective suffixes (-ous, -ful, -ive, -able, -ible, -al) and the nouns that share them.
_ADJ_SUFFIX = r"^[a-z][a-z-]{2,}(?:ous|ful|ive|able|ible|al)$"
_ADJ_SUFFIX_NOUNS = ["signal", "interval", "potential", "tutorial", "proposal", "retrieval", "terminal", "material",
                     "journal", "manual", "animal", "approval", "arrival", "removal", "rival", "survival", "capital",
                     "chemical", "hospital", "trial", "portal", "total", "metal", "crystal", "festival", "objective",
                     "alternative", "primitive", "derivative", "directive", "incentive", "initiative", "archive",
                     "detective", "executive", "representative", "variable", "table", "cable", "observable",
                     "deliverable", "vegetable", "principal", "individual", "professional", "criminal", "mineral",
                     "referral", "rehearsal", "reversal", "withdrawal", "denial", "dial", "goal", "deal", "meal",
                     "seal", "vial", "appraisal", "disposal", "burial", "perceptual", "spiral", "fractal", "integral",
                     "differential", "polynomial", "orbital", "industrial", "editorial", "residual", "tensorial"]
# Adverbs in -ly that are nouns or adjectives of topics.
_LY_NOUNS = ["family", "assembly", "anomaly", "supply", "reply", "apply", "poly", "monopoly", "italy", "july",
             "only", "early", "daily", "weekly", "monthly", "yearly", "friendly", "holy", "lily", "rely", "fly",
             "ply", "jolly", "bully", "belly", "ally", "tally", "rally", "multiply", "imply", "comply"]


_URL_OR_MATH = r"https?://\S+|www\.\S+|\$[^$]{0,200}\$|\\[a-zA-Z]+"


def _docs(papers: pl.DataFrame) -> pl.DataFrame:
    """Number the papers and join title and abstract into one text (title first).

    Links and inline TeX become a comma, so they break candidate runs.
    """
    clean = lambda c: pl.col(c).fill_null("").str.replace_all(_URL_OR_MATH, " , ")  # noqa: E731
    return papers.select(
        pl.int_range(pl.len(), dtype=pl.UInt32).alias("doc"),
        clean("title").alias("title"),
        clean("abstract").alias("abstract"),
    ).select(
        "doc",
        pl.concat_str(pl.col("title"), pl.lit(" \n "), pl.col("abstract")).alias("text"),
        pl.col("title").str.count_matches(TOKEN_PATTERN).cast(pl.UInt32).alias("title_len"),
    )


def _vocabulary(tokens: pl.DataFrame, *, inner: tuple[str, ...]) -> pl.DataFrame:
    """One row per distinct token: ``token``, ``flags`` (what it may do in a candidate: start,
    end, stand inside, stand alone), ``wid`` (hash of its folded key), ``wkey``, ``surface``
    (display case: acronyms and mixed case kept, the rest lower-cased) and ``sid``."""
    english = sorted(stopwords("english") - set(inner))
    topic_free = sorted(stopwords("abstracts") | stopwords("verbs"))
    generic = sorted(stopwords("generic"))
    tok = pl.col("token")
    low = tok.str.to_lowercase()
    is_word = tok.str.contains(r"\p{L}") & (tok.str.len_chars() > 1)
    adverb = low.str.contains(r"^[a-z]{3,}ly$") & ~low.is_in(_LY_NOUNS)
    # Participles in -ed start or join a phrase ("supervised learning") but never end one.
    participle = low.str.contains(r"^[a-z]{3,}[^e]ed$") & ~tok.str.contains(r"\p{Lu}.*\p{Lu}")
    acronym = tok.str.contains(r"^\p{Lu}[\p{Lu}\d]+$")
    flags = (
        pl.when(~is_word | (low.is_in(english) & ~acronym) | low.is_in(topic_free))
        .then(pl.lit(0, pl.UInt8))
        .when(adverb)
        .then(pl.lit(_START | _INNER, pl.UInt8))
        .when(low.is_in(list(inner)))
        .then(pl.lit(_INNER, pl.UInt8))
        .when(low.is_in(_END_ONLY))
        .then(pl.lit(_END | _INNER, pl.UInt8))
        .when(low.is_in(generic))
        .then(pl.lit(_START | _END | _INNER, pl.UInt8))
        .when(participle | low.is_in(_ADJECTIVES) | (low.str.contains(_ADJ_SUFFIX) & ~low.is_in(_ADJ_SUFFIX_NOUNS)))
        .then(pl.lit(_START | _INNER, pl.UInt8))
        .otherwise(pl.lit(_ANY, pl.UInt8))
    )
    # Keep the case of acronyms and mixed-case names (LoRA, GPT-4, LLMs); "Low-Rank" is lower-cased.
    plain = tok.str.contains(r"^\p{Lu}?[\p{Ll}\d]*(?:[-'’]\p{Lu}?[\p{Ll}\d]*)*$")
    surface = pl.when(plain).then(low).otherwise(tok)
    vocab = tokens.select(tok.unique()).with_columns(
        flags.alias("flags"),
        fold_key_expr(tok).alias("wkey"),
        surface.alias("surface"),
    )
    return vocab.with_columns(pl.col("wkey").hash(11).alias("wid"), pl.col("surface").hash(13).alias("sid"))


def _occurrences(
    docs: pl.DataFrame, *, max_words: int = MAX_WORDS, inner: tuple[str, ...] = INNER_WORDS
) -> tuple[pl.DataFrame, pl.DataFrame]:
    """Every candidate occurrence, with integer ids only (fast on large corpora).

    Returns ``(occ, tokens)``: ``occ`` has ``doc, pos, row, n, kid`` (UInt64 hash of the folded
    words), ``in_title``, ``maximal``; ``tokens`` has ``row, token, surface, wkey`` so that a
    candidate is spelled by rows ``row .. row + n - 1``.
    """
    tokens = token_frame(docs)
    vocab = _vocabulary(tokens, inner=inner)
    tokens = (
        tokens.join(vocab.select("token", "flags", "wid", "sid"), on="token", how="left", maintain_order="left")
        .join(docs.select("doc", "title_len"), on="doc", how="left", maintain_order="left")
        .with_row_index("row")
    )
    prev = pl.col("flags").shift(1).fill_null(0)
    ks = [pl.col("flags")] + [pl.col("flags").shift(-j).fill_null(0) for j in range(1, max_words + 1)]

    def has(flags: pl.Expr, bit: int) -> pl.Expr:
        return (flags & bit) > 0

    def valid(k: list[pl.Expr], n: int) -> pl.Expr:
        if n == 1:
            return has(k[0], _SINGLE)
        cond = has(k[0], _START) & has(k[n - 1], _END)
        for j in range(1, n - 1):
            cond = cond & has(k[j], _INNER)
        return cond

    lazy = tokens.lazy().with_columns(
        [pl.col("wid").shift(-j).alias(f"_w{j}") for j in range(1, max_words)]
        + [pl.col("sid").shift(-j).alias(f"_s{j}") for j in range(1, max_words)]
    ).with_columns(pl.col("wid").alias("_w0"), pl.col("sid").alias("_s0"))
    frames = []
    for n in range(1, max_words + 1):
        # At the length limit, a phrase that would go on is cut, not maximal.
        longer = valid(ks, n + 1) if n < max_words else has(ks[n], _END)
        earlier = valid([prev] + ks, n + 1) if n < max_words else has(prev, _START)
        frames.append(
            lazy.with_columns(
                valid(ks, n).alias("_ok"), (~longer & ~earlier).alias("maximal")
            )
            .filter("_ok")
            .select(
                "doc", "pos", "row", pl.lit(n, pl.UInt8).alias("n"),
                pl.struct([f"_w{j}" for j in range(n)]).hash(7).alias("kid"),
                pl.struct([f"_s{j}" for j in range(n)]).hash(7).alias("sid"),
                (pl.col("pos") < pl.col("title_len")).alias("in_title"),
                "maximal",
            )
        )
    occ = pl.concat(pl.collect_all(frames))
    tokens = tokens.join(vocab.select("token", "surface", "wkey"), on="token", how="left", maintain_order="left")
    return occ, tokens.select("row", "token", "surface", "wkey")


def _spell(rows: pl.DataFrame, tokens: pl.DataFrame, *, column: str, separator: str) -> pl.Series:
    """Spell candidates given by ``row`` (first token) and ``n`` from the token frame."""
    col = tokens[column]
    starts = rows["row"].cast(pl.Int64)
    parts = []
    for j in range(int(rows["n"].max() or 1)):
        idx = (starts + j).clip(upper_bound=len(col) - 1)
        part = col.gather(idx)
        parts.append(part)
    frame = pl.DataFrame({f"p{j}": p for j, p in enumerate(parts)}).with_columns(n=rows["n"])
    exprs = [pl.when(pl.col("n") > j).then(pl.col(f"p{j}")) for j in range(len(parts))]
    return frame.select(pl.concat_str(exprs, separator=separator, ignore_nulls=True).alias(column)).to_series()


def _synonym_map(synonyms: pl.DataFrame | None) -> pl.DataFrame:
    """``[key, canonical_key, canonical]`` from a ``[term, canonical]`` table."""
    schema = {"key": pl.String(), "canonical_key": pl.String(), "canonical": pl.String()}
    if synonyms is None or synonyms.height == 0:
        return pl.DataFrame(schema=schema)
    missing = [c for c in ("term", "canonical") if c not in synonyms.columns]
    if missing:
        raise ValueError(
            f"synonyms frame is missing column(s) {missing}; expected columns [term, canonical], "
            f"got {synonyms.columns}"
        )
    table = synonyms.select(
        fold_key_expr(pl.col("term")).alias("key"),
        fold_key_expr(pl.col("canonical")).alias("canonical_key"),
        pl.col("canonical"),
    ).drop_nulls()
    # The canonical form is also a surface of itself.
    own = table.select(pl.col("canonical_key").alias("key"), "canonical_key", "canonical")
    return pl.concat([table, own]).unique("key", keep="first", maintain_order=True)


def _auto_synonyms(papers: pl.DataFrame) -> pl.DataFrame | None:
    """Acronym synonyms from :mod:`paperkit.acronyms` when that module exists, else ``None``."""
    try:
        from paperkit.acronyms import acronym_glossary, acronym_synonyms  # type: ignore[attr-defined]
    except ImportError:
        return None
    try:
        return acronym_synonyms(acronym_glossary(papers)).select("term", "canonical")
    except Exception:  # noqa: BLE001 - a failing optional helper must not break keywords
        return None


def _doc_terms(
    papers: pl.DataFrame,
    *,
    synonyms: pl.DataFrame | None = None,
    vocabulary: list[str] | None = None,
    max_words: int = MAX_WORDS,
) -> tuple[pl.DataFrame, pl.DataFrame]:
    """Per-(paper, term) statistics and the term table of the corpus.

    Returns ``(doc_terms, terms)``: ``doc_terms`` has ``doc, tid, tf, tf_title, pos_w, first_pos,
    max_share, n``; ``terms`` has ``tid, key, display, df, occurrences, n``.
    """
    docs = _docs(papers)
    occ, tokens = _occurrences(docs, max_words=max_words)
    per_kid = (
        occ.lazy()
        .group_by("doc", "kid")
        .agg(
            pl.len().cast(pl.UInt32).alias("tf"),
            pl.col("in_title").sum().cast(pl.UInt32).alias("tf_title"),
            (1.0 / (1.0 + pl.col("pos").cast(pl.Float32) / 10.0)).sum().alias("pos_w"),
            pl.col("pos").min().alias("first_pos"),
            pl.col("maximal").sum().cast(pl.UInt32).alias("tf_max"),
            pl.col("n").first(),
            pl.col("row").first(),
            pl.col("sid").first(),
        )
        .collect()
    )
    # One representative per spelling id (its most frequent surface) gives key and display.
    kinds = per_kid.group_by("kid", "sid").agg(
        pl.len().alias("_c"), pl.col("row").first(), pl.col("n").first()
    )
    reps = (
        kinds.sort(["_c", "row"], descending=[True, False])
        .group_by("kid")
        .agg(pl.col("row").first(), pl.col("n").first(), pl.col("_c").sum())
    )
    reps = reps.with_columns(
        _spell(reps, tokens, column="wkey", separator="").alias("key"),
        _spell(reps, tokens, column="surface", separator=" ").alias("display"),
    )
    syn = _synonym_map(synonyms)
    if syn.height:
        reps = reps.join(syn, on="key", how="left").with_columns(
            pl.coalesce("canonical_key", "key").alias("key"),
            pl.when(pl.col("canonical").is_not_null()).then(pl.lit(2**31, pl.UInt32)).otherwise(pl.col("_c")).alias("_c"),
            pl.coalesce("canonical", "display").alias("display"),
        )
    if vocabulary is not None:
        wanted = pl.DataFrame({"v": list(vocabulary)}, schema={"v": pl.String()}).select(
            fold_key_expr(pl.col("v")).alias("key")
        )
        reps = reps.join(wanted.unique(), on="key", how="semi")
    reps = reps.with_columns(pl.col("key").rank("dense").cast(pl.UInt32).alias("tid"))
    doc_terms = (
        per_kid.lazy()
        .join(reps.lazy().select("kid", "tid"), on="kid", how="inner")
        .group_by("doc", "tid")
        .agg(
            pl.col("tf").sum(),
            pl.col("tf_title").sum(),
            pl.col("pos_w").sum(),
            pl.col("first_pos").min(),
            (pl.col("tf_max").sum() / pl.col("tf").sum()).alias("max_share"),
            pl.col("n").max(),
        )
        .collect()
    )
    # Display: the most frequent spelling over the corpus (synonyms: the canonical form).
    names = reps.sort(["_c", "row"], descending=[True, False]).group_by("tid").agg(
        pl.col("key").first(), pl.col("display").first(), pl.col("n").first()
    )
    terms = (
        doc_terms.group_by("tid")
        .agg(pl.len().cast(pl.UInt32).alias("df"), pl.col("tf").sum().alias("occurrences"))
        .join(names, on="tid", how="left")
    )
    return doc_terms, terms


#: Score weights (tuned on the even-numbered half of Inspec DEV; see the module notes).
WEIGHTS = {"title": 0.0, "position": 8.0, "idf_power": 2.0, "length": 0.5, "maximal": 0.1}


def _scored(doc_terms: pl.DataFrame, terms: pl.DataFrame, n_docs: int, weights: dict) -> pl.DataFrame:
    """Add ``score`` to ``doc_terms`` (see the module notes for the formula)."""
    w = {**WEIGHTS, **weights}
    idf = ((n_docs + 1.0) / (pl.col("df").cast(pl.Float64) + 0.5)).log()
    return doc_terms.join(terms.select("tid", "df"), on="tid", how="left").with_columns(
        (
            (pl.col("tf") + w["title"] * pl.col("tf_title") + w["position"] * pl.col("pos_w"))
            * idf.pow(w["idf_power"])
            * (1.0 + w["length"] * (pl.col("n").cast(pl.Float64) - 1.0))
            * (w["maximal"] + pl.col("max_share"))
        ).alias("score")
    )


# --- public API ------------------------------------------------------------------------------------
def _check_common(papers: pl.DataFrame, acronyms: str | bool, max_words: int) -> pl.DataFrame:
    if isinstance(papers, pl.DataFrame):
        # An all-null text column (e.g. titles only) has dtype Null: read it as String.
        papers = papers.with_columns(
            [pl.col(c).cast(pl.String) for c in ("title", "abstract") if papers.schema.get(c) == pl.Null]
        )
    validate_papers(papers, required=("paper_id", "title", "abstract"))
    if acronyms not in ("auto", True, False):
        raise ValueError(f"acronyms must be 'auto', True or False, got {acronyms!r}")
    if not isinstance(max_words, int) or not 1 <= max_words <= 6:
        raise ValueError(f"max_words must be an integer from 1 to 6, got {max_words!r}")
    return papers


def _resolve_synonyms(papers: pl.DataFrame, synonyms: pl.DataFrame | None, acronyms: str | bool) -> pl.DataFrame | None:
    if synonyms is not None:
        if not isinstance(synonyms, pl.DataFrame):
            raise TypeError(f"synonyms must be a polars DataFrame [term, canonical], got {type(synonyms).__name__}")
        return synonyms
    if acronyms is False:
        return None
    found = _auto_synonyms(papers)
    if found is None and acronyms is True:
        raise ImportError("acronyms=True needs paperkit.acronyms (acronym_glossary, acronym_synonyms)")
    return found


_PAPER_TERMS_SCHEMA = {"paper_id": pl.String(), "term": pl.String(), "key": pl.String(), "score": pl.Float64(),
                       "count": pl.UInt32(), "in_title": pl.Boolean(), "first_pos": pl.UInt32()}


def paper_terms(
    papers: pl.DataFrame,
    *,
    synonyms: pl.DataFrame | None = None,
    acronyms: str | bool = "auto",
    vocabulary: list[str] | None = None,
    max_words: int = MAX_WORDS,
) -> pl.DataFrame:
    """Every candidate term of every paper with its score (data-driven topics per paper).

    Parameters
    ----------
    papers
        A papers frame (``paper_id``, ``title``, ``abstract``); a null abstract is allowed.
    synonyms
        ``[term, canonical]``: surface forms folded into the canonical term (which is displayed).
    acronyms
        ``"auto"``: when ``synonyms`` is None, fold acronyms with their long forms using
        :func:`paperkit.acronyms.acronym_synonyms` if that module is available; ``False``: never;
        ``True``: required.
    vocabulary
        Keep only these terms (compared after folding); None keeps every candidate.
    max_words
        Longest candidate, in words (1-6).

    Returns
    -------
    polars.DataFrame
        ``paper_id``, ``term`` (display form), ``key`` (folding key), ``score`` (Float64),
        ``count`` (occurrences in title and abstract), ``in_title``, ``first_pos`` (token index
        of the first occurrence); sorted by paper and descending score.

    Examples
    --------
    >>> papers = pl.DataFrame({"paper_id": ["a", "b"],
    ...     "title": ["Fine-tuning large language models", "Gaussian splatting for scenes"],
    ...     "abstract": ["We study fine tuning of LLMs.", None]})
    >>> paper_terms(papers, acronyms=False).filter(pl.col("paper_id") == "a")["term"].to_list()[:3]
    ['fine-tuning', 'fine-tuning large language models', 'fine tuning of LLMs']
    """
    papers = _check_common(papers, acronyms, max_words)
    if papers.height == 0:
        return pl.DataFrame(schema=_PAPER_TERMS_SCHEMA)
    syn = _resolve_synonyms(papers, synonyms, acronyms)
    doc_terms, terms = _doc_terms(papers, synonyms=syn, vocabulary=vocabulary, max_words=max_words)
    scored = _scored(doc_terms, terms, papers.height, {})
    ids = papers.select(pl.int_range(pl.len(), dtype=pl.UInt32).alias("doc"), pl.col("paper_id"))
    return (
        scored.join(terms.select("tid", "display", "key"), on="tid", how="left")
        .join(ids, on="doc", how="left")
        .sort(["doc", "score", "display"], descending=[False, True, False])
        .select(
            "paper_id", pl.col("display").alias("term"), "key", pl.col("score").cast(pl.Float64),
            pl.col("tf").alias("count"), (pl.col("tf_title") > 0).alias("in_title"), "first_pos",
        )
    )


def keyphrases(
    papers: pl.DataFrame,
    *,
    k: int = 10,
    synonyms: pl.DataFrame | None = None,
    acronyms: str | bool = "auto",
    vocabulary: list[str] | None = None,
    max_words: int = MAX_WORDS,
) -> pl.DataFrame:
    """The top ``k`` keyphrases of each paper, scored against the whole corpus.

    See the module notes for candidates, folding and the score; the other options are those of
    :func:`paper_terms`.

    Parameters
    ----------
    papers
        A papers frame (``paper_id``, ``title``, ``abstract``).
    k
        Keyphrases per paper (at most; short abstracts may have fewer candidates).

    Returns
    -------
    polars.DataFrame
        ``paper_id``, ``rank`` (UInt32, 1 = best), ``phrase`` (display form), ``score``;
        papers in input order, ranks ascending. Papers without any candidate have no rows.

    Examples
    --------
    >>> papers = pl.DataFrame({"paper_id": ["2106.09685", "2305.14314", "2006.11239"],
    ...     "title": ["LoRA: Low-Rank Adaptation of Large Language Models",
    ...               "QLoRA: Efficient Finetuning of Quantized LLMs",
    ...               "Denoising Diffusion Probabilistic Models"],
    ...     "abstract": ["We propose Low-Rank Adaptation, or LoRA, which freezes the pretrained model "
    ...                  "weights and injects trainable rank decomposition matrices.",
    ...                  "We present QLoRA, an efficient finetuning approach for quantized language models.",
    ...                  "We present high quality image synthesis results using diffusion probabilistic models."]})
    >>> keyphrases(papers, k=2, acronyms=False).select("paper_id", "rank", "phrase").rows()
    [('2106.09685', 1, 'low-rank adaptation'), ('2106.09685', 2, 'LoRA'), ('2305.14314', 1, 'QLoRA'), ('2305.14314', 2, 'efficient finetuning'), ('2006.11239', 1, 'denoising diffusion probabilistic models'), ('2006.11239', 2, 'diffusion probabilistic models')]
    """
    if not isinstance(k, int) or k < 1:
        raise ValueError(f"k must be a positive integer, got {k!r}")
    terms = paper_terms(papers, synonyms=synonyms, acronyms=acronyms, vocabulary=vocabulary, max_words=max_words)
    return (
        terms.group_by("paper_id", maintain_order=True)
        .head(k)
        .with_columns(pl.int_range(1, pl.len() + 1, dtype=pl.UInt32).over("paper_id").alias("rank"))
        .select("paper_id", "rank", pl.col("term").alias("phrase"), "score")
    )


def _date_col(papers: pl.DataFrame, date: str) -> pl.Expr:
    if date not in ("digest_date", "published"):
        raise ValueError(f"date must be 'digest_date' or 'published', got {date!r}")
    if date not in papers.columns:
        raise ValueError(f"papers frame has no {date!r} column; pass date='digest_date' or date='published'")
    col = pl.col(date)
    return (col.dt.date() if papers.schema[date] != pl.Date else col).alias("date")


def keyword_terms(
    papers: pl.DataFrame,
    *,
    date: str = "digest_date",
    min_papers: int = 1,
    synonyms: pl.DataFrame | None = None,
    acronyms: str | bool = "auto",
    vocabulary: list[str] | None = None,
) -> pl.DataFrame:
    """The corpus term table: one row per folded term with its paper count and date range.

    Parameters
    ----------
    papers
        A papers frame (``paper_id``, ``title``, ``abstract`` and the ``date`` column).
    date
        ``"digest_date"`` (first seen, default) or ``"published"``.
    min_papers
        Keep terms used by at least this many papers.
    synonyms, acronyms, vocabulary
        As in :func:`paper_terms`.

    Returns
    -------
    polars.DataFrame
        ``term`` (display form), ``key``, ``papers`` (papers using it), ``occurrences``,
        ``mean_score`` (its mean per-paper score), ``first_date``, ``last_date``; sorted by
        descending ``papers`` then ``term``.

    Examples
    --------
    >>> import datetime as dt
    >>> papers = pl.DataFrame({"paper_id": ["a", "b"], "title": ["LLM agents", "LLMs as judges"],
    ...     "abstract": ["Agents built on LLMs.", None], "digest_date": [dt.date(2025, 1, 2), dt.date(2025, 3, 4)]})
    >>> keyword_terms(papers, acronyms=False).select("term", "papers", "first_date", "last_date").head(1).rows()
    [('LLM', 2, datetime.date(2025, 1, 2), datetime.date(2025, 3, 4))]
    """
    date_expr = _date_col(papers, date)
    terms = paper_terms(papers, synonyms=synonyms, acronyms=acronyms, vocabulary=vocabulary)
    dates = papers.select("paper_id", date_expr).unique("paper_id")
    return (
        terms.join(dates, on="paper_id", how="left")
        .group_by("key")
        .agg(
            pl.col("term").first(),
            pl.col("paper_id").n_unique().cast(pl.UInt32).alias("papers"),
            pl.col("count").sum().alias("occurrences"),
            pl.col("score").mean().alias("mean_score"),
            pl.col("date").min().alias("first_date"),
            pl.col("date").max().alias("last_date"),
        )
        .filter(pl.col("papers") >= min_papers)
        .sort(["papers", "term"], descending=[True, False])
        .select("term", "key", "papers", "occurrences", "mean_score", "first_date", "last_date")
    )


def keyword_trends(
    papers: pl.DataFrame,
    *,
    terms: list[str] | None = None,
    every: str = "1mo",
    date: str = "digest_date",
    top: int = 20,
    min_papers: int = 1,
) -> pl.DataFrame:
    """Papers using each term per period, as counts and shares of the period's papers.

    A thin wrapper: :func:`paper_terms` (acronyms folded when available) then
    :func:`paperkit.trends.term_shares`.

    Parameters
    ----------
    papers
        A papers frame with ``paper_id``, ``title``, ``abstract`` and the ``date`` column.
    terms
        Terms to follow (folded like the candidates, so "LLM" also counts "large language
        models" when acronyms fold); None takes the ``top`` terms by papers.
    every
        Period length for ``polars.Expr.dt.truncate``: ``"1d"``, ``"1w"``, ``"1mo"``, ``"1q"``,
        ``"1y"``.
    date
        ``"digest_date"`` (first seen, default) or ``"published"``.
    top
        Number of terms when ``terms`` is None.
    min_papers
        Periods with fewer papers get a null share (too thin to read).

    Returns
    -------
    polars.DataFrame
        The columns of :func:`paperkit.trends.term_shares`: ``term``, ``period``,
        ``period_end``, ``papers_with_term``, ``papers`` (the denominator), ``share``,
        ``partial``.

    Examples
    --------
    >>> import datetime as dt
    >>> papers = pl.DataFrame({"paper_id": ["a", "b", "c"], "title": ["LLM agents", "Diffusion models", "LLM judges"],
    ...     "abstract": [None, None, None],
    ...     "digest_date": [dt.date(2025, 1, 2), dt.date(2025, 1, 9), dt.date(2025, 3, 4)]})
    >>> keyword_trends(papers, terms=["LLM"]).select("term", "period", "papers_with_term", "papers", "share").rows()
    [('LLM', datetime.date(2025, 1, 1), 1, 2, 0.5), ('LLM', datetime.date(2025, 2, 1), 0, 0, None), ('LLM', datetime.date(2025, 3, 1), 1, 1, 1.0)]
    """
    from paperkit.trends import term_shares

    _date_col(papers, date)
    if terms is not None:
        if isinstance(terms, str) or not all(isinstance(t, str) for t in terms):
            raise TypeError(f"terms must be a list of strings, got {terms!r}")
        wanted = pl.DataFrame({"term": list(terms)}, schema={"term": pl.String()}).with_columns(
            fold_key_expr(pl.col("term")).alias("key")
        )
        found = paper_terms(papers, vocabulary=list(terms))
        # Report the caller's spelling, so absent terms still get rows (zeros).
        found = found.drop("term").join(wanted, on="key", how="inner")
        return term_shares(found, papers, terms=list(terms), every=every, date=date, min_papers=min_papers)
    found = paper_terms(papers)
    return term_shares(found, papers, top=top, every=every, date=date, min_papers=min_papers)
