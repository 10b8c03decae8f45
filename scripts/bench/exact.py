#!/usr/bin/python3
"""Independent exact answers for the benchmark queries: a naive scan of every
report's decoded, normalized text.

    exact.py CORPUS QUERIES.tsv OUT.json

A report matches a query when every word of the query, normalized the same
way, is a substring of the report's normalized text, and (if the query has a
year) truth.jsonl gives the report that year.

Decoding follows bench/peers/common.py: UTF-8 with BOM, UTF-8,
else GB18030.  Normalization (CONTRACT.md, "Exactness"): NFKC, lower case,
white space between two CJK ideographs removed.  Written from the contract,
not from govsearch's Normalizer, so that it can disagree with it.

OUT.json: {"matches": {qid: [docno, ...]}, "raw_matches": {...},
"paths": {docno: relpath}} where raw_matches is plain substring matching of
the decoded text without normalization (what the peers' truth.py uses)."""
import json
import os
import re
import sys
import unicodedata

CJK = "\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\U00020000-\U0003134f"
SPACE_BETWEEN_CJK = re.compile("(?<=[%s])\\s+(?=[%s])" % (CJK, CJK))


def decode(data):
    if data.startswith(b"\xef\xbb\xbf"):
        return data[3:].decode("utf-8", errors="replace")
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        return data.decode("gb18030", errors="replace")


def normalize(text):
    text = unicodedata.normalize("NFKC", text).lower()
    return SPACE_BETWEEN_CJK.sub("", text)


def load_queries(path):
    out = []
    with open(path, encoding="utf-8") as fh:
        for line in fh:
            line = line.rstrip("\n")
            if not line or line.startswith("#") or line.startswith("id\t"):
                continue
            qid, kind, year, text = line.split("\t")
            out.append({"id": qid, "kind": kind,
                        "year": None if year == "-" else int(year),
                        "words": text.split()})
    return out


def main():
    corpus, qpath, out = sys.argv[1:4]
    queries = load_queries(qpath)
    norm_words = {q["id"]: [normalize(w) for w in q["words"]] for q in queries}
    matches = {q["id"]: [] for q in queries}
    raw = {q["id"]: [] for q in queries}
    paths = {}
    with open(os.path.join(corpus, "truth.jsonl"), encoding="utf-8") as fh:
        for docno, line in enumerate(fh, 1):
            t = json.loads(line)
            paths[docno] = t["file"]
            with open(os.path.join(corpus, t["file"]), "rb") as f:
                text = decode(f.read())
            norm = normalize(text)
            for q in queries:
                if q["year"] is not None and q["year"] != t["year"]:
                    continue
                if all(w in norm for w in norm_words[q["id"]]):
                    matches[q["id"]].append(docno)
                if all(w in text for w in q["words"]):
                    raw[q["id"]].append(docno)
    with open(out, "w", encoding="utf-8") as fh:
        json.dump({"matches": matches, "raw_matches": raw, "paths": paths}, fh)


if __name__ == "__main__":
    main()
