"""A PDF of text lines, as the fixture makers write them: reportlab, the standard CID font
STSong-Light (nothing embedded), lines wrapped by width, a line holding only a form feed starts a
page, invariant=1 so that the bytes do not change between runs. Needs reportlab (pip install
reportlab) only to regenerate fixtures."""
import io


def pdf(lines, size=12):
    from reportlab.lib.pagesizes import A4
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.cidfonts import UnicodeCIDFont
    from reportlab.pdfgen import canvas
    pdfmetrics.registerFont(UnicodeCIDFont("STSong-Light"))
    buf = io.BytesIO()
    c = canvas.Canvas(buf, pagesize=A4, invariant=1, pageCompression=1)
    w, hgt = A4
    width = w - 80
    y = hgt - 50
    for line in lines:
        if line == "\f":
            c.showPage(); y = hgt - 50
            continue
        while True:
            n = len(line)
            while n > 1 and pdfmetrics.stringWidth(line[:n], "STSong-Light", size) > width:
                n -= 1
            chunk, line = line[:n], line[n:]
            if y < 50:
                c.showPage(); y = hgt - 50
            c.setFont("STSong-Light", size)
            c.drawString(40, y, chunk)
            y -= size * 1.4
            if not line:
                break
    c.save()
    return buf.getvalue()
