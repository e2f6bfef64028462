"""The words of papers as integer stem ids, and what they say about a short form's sense.

Rules 3 (long form in text) and 5 (context) of :mod:`paperkit.acronyms.usage` read the words
of the paper using a short form. Here those words are polars rows of integer stem ids, read
:data:`SENSE_BATCH` papers at a time, and the two rules are joins and group-bys over them:

* a text's words are ``[a-z][a-z0-9]+`` of its lower-cased text, each stemmed once per corpus
  (Porter, :func:`paperkit.text.stem_word`) and numbered (:class:`StemIds`);
* rule 3 counts the long form's consecutive stem pairs found among the paper's;
* rule 5 sums the profile weights of the paper's words (stop words left out) per sense.
"""

from __future__ import annotations

from functools import lru_cache

import polars as pl

from paperkit.text import stem_word, stopwords

#: Papers whose words are rows at one time while their mentions' senses are decided.
SENSE_BATCH = 5_000
#: Stem id of the empty second word of a one-word pair ("LoRA" -> ("lora", "")).
EMPTY = 0

_TOKEN = r"[a-z][a-z0-9]+"
_RATIO = 1.5  # context: the best sense at least this many times as close as the next
_MIN_SIMILARITY = 0.05
_MAX_PROFILE = 200  # defining papers read per sense
_PROFILE_KEYS = 200  # short forms whose profiles are counted at a time


class StemIds:
    """Words to integer stem ids, learned as texts are read (the id of ``""`` is :data:`EMPTY`).

    Examples
    --------
    >>> ids = StemIds()
    >>> t = ids.tokens(pl.DataFrame({"doc": [0], "text": ["Networks of the network"]}))
    >>> [ids.stem(i) for i in t["stem"]], t["stop"].to_list()
    (['network', 'of', 'the', 'network'], [False, True, True, False])
    """

    def __init__(self) -> None:
        self.vocab = pl.DataFrame(schema={"word": pl.String(), "stem": pl.UInt32(), "stop": pl.Boolean()})
        self._ids: dict[str, int] = {"": EMPTY}
        self._names: list[str] = [""]

    def stem(self, stem_id: int) -> str:
        """The stem of an id."""
        return self._names[stem_id]

    def table(self) -> pl.DataFrame:
        """``stem, stem_text``: every id with its stem."""
        return pl.DataFrame({"stem": range(len(self._names)), "stem_text": self._names},
                            schema={"stem": pl.UInt32(), "stem_text": pl.String()})

    def tokens(self, texts: pl.DataFrame) -> pl.DataFrame:
        """``doc, pos, stem, stop`` for the words of ``texts`` (``doc, text``), in text order."""
        words = (
            texts.select("doc", pl.col("text").str.to_lowercase().str.extract_all(_TOKEN).alias("word"))
            .explode("word").drop_nulls("word")
            .with_row_index("pos")
        )
        new = words.select(pl.col("word").unique()).join(self.vocab, on="word", how="anti")["word"].to_list()
        if new:
            stop = stopwords("english")
            ids = [self._ids.setdefault(st, len(self._ids)) for st in map(stem_word, new)]
            self._names.extend(list(self._ids)[len(self._names):])
            self.vocab = pl.concat([self.vocab, pl.DataFrame(
                {"word": new, "stem": ids, "stop": [w in stop for w in new]}, schema=self.vocab.schema)])
        return words.join(self.vocab, on="word", how="left", maintain_order="left").select("doc", "pos", "stem", "stop")


def word_sets(tokens: pl.DataFrame, among: pl.Series | None = None) -> pl.DataFrame:
    """``doc, stem``: the distinct stems of each text, stop words left out (and stems not
    ``among`` these, when given).

    Examples
    --------
    >>> ids = StemIds()
    >>> tok = ids.tokens(pl.DataFrame({"doc": [0, 1], "text": ["the models", "A model"]}))
    >>> [(d, ids.stem(s)) for d, s in word_sets(tok).sort("doc").iter_rows()]
    [(0, 'model'), (1, 'model')]
    """
    keep = ~pl.col("stop") if among is None else ~pl.col("stop") & pl.col("stem").is_in(among.implode())
    return tokens.filter(keep).select("doc", "stem").unique()


