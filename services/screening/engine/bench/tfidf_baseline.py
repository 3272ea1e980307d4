#!/usr/bin/python3
"""TF-IDF baseline for bench_scoring: the same résumés against the same rubric.

Fits a scikit-learn TfidfVectorizer once (the baseline's "compile"), then
scores one résumé at a time (transform + cosine similarity to the rubric
vector), like the engine scores one candidate per call. Prints one JSON line:
{"candidates_per_s": ..., "p50_us": ..., "p99_us": ..., "n": ...}.

Run with Debian's /usr/bin/python3 (python3-sklearn).
"""
import json
import sys
import time

from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.metrics.pairwise import cosine_similarity


def main() -> int:
    if len(sys.argv) < 2:
        print("usage: tfidf_baseline.py INPUTS.json [seconds]", file=sys.stderr)
        return 2
    with open(sys.argv[1], encoding="utf-8") as f:
        data = json.load(f)
    seconds = float(sys.argv[2]) if len(sys.argv) > 2 else 3.0
    resumes = data["resumes"]
    vec = TfidfVectorizer(strip_accents="unicode", lowercase=True,
                          ngram_range=(1, 2))
    vec.fit([data["rubric_text"]] + resumes)
    rubric_vec = vec.transform([data["rubric_text"]])
    lat, cpu = [], []
    n = 0
    start = time.perf_counter()
    cpu_start = time.thread_time()
    while time.perf_counter() - start < seconds:
        r = resumes[n % len(resumes)]
        c0 = time.thread_time()
        t0 = time.perf_counter()
        score = cosine_similarity(vec.transform([r]), rubric_vec)[0, 0]
        lat.append((time.perf_counter() - t0) * 1e6)
        cpu.append((time.thread_time() - c0) * 1e6)
        n += 1
    elapsed = time.perf_counter() - start
    cpu_elapsed = time.thread_time() - cpu_start
    lat.sort()
    cpu.sort()
    out = {
        "candidates_per_s": n / elapsed,
        "candidates_per_cpu_s": n / cpu_elapsed if cpu_elapsed > 0 else 0.0,
        "p50_us": lat[len(lat) // 2],
        "p99_us": lat[int(0.99 * (len(lat) - 1))],
        "p99_cpu_us": cpu[int(0.99 * (len(cpu) - 1))],
        "n": n,
        "last_score": float(score),
    }
    print(json.dumps(out))
    return 0


if __name__ == "__main__":
    sys.exit(main())
