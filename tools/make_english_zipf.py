"""Write ``paperkit/resources/english_zipf.tsv`` from the ``wordfreq`` package (run once, by hand).

The list gives the Zipf frequency (log10 of occurrences per billion words) of lower-case English
words in wordfreq's "large" English list, which blends Wikipedia, subtitles, news, books, web text,
Twitter and Reddit. Only purely alphabetic words (inner hyphens allowed) with Zipf >= 2.5 are kept
(about 51,000); a word not in the file is rarer than that. Licence of the data: CC BY-SA 4.0
(wordfreq by Robyn Speer; see paperkit/resources/README.md).

Usage: ``pip install wordfreq==3.1.1 && python tools/make_english_zipf.py``
"""

import math
import re
from pathlib import Path

import wordfreq
from importlib.metadata import version

MIN_ZIPF = 2.5
OUT = Path(__file__).resolve().parents[1] / "paperkit" / "resources" / "english_zipf.tsv"


def main() -> None:
    freqs = wordfreq.get_frequency_dict("en", wordlist="large")
    rows = sorted(
        ((w, math.log10(f * 1e9)) for w, f in freqs.items() if re.fullmatch(r"[a-z]+(?:-[a-z]+)*", w)),
        key=lambda r: (-r[1], r[0]),
    )
    with OUT.open("w", encoding="utf-8") as out:
        out.write(f"# Zipf frequency (log10 per billion words) of lower-case English words, wordfreq {version('wordfreq')}\n")
        out.write("# 'large' English list (Wikipedia, subtitles, news, books, web, Twitter, Reddit); CC BY-SA 4.0,\n")
        out.write(f"# (c) Robyn Speer / wordfreq contributors. Words with zipf >= {MIN_ZIPF}; made by tools/make_english_zipf.py.\n")
        for word, zipf in rows:
            if zipf >= MIN_ZIPF:
                out.write(f"{word}\t{zipf:.2f}\n")


if __name__ == "__main__":
    main()
