#!/usr/bin/env bash
# `make test-browser`: drives the search page in headless Chromium over the
# Chrome DevTools protocol (python3 + websocket-client) against a loopback
# server over an index of Fixtures/ and RealReports/. Checks what renders
# against the API: the results for 依申请公开 (hits, highlights, facet counts
# with their （未知） bucket adding up to the total, the trend chart by year and
# by agency), a facet click and its chip, a full-width year：2020 chip, the sort
# control, the CSV download (byte for byte /api/export), a report (tables in the
# official form's order with Chinese labels, nulls with their reason, the
# original file and its copies), the query's matches marked in a report's text
# where the server says (ＡＰＰ OR 商业企业: full-width letters, a word broken by a
# line break), the statistics tab by one key and by two (agency, then year) with
# coverage, chart and the server's CSV, a bad query's Chinese message, and a
# 390 px wide screen. Screenshots go to
# .build/screenshots/; the results, report and statistics views are copied to
# docs/serve-*.png.
set -euo pipefail
cd "$(dirname "$0")/.."

SCRATCH=${SCRATCH:-.build}
SHOTS=.build/screenshots
export SERVE_CORPUS=${SERVE_CORPUS:-"Fixtures RealReports"}

need=""
command -v chromium >/dev/null || need="$need chromium"
fc-list 2>/dev/null | grep -qi "Noto Sans CJK" || need="$need fonts-noto-cjk"
if [ -n "$need" ]; then
  echo "installing$need"
  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $need >/dev/null
fi
python3 -c "import websocket" 2>/dev/null || python3 -m pip install -q websocket-client 2>/dev/null \
  || python3 -m pip install -q --break-system-packages websocket-client

. "$(dirname "$0")/serve-helpers.sh"
serve_fixtures  # sets BIN, WORK, BASE, PORT; stops the server and removes WORK on exit
mkdir -p "$SHOTS" docs
python3 - "http://127.0.0.1:$PORT" "$SHOTS" "$WORK" <<'EOF'
import csv, io, json, os, re, sys, time, urllib.parse, urllib.request
sys.path.insert(0, "scripts")
from cdp import Chrome

base, shots, work = sys.argv[1], sys.argv[2], sys.argv[3]
failures = []

def check(ok, what):
    print(("ok   " if ok else "FAIL ") + what)
    if not ok: failures.append(what)

def get(path):
    with urllib.request.urlopen(base + path) as r:
        return r.read()

def api(path):
    return json.loads(get(path))

def enc(d):
    return urllib.parse.urlencode(d)

