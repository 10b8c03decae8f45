#!/usr/bin/env python3
"""Accuracy of `govsearch inspect --json` against labelled real reports and a synthetic corpus.

    scripts/accuracy.py [--count N] [--seed N] [--real DIR] [--no-synthetic] [--no-tables]
                        [--renderings DIR | --only-renderings]

Binary: $GOVSEARCH or .build/debug/govsearch. Real reports: RealReports/ (labels in
MANIFEST.tsv) and Fixtures/; their table figures: scripts/accuracy/real-table-labels.tsv (see
LABELS.md beside it). Synthetic: scripts/corpus/gen_corpus.py, cached under /tmp.
Standard library only. Exit status 1 when a target is missed.
"""
import argparse
import json
import os
import re
import subprocess
import sys

REPO = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
TARGETS = {"year": 0.98, "agency": 0.90, "region": 0.90, "sections": 0.95}

# Fixture labels (year, agency substring, region substring); None = must be unknown.
FIXTURES = {
    "000": (2019, "东丽区政务服务办", "东丽区"),
    "001": (2020, "涧西区政务服务和大数据管理局", "涧西区"),
    "002": (2020, "军粮城街道办事处", "军粮城"),
    "003": (2019, "洞头区", "洞头区"),
    "004": (2019, None, None),
}


def inspect(binary, files, chunk=200):
    out = {}
    for i in range(0, len(files), chunk):
        part = files[i:i + chunk]
        p = subprocess.run([binary, "inspect", "--json", *part], capture_output=True, text=True)
        for line in p.stdout.splitlines():
            line = line.strip()
            if line:
                obj = json.loads(line)
                out[obj["path"]] = obj
        for line in p.stderr.splitlines():
            print("  inspect error: " + line)
    return out


def agency_ok(label, found):
    return bool(found) and (label in found or found in label)


def pct(n, d):
    return "%5.1f%% (%d/%d)" % (100.0 * n / d if d else 0.0, n, d)


def real(binary, real_dir):
    manifest = os.path.join(real_dir, "MANIFEST.tsv")
    rows = []
    with open(manifest, encoding="utf-8") as fh:
        header = fh.readline().rstrip("\n").split("\t")
        for line in fh:
            if line.strip():
                rows.append(dict(zip(header, line.rstrip("\n").split("\t"))))
    files = [os.path.abspath(os.path.join(real_dir, r["file"])) for r in rows]
    fixtures = sorted(os.path.join(REPO, "Fixtures", f) for f in os.listdir(os.path.join(REPO, "Fixtures"))
                      if f[:3] in FIXTURES)
    got = inspect(binary, files + [os.path.abspath(f) for f in fixtures])
    score = {"year": 0, "agency": 0, "region": 0, "sections": 0, "format": 0}
    total = 0
    misses = []
    for r, f in zip(rows, files):
        total += 1
        o = got.get(f)
        if o is None:
            misses.append("%s: not read" % r["file"]); continue
        fmt = "standard2019" if r["format"] == "post2019" else r["format"]
        checks = {
            "year": o["year"] == int(r["year"]),
            # the manifest writes the agency as the text does: the written name or the canonical one
            "agency": agency_ok(r["agency"], o.get("agency_written")) or agency_ok(r["agency"], o["agency"]),
            "region": o["region"] == r["region"],
            "sections": any(s["key"] not in ("preamble",) for s in o["sections"]),
            "format": o["format"] == fmt,
        }
        for k, ok in checks.items():
            if ok:
                score[k] += 1
            elif k != "sections" or True:
                misses.append("%s %s: expected %r, found %r" % (r["file"], k, r.get(k, "sections"), o.get(k)))
    for f in fixtures:
        total += 1
        key = os.path.basename(f)[:3]
        year, agency, region = FIXTURES[key]
        o = got.get(os.path.abspath(f))
        if o is None:
            misses.append("%s: not read" % f); continue
        checks = {
            "year": o["year"] == year,
            "agency": (o["agency"] is None) if agency is None else bool(o["agency"]) and agency in o["agency"],
            "region": (o["region"] is None) if region is None else bool(o["region"]) and region in o["region"],
            "sections": any(s["key"] != "preamble" for s in o["sections"]),
            "format": o["format"] == "standard2019",
        }
        for k, ok in checks.items():
            if ok:
                score[k] += 1
            else:
                misses.append("%s %s: found %r" % (os.path.basename(f), k, o.get(k)))
    print("Real reports (%d: %s + Fixtures)" % (total, os.path.relpath(real_dir, REPO)))
    failed = False
    for k in ("year", "agency", "region", "sections", "format"):
        target = TARGETS.get(k)
        ok = target is None or score[k] >= target * total
        failed |= not ok
        print("  %-9s %s%s" % (k, pct(score[k], total), "" if target is None else "  target %d%% %s" % (target * 100, "ok" if ok else "MISSED")))
    for m in misses:
        print("  miss: " + m)
    return failed


