"""Topic dictionaries: topic -> terms, each term compiled to a regular expression, counted in titles and abstracts.
"""

from __future__ import annotations

import functools
import re
import tomllib
from collections.abc import Mapping, Sequence
from importlib import resources

import polars as pl

from paperkit.acronyms import is_acronym
from paperkit.frames import validate
from paperkit.normalize import validate_papers
from paperkit.text import WORD_JOINER, plural_pattern, singular_word

TOPICS_SCHEMA = {"paper_id": pl.String(), "topic": pl.String(), "weight": pl.Float64()}
#: Papers :func:`topics_from_dictionary` matches in one step (their texts and counts are in memory meanwhile).
TOPIC_BATCH = 50_000

# --- topic dictionaries ------------------------------------------------------------------------
def term_pattern(term: str) -> str:
    """The regular expression one dictionary term compiles to.

    Rules: whole words only; an acronym (:func:`paperkit.acronyms.is_acronym`: "RAG", "LoRA", "3D")
    or a word in capitals ("MATH") is matched case-sensitively; every other word, camel-case names
    included ("GitHub", "DeepSeek"), is matched case-insensitively ("LLM-as-a-judge" matches
    "LLM-as-a-Judge", not "llm-as-a-judge");
    spaces and hyphens inside the term match a space, a hyphen or nothing; the last word is matched
    in the singular or plural, whichever is written (:func:`paperkit.text.plural_pattern`: ``s``/``es``,
    ``y`` -> ``ies``, "analysis"/"analyses"); a trailing ``*`` continues the word
    (``"quantiz*"``); a term starting with ``re:`` is a raw regular expression used as is
    (Rust regex syntax, as polars uses).

    Parameters
    ----------
    term
        One term of a topic dictionary.

    Returns
    -------
    str
        A regular expression for ``polars.Expr.str.count_matches``.

    Examples
    --------
    >>> term_pattern("RAG")
    '\\\\bRAG(?:s)?\\\\b'
    >>> term_pattern("fine-tuning")
    '(?i:\\\\bfine[\\\\s\\\\-]?tuning(?:s|es)?\\\\b)'
    >>> term_pattern("quantiz*")
    '(?i:\\\\bquantiz\\\\w*)'
    >>> term_pattern("re:\\\\bGPT-\\\\d")
    '\\\\bGPT-\\\\d'
    """
    pattern, case_sensitive = _compile_term(term)
    return pattern if case_sensitive else f"(?i:{pattern})"


def _compile_term(term: str, *, lower: bool = False) -> tuple[str, bool]:
    """The regex of one term and whether it is case-sensitive; with ``lower`` a case-insensitive
    term's regex is written in lower case, for matching against lower-cased text."""
    if not isinstance(term, str) or not term.strip():
        raise ValueError(f"a topic term must be a non-empty string, got {term!r}")
    term = term.strip()
    if term.startswith("re:"):
        pattern = term[3:]
        try:
            re.compile(pattern)  # fail early on a broken pattern (Python syntax is close enough)
        except re.error as err:
            raise ValueError(f"bad regular expression in term {term!r}: {err}") from None
        return pattern, True
    wildcard = term.endswith("*")
    core = term.rstrip("*").strip()
    if not core:
        raise ValueError(f"a topic term needs more than a wildcard, got {term!r}")
    words = re.split(r"[\s\-]+", core)
    exact = [is_acronym(w) or (w.isupper() and len(w) > 1) for w in words]
    acronym = any(exact)
    if lower and not acronym:
        words = [w.lower() for w in words]
    pieces = [re.escape(w) for w in words]
    if wildcard:
        pieces[-1] += r"\w*"
    else:
        pieces[-1] = plural_pattern(words[-1], acronym=exact[-1])
    if acronym:  # only the acronym words are case-sensitive: "LLM-as-a-judge" matches "LLM-as-a-Judge"
        pieces = [p if e else f"(?i:{p})" for p, e in zip(pieces, exact)]
    body = WORD_JOINER.join(pieces)
    start = r"\b" if core[0].isalnum() or core[0] == "_" else ""
    end = r"\b" if (core[-1].isalnum() and not wildcard) else ""
    return f"{start}{body}{end}", acronym


def topic_pattern(terms: Sequence[str]) -> str:
    """One regular expression matching any of a topic's terms (see :func:`term_pattern`).

    Examples
    --------
    >>> import polars as pl
    >>> rx = topic_pattern(["RAG", "retrieval-augmented generation"])
    >>> pl.Series(["RAG-based QA over storage", "Retrieval-Augmented Generation (RAG)", "storage"]).str.count_matches(rx).to_list()
    [1, 2, 0]
    """
    if isinstance(terms, str):
        raise TypeError(f"expected a list of terms, got the string {terms!r}; wrap it in a list")
    patterns = [term_pattern(t) for t in terms]
    if not patterns:
        raise ValueError("a topic needs at least one term")
    # Longest first so that "retrieval-augmented generation" wins over "retrieval" when both are terms.
    order = sorted(range(len(patterns)), key=lambda i: -len(terms[i]))
    return "|".join(patterns[i] for i in order)


