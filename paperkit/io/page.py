"""The plain-text copy of a Hugging Face papers page (``hf-page``): date lines, title and abstract paragraphs.
"""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

from paperkit.io.files import date_from_name, year_from_name
from paperkit.io.problems import Problems

# --------------------------------------------------------------------------------------------
# The plain-text page scrape
_MONTHS = {
    m: i + 1
    for i, names in enumerate(
        [("jan", "january"), ("feb", "february"), ("mar", "march"), ("apr", "april"), ("may",),
         ("jun", "june"), ("jul", "july"), ("aug", "august"), ("sep", "sept", "september"),
         ("oct", "october"), ("nov", "november"), ("dec", "december")]
    )
    for m in names
}

_MONTH_RE = r"(?P<mon>" + "|".join(sorted(_MONTHS, key=len, reverse=True)) + r")\.?"

_DATE_LINE = [
    re.compile(r"^(?P<y>\d{4})-(?P<m>\d{1,2})-(?P<d>\d{1,2})$"),
    re.compile(r"^(?:(?:mon|tue|wed|thu|fri|sat|sun)[a-z]*,?\s+)?" + _MONTH_RE + r"\s+(?P<d>\d{1,2})(?:st|nd|rd|th)?(?:,?\s+(?P<y>\d{4}))?$", re.I),
    re.compile(r"^(?P<d>\d{1,2})\s+" + _MONTH_RE + r"(?:,?\s+(?P<y>\d{4}))?$", re.I),
]

#: Page chrome a copy of a Hugging Face papers page contains around the papers.
PAGE_CHROME = frozenset(
    s.casefold()
    for s in [
        "new", "Get trending papers in your email inbox!", "Subscribe", "byAK and the research community",
        "by AK and the research community", "Daily Papers", "Papers", "Trending", "Previous", "Next",
        "Submit", "Submit paper", "Search", "Search papers", "Load more", "Hugging Face", "Models",
        "Datasets", "Spaces", "Docs", "Pricing", "Enterprise", "Log In", "Sign Up", "Posts",
        "Community", "Collections", "Upvote", "Company", "Website", "TOS", "Privacy", "About",
        "Jobs", "Blog", "Learn", "Discord", "Forum", "GitHub", "Changelog", "System theme",
        "Daily", "Weekly", "Monthly", "Get this paper in your agent:", "Back to top",
    ]
)

_CHROME_PATTERNS = re.compile(
    r"^(?:\d+|upvote\s*\d*|submitted by .*|·.*|\d+ comments?|[-=_*·•]{2,}|©.*|\d+ papers?)$", re.I
)


def _parse_date_line(text: str, year: int | None) -> tuple[bool, dt.date | None, str | None]:
    """(is a date line, the date or None, why there is no date: "no year" or "invalid")."""
    for pattern in _DATE_LINE:
        m = pattern.match(text)
        if not m:
            continue
        groups = m.groupdict()
        month = int(groups["m"]) if groups.get("m") else _MONTHS[groups["mon"].lower().rstrip(".")]
        y = int(groups["y"]) if groups.get("y") else year
        if y is None:
            return True, None, "no year"
        try:
            return True, dt.date(y, month, int(groups["d"])), None
        except ValueError:  # "Feb 30", "2025-13-01": a date line, but no such day
            return True, None, "invalid"
    return False, None, None


def _is_abstract(text: str) -> bool:
    """Does a paragraph read as an abstract rather than a title?"""
    words = text.count(" ") + 1
    return len(text) >= 300 or (words >= 12 and text.rstrip().endswith((".", "]", ")")) and ". " in text + " ")


def parse_page(text: str, file: str, path: Path, year: int | None, problems: Problems) -> tuple[list[dict], int]:
    """The records and their count of a copied Hugging Face daily-papers page (plain text)."""
    name_date = date_from_name(path)
    # The year of a date line without one: year=, else the page's last full date, else the file name.
    page_year = name_date.year if name_date else year_from_name(path)
    lines = text.replace("\r\n", "\n").replace("\r", "\n").split("\n")
    paragraphs: list[tuple[int, str]] = []
    start, buf = 0, []
    for i, line in enumerate(lines + [""], start=1):
        if line.strip():
            if not buf:
                start = i
            buf.append(line.strip())
        elif buf:
            paragraphs.append((start, " ".join(buf)))
            buf = []
    records: list[dict] = []
    current: dt.date | None = name_date
    unknown_year_reported = False
    pending: tuple[int, str] | None = None

    def emit(title_line: int, title: str, abstract: str | None) -> None:
        if abstract is None:
            problems.warn(file, f"line {title_line}", f"title with no abstract: {title[:60]!r}")
        records.append({"title": title, "abstract": abstract, "digest_date": current, "locator": f"line {title_line}"})

    for line_no, para in paragraphs:
        folded = para.casefold()
        if folded in PAGE_CHROME or _CHROME_PATTERNS.match(para):
            continue
        is_date, date, missing = _parse_date_line(para, year if year is not None else page_year)
        if is_date:
            if date is not None:
                page_year = date.year
            if pending:
                emit(*pending, None)
                pending = None
            current = date
            if missing == "invalid":
                problems.warn(file, f"line {line_no}", f"digest_date (date line): {para!r} is not a valid date; the papers under it have none")
            if missing == "no year" and not unknown_year_reported:
                problems.warn(
                    file, f"line {line_no}",
                    f"date {para!r} has no year: digest dates are unknown; pass year= or put the date in the file name",
                )
                unknown_year_reported = True
            continue
        if pending is None:
            if _is_abstract(para) and len(para) > 400:
                problems.skip(file, f"line {line_no}", f"abstract-like paragraph with no title: {para[:60]!r}")
                continue
            pending = (line_no, para)
        elif _is_abstract(para):
            emit(*pending, para)
            pending = None
        else:
            emit(*pending, None)
            pending = (line_no, para)
    if pending:
        emit(*pending, None)
    return records, len(records) + sum(1 for r in problems.rows if r[0] == file and r[2] == "skipped")
