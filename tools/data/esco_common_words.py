#!/usr/bin/env python3
"""Derives data/lang/<code>/common_words.tsv from the ESCO labels.

A word that occurs in the labels of many ESCO concepts ("support", "manage",
"equipment", "Kunden", "hantera") says little on its own; the engine's generic
criteria weigh such words half. Run from the repo root:

    tools/data/esco_common_words.py ../shared/esco/esco-labels.tsv.gz

Folding: lower case, accents removed (NFKD), words of four letters or more.
A word is common when it occurs in at least 0.4 % of the language's labelled
concepts (never fewer than 8). This service uses the ESCO classification of
the European Commission.
"""
import collections
import gzip
import re
import sys
import unicodedata
from pathlib import Path

OUT = Path(__file__).resolve().parents[2] / "services/screening/engine/data/lang"


def fold(s):
    s = unicodedata.normalize("NFKD", s.lower())
    return "".join(c for c in s if not unicodedata.combining(c))


def main(path):
    df = collections.defaultdict(lambda: collections.defaultdict(set))
    concepts = collections.defaultdict(set)
    with gzip.open(path, "rt", encoding="utf-8") as f:
        next(f)
        for line in f:
            cid, _kind, lang, pref, alt = line.rstrip("\n").split("\t")
            concepts[lang].add(cid)
            for label in [pref] + alt.split("|"):
                for w in re.findall(r"[^\W\d_]+", fold(label)):
                    if len(w) >= 4:
                        df[lang][w].add(cid)
    for lang in sorted(df):
        threshold = max(8, round(0.004 * len(concepts[lang])))
        words = sorted(w for w, c in df[lang].items() if len(c) >= threshold)
        target = OUT / lang / "common_words.tsv"
        if not target.parent.is_dir():
            continue
        with open(target, "w", encoding="utf-8") as out:
            out.write(
                "# Source: derived from the ESCO classification of the European Commission (labels in ../shared/esco,\n"
                "# ESCO v1.0.8-v1.1.1) by tools/data/esco_common_words.py: words in the labels of at least "
                f"{threshold} of {len(concepts[lang])}\n"
                "# concepts. Reused with acknowledgement (Commission Decision 2011/833/EU): this service uses the ESCO\n"
                "# classification of the European Commission. One folded word a line.\n")
            for w in words:
                out.write(w + "\n")
        print(f"{lang}: {len(words)} common words (>= {threshold} of {len(concepts[lang])} concepts)")


if __name__ == "__main__":
    main(sys.argv[1] if len(sys.argv) > 1 else "../shared/esco/esco-labels.tsv.gz")