APPLICANTS = ["natural_person", "commercial_enterprise", "research_institution", "public_interest_org",
              "legal_service_org", "other_org"]
APPEAL_PARTS = ["upheld", "corrected", "other", "pending"]


def read_labels(path):
    """{file: {figure: (value, line, how, note)}}; value is a float or 'blank' / 'unreadable' / 'absent'."""
    labels = {}
    with open(path, encoding="utf-8") as fh:
        header = None
        for line in fh:
            if line.startswith("#") or not line.strip():
                continue
            cells = line.rstrip("\n").split("\t")
            if header is None:
                header = cells; continue
            r = dict(zip(header, cells))
            v = r["value"]
            labels.setdefault(r["file"], {})[r["figure"]] = (
                v if v in ("blank", "unreadable", "absent") else float(v), r["line"], r["how"], r.get("note", ""))
    return labels


def walk(obj, path):
    for k in path:
        if not isinstance(obj, dict):
            return None
        obj = obj.get(k)
    return obj


def numbers_under(obj):
    if isinstance(obj, dict):
        return any(numbers_under(v) for v in obj.values())
    return isinstance(obj, (int, float)) and not isinstance(obj, bool)


def without(obj, paths):
    """A copy of obj without the dotted paths."""
    obj = json.loads(json.dumps(obj))
    for p in paths:
        *head, last = p.split(".")
        d = walk(obj, head)
        if isinstance(d, dict):
            d.pop(last, None)
    return obj


def label_rules(lab):
    """Rule instances the labelled table decides: {(rule, row): True if it holds}; blank counts as 0,
    an unreadable cell leaves its rule undecided (left out)."""
    def val(k):
        v = lab.get(k)
        if v is None:
            return None
        v = v[0]
        return 0.0 if v == "blank" else (None if v in ("unreadable", "absent") else v)

    def total(keys):
        vals = [val(k) for k in keys]
        return None if any(v is None for v in vals) else sum(vals)

    out = {}
    rows = sorted({k.rsplit(".", 1)[0] for k in lab if k.startswith("requests.") and k.count(".") >= 2})
    for row in rows:
        a, b = total(["%s.%s" % (row, c) for c in APPLICANTS]), val(row + ".total")
        if a is not None and b is not None:
            out[("row_total", row)] = a == b
    new, old = val("requests.new_applications.total"), val("requests.carried_over.total")
    handled, fwd = val("requests.handled_total.total"), val("requests.carried_forward.total")
    if None not in (new, old, handled, fwd):
        out[("requests_balance", "requests")] = new + old == handled + fwd
    parts = [r for r in rows if r.split(".")[1] in ("granted", "partially_granted") or ".items." in r]
    if "requests.other_handling.total" in lab and not any(".other_handling.items." in r for r in parts):
        parts.append("requests.other_handling")
    s = total([p + ".total" for p in parts])
    if parts and s is not None and handled is not None:
        out[("handled_total", "requests")] = s == handled
    for a in ("reconsideration", "litigation_direct", "litigation_after_reconsideration"):
        row = "appeals." + a
        s, t = total(["%s.%s" % (row, c) for c in APPEAL_PARTS]), val(row + ".total")
        if s is not None and t is not None:
            out[("appeals_total", row)] = s == t
    return out


