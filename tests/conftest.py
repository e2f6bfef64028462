"""Shared fixtures: small hand-written papers, the test data folder, and the ../shared data."""

from __future__ import annotations

import datetime as dt
import os
from pathlib import Path

import polars as pl
import pytest

from paperkit.normalize import normalize_records

ROOT = Path(__file__).resolve().parents[1]
TEST_DATA = ROOT / "tests" / "data"
SHARED = Path(os.environ.get("PAPERKIT_SHARED", ROOT.parent / "shared"))


def pytest_configure(config) -> None:
    """The tests (and the notebooks and commands they run) cache into a fresh temporary folder,
    never into the user's cache (paperkit.cache.default_cache_dir reads this variable)."""
    import tempfile

    os.environ["PAPERKIT_CACHE_DIR"] = tempfile.mkdtemp(prefix="paperkit-test-cache-")


def pytest_unconfigure(config) -> None:
    import shutil

    folder = os.environ.get("PAPERKIT_CACHE_DIR", "")
    if "paperkit-test-cache-" in folder:
        shutil.rmtree(folder, ignore_errors=True)


def shared_path(*parts: str) -> Path:
    """A path under ../shared/data, or skip the test with a clear reason when it is absent."""
    path = SHARED.joinpath("data", *parts)
    if not path.exists():
        pytest.skip(f"needs the shared benchmark data at {path} (absent in a plain clone; CI has it)")
    return path


@pytest.fixture
def test_data() -> Path:
    return TEST_DATA


@pytest.fixture
def small_papers() -> pl.DataFrame:
    """Five realistic papers: a missing abstract, unicode, and one paper seen in two digests."""
    recs = pl.DataFrame(
        {
            "arxiv_id": ["2106.09685", None, "2502.10391", "2106.09685v2", None],
            "title": [
                "LoRA: Low-Rank Adaptation of Large Language Models",
                "Retrieval-Augmented Generation for Knowledge-Intensive NLP Tasks",
                "MM-RLHF: The Next Step Forward in Multimodal LLM Alignment",
                "LoRA: Low-Rank Adaptation of Large\n  Language Models",
                "Zero-Shot Re-Rankers \u2014 \u201cattention\u201d is all you need",
            ],
            "abstract": [
                "We propose Low-Rank Adaptation, or LoRA, which freezes the pre-trained model weights "
                "and injects trainable rank decomposition matrices. Code: https://github.com/microsoft/LoRA.",
                None,
                "Despite notable advancements in Multimodal Large Language Models (MLLMs), most "
                "state-of-the-art models have not undergone thorough alignment with human preferences.",
                "We propose Low-Rank Adaptation, or LoRA.",
                "Large language models (LLMs) re-rank documents with in-context re-ranking (ICR) "
                "using attention patterns; the ﬁrst such eﬃcient method.",
            ],
            "digest_date": [dt.date(2024, 6, 3), dt.date(2024, 6, 3), dt.date(2025, 2, 17),
                            dt.date(2025, 1, 10), dt.date(2025, 3, 17)],
            "upvotes": [12, None, 40, 30, 5],
            "source": ["hf-api", "hf-page", "hf-api", "hf-api", "hf-page"],
            "source_file": ["2024-06-03.json", "p.txt", "2025-02-17.json", "2025-01-10.json", "p.txt"],
            "locator": ["item 0", "line 11", "item 3", "item 1", "line 15"],
        }
    )
    return normalize_records(recs)
