#!/usr/bin/env bash
# `make test-browser`: drives the search page in headless Chromium over the
# Chrome DevTools protocol (python3 + websocket-client) against a loopback
# server over an index of Fixtures/. Loads /?q=依申请公开, checks the hits and
# counts against the API, clicks the 2020 year facet, removes its chip, opens
# a report, checks a phone-sized layout; screenshots go to .build/screenshots/
# and the page filtered to 2020 is copied to docs/serve-screenshot.png.
set -euo pipefail
cd "$(dirname "$0")/.."

SCRATCH=${SCRATCH:-.build}
SHOTS=.build/screenshots

need=""
command -v chromium >/dev/null || need="$need chromium"
fc-list 2>/dev/null | grep -qi "Noto Sans CJK" || need="$need fonts-noto-cjk"
if [ -n "$need" ]; then
  echo "installing$need"
  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $need >/dev/null
fi
python3 -c "import websocket" 2>/dev/null || python3 -m pip install -q websocket-client

. "$(dirname "$0")/serve-helpers.sh"
serve_fixtures  # sets BIN, WORK, BASE, PORT; stops the server and removes WORK on exit
mkdir -p "$SHOTS" docs
python3 - "http://127.0.0.1:$PORT" "$SHOTS" "$WORK" <<'EOF'
import base64, json, os, subprocess, sys, time, urllib.parse, urllib.request
import websocket

base, shots, work = sys.argv[1], sys.argv[2], sys.argv[3]
failures = []

def check(ok, what):
    print(("ok   " if ok else "FAIL ") + what)
    if not ok: failures.append(what)

def api(path):
    with urllib.request.urlopen(base + path) as r:
        return json.load(r)

