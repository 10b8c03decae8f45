#!/usr/bin/env python3
"""Accuracy of `govsearch inspect --json` against labelled real reports and a synthetic corpus.

    scripts/accuracy.py [--count N] [--seed N] [--real DIR] [--no-synthetic]

Binary: $GOVSEARCH or .build/debug/govsearch. Real reports: ../shared/realreports (labels in
MANIFEST.tsv) and Fixtures/; their table figures: scripts/accuracy/real-table-labels.tsv (LABELS.md). Synthetic: /work/shared/tools/gen_corpus.py, cached under /tmp.
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


LABELS = os.path.join(REPO, "scripts", "accuracy", "real-table-labels.tsv")
APPLICANT = ["natural_person", "commercial_enterprise", "research_institution", "public_interest_org",
             "legal_service_org", "other_org"]
GROUPS = ["granted", "partially_granted", "withheld", "unable_to_provide", "not_processed", "other_handling"]


def read_labels(path):
    """file -> {figure path: value (float, or None for blank/unreadable)}, and the tables labelled absent."""
    labels, absent = {}, {}
    with open(path, encoding="utf-8") as fh:
        rows = [l.rstrip("\n").split("\t") for l in fh if l.strip() and not l.startswith("#")]
    for r in rows[1:]:
        f, fig, val = r[0], r[1], r[2]
        if val == "absent":
            absent.setdefault(f, set()).update(["requests", "appeals", "proactive"] if fig == "(none)" else [fig])
            continue
        labels.setdefault(f, {})[fig] = None if val in ("blank", "unreadable") else float(val)
    return labels, absent


def inspected(o, fig):
    """The figure at a dotted path of the inspect object's statistics, or None."""
    v = o.get("statistics") or {}
    for part in fig.split("."):
        if not isinstance(v, dict):
            return None
        v = v.get(part)
        if v is None:
            return None
    return v if isinstance(v, (int, float)) else None


def rules_hold(lab):
    """The consistency rules (as govsearch names them) that the labelled figures satisfy; blank counts 0."""
    g = lambda k: lab.get(k) or 0
    have = lambda prefix: any(k.startswith(prefix) for k in lab)
    ok = set()
    if have("requests."):
        rows = [k.rsplit(".", 1)[0] for k in lab if k.startswith("requests.") and k.endswith(".total")]
        if all(abs(sum(g(r + "." + c) for c in APPLICANT) - g(r + ".total")) < 1e-9 for r in rows):
            ok.add("row_total")
        def group(name):
            if ("requests.%s.total" % name) in lab:
                return g("requests.%s.total" % name)
            return sum(v or 0 for k, v in lab.items() if k.startswith("requests.%s.items." % name) and k.endswith(".total"))
        if abs(sum(group(x) for x in GROUPS) - g("requests.handled_total.total")) < 1e-9:
            ok.add("handled_total")
        if abs(g("requests.new_applications.total") + g("requests.carried_over.total")
               - g("requests.handled_total.total") - g("requests.carried_forward.total")) < 1e-9:
            ok.add("requests_balance")
    if have("appeals."):
        blocks = ["reconsideration", "litigation_direct", "litigation_after_reconsideration"]
        if all(abs(sum(g("appeals.%s.%s" % (b, c)) for c in ("upheld", "corrected", "other", "pending"))
                   - g("appeals.%s.total" % b)) < 1e-9 for b in blocks):
            ok.add("appeals_total")
    return ok


def tables(binary, real_dir):
    """Labelled table figures of the real reports: right / wrong / missing / false alarms."""
    if not os.path.exists(LABELS):
        print("Real tables: no labels at %s" % LABELS)
        return False
    labels, absent = read_labels(LABELS)
    files = sorted(set(labels) | set(absent))
    got = inspect(binary, [os.path.abspath(os.path.join(real_dir, f)) for f in files])
    tot = {"right": 0, "wrong": 0, "missing": 0, "false_alarms": 0, "figures": 0}
    print("Real tables (%d reports, labels: %s)" % (len(files), os.path.relpath(LABELS, REPO)))
    print("  %-22s %7s %6s %5s %7s %12s" % ("report", "figures", "right", "wrong", "missing", "false alarms"))
    details = []
    for f in files:
        o = got.get(os.path.abspath(os.path.join(real_dir, f))) or {}
        c = {"right": 0, "wrong": 0, "missing": 0, "false_alarms": 0}
        lab = labels.get(f, {})
        for fig, want in sorted(lab.items()):
            have = inspected(o, fig)
            if want is None and have is None or (want is not None and have is not None and abs(have - want) < 1e-6):
                c["right"] += 1
            elif have is None:
                c["missing"] += 1; details.append("  missing: %s %s = %s" % (f, fig, want))
            else:
                c["wrong"] += 1; details.append("  WRONG:   %s %s = %s, read %s" % (f, fig, "null" if want is None else want, have))
        for table in sorted(absent.get(f, ())):
            figures = [k for k in lab if k.startswith(table + ".")]
            if not figures:
                read_any = any(v is not None for v in flat((o.get("statistics") or {}).get(table)))
                c["right" if not read_any else "wrong"] += 1
                if read_any:
                    details.append("  WRONG:   %s %s: the table is absent, figures were read" % (f, table))
        holds = rules_hold(lab)
        for chk in o.get("checks") or []:
            if chk.get("rule") in holds:
                c["false_alarms"] += 1; details.append("  FALSE ALARM: %s %s (%s)" % (f, chk.get("rule"), chk.get("message")))
        n = sum(c[k] for k in ("right", "wrong", "missing"))
        print("  %-22s %7d %6d %5d %7d %12d" % (f, n, c["right"], c["wrong"], c["missing"], c["false_alarms"]))
        for k in c:
            tot[k] += c[k]
        tot["figures"] += n
    print("  %-22s %7d %6d %5d %7d %12d" % ("total", tot["figures"], tot["right"], tot["wrong"], tot["missing"], tot["false_alarms"]))
    print("  right %s   target 100%%, 0 wrong, 0 false alarms %s" % (
        pct(tot["right"], tot["figures"]),
        "ok" if tot["right"] == tot["figures"] and tot["false_alarms"] == 0 else "MISSED"))
    for d in details[:60]:
        print(d)
    if len(details) > 60:
        print("  … %d more" % (len(details) - 60))
    return not (tot["right"] == tot["figures"] and tot["false_alarms"] == 0)


def flat(v):
    """Every number in a nested statistics object."""
    if isinstance(v, dict):
        for x in v.values():
            yield from flat(x)
    elif isinstance(v, (int, float)):
        yield v


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
    gen = "/work/shared/tools/gen_corpus.py"
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
    ap.add_argument("--real", default=os.path.join(REPO, "..", "shared", "realreports"))
    ap.add_argument("--no-synthetic", action="store_true")
    args = ap.parse_args()
    binary = os.environ.get("GOVSEARCH") or os.path.join(REPO, ".build", "debug", "govsearch")
    if not os.path.isabs(binary):
        binary = os.path.join(REPO, binary)
    if not os.access(binary, os.X_OK):
        sys.exit("accuracy: no govsearch binary at %s (build it, or set GOVSEARCH)" % binary)
    failed = real(binary, os.path.normpath(args.real))
    failed |= tables(binary, os.path.normpath(args.real))
    if not args.no_synthetic:
        failed |= synthetic(binary, args.count, args.seed)
    sys.exit(1 if failed else 0)


if __name__ == "__main__":
    main()
