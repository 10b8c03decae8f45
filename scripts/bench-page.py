"""`make bench-serve`, page mode: the search page's first render in headless
Chromium for the first 10 queries of bench/peers/queries.tsv. Prints, per query,
when the results and the trend chart were drawn (app.js's performance marks,
milliseconds from the start of navigation), then the median and the maximum."""
import os, statistics, sys, urllib.parse

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from cdp import Chrome

base, work, queries = sys.argv[1:4]
rows = [l.rstrip("\n").split("\t") for l in open(queries, encoding="utf-8") if l.strip() and not l.startswith("#")]
qs = [(f'"{r[3]}"' if r[1] == "phrase" else r[3]) + (f" year:{r[2]}" if r[2] != "-" else "")
      for r in rows if r[0] != "id" and len(r) >= 4][:10]
chrome = Chrome(os.path.join(work, "chrome-bench"))
try:
    results, charts = [], []
    for q in qs:
        chrome.navigate(base + "/?" + urllib.parse.urlencode({"q": q}))
        chrome.wait_state({"results"}, timeout=30)
        chrome.wait_for("performance.getEntriesByName('govsearch:trend').length", "the chart", timeout=30)
        r = chrome.js("performance.getEntriesByName('govsearch:results')[0].startTime")
        t = chrome.js("performance.getEntriesByName('govsearch:trend')[0].startTime")
        total = chrome.js("document.getElementById('status').dataset.total")
        results.append(r)
        charts.append(t)
        print(f"PAGE q={q} matches={total} results_ms={r:.0f} chart_ms={t:.0f}")
    print(f"PAGE median results_ms={statistics.median(results):.0f} max={max(results):.0f}; "
          f"chart median={statistics.median(charts):.0f} max={max(charts):.0f}")
    if chrome.errors:
        print("PAGE JavaScript errors: " + "; ".join(chrome.errors))
        sys.exit(1)
finally:
    chrome.close()