profile = os.path.join(work, "chrome")
chrome = subprocess.Popen(["chromium", "--headless=new", "--no-sandbox", "--disable-gpu", "--no-first-run",
                           "--disable-dev-shm-usage", "--hide-scrollbars", "--remote-debugging-port=0",
                           "--user-data-dir=" + profile, "--window-size=1280,900", "--lang=zh-CN", "about:blank"],
                          stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
try:
    port_file = os.path.join(profile, "DevToolsActivePort")
    for _ in range(200):
        if os.path.exists(port_file) and open(port_file).read().strip(): break
        time.sleep(0.1)
    devport = open(port_file).read().split()[0]
    targets = json.load(urllib.request.urlopen(f"http://127.0.0.1:{devport}/json/list"))
    page = next(t for t in targets if t["type"] == "page")
    ws = websocket.create_connection(page["webSocketDebuggerUrl"], timeout=30, suppress_origin=True)
    seq = [0]
    errors = []

    def cdp(method, **params):
        seq[0] += 1
        ws.send(json.dumps({"id": seq[0], "method": method, "params": params}))
        while True:
            m = json.loads(ws.recv())
            if m.get("method") == "Runtime.exceptionThrown":
                errors.append(m["params"]["exceptionDetails"].get("exception", {}).get("description", "exception"))
            if m.get("method") == "Runtime.consoleAPICalled" and m["params"]["type"] == "error":
                errors.append(" ".join(str(a.get("value", a.get("description", ""))) for a in m["params"]["args"]))
            if m.get("id") == seq[0]:
                if "error" in m: raise RuntimeError(f"{method}: {m['error']}")
                return m.get("result", {})

    def js(expr):
        r = cdp("Runtime.evaluate", expression=expr, returnByValue=True, awaitPromise=True)
        if "exceptionDetails" in r: raise RuntimeError(f"{expr}: {r['exceptionDetails']}")
        return r["result"].get("value")

    def wait_state(states, timeout=15):
        end = time.time() + timeout
        while time.time() < end:
            s = js("document.body && document.body.dataset.state")
            if s in states: return s
            time.sleep(0.05)
        raise RuntimeError(f"page never reached {states} (last {s!r})")

    def shot(name):
        time.sleep(0.3)  # fonts and layout settle
        data = cdp("Page.captureScreenshot", format="png", captureBeyondViewport=False)["data"]
        path = os.path.join(shots, name)
        open(path, "wb").write(base64.b64decode(data))
        print("     screenshot " + path)

    cdp("Page.enable"); cdp("Runtime.enable")
    q = "依申请公开"

    # 1. A URL with the query shows its results.
    cdp("Page.navigate", url=base + "/?" + urllib.parse.urlencode({"q": q}))
    wait_state({"results"})
    truth = api("/api/search?" + urllib.parse.urlencode({"q": q, "limit": 10, "facets": "year,agency,region,section"}))
    check(js("document.getElementById('q').value") == q, "the search box holds the query from the URL")
    check(js("document.getElementById('status').dataset.total") == str(truth["total"]), f"status shows total {truth['total']}")
    check(js("document.querySelectorAll('.hit').length") == len(truth["hits"]), f"{len(truth['hits'])} hits listed")
    check(js("[...document.querySelectorAll('.hit')].map(h => h.dataset.id).join()") == ",".join(h["id"] for h in truth["hits"]),
          "hits in the API's order")
    marks = js("[...document.querySelectorAll('.hit mark')].map(m => m.textContent.replace(/\\s+/g, ''))")
    check(len(marks) > 0 and all(m == q for m in marks), f"{len(marks)} highlights, each exactly {q}")
    for facet, counts in truth["facets"].items():
        shown = js(f"Object.fromEntries([...document.querySelectorAll('.facet[data-facet={facet}] li a')].map(a => [a.dataset.value, +a.querySelector('.n').textContent]))")
        ok = shown == counts if len(counts) <= 12 else len(shown) == 12 and all(counts.get(k) == v for k, v in shown.items())
        check(ok, f"facet {facet}: {len(shown)} values, counts as in the API")
    shot("results.png")

    # 2. Click the 2020 year facet: the query gains year:2020 and a chip.
    has2020 = "2020" in truth["facets"].get("year", {})
    check(has2020, "the fixtures have 2020 reports for the query")
    if has2020:
        js("document.querySelector('.facet[data-facet=year] a[data-value=\"2020\"]').click()")
        time.sleep(0.1); wait_state({"results"})
        t2020 = api("/api/search?" + urllib.parse.urlencode({"q": q + " year:2020", "limit": 10}))
        check(js("new URLSearchParams(location.search).get('q')") == q + " year:2020", "the URL holds 依申请公开 year:2020")
        check(js("document.getElementById('status').dataset.total") == str(t2020["total"]), f"2020 total {t2020['total']}")
        check(js("[...document.querySelectorAll('.hit .year')].every(e => e.textContent.startsWith('2020'))"), "every hit is from 2020")
        check(js("document.querySelectorAll('.chip[data-field=year][data-value=\"2020\"]').length") == 1, "a year:2020 chip")
        shot("facet-2020.png")
        # 3. Removing the chip goes back to all years.
        js("document.querySelector('.chip[data-field=year] button').click()")
        time.sleep(0.1); wait_state({"results"})
        check(js("new URLSearchParams(location.search).get('q')") == q, "removing the chip restores the query")
        check(js("document.getElementById('status').dataset.total") == str(truth["total"]), "and the total")

    # 4. Open the first report.
    first = truth["hits"][0]
    js("document.querySelector('.hit a.open').click()")
    time.sleep(0.1); wait_state({"report"})
    rep = api(f"/api/reports/{first['id']}")
    check(js("new URLSearchParams(location.search).get('report')") == first["id"], "the URL names the report")
    check(js("document.querySelectorAll('#report details').length") == len(rep["sections"]), f"{len(rep['sections'])} sections shown")
    check(js("document.getElementById('layout').offsetParent === null && document.getElementById('report').offsetParent !== null"),
          "the report replaces the result list on screen")
    if rep["statistics"].get("requests"):
        check(js("document.querySelectorAll('#report table').length") >= 1, "statistics tables shown")
    shot("report.png")
    js("history.back()"); wait_state({"results"})
    check(js("document.querySelectorAll('.hit').length") == len(truth["hits"]), "back returns to the results")

    # 5. Paging (when there is more than one page), bad query.
    if truth["total"] > 10:
        js("document.querySelector('.pager a[rel=next]').click()"); time.sleep(0.1); wait_state({"results"})
        check(js("new URLSearchParams(location.search).get('offset')") == "10", "next page")
    cdp("Page.navigate", url=base + "/?" + urllib.parse.urlencode({"q": '"' + q}))
    wait_state({"error"})
    msg = js("document.getElementById('status').textContent")
    check(msg.startswith("bad query") and "unbalanced quote" in msg, "a bad query shows the CLI message: " + msg)

    # 6. A phone-sized screen: no sideways scrolling.
    cdp("Emulation.setDeviceMetricsOverride", width=390, height=844, deviceScaleFactor=2, mobile=True)
    cdp("Page.navigate", url=base + "/?" + urllib.parse.urlencode({"q": q}))
    wait_state({"results"})
    check(js("document.documentElement.scrollWidth <= window.innerWidth + 1"), "no horizontal overflow at 390 px")
    shot("mobile.png")
    js("document.querySelector('.hit a.open').click()"); time.sleep(0.1); wait_state({"report"})
    check(js("document.documentElement.scrollWidth <= window.innerWidth + 1"), "report view fits 390 px (tables scroll inside)")
    shot("mobile-report.png")

    check(not errors, "no JavaScript errors" + (": " + "; ".join(errors) if errors else ""))
    ws.close()
finally:
    chrome.terminate()
    try: chrome.wait(10)
    except Exception: chrome.kill()

if failures:
    print(f"{len(failures)} browser check(s) failed", file=sys.stderr)
    sys.exit(1)
print("all browser checks passed")
EOF
cp "$SHOTS/facet-2020.png" docs/serve-screenshot.png
echo "screenshots in $SHOTS; docs/serve-screenshot.png updated"
