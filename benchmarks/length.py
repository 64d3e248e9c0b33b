"""Geoparsing time against an article's length: one synthetic article per size, built from news.

Each article concatenates real news text (the seed articles in ``seeds/*.txt``, then the TR-News
and GeoWebNews texts read from ``../shared/benchmarks/*/docs.jsonl``, never copied into the repo),
paragraph after paragraph and round again, up to 0.2, 0.5, 1, 2, 5, 10 and 20 MB (UTF-8). Prints
size, seconds, MB/s and the ratio to the 0.2 MB time: a linear pipeline keeps MB/s flat and the
ratio close to the ratio of the sizes.

Usage: python benchmarks/length.py [--max-mb 20] [--corpora DIR]
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from collections.abc import Iterable
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
DEFAULT_CORPORA = ROOT.parent / "shared" / "benchmarks"
SIZES_MB = (0.2, 0.5, 1, 2, 5, 10, 20)


def news_texts(corpora: Path) -> list[str]:
    """The seed articles, then every TR-News and GeoWebNews text."""
    texts = [p.read_text(encoding="utf-8") for p in sorted((ROOT / "seeds").glob("*.txt"))]
    for name in ("tr_news", "geowebnews"):
        path = corpora / name / "docs.jsonl"
        if path.exists():
            with path.open(encoding="utf-8") as fh:
                texts += [json.loads(line)["text"] for line in fh]
    return [t.strip() for t in texts if t.strip()]


def synthetic_article(texts: Iterable[str], mb: float) -> str:
    """Real news texts one after the other (a blank line between), round again, up to ``mb``."""
    pool = list(texts)
    if not pool:
        raise SystemExit("no news text found: give --corpora the folder of tr_news/geowebnews")
    target = int(mb * 1_000_000)
    parts: list[str] = []
    size = 0
    i = 0
    while size < target:
        piece = pool[i % len(pool)]
        parts.append(piece)
        size += len(piece.encode("utf-8")) + 2
        i += 1
    return "\n\n".join(parts)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--max-mb", type=float, default=20.0, help="largest article, in MB (20)")
    ap.add_argument("--corpora", type=Path, default=DEFAULT_CORPORA)
    args = ap.parse_args(argv)

    from vzmap.events.classify import get_classifier
    from vzmap.gazetteer.index import load_gazetteer
    from vzmap.geoparse.pipeline import geoparse

    gaz = load_gazetteer()
    classifier = get_classifier()
    texts = news_texts(args.corpora)
    geoparse(texts[0], gaz, classifier)  # warm up
    print(f"{'MB':>6} {'chars':>10} {'mentions':>9} {'seconds':>8} {'MB/s':>6} {'x 0.2 MB':>8}")
    base = None
    for mb in [s for s in SIZES_MB if s <= args.max_mb]:
        article = synthetic_article(texts, mb)
        t0 = time.perf_counter()
        mentions = geoparse(article, gaz, classifier)
        seconds = time.perf_counter() - t0
        base = base or seconds
        real_mb = len(article.encode("utf-8")) / 1e6
        print(f"{real_mb:6.2f} {len(article):10d} {len(mentions):9d} {seconds:8.2f} "
              f"{real_mb / seconds:6.2f} {seconds / base:8.1f}", flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