@functools.cache
def _default_topics() -> tuple[tuple[str, tuple[str, ...]], ...]:
    text = resources.files("paperkit").joinpath("resources/topics_ml.toml").read_text(encoding="utf-8")
    data = tomllib.loads(text)
    return tuple((name, tuple(spec["terms"])) for name, spec in data.items())


def default_topics() -> dict[str, list[str]]:
    """The curated topic dictionary for ML papers shipped with paperkit (topic -> terms).

    Read lazily from ``paperkit/resources/topics_ml.toml`` (about 50 topics: RAG, alignment & RLHF,
    PEFT & LoRA, pruning & quantization, reasoning, agents, diffusion, recommendation, ...). Copy it,
    edit it and pass it to :func:`topics_from_dictionary` to make your own.

    Returns
    -------
    dict[str, list[str]]

    Examples
    --------
    >>> topics = default_topics()
    >>> topics["PEFT & LoRA"][:3]
    ['LoRA', 'QLoRA', 'DoRA']
    >>> {"RAG", "agents", "reasoning", "diffusion & flow models"} <= set(topics)
    True
    """
    return {name: list(terms) for name, terms in _default_topics()}


def _expand_synonyms(dictionary: Mapping[str, Sequence[str]], synonyms: pl.DataFrame) -> dict[str, list[str]]:
    """Add to each topic every synonym of its terms (same ``canonical`` in ``synonyms``)."""
    validate(synonyms, "synonyms", needed_by="topics_from_dictionary")
    cols = ["term", "canonical"] + (["long_form"] if "long_form" in synonyms.columns else [])
    rows = synonyms.select(cols).drop_nulls(["term", "canonical"]).rows()
    groups: dict[str, set[str]] = {}
    for row in rows:
        group = groups.setdefault(row[1], {row[1]})
        group.update(x for x in row if x)

    def key(t: str) -> str:
        return t if is_acronym(t) else t.casefold()

    # a lower-cased acronym ("lora", "loras") would lose the acronym's case-sensitivity: its canonical form covers it
    for group in groups.values():
        acronyms = {t.casefold() for t in group if is_acronym(t)}
        group -= {t for t in group if not is_acronym(t) and (t.casefold() in acronyms or singular_word(t) in acronyms)}
    index: dict[str, set[str]] = {}
    for group in groups.values():
        for t in group:
            index.setdefault(key(t), set()).update(group)
    out = {}
    for topic, terms in dictionary.items():
        extra = set()
        for t in terms:
            extra |= index.get(key(t), set())
        known = {key(t) for t in terms}
        out[topic] = list(terms) + sorted(t for t in extra if key(t) not in known and t.strip())
    return out


def _checked_dictionary(dictionary: Mapping[str, Sequence[str]] | None, *, weight: str, min_matches: int | None,
                        synonyms: pl.DataFrame | None) -> Mapping[str, Sequence[str]]:
    """The dictionary :func:`topics_from_dictionary` uses (the default one for ``None``, with the
    synonyms of its terms), after checking the options; a TypeError or ValueError names the wrong one."""
    if weight not in ("count", "binary"):
        raise ValueError(f"weight must be 'count' or 'binary', got {weight!r}")
    if min_matches is not None and (not isinstance(min_matches, int) or min_matches < 1):
        raise ValueError(f"min_matches must be a positive integer or None, got {min_matches!r}")
    if dictionary is None:
        dictionary = default_topics()
    if not isinstance(dictionary, Mapping):
        raise TypeError(f"dictionary must map topic -> list of terms, got {type(dictionary).__name__}")
    if not dictionary:
        raise ValueError("the topic dictionary is empty; give at least one topic -> [terms]")
    if synonyms is not None:
        dictionary = _expand_synonyms(dictionary, synonyms)
    return dictionary


def _topic_count_expr(topic: str, terms: Sequence[str]) -> pl.Expr:
    """Matches of a topic's terms: acronyms in the text, other terms in the lower-cased text
    (about twice as fast as case-insensitive regexes)."""
    if isinstance(terms, str) or not isinstance(terms, Sequence) or not terms:
        raise ValueError(f"topic {topic!r}: expected a non-empty list of terms, got {terms!r}")
    exact, lower = [], []
    for term in sorted(terms, key=lambda t: -len(str(t))):
        try:
            pattern, case_sensitive = _compile_term(term, lower=True)
        except ValueError as err:
            raise ValueError(f"topic {topic!r}: {err}") from None
        (exact if case_sensitive else lower).append(pattern)
    parts = []
    if exact:
        parts.append(pl.col("_text").str.count_matches("|".join(exact)))
    if lower:
        parts.append(pl.col("_lower").str.count_matches("|".join(lower)))
    total = parts[0] if len(parts) == 1 else parts[0] + parts[1]
    return total.alias(topic)


def _text_expr(has_abstract: bool = True) -> pl.Expr:
    parts = [pl.col("title").fill_null("")] + ([pl.col("abstract").fill_null("")] if has_abstract else [])
    return pl.concat_str(parts, separator=" \n ")