def pair_sets(tokens: pl.DataFrame, among: pl.DataFrame | None = None) -> pl.DataFrame:
    """``doc, a, b``: each text's consecutive stem pairs and ``(stem, EMPTY)`` for every stem
    (only the pairs ``among`` these ``a, b``, when given).

    Examples
    --------
    >>> ids = StemIds()
    >>> tok = ids.tokens(pl.DataFrame({"doc": [0], "text": ["Speech recognition"]}))
    >>> sorted((ids.stem(a), ids.stem(b)) for _, a, b in pair_sets(tok).iter_rows())
    [('recognit', ''), ('speech', ''), ('speech', 'recognit')]
    """
    nxt = pl.when(pl.col("doc").shift(-1) == pl.col("doc")).then(pl.col("stem").shift(-1))
    pairs = tokens.select("doc", pl.col("stem").alias("a"), nxt.alias("b")).drop_nulls("b")
    single = tokens.select("doc", pl.col("stem").alias("a"), pl.lit(EMPTY, dtype=pl.UInt32()).alias("b"))
    pairs = pl.concat([pairs, single])
    if among is not None:
        pairs = pairs.join(among.select("a", "b"), on=["a", "b"], how="semi")
    return pairs.unique()


def phrase_pairs(cands: pl.DataFrame, ids: StemIds) -> pl.DataFrame:
    """``key, sense, a, b, n_pairs``: the consecutive stem pairs of each candidate's long form
    (function words kept: "in distribution"); a one-word long form gives ``(stem, EMPTY)``, one
    without words none.

    Examples
    --------
    >>> ids = StemIds()
    >>> cands = pl.DataFrame({"key": ["asr", "asr"], "sense": [0, 1], "long_form": ["automatic speech recognition", "Adaptation"]})
    >>> sorted((s, ids.stem(a), ids.stem(b), n) for _, s, a, b, n in phrase_pairs(cands, ids).iter_rows())
    [(0, 'automat', 'speech', 2), (0, 'speech', 'recognit', 2), (1, 'adapt', '', 1)]
    """
    lf = cands.select("key", "sense", pl.col("long_form").fill_null("").alias("text")).with_row_index("doc")
    tok = ids.tokens(lf.select("doc", "text"))
    n = tok.group_by("doc").agg(pl.len().alias("_n"))
    nxt = pl.when(pl.col("doc").shift(-1) == pl.col("doc")).then(pl.col("stem").shift(-1))
    pairs = (
        tok.join(n, on="doc").select(
            "doc", pl.col("stem").alias("a"),
            pl.when(pl.col("_n") == 1).then(pl.lit(EMPTY, dtype=pl.UInt32())).otherwise(nxt).alias("b"))
        .drop_nulls("b").unique()
    )
    pairs = pairs.with_columns(pl.len().over("doc").cast(pl.UInt32()).alias("n_pairs"))
    return lf.select("doc", "key", "sense").join(pairs, on="doc").drop("doc")


@lru_cache(maxsize=1)
def _background() -> tuple[pl.DataFrame, float]:
    """Share of 35,840 computer-science abstracts (``resources/background_df.tsv``) holding each
    word stem (``stem_text, p``), and the share given to a stem seen there in fewer than 5."""
    from importlib import resources

    text = resources.files("paperkit.resources").joinpath("background_df.tsv").read_text(encoding="utf-8")
    n, df = 1, {}
    for line in text.splitlines():
        if line.startswith("# documents"):
            n = int(line.split()[-1])
        elif line and not line.startswith("#"):
            word, count = line.split("\t")
            st = stem_word(word)
            df[st] = max(df.get(st, 0), int(count))
    frame = pl.DataFrame({"stem_text": list(df), "p": [c / n for c in df.values()]}, schema={"stem_text": pl.String(), "p": pl.Float64()})
    return frame, 4 / n