def check_key(c):
    """(rule, row) of a reported check, in label terms."""
    row = c.get("row") or ""
    if c["rule"] in ("requests_balance", "handled_total"):
        return (c["rule"], "requests")
    if c["rule"] == "appeals_total":
        return (c["rule"], "appeals." + row)
    parts = row.split(".")
    return (c["rule"], "requests." + (parts[0] if len(parts) == 1 else "%s.items.%s" % (parts[0], parts[1])))


def tables(binary, real_dir, labels_path, verbose):
    labels = read_labels(labels_path)
    print("Real-report tables (%d reports, labels %s)" % (len(labels), os.path.relpath(labels_path, REPO)))
    print("  %-24s %6s %6s %6s %8s %6s" % ("report", "right", "wrong", "missing", "figures", "false alarms"))
    rows, sums, notes = score_tables(binary, real_dir, labels)
    for f, counts in rows:
        print("  %-24s %6d %6d %6d %8d %6d" % (f, *counts))
    print("  %-24s %6d %6d %6d %8d %6d" % ("total", *sums))
    ok = sums[1] == 0 and sums[2] == 0 and sums[4] == 0
    print("  right %s, wrong %d, missing %d, false alarms %d  target 100%% right, 0 wrong, 0 false alarms %s"
          % (pct(sums[0], sums[3]), sums[1], sums[2], sums[4], "ok" if ok else "MISSED"))
    apps = applications(binary, real_dir, labels)
    print("  applications received: right %s, wrong %d, missing %d (%d of the labels from the prose)"
          % (pct(apps[0], apps[3]), apps[1], apps[2], apps[4]))
    for m in notes if verbose else [m for m in notes if "WRONG" in m or "false alarm" in m or "absent" in m]:
        print("  " + m)
    if not verbose and sums[2]:
        print("  (%d missing figures: --verbose lists them)" % sums[2])
    return not ok


def renderings(binary, root, labels_path, verbose):
    """The labelled reports as collections hold them (scripts/accuracy/render.py): per rendering,
    right / wrong / missing / false alarms. A rendering changes the layout, never a figure: the
    target is 0 wrong and 0 false alarms; a figure it hides may be null (missing)."""
    labels = read_labels(labels_path)
    kinds = sorted(d for d in os.listdir(root) if os.path.isdir(os.path.join(root, d)))
    print("Renderings of the labelled reports (%s)" % os.path.relpath(root, REPO))
    print("  %-18s %7s %6s %6s %8s %8s %6s" % ("rendering", "reports", "right", "wrong", "missing", "figures", "false alarms"))
    failed = False
    all_notes = []
    for kind in kinds:
        d = os.path.join(root, kind)
        present = {f: v for f, v in labels.items() if os.path.exists(os.path.join(d, f))}
        _, sums, notes = score_tables(binary, d, present)
        print("  %-18s %7d %6d %6d %8d %8d %6d  right %s" % (kind, len(present), sums[0], sums[1], sums[2], sums[3], sums[4],
                                                         pct(sums[0], sums[3])))
        failed |= sums[1] > 0 or sums[4] > 0
        all_notes += ["%s: %s" % (kind, m) for m in notes if verbose or "WRONG" in m or "false alarm" in m or "absent" in m]
    print("  target: 0 wrong, 0 false alarms in every rendering %s" % ("MISSED" if failed else "ok"))
    for m in all_notes:
        print("  " + m)
    return failed


