#!/usr/bin/env python3
"""Renders every labelled real report the ways real collections hold them (issue 26).

    scripts/accuracy/render.py [--out RealReports/renderings]

For each report of scripts/accuracy/real-table-labels.tsv, one file per rendering, under the
report's own name, in OUT/<rendering>/:

  collapsed         every run of white space collapsed to one space, one line (a crawler's text)
  no-space          every white space character removed (a page's text dumped without layout)
  row-twice         the 2019 form's row 三、本年度办理结果 printed twice (a crawler's duplicated cell)
  page-markers      page markers (— 3 —), a repeated running head and hard wraps every 38
                    characters, as PDF-to-text and PDF-to-markdown tools leave them
  pdftotext-layout  a PDF of the text (reportlab, CID font STSong-Light, wrapped to the page)
  pdftotext-raw       read back by poppler's pdftotext -layout and -raw

The labels stay those of the original: a rendering changes the layout, never a figure. So
`scripts/accuracy.py --renderings OUT` must find each labelled figure or null, never another
number. The rendered texts are committed: tests don't need reportlab or poppler.
Deterministic (reportlab's invariant mode): a second run writes the same bytes.
"""
import argparse
import io
import os
import re
import subprocess
import sys
import tempfile

REPO = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
LABELS = os.path.join(REPO, "scripts", "accuracy", "real-table-labels.tsv")


def labelled_files():
    files = set()
    for line in open(LABELS, encoding="utf-8"):
        if line.startswith("#") or line.startswith("file\t"):
            continue
        files.add(line.split("\t", 1)[0])
    return sorted(files)


def collapsed(t):
    return re.sub(r"\s+", " ", t).strip() + "\n"


def no_space(t):
    return re.sub(r"\s+", "", t) + "\n"


def row_twice(t):
    i = t.find("三、本年度办理结果")
    if i < 0:
        return None
    row = "三、本年度办理结果"
    return t[:i] + row + " " + t[i:]


def page_markers(t, width=38, per_page=40):
    """Hard-wrapped lines of `width` characters, a running head and a page marker every page."""
    lines = []
    for para in t.splitlines():
        para = para.strip()
        while para:
            lines.append(para[:width])
            para = para[width:]
    out, page = [], 1
    for k in range(0, len(lines), per_page):
        out.append("政府信息公开工作年度报告")
        out.extend(lines[k:k + per_page])
        out.append("— %d —" % page)
        page += 1
    return "\n".join(out) + "\n"


def pdf(text, size=10.5):
    from reportlab.lib.pagesizes import A4
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.cidfonts import UnicodeCIDFont
    from reportlab.pdfgen import canvas
    pdfmetrics.registerFont(UnicodeCIDFont("STSong-Light"))
    buf = io.BytesIO()
    c = canvas.Canvas(buf, pagesize=A4, invariant=1, pageCompression=1)
    w, h = A4
    width = w - 80
    y = h - 50
    for line in text.splitlines():
        line = line.rstrip()
        while True:
            n = len(line)
            while n > 1 and pdfmetrics.stringWidth(line[:n], "STSong-Light", size) > width:
                n -= 1
            chunk, line = line[:n], line[n:]
            if y < 50:
                c.showPage()
                y = h - 50
            c.setFont("STSong-Light", size)
            c.drawString(40, y, chunk)
            y -= size * 1.4
            if not line:
                break
    c.save()
    return buf.getvalue()


def pdftotext(data, mode):
    with tempfile.NamedTemporaryFile(suffix=".pdf") as f:
        f.write(data)
        f.flush()
        return subprocess.run(["pdftotext", "-enc", "UTF-8", mode, f.name, "-"], check=True,
                              capture_output=True).stdout.decode("utf-8")


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--out", default=os.path.join(REPO, "RealReports", "renderings"))
    a = ap.parse_args()
    made = 0
    for name in labelled_files():
        text = open(os.path.join(REPO, "RealReports", name), encoding="utf-8").read()
        renderings = {"collapsed": collapsed(text), "no-space": no_space(text), "row-twice": row_twice(text),
                      "page-markers": page_markers(text)}
        data = pdf(text)
        renderings["pdftotext-layout"] = pdftotext(data, "-layout")
        renderings["pdftotext-raw"] = pdftotext(data, "-raw")
        for kind, body in renderings.items():
            if body is None:
                continue
            d = os.path.join(a.out, kind)
            os.makedirs(d, exist_ok=True)
            with open(os.path.join(d, name), "w", encoding="utf-8") as fh:
                fh.write(body)
            made += 1
    print("render: %d files in %s" % (made, os.path.relpath(a.out, REPO)), file=sys.stderr)


if __name__ == "__main__":
    main()
