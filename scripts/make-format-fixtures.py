# Makes the fixtures of the formats read through zip/XML, converters and OCR, each from a real
# report among the text fixtures (as make-pdf-fixture.py made the PDF one):
#   106_doc_from_003.doc       Word 97 binary: LibreOffice converts fixture 003's text (one paragraph a line; catdoc
#                              misreads some merged cells of real Word tables, e.g. 103 converted, so the fixture has none)
#   107_wps_from_002.wps       Kingsoft WPS: the same OLE/Word 97 container (WPS writes it so), from fixture 002's text
#   108_ofd_from_001.ofd       OFD zip written here: pages listed out of zip order, lines drawn bottom-up,
#                              table cells as runs at their own x (the reader must order them by coordinates)
#   109_xlsx_from_003.xlsx     xlsx written here: fixture 003's rows (a cell per line, rows between blank lines) as sheet rows
#   110_xls_from_003.xls       Excel 97 binary: LibreOffice converts 109
#   111_et_from_003.et         Kingsoft ET: the same BIFF8 workbook bytes as 110 (ET writes this format)
# and, outside Fixtures/ (so that indexing Fixtures/ runs no OCR, which takes seconds a page):
#   OCRFixtures/201_scan_pdf_from_real_002.pdf  image-only PDF: the text of RealReports/002_561e56887b55.txt
#                              (copied to OCRFixtures/201_source_real_002.txt) drawn with Pillow at 300 dpi, 1 bit, 12 pt
#                              WenQuanYi Micro Hei, wrapped in a PDF by img2pdf; fixture 001's agency 涧西区 reads as 润西区
#                              in chi_sim at any size tried, so the OCR fixture is made from a report OCR can get right
# Needs (only to regenerate): libreoffice-writer-nogui libreoffice-calc-nogui img2pdf python3-pil fonts-wqy-microhei.
# Usage: /usr/bin/python3 scripts/make-format-fixtures.py   (from the repository root)
import os, shutil, subprocess, sys, tempfile, zipfile, re
F = "Fixtures"
# The made fixtures stand apart: the exactness tests index Fixtures/ against an oracle that reads only plain formats.
OUT = "FormatFixtures"
tmp = tempfile.mkdtemp()

def fixture(prefix):
    return os.path.join(F, next(n for n in sorted(os.listdir(F)) if n.startswith(prefix)))

def soffice(src, fmt, dst):
    subprocess.run(["soffice", "--headless", "--convert-to", fmt, "--outdir", tmp, src], check=True, capture_output=True)
    shutil.move(os.path.join(tmp, os.path.splitext(os.path.basename(src))[0] + "." + fmt.split(":")[0]), dst)

def text(prefix):
    return open(fixture(prefix), encoding="utf-8").read()

def fixed_zip(dst, entries):
    # fixed timestamps: the fixture bytes do not change from run to run
    with zipfile.ZipFile(dst, "w", zipfile.ZIP_DEFLATED) as z:
        for name, data in entries:
            z.writestr(zipfile.ZipInfo(name, (2024, 1, 1, 0, 0, 0)), data, zipfile.ZIP_DEFLATED)

def esc(s):
    return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace('"', "&quot;")

# .doc and .wps
for prefix, dst in (("003", "106_doc_from_003.doc"), ("002", "107_wps_from_002.wps")):
    src = os.path.join(tmp, "word.txt"); open(src, "w", encoding="utf-8").write(text(prefix))
    subprocess.run(["soffice", "--headless", "--infilter=Text (encoded):UTF8,LF,,,", "--convert-to", "doc", "--outdir", tmp, src],
                   check=True, capture_output=True)
    shutil.move(os.path.join(tmp, "word.doc"), os.path.join(OUT, dst))

# .ofd
NS = 'xmlns:ofd="http://www.ofdspec.org/2016"'
lines = text("001").splitlines()
pages = [lines[i:i + 40] for i in range(0, len(lines), 40)]
entries = [("OFD.xml", f'<?xml version="1.0" encoding="UTF-8"?><ofd:OFD {NS} Version="1.0" DocType="OFD"><ofd:DocBody>'
            '<ofd:DocInfo><ofd:DocID>fixture108</ofd:DocID></ofd:DocInfo><ofd:DocRoot>Doc_0/Document.xml</ofd:DocRoot></ofd:DocBody></ofd:OFD>')]
locs = [f"Pages/Page_{len(pages) - 1 - k}/Content.xml" for k in range(len(pages))]  # page 1 is the last Page_ folder
entries.append(("Doc_0/Document.xml", f'<?xml version="1.0" encoding="UTF-8"?><ofd:Document {NS}><ofd:CommonData><ofd:MaxUnitID>1</ofd:MaxUnitID>'
                '<ofd:PageArea><ofd:PhysicalBox>0 0 210 297</ofd:PhysicalBox></ofd:PageArea></ofd:CommonData><ofd:Pages>'
                + "".join(f'<ofd:Page ID="{k + 1}" BaseLoc="{loc}"/>' for k, loc in enumerate(locs)) + '</ofd:Pages></ofd:Document>'))