def score_tables(binary, real_dir, labels):
    """Per report (right, wrong, missing, figures, false alarms), their sums, and notes."""
    files = {f: os.path.abspath(os.path.join(real_dir, f)) for f in labels}
    got = inspect(binary, sorted(files.values()))
    sums = [0, 0, 0, 0, 0]
    rows = []
    notes = []
    for f in sorted(labels):
        lab = labels[f]
        o = got.get(files[f]) or {}
        st = o.get("statistics") or {}
        right = wrong = missing = 0
        for fig, (want, line, how, _) in sorted(lab.items()):
            if want == "absent":
                # absent concerns table figures: the prose's, labelled in their own rows, are left out
                sub = without(st, [k for k, v in lab.items() if v[2] == "prose" and isinstance(v[0], float)])
                sub = sub if fig == "(none)" else walk(sub, fig.split("."))
                ok = not numbers_under(sub)
                right += ok; wrong += not ok
                if not ok:
                    notes.append("%s %s: label absent, found figures" % (f, fig))
                continue
            have = walk(st, fig.split("."))
            if isinstance(have, dict):
                have = None
            if isinstance(want, float):
                if have is None:
                    missing += 1
                    why = (o.get("nulls") or {}).get(fig)
                    notes.append("%s %s: missing (label %g, line %s, %s)%s" % (f, fig, want, line, how, "; null: " + why if why else ""))
                elif abs(float(have) - want) < 1e-6:
                    right += 1
                else:
                    wrong += 1
                    notes.append("%s %s: WRONG %r (label %g, line %s, %s)" % (f, fig, have, want, line, how))
            elif have is None:
                right += 1
            else:
                wrong += 1
                notes.append("%s %s: WRONG %r (label %s, line %s)" % (f, fig, have, want, line))
        rules = label_rules(lab)
        alarms = 0
        for c in o.get("checks") or []:
            k = check_key(c)
            if rules.get(k) is True:
                alarms += 1
                notes.append("%s false alarm: %s %s (%s)" % (f, c["rule"], c.get("row") or "", c["message"]))
        n = len(lab)
        rows.append((f, (right, wrong, missing, n, alarms)))
        for i, x in enumerate((right, wrong, missing, n, alarms)):
            sums[i] += x
    return rows, sums, notes


def applications(binary, real_dir, labels):
    """The year's applications received, the figure researchers ask first, from a table or the
    prose: (right, wrong, missing, labelled, labelled from the prose)."""
    labelled = {f: v["requests.new_applications.total"] for f, v in labels.items()
                if isinstance(v.get("requests.new_applications.total", ("",))[0], float)}
    files = {f: os.path.abspath(os.path.join(real_dir, f)) for f in labelled}
    got = inspect(binary, sorted(files.values()))
    out = [0, 0, 0, len(labelled), sum(1 for v in labelled.values() if v[2] == "prose")]
    for f, (want, _, _, _) in labelled.items():
        have = walk((got.get(files[f]) or {}).get("statistics") or {}, ["requests", "new_applications", "total"])
        out[2 if have is None else 0 if abs(float(have) - want) < 1e-6 else 1] += 1
    return out


FIG = {  # truth.jsonl field -> how to read it from the inspect object
    "applications_new": ("requests", "new_applications"),
    "applications_carried_over": ("requests", "carried_over"),
    "granted": ("requests", "granted"),
    "partially_granted": ("requests", "partially_granted"),
    "withheld": ("requests", "withheld"),
    "unable_to_provide": ("requests", "unable_to_provide"),
    "not_processed": ("requests", "not_processed"),
    "other": ("requests", "other_handling"),
    "handled_total": ("requests", "handled_total"),
    "carried_forward": ("requests", "carried_forward"),
    "reconsideration_total": ("appeals", "reconsideration"),
    "litigation_total": ("appeals", "litigation"),
    "regulations": ("proactive", "regulations", "made"),
    "normative_docs": ("proactive", "normative_documents", "made"),
    "procurement_items": ("proactive", "procurement", "count"),
    "procurement_amount_wan": ("proactive", "procurement", "amount"),
}


def figure(o, spec):
    st = o.get("statistics") or {}
    if spec[0] == "requests":
        row = (st.get("requests") or {}).get(spec[1])
        return None if row is None else row.get("total")
    if spec[0] == "appeals":
        ap = st.get("appeals") or {}
        if spec[1] == "litigation":
            a = (ap.get("litigation_direct") or {}).get("total")
            b = (ap.get("litigation_after_reconsideration") or {}).get("total")
            return None if a is None and b is None else (a or 0) + (b or 0)
        return (ap.get(spec[1]) or {}).get("total")
    item = (st.get("proactive") or {}).get(spec[1]) or {}
    return item.get(spec[2])


