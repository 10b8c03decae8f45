"""Headless Chromium over the DevTools protocol, for scripts/test-browser.sh and
scripts/bench-serve.sh: start it, run JavaScript in the page, wait for the
page's `data-state`, take screenshots."""
import base64, json, os, subprocess, time, urllib.request

import websocket


class Chrome:
    def __init__(self, profile, width=1280, height=900):
        self.errors = []
        self.seq = 0
        self.proc = subprocess.Popen(
            ["chromium", "--headless=new", "--no-sandbox", "--disable-gpu", "--no-first-run",
             "--disable-dev-shm-usage", "--hide-scrollbars", "--remote-debugging-port=0",
             "--user-data-dir=" + profile, f"--window-size={width},{height}", "--lang=zh-CN", "about:blank"],
            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        port_file = os.path.join(profile, "DevToolsActivePort")
        for _ in range(300):
            if os.path.exists(port_file) and open(port_file).read().strip(): break
            time.sleep(0.1)
        devport = open(port_file).read().split()[0]
        targets = json.load(urllib.request.urlopen(f"http://127.0.0.1:{devport}/json/list"))
        page = next(t for t in targets if t["type"] == "page")
        self.ws = websocket.create_connection(page["webSocketDebuggerUrl"], timeout=60, suppress_origin=True)
        self.cdp("Page.enable"); self.cdp("Runtime.enable")

    def cdp(self, method, **params):
        self.seq += 1
        self.ws.send(json.dumps({"id": self.seq, "method": method, "params": params}))
        while True:
            m = json.loads(self.ws.recv())
            if m.get("method") == "Runtime.exceptionThrown":
                self.errors.append(m["params"]["exceptionDetails"].get("exception", {}).get("description", "exception"))
            if m.get("method") == "Runtime.consoleAPICalled" and m["params"]["type"] == "error":
                self.errors.append(" ".join(str(a.get("value", a.get("description", ""))) for a in m["params"]["args"]))
            if m.get("id") == self.seq:
                if "error" in m: raise RuntimeError(f"{method}: {m['error']}")
                return m.get("result", {})

    def js(self, expr):
        r = self.cdp("Runtime.evaluate", expression=expr, returnByValue=True, awaitPromise=True)
        if "exceptionDetails" in r: raise RuntimeError(f"{expr}: {r['exceptionDetails']}")
        return r["result"].get("value")

    def navigate(self, url):
        self.cdp("Page.navigate", url=url)

    def wait_for(self, expr, what, timeout=15):
        end = time.time() + timeout
        while time.time() < end:
            v = self.js(f"!!({expr})")
            if v: return v
            time.sleep(0.05)
        raise RuntimeError("timed out waiting for " + what)

    def wait_state(self, states, timeout=15):
        end = time.time() + timeout
        s = None
        while time.time() < end:
            s = self.js("document.body && document.body.dataset.state")
            if s in states: return s
            time.sleep(0.05)
        raise RuntimeError(f"page never reached {states} (last {s!r})")

    def click(self, selector, states):
        self.js(f"document.querySelector({json.dumps(selector)}).click()")
        time.sleep(0.1)
        return self.wait_state(states)

    def screenshot(self, path, full=False, width=1280):
        time.sleep(0.4)  # fonts and layout settle
        params = {"format": "png"}
        if full:
            h = self.js("Math.min(document.documentElement.scrollHeight, 2400)")
            params.update(captureBeyondViewport=True, clip={"x": 0, "y": 0, "width": width, "height": h, "scale": 1})
        open(path, "wb").write(base64.b64decode(self.cdp("Page.captureScreenshot", **params)["data"]))
        print("     screenshot " + path)

    def close(self):
        try: self.ws.close()
        except Exception: pass
        self.proc.terminate()
        try: self.proc.wait(10)
        except Exception: self.proc.kill()