for k, page in reversed(list(enumerate(pages))):
    objs = []
    for n, line in reversed(list(enumerate(page))):
        y = 20 + n * 6.5
        x = 20.0
        for cell in line.split("\t"):
            if cell.strip():
                objs.append(f'<ofd:TextObject ID="{len(objs) + 2}" Boundary="{x:.1f} {y:.1f} 170 6" Font="1" Size="3.5">'
                            f'<ofd:TextCode X="0" Y="4.5">{esc(cell)}</ofd:TextCode></ofd:TextObject>')
            x += 3.5 * max(len(cell), 1) + 7
    entries.append((f"Doc_0/{locs[k]}", f'<?xml version="1.0" encoding="UTF-8"?><ofd:Page {NS}><ofd:Content><ofd:Layer ID="1">'
                    + "".join(objs) + '</ofd:Layer></ofd:Content></ofd:Page>'))
fixed_zip(os.path.join(OUT, "108_ofd_from_001.ofd"), entries)

# .xlsx: fixture 003's rows; a run of tab-led lines is one table row, its lines the cells
rows, cells = [], None
for line in text("003").splitlines():
    if line.startswith("\t"):
        cells = (cells or []) + [line[1:]]
        continue
    if cells is not None: rows.append(cells); cells = None
    if line.strip(): rows.append([line])
if cells is not None: rows.append(cells)
strings, index = [], {}
def cell(r, c, v):
    ref = chr(65 + c) + str(r + 1) if c < 26 else "A" + chr(65 + c - 26) + str(r + 1)
    if re.fullmatch(r"-?\d+(\.\d+)?", v.strip()):
        return f'<c r="{ref}"><v>{v.strip()}</v></c>'
    if not v.strip(): return ""
    if v not in index: index[v] = len(strings); strings.append(v)
    return f'<c r="{ref}" t="s"><v>{index[v]}</v></c>'
sheet = "".join(f'<row r="{r + 1}">' + "".join(cell(r, c, v) for c, v in enumerate(row)) + "</row>" for r, row in enumerate(rows))
M = 'xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"'
R = 'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"'
fixed_zip(os.path.join(OUT, "109_xlsx_from_003.xlsx"), [
    ("[Content_Types].xml", '<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
     '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/>'
     '<Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>'
     '<Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>'
     '<Override PartName="/xl/sharedStrings.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"/></Types>'),
    ("_rels/.rels", '<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
     '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/></Relationships>'),
    ("xl/workbook.xml", f'<?xml version="1.0" encoding="UTF-8"?><workbook {M} {R}><sheets><sheet name="年报" sheetId="1" r:id="rId1"/></sheets></workbook>'),
    ("xl/_rels/workbook.xml.rels", '<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
     '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/>'
     '<Relationship Id="rId2" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/sharedStrings" Target="sharedStrings.xml"/></Relationships>'),
    ("xl/sharedStrings.xml", f'<?xml version="1.0" encoding="UTF-8"?><sst {M} count="{len(strings)}" uniqueCount="{len(strings)}">'
     + "".join(f'<si><t xml:space="preserve">{esc(s)}</t></si>' for s in strings) + "</sst>"),
    ("xl/worksheets/sheet1.xml", f'<?xml version="1.0" encoding="UTF-8"?><worksheet {M}><sheetData>{sheet}</sheetData></worksheet>'),
])

# .xls and .et
soffice(os.path.join(OUT, "109_xlsx_from_003.xlsx"), "xls", os.path.join(OUT, "110_xls_from_003.xls"))
shutil.copy(os.path.join(OUT, "110_xls_from_003.xls"), os.path.join(OUT, "111_et_from_003.et"))

# scanned PDF: 12 pt Micro Hei at 300 dpi, 1 bit, no text layer
from PIL import Image, ImageDraw, ImageFont
font = ImageFont.truetype("/usr/share/fonts/truetype/wqy/wqy-microhei.ttc", 50)
W, H, M0, LH, PER = 2480, 3508, 180, 78, 42
wrapped = []
for line in open("OCRFixtures/201_source_real_002.txt", encoding="utf-8").read().splitlines():
    while len(line) > PER: wrapped.append(line[:PER]); line = line[PER:]
    wrapped.append(line)
pngs = []
per_page = (H - 2 * M0) // LH
for p in range(0, len(wrapped), per_page):
    img = Image.new("1", (W, H), 1)
    d = ImageDraw.Draw(img)
    for n, line in enumerate(wrapped[p:p + per_page]):
        d.text((M0, M0 + n * LH), line.replace("\t", "    "), font=font, fill=0)
    pngs.append(os.path.join(tmp, f"page{p:04d}.png")); img.save(pngs[-1], dpi=(300, 300))
subprocess.run(["img2pdf", "--output", "OCRFixtures/201_scan_pdf_from_real_002.pdf"] + pngs, check=True)
shutil.rmtree(tmp)