def sense_profiles(cands: pl.DataFrame, defs: pl.DataFrame, texts: pl.DataFrame, ids: StemIds) -> tuple[pl.DataFrame, pl.DataFrame]:
    """Word profile of each candidate sense (``key, sense, stem, weight``) and its norm
    (``key, sense, norm``).

    A profile holds the words of the sense's defining papers (the first ``_MAX_PROFILE``), its
    long form and its cue words (these two count as one more paper), each weighted by how much
    more often it occurs there than in computer-science abstracts at large (positive pointwise
    mutual information, kept when at least 5 times as often; the share is smoothed towards the
    background with two pseudo-papers, so a sense defined once keeps only that paper's rarer
    words). Generic words of the genre ("model", "benchmark") drop out, and so does the short
    form itself (``base`` in ``cands``: the key without a case suffix, taken from ``key`` when
    absent). ``texts`` is ``paper_id, text`` of the defining papers.

    Examples
    --------
    >>> ids = StemIds()
    >>> cands = pl.DataFrame({"key": ["sr"], "sense": [1], "long_form": ["success rate"], "cues": [["robot"]]})
    >>> defs = pl.DataFrame({"key": ["sr"], "sense": [1], "paper_id": ["b"]})
    >>> texts = pl.DataFrame({"paper_id": ["b"], "text": ["Robot grasping success rate (SR) on shelves."]})
    >>> prof, norms = sense_profiles(cands, defs, texts, ids)
    >>> sorted(ids.stem(s) for s in prof["stem"])
    ['grasp', 'rate', 'robot', 'shelv', 'success']
    """
    pairs = defs.select("key", "sense", "paper_id").unique(maintain_order=True)
    pairs = pairs.filter(pl.int_range(pl.len()).over("key", "sense") < _MAX_PROFILE)
    read = texts.join(pairs.select("paper_id").unique(), on="paper_id", how="semi").with_row_index("doc")
    # read SENSE_BATCH papers at a time: their words are rows meanwhile, their word sets are kept
    paper_words = pl.concat([word_sets(ids.tokens(read.slice(offset, SENSE_BATCH).select("doc", "text")))
                             for offset in range(0, read.height, SENSE_BATCH)] or [word_sets(ids.tokens(read.select("doc", "text")))])
    paper_words = paper_words.join(read.select("doc", "paper_id"), on="doc")
    own_text = pl.concat_str(pl.col("long_form").fill_null(""), pl.col("cues").fill_null([]).list.join(" "), separator=" ")
    named = cands.select("key", "sense", own_text.alias("text")).with_row_index("doc")
    named_words = word_sets(ids.tokens(named.select("doc", "text"))).join(named.select("doc", "key", "sense"), on="doc")
    n_docs = pl.concat([pairs.select("key", "sense"), cands.select("key", "sense")]).group_by("key", "sense").agg(pl.len().alias("n"))
    bg, rare = _background()
    if "base" not in cands.columns:
        cands = cands.with_columns(pl.col("key").str.replace(r":.*$", "").alias("base"))
    own = cands.select("key", pl.col("base").alias("_base")).unique("key")
    own = own.with_columns(pl.Series("_own", [stem_word(b) for b in own["_base"]], dtype=pl.String()))
    # the short form itself is no evidence: its stem ids (the stems spelled as the key or its stem)
    table = ids.table()
    own = pl.concat([own.select("key", pl.col(c).alias("stem_text")) for c in ("_base", "_own")]).join(table, on="stem_text")
    background = table.join(bg, on="stem_text").select("stem", "p")
    share = (pl.col("c") + 2 * pl.col("p")) / (pl.col("n") + 2)
    # a few short forms at a time: their (sense, paper, word) rows are held while they are counted
    keys = n_docs.select(pl.col("key").unique().sort())
    parts = []
    for offset in range(0, keys.height, _PROFILE_KEYS):
        chunk = keys.slice(offset, _PROFILE_KEYS)
        counts = pl.concat([
            pairs.join(chunk, on="key", how="semi").join(paper_words, on="paper_id").select("key", "sense", "stem"),
            named_words.join(chunk, on="key", how="semi").select("key", "sense", "stem"),
        ]).group_by("key", "sense", "stem").agg(pl.len().alias("c"))
        parts.append(
            counts.join(own.select("key", "stem"), on=["key", "stem"], how="anti")
            .join(n_docs, on=["key", "sense"]).join(background, on="stem", how="left")
            .with_columns(pl.col("p").fill_null(rare))
            .filter(share >= 5 * pl.col("p"))
            .select("key", "sense", "stem", (share * (share / pl.col("p")).log()).alias("weight"))
        )
    prof = pl.concat(parts) if parts else pl.DataFrame(schema={"key": cands.schema["key"], "sense": cands.schema["sense"],
                                                               "stem": pl.UInt32(), "weight": pl.Float64()})
    norms = prof.group_by("key", "sense").agg((pl.col("weight") * pl.col("weight")).sum().sqrt().alias("norm"))
    return prof, norms


