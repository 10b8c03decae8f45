#!/usr/bin/python3
"""Compares the --json/--batch output of two govsearch binaries on the bench
queries (and section, filter, OR/NOT and lone-character queries) over a
2,000-report corpus plus Fixtures/: each binary indexes the same files into
its own index, then both answer the same batch with several option sets.

    scripts/compare-outputs.py OLD_BIN NEW_BIN [--n 2000] [--work DIR] [--new-index-args "--shards 2"]

Prints the number of identical and differing lines per option set and the
first differences; exit 1 when any line differs."""
import argparse
import os
import subprocess
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
REPO = os.path.dirname(HERE)
SHARED = os.path.join(os.path.dirname(REPO), "shared")
sys.path.insert(0, os.path.join(HERE, "bench"))
import exact  # noqa: E402
from run import gs_query  # noqa: E402

EXTRA = ["section:requests 申请", "section:appeals 复议", "section:overview -复议", "section:3 依申请公开 year:2020",
         "复议 OR 诉讼", "保密审查 -诉讼", "(复议 OR 诉讼) 保密审查", "复", "year:2020 agency:区", "section:requests",
         "level:county 公开", "第3季度", "热线12345", "复议，诉讼", "政务公开 12345", "\"政务公开 工作要点\""]
OPTIONS = [[], ["--facets", "year,agency", "--facet-limit", "20"], ["--no-snippets", "--limit", "50"],
           ["--facets", "year,agency,region,section,level,format", "--sort=-year"]]


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("old")
    ap.add_argument("new")
    ap.add_argument("--n", type=int, default=2000)
    ap.add_argument("--work", default="/tmp/govsearch-compare")
    ap.add_argument("--new-index-args", default="")
    a = ap.parse_args()
    corpus = os.path.join(a.work, "corpus%d" % a.n)
    if not os.path.exists(os.path.join(corpus, ".complete")):
        subprocess.run(["python3", os.path.join(SHARED, "tools/gen_corpus.py"), str(a.n), corpus, "--seed", "1"],
                       check=True, stdout=subprocess.DEVNULL)
        open(os.path.join(corpus, ".complete"), "w").close()
    queries = [gs_query(q) for q in exact.load_queries(os.path.join(SHARED, "tools/peers/queries.tsv"))] + EXTRA
    batch = os.path.join(a.work, "queries.txt")
    with open(batch, "w") as f:
        f.write("\n".join(queries) + "\n")
    outs = {}
    for name, binary, extra in [("old", a.old, []), ("new", a.new, a.new_index_args.split())]:
        idx = os.path.join(a.work, "index-" + name)
        subprocess.run([binary, "index", corpus, os.path.join(REPO, "Fixtures"), "--index", idx, "--rebuild", "--quiet"]
                       + extra, check=True)
        outs[name] = []
        for opts in OPTIONS:
            with open(batch) as f:
                p = subprocess.run([binary, "--batch", "--index", idx] + opts, stdin=f, stdout=subprocess.PIPE)
            if p.returncode not in (0, 1):
                sys.exit("%s --batch %s failed (exit %d)" % (binary, " ".join(opts), p.returncode))
            outs[name].append(p.stdout.decode().splitlines())
    differing = 0
    for opts, old, new in zip(OPTIONS, outs["old"], outs["new"]):
        diff = [(q, o, n) for q, o, n in zip(queries, old, new) if o != n]
        differing += len(diff) + abs(len(old) - len(new))
        print("%-60s %3d identical, %d differ" % (" ".join(opts) or "(defaults)", len(old) - len(diff), len(diff)))
        for q, o, n in diff[:3]:
            i = next(k for k in range(min(len(o), len(n))) if o[k] != n[k]) if o[:len(n)] != n[:len(o)] else min(len(o), len(n))
            print("  %s: old …%s… new …%s…" % (q, o[max(0, i - 60):i + 80], n[max(0, i - 60):i + 80]))
    sys.exit(1 if differing else 0)


if __name__ == "__main__":
    main()