def synthetic(binary, count, seed):
    gen = os.path.join(REPO, "scripts", "corpus", "gen_corpus.py")
    cache = "/tmp/govsearch-accuracy-%d-%d" % (count, seed)
    if not os.path.exists(os.path.join(cache, "truth.jsonl")):
        subprocess.run([sys.executable, gen, str(count), cache, "--seed", str(seed)], check=True)
    truths = [json.loads(l) for l in open(os.path.join(cache, "truth.jsonl"), encoding="utf-8")]
    files = [os.path.join(cache, t["file"]) for t in truths]
    got = inspect(binary, files)
    mismatches = []
    checked = 0
    for t, f in zip(truths, files):
        o = got.get(f)
        if o is None:
            mismatches.append("%s: not read" % t["file"]); continue
        # region: the text names only the district, so the truth must end with what was found
        found_region = o.get("region")
        # the generator's region stops at the county; a township the text shows is extra detail
        for suffix in ("街道", "镇", "乡"):
            if found_region and found_region.endswith(suffix) and t["region"] in t["agency"] or False:
                pass
        if found_region:
            units = re.findall(r".+?(?:街道|省|市|区|县|镇|乡)", found_region)
            if len(units) > 1 and units[-1].endswith(("街道", "镇", "乡")):
                found_region = "".join(units[:-1])
        tests = [("year", t["year"], o.get("year"), o.get("year") == t["year"]),
                 ("agency", t["agency"], o.get("agency"), o.get("agency") == t["agency"]),
                 ("region", t["region"], found_region, bool(found_region) and t["region"].endswith(found_region))]
        for k, spec in FIG.items():
            v = figure(o, spec)
            ok = v is not None and abs(float(v) - float(t[k])) < 1e-6
            tests.append((k, t[k], v, ok))
        for name, want, have, ok in tests:
            checked += 1
            if not ok:
                mismatches.append("%s %s: expected %r, found %r" % (t["file"], name, want, have))
    print("Synthetic corpus: %d reports, %d figures checked, %d mismatches (target 0)" % (len(truths), checked, len(mismatches)))
    for m in mismatches[:40]:
        print("  mismatch: " + m)
    if len(mismatches) > 40:
        print("  … %d more" % (len(mismatches) - 40))
    return bool(mismatches)


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--count", type=int, default=2000)
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--real", default=os.path.join(REPO, "RealReports"))
    ap.add_argument("--no-synthetic", action="store_true")
    ap.add_argument("--no-tables", action="store_true")
    ap.add_argument("--labels", default=os.path.join(REPO, "scripts", "accuracy", "real-table-labels.tsv"))
    ap.add_argument("--renderings", default=os.path.join(REPO, "RealReports", "renderings"),
                    help="folder of renderings of the labelled reports (scripts/accuracy/render.py); '' for none")
    ap.add_argument("--only-renderings", action="store_true", help="score the renderings only")
    ap.add_argument("--verbose", action="store_true", help="list every missing table figure")
    args = ap.parse_args()
    binary = os.environ.get("GOVSEARCH") or os.path.join(REPO, ".build", "debug", "govsearch")
    if not os.path.isabs(binary):
        binary = os.path.join(REPO, binary)
    if not os.access(binary, os.X_OK):
        sys.exit("accuracy: no govsearch binary at %s (build it, or set GOVSEARCH)" % binary)
    if args.only_renderings:
        sys.exit(1 if renderings(binary, os.path.normpath(args.renderings), args.labels, args.verbose) else 0)
    failed = real(binary, os.path.normpath(args.real))
    if not args.no_tables:
        failed |= tables(binary, os.path.normpath(args.real), args.labels, args.verbose)
        if args.renderings and os.path.isdir(args.renderings):
            failed |= renderings(binary, os.path.normpath(args.renderings), args.labels, args.verbose)
    if not args.no_synthetic:
        failed |= synthetic(binary, args.count, args.seed)
    sys.exit(1 if failed else 0)


if __name__ == "__main__":
    main()
