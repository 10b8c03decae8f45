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
  pymupdf4llm       the same PDF through a PDF-to-markdown tool (pymupdf4llm 1.28.2 from PyPI: its
                    2.0 on PyPI is an empty package)
  html-text         the text as a web page (pipe and tab rows as <table> rows, other lines as
                    paragraphs) read back by an HTML-to-text converter that puts every cell on a
                    line of its own, an empty cell leaving no line (as get_text("\n") does)

The labels stay those of the original: a rendering changes the layout, never a figure. So
`scripts/accuracy.py --renderings OUT` must find each labelled figure or null, never another
number. The rendered texts are committed: tests don't need reportlab, poppler or pymupdf4llm.
Deterministic (reportlab's invariant mode): a second run writes the same bytes.
"""
import argparse
import html
import io
import os
import re
import subprocess
import sys
import tempfile
from html.parser import HTMLParser

REPO = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
sys.path.insert(0, os.path.join(REPO, "scripts"))
import fixture_pdf  # noqa: E402
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
    """scripts/fixture_pdf.py's PDF of the text's lines (trailing white space dropped)."""
    return fixture_pdf.pdf([line.rstrip() for line in text.splitlines()], size)


def pdftotext(data, mode):
    with tempfile.NamedTemporaryFile(suffix=".pdf") as f:
        f.write(data)
        f.flush()
        return subprocess.run(["pdftotext", "-enc", "UTF-8", mode, f.name, "-"], check=True,
                              capture_output=True).stdout.decode("utf-8")


def pymupdf_markdown(data):
    import pymupdf
    import pymupdf4llm
    return pymupdf4llm.to_markdown(pymupdf.open(stream=data, filetype="pdf"), show_progress=False)


def html_page(text):
    """The text as a web page: a line of pipe or tab separated cells is a table row (markdown's
    |---| rules dropped), every other line a paragraph."""
    out, in_table = ["<html><body>"], False
    for line in text.splitlines():
        cells = None
        if line.count("|") >= 2:
            cells = [c.strip() for c in line.strip().strip("|").split("|")]
            if all(re.fullmatch(r":?-+:?", c) for c in cells if c):
                continue
        elif "\t" in line:
            cells = [c.strip() for c in line.split("\t")]
        if cells is not None:
            if not in_table:
                out.append("<table>"); in_table = True
            out.append("<tr>" + "".join("<td>%s</td>" % html.escape(c) for c in cells) + "</tr>")
            continue
        if in_table:
            out.append("</table>"); in_table = False
        out.append("<p>%s</p>" % html.escape(line))
    if in_table:
        out.append("</table>")
    out.append("</body></html>")
    return "\n".join(out)


class CellPerLine(HTMLParser):
    """An HTML-to-text converter: every paragraph and every table cell ends a line."""
    BLOCKS = {"p", "div", "br", "tr", "td", "th", "table", "li", "h1", "h2", "h3"}

    def __init__(self):
        super().__init__()
        self.lines, self.current = [], ""

    def handle_data(self, data):
        self.current += data.replace("\n", " ")

    def handle_endtag(self, tag):
        if tag in self.BLOCKS and self.current.strip():
            self.lines.append(self.current.strip())
        if tag in self.BLOCKS:
            self.current = ""


def html_text(text):
    parser = CellPerLine()
    parser.feed(html_page(text))
    parser.close()
    return "\n".join(parser.lines) + "\n"


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
        renderings["pymupdf4llm"] = pymupdf_markdown(data)
        renderings["html-text"] = html_text(text)
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