def paper_evidence(mentioned: pl.DataFrame, tokens: pl.DataFrame, lf_pairs: pl.DataFrame, profiles: tuple[pl.DataFrame, pl.DataFrame],
                   senses: pl.DataFrame) -> pl.DataFrame:
    """Rules 3 and 5 for each paper and short form it mentions: ``doc, key, long_form_sense,
    context_sense`` (null where the rule does not decide).

    Parameters
    ----------
    mentioned
        ``doc, key``: the papers (their ``doc`` in ``tokens``) and the short forms they use.
    tokens
        :meth:`StemIds.tokens` of those papers' titles and abstracts.
    lf_pairs
        :func:`phrase_pairs` of the candidate senses.
    profiles
        :func:`sense_profiles` of the candidate senses.
    senses
        ``key, sense``: every candidate sense.

    Examples
    --------
    >>> ids = StemIds()
    >>> cands = pl.DataFrame({"key": ["sr", "sr"], "sense": [0, 1], "long_form": ["super-resolution", "success rate"],
    ...     "cues": [["image"], ["robot"]]}, schema_overrides={"sense": pl.UInt32})
    >>> defs = pl.DataFrame({"key": ["sr", "sr"], "sense": [0, 1], "paper_id": ["a", "b"]}, schema_overrides={"sense": pl.UInt32})
    >>> texts = pl.DataFrame({"paper_id": ["a", "b"],
    ...     "text": ["Super-resolution (SR) of blurry photos.", "Robot grasping success rate (SR) on shelves."]})
    >>> profiles = sense_profiles(cands, defs, texts, ids)
    >>> using = ids.tokens(pl.DataFrame({"doc": [0, 1], "text": ["SR of blurry photos", "The success rate (SR) improves"]}))
    >>> mentioned = pl.DataFrame({"doc": [0, 1], "key": ["sr", "sr"]})
    >>> paper_evidence(mentioned, using, phrase_pairs(cands, ids), profiles, cands.select("key", "sense")).sort("doc").rows()
    [(0, 'sr', None, 0), (1, 'sr', 1, 1)]
    """
    mentioned = mentioned.select("doc", "key").unique()
    hits = (
        mentioned.join(lf_pairs, on="key")
        .join(pair_sets(tokens, lf_pairs.select("a", "b").unique()), on=["doc", "a", "b"], how="semi")
        .group_by("doc", "key", "sense").agg((pl.len() / pl.col("n_pairs").first()).alias("v"))
        .filter(pl.col("v") >= 0.5)
        .filter(pl.col("v") == pl.col("v").max().over("doc", "key"))
        .filter(pl.len().over("doc", "key") == 1)
        .select("doc", "key", pl.col("sense").alias("long_form_sense"))
    )
    prof, norms = profiles
    cos = (
        mentioned.join(word_sets(tokens, prof["stem"].unique()), on="doc").join(prof, on=["key", "stem"])
        .group_by("doc", "key", "sense").agg(pl.col("weight").sum().alias("_s"))
        .join(norms, on=["key", "sense"]).select("doc", "key", "sense", (pl.col("_s") / pl.col("norm")).alias("cos"))
    )
    ranked = (
        mentioned.join(senses, on="key").join(cos, on=["doc", "key", "sense"], how="left")
        .with_columns(pl.col("cos").fill_null(0.0))
        .sort(["doc", "key", "cos", "sense"], descending=[False, False, True, True])
        .group_by("doc", "key", maintain_order=True)
        .agg(pl.col("sense").first(), pl.col("cos").first().alias("c1"), pl.col("cos").slice(1, 1).first().alias("c2"))
    )
    close = (pl.col("c1") >= _MIN_SIMILARITY) & (pl.col("c2").is_null() | (pl.col("c1") >= _RATIO * pl.col("c2")))
    context = ranked.select("doc", "key", pl.when(close).then(pl.col("sense")).alias("context_sense"))
    return context.join(hits, on=["doc", "key"], how="left").select("doc", "key", "long_form_sense", "context_sense")