def topics_from_dictionary(
    papers: pl.DataFrame,
    dictionary: Mapping[str, Sequence[str]] | None = None,
    *,
    synonyms: pl.DataFrame | None = None,
    weight: str = "count",
    min_matches: int | None = None,
    batch: int | None = None,
) -> pl.DataFrame:
    """Topics per paper from a topic dictionary matched in title + abstract.

    One ``str.count_matches`` per topic over the text column of ``batch`` papers at a time (see
    :func:`term_pattern` for how terms match: whole words, acronyms case-sensitive, plural-tolerant).

    Parameters
    ----------
    papers
        A papers frame (needs ``paper_id``, ``title``; ``abstract`` is used when present).
    dictionary
        Topic -> list of terms. ``None`` uses the curated ML dictionary (:func:`default_topics`).
    synonyms
        Optional ``[term, canonical(, long_form)]`` frame, e.g. from
        ``paperkit.acronyms.acronym_synonyms(...)``: a topic with the term "LoRA" then also matches
        every term and long form that shares its canonical form ("low-rank adaptation").
    weight
        ``"count"``: the number of matches of the topic's terms (title matches included);
        ``"binary"``: 1.0 for every paper that has the topic.
    min_matches
        A paper has a topic when its terms match at least this many times (title and abstract
        together). ``None`` (default): 2 for a paper with an abstract, 1 for a title-only paper
        (a title rarely names its topic twice). The 2 was measured on a hand-checked sample of the Hugging Face Daily
        Papers DEV archive: a single incidental mention ("pruning early", "context length") was right
        for 3 of 20 (paper, topic) rows, two or more mentions for 17 of 20; about 57 % of all
        assignments were right at ``min_matches=1`` and 85 % at 2 (see
        ``benchmarks/README-cotopics.md``).
    batch
        Papers matched in one step (default :data:`TOPIC_BATCH`, read at call time): their
        texts, a lower-case copy and one count per topic and paper are in memory meanwhile. A
        smaller batch uses less memory; the result is the same.

    Returns
    -------
    polars.DataFrame
        ``[paper_id, topic, weight]``, one row per paper and topic it has, sorted by paper then topic.

    Examples
    --------
    >>> import polars as pl
    >>> papers = pl.DataFrame({"paper_id": ["1", "2", "3"],
    ...     "title": ["RAG with LoRA adapters", "Efficient storage for agents", "Retrieval-Augmented Generation (RAG)"],
    ...     "abstract": ["We add LoRA to a retriever.", "An agent stores data.", None]})
    >>> d = {"RAG": ["RAG", "retrieval-augmented generation"], "PEFT": ["LoRA", "adapter"], "agents": ["agent"]}
    >>> topics_from_dictionary(papers, d).rows()  # RAG is named once in paper 1: not its topic
    [('1', 'PEFT', 3.0), ('2', 'agents', 2.0), ('3', 'RAG', 2.0)]
    >>> topics_from_dictionary(papers, d, min_matches=1).rows()
    [('1', 'PEFT', 3.0), ('1', 'RAG', 1.0), ('2', 'agents', 2.0), ('3', 'RAG', 2.0)]
    """
    validate_papers(papers, required=("paper_id", "title"), needed_by="topics_from_dictionary")
    dictionary = _checked_dictionary(dictionary, weight=weight, min_matches=min_matches, synonyms=synonyms)
    if papers.height == 0:
        return pl.DataFrame(schema=TOPICS_SCHEMA)
    batch = TOPIC_BATCH if batch is None else batch
    if isinstance(batch, bool) or not isinstance(batch, int) or batch < 1:
        raise ValueError(f"batch must be a positive integer, got {batch!r}")
    if papers.height > batch:
        parts = [topics_from_dictionary(papers.slice(offset, batch), dictionary, weight=weight, min_matches=min_matches,
                                        batch=batch) for offset in range(0, papers.height, batch)]
        return pl.concat(parts).sort("paper_id", "topic")
    exprs = [_topic_count_expr(str(topic), terms) for topic, terms in dictionary.items()]
    text = papers.select(pl.col("paper_id").cast(pl.String()), _text_expr("abstract" in papers.columns).alias("_text")).with_columns(
        pl.col("_text").str.to_lowercase().alias("_lower")
    )
    if min_matches is None:
        has_text = pl.col("abstract").fill_null("").str.strip_chars().str.len_chars() > 0 if "abstract" in papers.columns else pl.lit(False)
        need = pl.when(has_text).then(2).otherwise(1)
    else:
        need = pl.repeat(min_matches, papers.height)
    counts = text.select("paper_id", *exprs).with_columns(papers.select(need.alias("_need")).to_series())
    long = counts.unpivot(index=["paper_id", "_need"], variable_name="topic", value_name="weight").filter(
        pl.col("weight") >= pl.col("_need")
    )
    value = pl.lit(1.0) if weight == "binary" else pl.col("weight").cast(pl.Float64())
    return long.select("paper_id", "topic", value.alias("weight")).sort("paper_id", "topic")
