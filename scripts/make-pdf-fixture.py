# Makes Fixtures/105_pdf_from_003.pdf: fixture 003's text as a two-page PDF with a CJK font.
# Needs reportlab (pip install reportlab), only to regenerate the fixture; STSong-Light is a
# standard CID font, so nothing is embedded and pdftotext maps it back through poppler-data.
# Usage: python3 scripts/make-pdf-fixture.py Fixtures/003_….txt Fixtures/105_pdf_from_003.pdf
import sys
from reportlab.lib.pagesizes import A4
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.cidfonts import UnicodeCIDFont
from reportlab.pdfgen import canvas
src, dst = sys.argv[1], sys.argv[2]
pdfmetrics.registerFont(UnicodeCIDFont("STSong-Light"))
c = canvas.Canvas(dst, pagesize=A4)
w, h = A4
y = h - 50
for line in open(src, encoding="utf-8").read().splitlines():
    while True:
        chunk, line = line[:38], line[38:]
        if y < 50:
            c.showPage(); y = h - 50
        c.setFont("STSong-Light", 12)
        c.drawString(40, y, chunk)
        y -= 16
        if not line:
            break
c.save()