downloads = os.path.join(work, "downloads")
os.makedirs(downloads)
chrome = Chrome(os.path.join(work, "chrome"))
try:
    cdp, js, wait_for, wait_state, click = chrome.cdp, chrome.js, chrome.wait_for, chrome.wait_state, chrome.click
    errors = chrome.errors

    def shot(name, full=False):
        chrome.screenshot(os.path.join(shots, name), full)

    def downloaded(before, timeout=15):
        end = time.time() + timeout
        while time.time() < end:
            new = [f for f in os.listdir(downloads) if f not in before and not f.endswith(".crdownload")]
            if new: return os.path.join(downloads, new[0])
            time.sleep(0.1)
        raise RuntimeError("no download arrived")

    cdp("Browser.setDownloadBehavior", behavior="allow", downloadPath=downloads)
    q = "依申请公开"
    url = lambda **p: base + "/?" + enc(p)

    # 1. A URL with the query shows its results, facets and chart.
    cdp("Page.navigate", url=url(q=q))
    wait_state({"results"})
    truth = api("/api/search?" + enc({"q": q, "limit": 10, "facets": "year,agency,region,section"}))
    total = truth["total"]
    check(js("document.getElementById('q').value") == q, "the search box holds the query from the URL")
    check(js("document.getElementById('status').dataset.total") == str(total), f"status shows total {total}")
    check(js("[...document.querySelectorAll('.hit')].map(h => h.dataset.id).join()") == ",".join(h["id"] for h in truth["hits"]),
          f"{len(truth['hits'])} hits in the API's order")
    marks = js("[...document.querySelectorAll('.hit mark')].map(m => m.textContent.replace(/\\s+/g, ''))")
    check(len(marks) > 0 and all(m == q for m in marks), f"{len(marks)} highlights, each exactly {q}")
    for facet, counts in truth["facets"].items():
        shown = js(f"Object.fromEntries([...document.querySelectorAll('.facet[data-facet={facet}] li a')].map(a => [a.dataset.value, +a.querySelector('.n').textContent]))")
        ok = shown == counts if len(counts) <= 12 else len(shown) == 12 and all(counts.get(k) == v for k, v in shown.items())
        check(ok, f"facet {facet}: {len(shown)} values, counts as in the API")
        if facet != "section":
            js(f"document.querySelector('.facet[data-facet={facet}] .more')?.click()")
            unknown = js(f"+(document.querySelector('.facet[data-facet={facet}] li.unknown .n')?.textContent || 0)")
            check(unknown == total - sum(counts.values()), f"facet {facet}: （未知） {unknown} = total − the values' sum")
            listed = js(f"[...document.querySelectorAll('.facet[data-facet={facet}] li .n')].reduce((a, n) => a + +n.textContent, 0)")
            check(listed == total, f"facet {facet}: counts add up to the total {total}")
    trend = api("/api/trend?" + enc({"q": q, "by": "year"}))
    wait_for("document.querySelector('#trend[data-by=year] svg')", "the trend chart")
    bars = js("[...document.querySelectorAll('#trend .bar')].map(b => [b.dataset.key, +b.dataset.count])")
    check(bars == [[str(r["year"]) if r["year"] is not None else "（未知）", r["count"]] for r in trend["rows"]], f"trend chart: {len(bars)} year bars as /api/trend")
    check(js("document.querySelector('#dl-csv').getAttribute('href')") == "/api/export?" + enc({"q": q, "format": "csv"}), "a CSV download of all matches")
    shot("results.png")

    # 2. The trend switched to agencies.
    click("#trend .switch a[data-by=agency]", {"results"})
    wait_for("document.querySelector('#trend[data-by=agency] svg')", "the agency chart")
    ta = api("/api/trend?" + enc({"q": q, "by": "agency", "top": 15}))
    check(js("document.querySelectorAll('#trend .bar').length") == len(ta["rows"]), f"trend by agency: {len(ta['rows'])} bars")
    check(js("new URLSearchParams(location.search).get('by')") == "agency", "the URL holds by=agency")
    shot("trend-agency.png")

    # 3. Sort by year, newest first.
    js("const s = document.getElementById('sort'); s.value = '-year'; s.dispatchEvent(new Event('change'))")
    time.sleep(0.1); wait_state({"results"})
    sorted_ = api("/api/search?" + enc({"q": q, "limit": 10, "sort": "-year", "facets": ""}))
    check(js("new URLSearchParams(location.search).get('sort')") == "-year", "the URL holds sort=-year")
    check(js("[...document.querySelectorAll('.hit')].map(h => h.dataset.id).join()") == ",".join(h["id"] for h in sorted_["hits"]),
          "hits in the order of sort=-year")
    years = [h["year"] for h in sorted_["hits"] if h["year"]]
    check(years == sorted(years, reverse=True), "and that order is newest first")

    # 4. Download CSV of all matches: the bytes of /api/export.
    before = set(os.listdir(downloads))
    js("document.getElementById('dl-csv').click()")
    path = downloaded(before)
    got = open(path, "rb").read()
    want = get("/api/export?" + enc({"q": q, "format": "csv"}))
    check(got == want, f"the downloaded CSV ({len(got)} bytes) is /api/export's")
    rows = list(csv.reader(io.StringIO(got.decode("utf-8"))))
    check(len(rows) - 1 == total, f"and holds {total} reports")

    # 5. Click the 2020 year facet: the query gains year:2020 and a chip; remove it.
    cdp("Page.navigate", url=url(q=q)); wait_state({"results"})
    has2020 = "2020" in truth["facets"].get("year", {})
    check(has2020, "2020 reports match the query")
    if has2020:
        click('.facet[data-facet=year] a[data-value="2020"]', {"results"})
        t2020 = api("/api/search?" + enc({"q": q + " year:2020", "limit": 10}))
        check(js("new URLSearchParams(location.search).get('q')") == q + " year:2020", "the URL holds 依申请公开 year:2020")
        check(js("document.getElementById('status').dataset.total") == str(t2020["total"]), f"2020 total {t2020['total']}")
        check(js("[...document.querySelectorAll('.hit .year')].every(e => e.textContent.startsWith('2020'))"), "every hit is from 2020")
        check(js("document.querySelectorAll('.chip[data-field=year][data-value=\"2020\"]').length") == 1, "a year:2020 chip")
        wait_for("document.querySelector('#trend svg')", "the chart")
        shot("facet-2020.png")
        click(".chip[data-field=year] button", {"results"})
        check(js("new URLSearchParams(location.search).get('q')") == q, "removing the chip restores the query")
        check(js("document.getElementById('status').dataset.total") == str(total), "and the total")
    # A full-width year：2020 is a field too, with its chip.
    cdp("Page.navigate", url=url(q=q + " year：2020")); wait_state({"results"})
    check(js("document.querySelectorAll('.chip[data-field=year][data-value=\"2020\"]').length") == 1, "year：2020 (full-width colon) has a chip")
    click(".chip[data-field=year] button", {"results"})
    check(js("new URLSearchParams(location.search).get('q')") == q, "removing it restores the query")

    # 6. Open a report: form order, Chinese labels, nulls with reasons, the original file, copies.
    every = [json.loads(l) for l in get("/api/export?format=jsonl").decode("utf-8").splitlines()]
    target = next((r for r in every if r["copies"]), truth["hits"][0])
    cdp("Page.navigate", url=url(q=q)); wait_state({"results"})
    cdp("Page.navigate", url=url(q=q, report=target["id"])); wait_state({"report"})
    rep = api(f"/api/reports/{target['id']}")
    check(js("document.querySelectorAll('#report details').length") == len(rep["sections"]), f"{len(rep['sections'])} sections shown")
    check(js("document.querySelectorAll('#report .toc a').length") == len(rep["sections"]), "a table of contents")
    check(js("document.getElementById('layout').offsetParent === null && document.getElementById('report').offsetParent !== null"),
          "the report replaces the result list on screen")
    st = rep["statistics"] or {}
    if st.get("requests"):
        form = ["new_applications", "carried_over", "granted", "partially_granted", "withheld", "unable_to_provide",
                "not_processed", "other_handling", "handled_total", "carried_forward"]
        order = js("[...document.querySelectorAll('table.requests tr[data-row]:not(.sub)')].map(r => r.dataset.row)")
        check(order == form, "request rows in the form's order (本年新收 → 上年结转 → 办理结果 → 结转下年度)")
        labels = js("[...document.querySelectorAll('table.form td:first-child')].map(td => td.textContent)")
        check(labels and all(re.search(r"[\u4e00-\u9fff]", l) and not re.search(r"[a-z_]{4,}", l) for l in labels), f"{len(labels)} row labels, all Chinese")
        for path_, v in [("requests.new_applications.total", st["requests"].get("new_applications", {}).get("total"))]:
            shown = js(f"document.querySelector('td[data-path=\"{path_}\"]').textContent")
            check(shown == ("–" if v is None else str(v)), f"{path_} shows {v}")
        prov = rep.get("provenance", {}).get("requests.new_applications.total")
        if prov:
            check(js("document.querySelector('td[data-path=\"requests.new_applications.total\"]').title") .startswith(f"第 {prov['line']} 行"),
                  "a figure's tooltip gives its line")
    if st.get("proactive"):
        text = js("[...document.querySelectorAll('table.proactive td:first-child')].map(td => td.textContent).join()")
        check(not re.search(r"enforcement|licensing|normative_documents|punishment|regulations", text), "proactive rows in Chinese: " + text)
    for k, why in (rep.get("nulls") or {}).items():
        check(js(f"[...document.querySelectorAll('.nulls li')].some(li => li.dataset.path === {json.dumps(k)} && li.title === {json.dumps(why)} && /[\u4e00-\u9fff]/.test(li.textContent))"),
              f"null {k} listed with its reason")
        if k.split(".")[0] in st:
            check(js(f"document.querySelector('td.null[data-path=\"{k}\"]')?.title.includes({json.dumps(why)}) || false"), f"null {k} marked in its table")
    if rep.get("checks"):
        check(js("document.querySelectorAll('.checks li').length") == len(rep["checks"]), "broken checks listed")
    href = js("document.getElementById('original').getAttribute('href')")
    check(href == f"/api/reports/{target['id']}/file", "the report links its original file")
    copies = js("[...document.querySelectorAll('#copies a')].map(a => a.getAttribute('href'))")
    check(copies == [f"/api/reports/{target['id']}/file?copy={i}" for i in range(len(rep["copies"]))], f"{len(rep['copies'])} copies listed")
    shot("report.png", full=True)
    # Open the original file: what the browser gets is the indexed file.
    size = os.path.getsize(rep["path"])
    cdp("Page.navigate", url=base + href)
    time.sleep(0.5)
    wait_for("document.readyState === 'complete'", "the file")
    ctype = js("document.contentType")
    check(ctype.split(";")[0] in ("text/plain", "text/html", "application/pdf"), "the original file opens as " + ctype)
    if ctype.startswith("text/plain"):
        body = js("document.body.innerText")
        disk = open(rep["path"], "rb").read()
        try: check(body.strip()[:200] == disk.decode("utf-8").strip()[:200], "showing the file's text")
        except UnicodeDecodeError: pass
    # The file's document is sandboxed (an origin of its own): it cannot read the API.
    check(js("fetch('/health').then(() => 'read', () => 'refused')") == "refused", "the served file cannot call the API (sandbox)")
    cdp("Page.navigate", url=url(q=q, report=target["id"])); wait_state({"report"})
    got = js(f"fetch({json.dumps(href)}).then(r => r.arrayBuffer()).then(b => b.byteLength)")
    check(got == size, f"its {size} bytes")
    if rep["copies"]:
        csize = os.path.getsize(rep["copies"][0]["path"])
        check(js(f"fetch({json.dumps(copies[0])}).then(r => r.arrayBuffer()).then(b => b.byteLength)") == csize, "copy 0 is the copy's bytes")
    check(js("fetch('/api/reports/0000000000000000/file').then(r => r.status)") == 404, "an unknown report's file is 404")

    # 6b. The query's matches in the report's text: where the server says (matched as the
    # search matches: ＡＰＰ finds APP, 商业企业 finds 商业⏎企业), not guessed in the page.
    qm = "ＡＰＰ OR 商业企业"
    hits_m = {os.path.basename(h["path"]): h["id"] for h in api("/api/search?" + enc({"q": qm, "limit": 100, "facets": ""}))["hits"]}
    for name, form in [("004_a002ef4d6b85274a.txt", "商业\n企业"), ("003_2c0465ede4d245f3.txt", "APP")]:
        rid = hits_m.get(name)
        check(rid is not None, f"{qm} finds {name}")
        if rid is None: continue
        cdp("Page.navigate", url=url(q=qm, report=rid)); wait_state({"report"})
        rm = api(f"/api/reports/{rid}?" + enc({"text": 1, "q": qm}))
        spans = [(a, b) for a, b in rm["highlights"] if any(sec["start"] <= a and b <= sec["end"] for sec in rm["sections"])]
        want = [[a, rm["text"][a:b]] for a, b in spans]
        shown = js("[...document.querySelectorAll('#report pre mark')].map(m => [+m.dataset.at, m.textContent])")
        check(len(want) > 0 and shown == want, f"{name}: {len(want)} marks, at the server's highlights")
        check(form in [t for _, t in shown], f"{name}: {json.dumps(form, ensure_ascii=False)} marked as written for {qm}")
        import unicodedata
        squeeze = lambda t: re.sub(r"\s+", "", unicodedata.normalize("NFKC", t).lower())
        check(all(squeeze(t) in ("app", "商业企业") for _, t in shown), f"{name}: every mark is app or 商业企业 once normalized")
        if name.startswith("004"):
            js("const m = [...document.querySelectorAll('#report pre mark')].find(m => m.textContent.includes('\\n')); m.closest('details').open = true; m.scrollIntoView({ block: 'center' })")
            time.sleep(0.2)
            shot("report-marks.png")

    # 7. The statistics tab.
    cdp("Page.navigate", url=url(q=q)); wait_state({"results"})
    click(".tab[data-tab=stats]", {"stats"})
    stats = api("/api/stats?" + enc({"q": q, "by": "year", "fields": "new_applications,granted,withheld,reconsideration"}))
    shown = js("[...document.querySelectorAll('table.stats tbody tr')].map(tr => [...tr.querySelectorAll('td[data-field]')].map(td => td.firstChild.textContent))")
    want = [[("–" if r[f] is None else str(r[f]) if isinstance(r[f], int) else f"{r[f]:.2f}") for f in stats["fields"]] for r in stats["rows"]]
    check(shown == want, f"statistics table: {len(want)} rows as /api/stats")
    cov = js("[...document.querySelectorAll('table.stats tbody tr')].map(tr => tr.querySelector('td[data-field] .cov')?.textContent)")
    check(cov == [f" ({r['coverage'][stats['fields'][0]]}/{r['reports']})" for r in stats["rows"]], "coverage counts shown")
    before = set(os.listdir(downloads))
    js("document.getElementById('stats-csv').click()")
    got = open(downloaded(before), "rb").read()
    lines = list(csv.reader(io.StringIO(got.decode("utf-8-sig"))))
    check(len(lines) == len(stats["rows"]) + 1 and lines[0][:1 + len(stats["fields"])] == ["year"] + stats["fields"], "statistics CSV downloaded")
    sfields = ",".join(stats["fields"])
    check(got == get("/api/stats?" + enc({"q": q, "by": "year", "fields": sfields, "agg": "sum", "format": "csv"})), "and it is /api/stats?format=csv, byte for byte")
    js("const g = document.getElementById('stats-group'); g.value = 'agency'; g.dispatchEvent(new Event('change'))")
    time.sleep(0.1); wait_state({"stats"})
    sa = api("/api/stats?" + enc({"q": q, "by": "agency", "fields": "new_applications,granted,withheld,reconsideration"}))
    check(js("document.querySelectorAll('table.stats tbody tr').length") == len(sa["rows"]), "statistics by agency")
    # A second key: agency, then year (`by=agency,year`), a row per pair.
    check(js("[...document.querySelectorAll('#stats-then option')].map(o => o.value).join()") == ",year,region,level,format",
          "the second key offers every key but the first, or none")
    js("const t = document.getElementById('stats-then'); t.value = 'year'; t.dispatchEvent(new Event('change'))")
    time.sleep(0.1); wait_state({"stats"})
    wait_for("document.getElementById('stats').dataset.by === 'agency,year'", "the two-key table")
    check(js("new URLSearchParams(location.search).get('group') + ',' + new URLSearchParams(location.search).get('then')") == "agency,year",
          "the URL holds group=agency&then=year")
    sp = api("/api/stats?" + enc({"q": q, "by": "agency,year", "fields": sfields}))
    check(js("[...document.querySelectorAll('table.stats thead th')].map(th => th.textContent).slice(0, 2).join()") == "机关,年度", "two key columns, 机关 and 年度")
    keys = js("[...document.querySelectorAll('table.stats tbody tr')].map(tr => [...tr.querySelectorAll('td.key')].map(td => td.textContent))")
    check(keys == [[r["agency"] or "（未知）", str(r["year"]) if r["year"] is not None else "（未知）"] for r in sp["rows"]],
          f"{len(sp['rows'])} rows, one per agency and year, in /api/stats's order")
    shown = js("[...document.querySelectorAll('table.stats tbody tr')].map(tr => [...tr.querySelectorAll('td[data-field]')].map(td => td.firstChild.textContent))")
    check(shown == [[("–" if r[f] is None else str(r[f]) if isinstance(r[f], int) else f"{r[f]:.2f}") for f in sp["fields"]] for r in sp["rows"]],
          "figures as /api/stats?by=agency,year")
    cov = js("[...document.querySelectorAll('table.stats tbody tr')].map(tr => [...tr.querySelectorAll('td[data-field] .cov')].map(c => c.textContent))")
    check(cov == [[f" ({r['coverage'][f]}/{r['reports']})" for f in sp["fields"]] for r in sp["rows"]], "coverage of every figure in every row")
    f0 = sp["fields"][0]
    check(js("document.querySelectorAll('.statschart .bar').length") == min(20, sum(1 for r in sp["rows"] if r[f0] is not None)),
          "a chart of the first figure, a bar per pair (20 at most)")
    href = js("document.getElementById('stats-csv').getAttribute('href')")
    check(href == "/api/stats?" + enc({"q": q, "by": "agency,year", "fields": sfields, "agg": "sum", "format": "csv"}), "the CSV link is /api/stats?by=agency,year&format=csv")
    before = set(os.listdir(downloads))
    js("document.getElementById('stats-csv').click()")
    got = open(downloaded(before), "rb").read()
    lines = list(csv.reader(io.StringIO(got.decode("utf-8"))))
    check(got == get(href) and lines[0][:2 + len(sp["fields"])] == ["agency", "year"] + sp["fields"] and len(lines) == len(sp["rows"]) + 1,
          f"the two-key CSV downloaded ({len(lines) - 1} rows, columns agency, year, the figures…)")
    shot("stats.png", full=True)

    # 8. Back to results, paging, a bad query's message in Chinese.
    cdp("Page.navigate", url=url(q=q)); wait_state({"results"})
    if total > 10:
        click(".pager a[rel=next]", {"results"})
        check(js("new URLSearchParams(location.search).get('offset')") == "10", "next page")
    cdp("Page.navigate", url=url(q='"' + q))
    wait_state({"error"})
    msg = js("document.getElementById('status').textContent")
    english = js("document.getElementById('status').dataset.english")
    check(msg.startswith("检索式有误") and "引号不成对" in msg, "a bad query's message is Chinese: " + msg)
    check(english.startswith("bad query") and "unbalanced quote" in english, "the API's English text kept aside: " + english)

    # 9. A phone-sized screen: no sideways scrolling.
    cdp("Emulation.setDeviceMetricsOverride", width=390, height=844, deviceScaleFactor=2, mobile=True)
    cdp("Page.navigate", url=url(q=q))
    wait_state({"results"})
    wait_for("document.querySelector('#trend svg')", "the chart")
    check(js("document.documentElement.scrollWidth <= window.innerWidth + 1"), "no horizontal overflow at 390 px")
    shot("mobile.png")
    click(".hit a.open", {"report"})
    check(js("document.documentElement.scrollWidth <= window.innerWidth + 1"), "report view fits 390 px (tables scroll inside)")
    shot("mobile-report.png")
    cdp("Page.navigate", url=url(q=q, tab="stats")); wait_state({"stats"})
    check(js("document.documentElement.scrollWidth <= window.innerWidth + 1"), "statistics tab fits 390 px")

    check(not errors, "no JavaScript errors" + (": " + "; ".join(errors) if errors else ""))
finally:
    chrome.close()

if failures:
    print(f"{len(failures)} browser check(s) failed", file=sys.stderr)
    sys.exit(1)
print("all browser checks passed")
EOF
# KEEP_DOCS=1 (make test): the screenshots stay in $SHOTS; the docs' copies are not touched.
if [ -z "${KEEP_DOCS:-}" ]; then
  cp "$SHOTS/results.png" docs/serve-screenshot.png
  cp "$SHOTS/report.png" docs/serve-report.png
  cp "$SHOTS/stats.png" docs/serve-stats.png
  cp "$SHOTS/report-marks.png" docs/serve-report-marks.png
  echo "screenshots in $SHOTS; docs/serve-screenshot.png, serve-report.png, serve-report-marks.png, serve-stats.png updated"
else
  echo "screenshots in $SHOTS"
fi
