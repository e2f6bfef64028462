"""Term ids: the polynomial hashes that give a candidate its term's id from its words.

A term's id is the pair of two polynomial hashes of its folded key's UTF-8 bytes, packed into 62
bits. The hash of a joined key can be computed from the hashes of its words,
``h(ab) = h(a) * base ** len(b) + h(b)`` (mod p), so a candidate gets its term's id from its
words without its key ever being spelled, and "fine-tuning", "fine tuning" and "finetuning" (one
key) get one id. :func:`key_hashes` hashes the words of the vocabulary once;
:func:`paperkit.keywords.candidates.occurrences` combines them per candidate; :func:`key_ids`
gives the id of a whole key (for synonyms and vocabularies given as strings).
"""

from __future__ import annotations

import numpy as np
import polars as pl

__all__ = ["BASES", "MODULI", "key_hashes", "key_ids"]

#: Moduli and bases of the two polynomial hashes whose pair is a term's 62-bit id (see the
#: module notes): both moduli are primes below 2**31, so every product fits in 64 bits.
MODULI = (2_147_483_647, 2_147_483_629)
BASES = (257, 263)


def _powers(base: int, mod: int, n: int) -> np.ndarray:
    """``base ** k % mod`` for ``k = 0 .. n`` (by doubling: log2(n) numpy steps; mod < 2**32)."""
    out = np.ones(n + 1, np.uint64)
    size, step = 1, np.uint64(base % mod)
    while size <= n:
        m = min(size, n + 1 - size)
        out[size : size + m] = out[:m] * step % np.uint64(mod)
        size, step = size + m, step * step % np.uint64(mod)
    return out


def key_hashes(keys: pl.Series) -> dict[str, np.ndarray]:
    """The polynomial hashes of strings' UTF-8 bytes.

    Parameters
    ----------
    keys
        Strings (folded keys of words or of whole terms); a null or empty string hashes to 0.

    Returns
    -------
    dict of numpy.ndarray
        ``h1, h2`` (the hashes modulo :data:`MODULI`) and ``w1, w2`` (the shifts
        ``base ** length``, 1 for an empty string), UInt64 below 2**31, one per key.

    Examples
    --------
    >>> h = key_hashes(pl.Series(["ab", ""]))
    >>> h["h1"].tolist(), h["w1"].tolist()
    ([25027, 0], [66049, 1])
    """
    keys = keys.fill_null("")
    lens = keys.str.len_bytes().to_numpy().astype(np.int64)
    buf = np.frombuffer("".join(keys.to_list()).encode("utf-8"), np.uint8).astype(np.uint64)
    ends = np.cumsum(lens)
    # Each byte's distance from the end of its string: its power of the base.
    back = np.repeat(ends - 1, lens) - np.arange(len(buf))
    full = np.flatnonzero(lens > 0)
    out = {}
    for i, (mod, base) in enumerate(zip(MODULI, BASES), start=1):
        power = _powers(base, mod, int(lens.max()) if len(lens) else 0)
        terms = buf * power[back] % np.uint64(mod)
        h = np.zeros(len(lens), np.uint64)
        if len(full):
            h[full] = np.add.reduceat(terms, (ends - lens)[full]) % np.uint64(mod)
        out[f"h{i}"], out[f"w{i}"] = h, power[lens]
    return out


def key_ids(keys: pl.Series) -> np.ndarray:
    """The 62-bit term id of each folded key: ``h1 << 31 | h2`` of :func:`key_hashes`.

    Examples
    --------
    >>> int(key_ids(pl.Series(["ab"]))[0]) == (25027 << 31) | (97 * 263 + 98)
    True
    """
    h = key_hashes(keys)
    return (h["h1"] << np.uint64(31)) | h["h2"]
