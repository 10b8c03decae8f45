# Makes CopyFixtures/: a researcher's crawl folder for report identity (issue 23). Each picked real report
# (RealReports/) appears once as its original text and, for nine of them, again in the forms a crawl holds:
# a government site's saved HTML page, a GB18030 text, a white-space-collapsed text dump, a .docx and a .pdf
# attachment, a byte-identical re-crawl copy. Beside them lie files that are no information-disclosure annual
# report: error pages, column listing pages, crawler logs, a 法治政府建设 report, a 政府工作报告 excerpt,
# a 部门预算公开说明 and a notice about compiling the annual reports.
# CopyFixtures/EXPECTED.tsv says, by construction (this script writes it as it makes each file, never by running
# govsearch), which report (group) every file is a copy of, in which form, or what kind of non-report it is.
# Deterministic: fixed dates, no randomness, fixed zip timestamps, reportlab's invariant mode; a second run
# writes the same bytes.
# Needs (only to regenerate): reportlab (pip install reportlab), as scripts/make-pdf-fixture.py;
# pdftotext (poppler-utils) for the check at the end.
# Usage: python3 scripts/make-copy-fixtures.py   (from the repository root)
import hashlib, html, io, os, re, shutil, subprocess, sys, tempfile, zipfile

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from fixture_pdf import pdf  # noqa: E402

OUT = "CopyFixtures"
REAL = "RealReports"

# ---------------------------------------------------------------------------------------------------------
# the picked reports: RealReports stem -> the full title a site or an attachment shows
PICKED = {
    "004_d85d186ce39a": "河北省科学技术厅2017年政府信息公开工作年度报告",
    "005_997af46aca09": "河北省科学技术厅2020年政府信息公开工作年度报告",
    "006_4ecbe7d76363": "河北省科学技术厅2022年政府信息公开工作年度报告",
    "009_c136e14494c3": "河北省工业和信息化厅2020年政府信息公开工作年度报告",
    "010_477fcc932ac7": "河北省工业和信息化厅2023年度政府信息公开工作报告",
    "011_a520d46a6d87": "河北省教育厅2013年度政府信息公开总结",
    "012_59fb8809a6bc": "河北省教育厅2016年度政府信息公开工作报告",
    "013_129cf228fd09": "河北省教育厅2019年政府信息公开工作年度报告",
    "014_30dd860be4dc": "河北省教育厅2022年政府信息公开工作年度报告",
    "017_4f7f950606c8": "平潭综合实验区2016年度政府信息公开工作年度报告",
    "019_50f098d11f23": "平潭综合实验区2022年度政府信息公开工作年度报告",
    "021_b5cd7ac1f130": "洪泽区人民政府2023年政府信息公开工作年度报告",
    "022_6ca1637edda3": "2024年上海市科委政府信息公开工作年度报告",
}

manifest = {}
with open(os.path.join(REAL, "MANIFEST.tsv"), encoding="utf-8") as f:
    head = f.readline().rstrip("\n").split("\t")
    for line in f:
        row = dict(zip(head, line.rstrip("\n").split("\t")))
        manifest[row["file"][:-4]] = row


def raw(stem):
    return open(os.path.join(REAL, stem + ".txt"), "rb").read()


def text(stem):
    return raw(stem).decode("utf-8")


def body_of(stem):
    """The report text without the title line the list page gave it (the page shows the title as <h1>)."""
    t = text(stem)
    first, sep, rest = t.partition("\n\n")
    if sep and len(first) < 60:
        return rest
    first, sep, rest = t.partition(" ")   # a whitespace-collapsed page.txt: title, space, body
    return rest


def h(s, n=6):
    """A fixed number from a string (ids, view counts): no randomness."""
    return int(hashlib.sha256(s.encode("utf-8")).hexdigest()[:12], 16) % (10 ** n)


# ---------------------------------------------------------------------------------------------------------
# writing, and the record of what each file is
rows = []


def put(path, data, group="", form="not_a_report", kind="", source="", notes=""):
    full = os.path.join(OUT, path)
    os.makedirs(os.path.dirname(full), exist_ok=True)
    if isinstance(data, str):
        data = data.encode("utf-8")
    with open(full, "wb") as f:
        f.write(data)
    year = agency = ""
    if group:
        year, agency = manifest[group]["year"], manifest[group]["agency"]
        source = group + ".txt"
        kind = "report"
    rows.append((path, group, form, kind, source, year, agency, notes))


# ---------------------------------------------------------------------------------------------------------
# .docx: the structure of Fixtures/103_docx_from_003.docx (content types, package rels, one document.xml),
# written with fixed zip timestamps as scripts/make-format-fixtures.py's fixed_zip does

def fixed_zip(entries):
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as z:
        for name, data in entries:
            z.writestr(zipfile.ZipInfo(name, (2024, 1, 1, 0, 0, 0)), data, zipfile.ZIP_DEFLATED)
    return buf.getvalue()


def xesc(s):
    return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace('"', "&quot;")


def docx(paragraphs):
    """paragraphs: (text, indent) pairs; an indented paragraph gets Word's two-character first-line indent."""
    ps = []
    for para, indent in paragraphs:
        ppr = '<w:pPr><w:ind w:firstLineChars="200" w:firstLine="640"/></w:pPr>' if indent else ""
        ps.append(f'<w:p>{ppr}<w:r><w:t xml:space="preserve">{xesc(para)}</w:t></w:r></w:p>')
    doc = ('<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
           '<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:body>'
           + "".join(ps) + '<w:sectPr><w:pgSz w:w="11906" w:h="16838"/></w:sectPr></w:body></w:document>')
    return fixed_zip([
        ("[Content_Types].xml", '<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
         '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/>'
         '<Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/></Types>'),
        ("_rels/.rels", '<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
         '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="word/document.xml"/></Relationships>'),
        ("word/document.xml", doc),
    ])


# ---------------------------------------------------------------------------------------------------------
# .pdf: scripts/fixture_pdf.py (reportlab, STSong-Light, wrapped by width, invariant bytes)

def paragraphs(t):
    """A one-line crawled report's paragraphs: it marks them only by runs of U+3000 (the first-line indent)."""
    out = []
    for line in t.splitlines():
        for part in re.split(r"\u3000{2,}", line):
            if part.strip():
                out.append(part.strip())
    return out


# ---------------------------------------------------------------------------------------------------------
# site chrome

SITES = {
    "jyt.hebei.gov.cn": dict(
        name="河北省教育厅", en="Department of Education of Hebei Province",
        nav=["首页", "机构概况", "新闻中心", "政务公开", "政务服务", "教育资源", "互动交流", "专题专栏"],
        owner="河北省教育厅", office="河北省教育厅办公室", addr="石家庄市裕华东路360号", post="050061",
        code="1300000041", icp="冀ICP备05002836号", police="冀公网安备 13010202000467号",
        tech="河北省政府网站集约化平台", stem="河北省教育厅"),
    "kjt.hebei.gov.cn": dict(
        name="河北省科学技术厅", en="Department of Science and Technology of Hebei Province",
        nav=["首页", "机构职能", "科技要闻", "政务公开", "政策法规", "办事服务", "互动交流", "科技统计"],
        owner="河北省科学技术厅", office="河北省科学技术厅办公室", addr="石家庄市裕华东路105号", post="050021",
        code="1300000052", icp="冀ICP备05006212号", police="冀公网安备 13010202000512号",
        tech="河北省政府网站集约化平台", stem="河北省科学技术厅"),
    "www.pingtan.gov.cn": dict(
        name="中国·平潭", en="Pingtan Comprehensive Experimental Zone",
        nav=["首页", "走进平潭", "政务公开", "政务服务", "互动交流", "投资平潭", "数据开放", "专题专栏"],
        owner="平潭综合实验区管理委员会", office="平潭综合实验区管委会办公室", addr="平潭综合实验区金井湾商务营运中心7号楼",
        post="350400", code="3501280001", icp="闽ICP备12005331号", police="闽公网安备 35012802000107号",
        tech="平潭综合实验区大数据中心", stem="平潭综合实验区"),
    "www.hebei.gov.cn": dict(
        name="河北省人民政府", en="The People's Government of Hebei Province",
        nav=["首页", "要闻动态", "政务公开", "政务服务", "政民互动", "数据发布", "走进河北"],
        owner="河北省人民政府办公厅", office="河北省人民政府办公厅政务公开处", addr="石家庄市维明南大街46号", post="050051",
        code="1300000001", icp="冀ICP备05000001号", police="冀公网安备 13010202000001号",
        tech="河北省政府网站集约化平台", stem="河北省人民政府"),
}


def nav_html(site):
    s = SITES[site]
    paths = ["/", "/jggk/", "/xwzx/", "/zwgk/", "/zwfw/", "/jyzy/", "/hdjl/", "/ztzl/"]
    items = "".join(f'<li><a href="{paths[i % len(paths)]}" target="_self">{n}</a></li>' for i, n in enumerate(s["nav"]))
    return f'<div class="nav"><ul class="w1200 clearfix">{items}</ul></div>'


def page(site, title, crumbs, content, sidebar=None, pubdate="2024-01-01 09:00", column="政府信息公开年报"):
    s = SITES[site]
    crumb = " &gt; ".join(f'<a href="{href}">{name}</a>' for name, href in crumbs)
    side = ""
    if sidebar:
        heading, items = sidebar
        lis = "".join(f'<li><a href="{href}" title="{xesc(t)}">{html.escape(t, quote=False)}</a><span>{d}</span></li>'
                      for t, href, d in items)
        side = f'<div class="left"><div class="lm-title"><h3>{heading}</h3></div><ul class="lm-list">{lis}</ul></div>\n'
    return f'''<!DOCTYPE html>
<html lang="zh-CN">
<head>
<meta charset="utf-8">
<meta http-equiv="X-UA-Compatible" content="IE=edge">
<title>{html.escape(title, quote=False)}_{s["name"]}</title>
<meta name="SiteName" content="{s["name"]}">
<meta name="SiteDomain" content="{site}">
<meta name="ColumnName" content="{column}">
<meta name="ArticleTitle" content="{xesc(title)}">
<meta name="PubDate" content="{pubdate}">
<link rel="stylesheet" type="text/css" href="/images/common.css">
<script type="text/javascript" src="/js/jquery-1.11.3.min.js"></script>
</head>
<body>
<div class="topbar"><div class="w1200"><span class="fl">欢迎访问{s["name"]}网站</span><span class="fr"><a href="javascript:void(0)" id="wza">无障碍浏览</a> | <a href="javascript:void(0)" id="zhmode">长者模式</a> | <a href="javascript:void(0)" id="jft">繁體</a></span></div></div>
<div class="header"><div class="w1200"><a class="logo" href="/"><img src="/images/logo.png" alt="{s["name"]}"></a><span class="en">{s["en"]}</span>
<form class="search" action="/search/" method="get"><input type="text" name="q" placeholder="请输入关键词"><button type="submit">搜索</button></form></div></div>
{nav_html(site)}
<div class="main w1200 clearfix">
<div class="position">当前位置：{crumb}</div>
{side}<div class="right">
{content}
</div>
</div>
<div class="footer"><div class="w1200">
<p><a href="/wzdt/">网站地图</a> | <a href="/lxwm/">联系我们</a> | <a href="/sybz/">使用帮助</a></p>
<p>主办单位：{s["owner"]}　　承办单位：{s["office"]}</p>
<p>地址：{s["addr"]}　　邮编：{s["post"]}</p>
<p>网站标识码：{s["code"]}　　<a href="https://beian.miit.gov.cn/" target="_blank">{s["icp"]}</a>　　<a href="/gaba/" target="_blank">{s["police"]}</a></p>
<p>技术支持：{s["tech"]}</p>
</div></div>
<script type="text/javascript">var _tjid = "{h(site, 8)}";</script>
</body>
</html>
'''


REPORT_CRUMBS = {
    "jyt.hebei.gov.cn": [("首页", "/"), ("政务公开", "/zwgk/"), ("政府信息公开年报", "/zwgk/zfxxgknb/")],
    "kjt.hebei.gov.cn": [("首页", "/"), ("政务公开", "/zwgk/"), ("政府信息公开年报", "/zwgk/zfxxgknb/")],
    "www.pingtan.gov.cn": [("首页", "/"), ("政务公开", "/zwgk/"), ("政府信息公开", "/zwgk/zfxxgk/"),
                           ("政府信息公开年报", "/zwgk/zfxxgk/zfxxgknb/")],
}


def year_title(site, y):
    stem = SITES[site]["stem"]
    if site == "www.pingtan.gov.cn":
        return f"{stem}{y}年度政府信息公开工作年度报告"
    if y <= 2016:
        return f"{stem}{y}年度政府信息公开工作报告"
    return f"{stem}{y}年政府信息公开工作年度报告"


# the report pages this script makes, by site and year: a sidebar links them where they are
PAGES = {}


def sidebar_for(site, year, count):
    items = []
    for y in range(2023, 2011, -1):
        if y == year or len(items) == count:
            continue
        if (site, y) in PAGES:
            href, d = PAGES[(site, y)]
        else:
            d = f"{y + 1}-01-{10 + h(site + str(y), 2) % 19:02d}"
            href = f"{REPORT_CRUMBS[site][-1][1]}{y + 1}01/t{d.replace('-', '')}_{h(site + str(y)):06d}.html"
        items.append((year_title(site, y), href, d))
    return ("其他年度报告", items)


def article(title, source, pubdate, views, body, attachments=()):
    fj = ""
    if attachments:
        fj = '<div class="fujian"><p>相关附件：</p>' + "".join(
            f'<p><a href="{href}" target="_blank">{html.escape(name, quote=False)}</a></p>' for name, href in attachments) + "</div>\n"
    return (f'<div class="article">\n<h1 class="title">{html.escape(title, quote=False)}</h1>\n'
            f'<div class="info">来源：{source}　　发布时间：{pubdate}　　浏览次数：<span id="count">{views}</span>'
            f'　　【字体：<a href="javascript:doZoom(18)">大</a> <a href="javascript:doZoom(16)">中</a> <a href="javascript:doZoom(14)">小</a>】</div>\n'
            f'<div class="TRS_Editor" id="zoom">\n{body}\n</div>\n{fj}'
            '<div class="share"><a href="javascript:window.print()">【打印本页】</a> <a href="javascript:window.close()">【关闭窗口】</a></div>\n</div>')


def p(s):
    return f"<p>{html.escape(s, quote=False)}</p>"


def cr_table_body(body):
    """Reports 013 and 014 (CR line ends; a table cell a line, cells two empty lines apart, rows four or more):
    paragraphs as <p>, the statistics tables rebuilt as <table>."""
    lines = body.rstrip("\n").split("\r")
    blocks, cur, blank = [], [], 0
    for line in lines:
        if not line.strip():
            blank += 1
            continue
        if blank >= 4 and cur:
            blocks.append(cur); cur = []
        cur.append((blank, line)); blank = 0
    if cur:
        blocks.append(cur)
    heading = re.compile(r"^[一二三四五六七八九十]+、")

    def is_row(i):
        b = blocks[i]
        if heading.match(b[0][1]) and len(b) == 1 or heading.match(b[0][1]) and any(g == 0 for g, _ in b[1:]):
            return False
        return any(g > 0 for g, _ in b[1:]) or len(b) == 1 and len(b[0][1]) < 40
    out, table = [], []

    def flush():
        if table:
            out.append('<table border="1" cellspacing="0" cellpadding="0" width="100%">\n' + "\n".join(table) + "\n</table>")
            table.clear()
    for i, b in enumerate(blocks):
        if is_row(i) and (len(b) > 1 or (i > 0 and is_row(i - 1)) or (i + 1 < len(blocks) and is_row(i + 1) and len(blocks[i + 1]) > 1)):
            cells = []
            for g, line in b:
                if g == 0 and cells:
                    cells[-1] += "<br>" + html.escape(line, quote=False)
                else:
                    cells.append(html.escape(line, quote=False))
            tds = "".join(f"<td>{c}</td>" for c in cells)
            if len(cells) == 1:
                tds = f'<td colspan="8">{cells[0]}</td>'
            table.append(f"<tr>{tds}</tr>")
        else:
            flush()
            out.extend(p(line) for _, line in b)
    flush()
    return "\n".join(out)


def indent_body(body):
    """A one-line report whose paragraphs start with runs of U+3000 (006): each paragraph a <p>, indent kept."""
    parts = [s for s in re.split(r"(?=\u3000{2,})", body.strip("\n")) if s.strip()]
    return "\n".join(p(s) for s in parts)


def collapsed_page_body(body):
    """A report the crawler stored with collapsed white space (017): split back at its spaces and before the
    numbered headings that follow a full stop. Word's list comments stay comments, as they were on the page."""
    out = []
    body = body.replace("<!--[if !supportLists]-->", "<!--[if\x00!supportLists]-->")  # the comment's space is no break
    for chunk in re.split(r"(?<!、) ", body):   # 一、 概述: that space is no paragraph break
        for s in re.split(r"(?<=。)(?=[一二三四五六七八九十]+、|（[一二三四五六七八九十]+）|\d+、)", chunk):
            if s:
                s = html.escape(s, quote=False).replace("&lt;!--", "<!--").replace("--&gt;", "-->").replace("\x00", " ")
                out.append(f"<p>{s}</p>")
    return "\n".join(out)


# ---------------------------------------------------------------------------------------------------------
# the report copies

def report_page(stem, site, path, pubdate, source, body_html, attachments=()):
    title = PICKED[stem]
    URLS[path] = "http://" + path[len("site/"):]
    year = int(manifest[stem]["year"])
    content = article(title, source, pubdate, 1000 + h(stem, 4), body_html, attachments)
    return page(site, title, REPORT_CRUMBS[site], content, sidebar_for(site, year, 6 + h(stem) % 2), pubdate + ":00")


PAGES.update({
    ("jyt.hebei.gov.cn", 2019): ("/zwgk/zfxxgknb/202001/t20200115_281034.html", "2020-01-15"),
    ("jyt.hebei.gov.cn", 2022): ("/zwgk/zfxxgknb/202301/t20230120_301954.html", "2023-01-20"),
    ("kjt.hebei.gov.cn", 2022): ("/zwgk/zfxxgknb/202301/t20230118_4412076.html", "2023-01-18"),
    ("www.pingtan.gov.cn", 2016): ("/zwgk/zfxxgk/zfxxgknb/201701/t20170120_80485.htm", "2017-01-20"),
})
# where the crawler fetched each saved file (a site page's URL is its path)
URLS = {
    "attachments/jyt.hebei.gov.cn/P020230120593124761905.pdf": "http://jyt.hebei.gov.cn/zwgk/zfxxgknb/202301/P020230120593124761905.pdf",
    "attachments/kjt.hebei.gov.cn/河北省科学技术厅2020年政府信息公开工作年度报告.docx": "http://kjt.hebei.gov.cn/zwgk/zfxxgknb/202101/P020210122560381924736.docx",
    "attachments/gxt.hebei.gov.cn/P020210129384751262013.pdf": "http://gxt.hebei.gov.cn/zwgk/zfxxgknb/202101/P020210129384751262013.pdf",
    "attachments/gxt.hebei.gov.cn/2023年度政府信息公开工作报告.docx": "http://gxt.hebei.gov.cn/zwgk/zfxxgknb/202401/P020240126413098725551.docx",
    "attachments/www.hongze.gov.cn/洪泽区人民政府2023年政府信息公开工作年度报告.pdf": "http://www.hongze.gov.cn/hzqrmzf/zfxxgknb/202401/fc1a2e7b0d3c4a81.pdf",
    "attachments/stcsm.sh.gov.cn/2024年上海市科委政府信息公开工作年度报告.docx": "https://stcsm.sh.gov.cn/cmsres/5c/5c1e9e2a4f8b4d3e.docx",
}


def make_reports():
    for stem in PICKED:
        put(f"originals/{stem}.txt", raw(stem), stem, "original", notes="RealReports file, byte for byte")

    # 013 河北省教育厅 2019: site page with tables, and the crawler's collapsed text dump of the same page
    p013 = "site/jyt.hebei.gov.cn/zwgk/zfxxgknb/202001/t20200115_281034.html"
    put(p013, report_page("013_129cf228fd09", "jyt.hebei.gov.cn", p013, "2020-01-15 16:30", "河北省教育厅",
                          cr_table_body(body_of("013_129cf228fd09"))), "013_129cf228fd09", "html_page",
        notes="body without the title line (the page's <h1>); statistics tables as <table>")
    put("text-dump/jyt.hebei.gov.cn_zwgk_zfxxgknb_202001_t20200115_281034.txt",
        " ".join(text("013_129cf228fd09").split()), "013_129cf228fd09", "collapsed",
        notes="every run of white space (CR, LF, U+3000) collapsed to one space, one line")

    # 014 河北省教育厅 2022: site page linking its PDF attachment; the PDF; a GB18030 copy
    pdf014 = "attachments/jyt.hebei.gov.cn/P020230120593124761905.pdf"
    p014 = "site/jyt.hebei.gov.cn/zwgk/zfxxgknb/202301/t20230120_301954.html"
    put(p014, report_page("014_30dd860be4dc", "jyt.hebei.gov.cn", p014, "2023-01-20 09:12", "河北省教育厅",
                          cr_table_body(body_of("014_30dd860be4dc")),
                          [("河北省教育厅2022年政府信息公开工作年度报告.pdf", "./P020230120593124761905.pdf")]),
        "014_30dd860be4dc", "html_page", notes=f"links its attachment {pdf014}; statistics tables as <table>")
    t = text("014_30dd860be4dc")
    put(pdf014, pdf([l for l in t.splitlines() if l.strip()]), "014_30dd860be4dc", "pdf",
        notes="one line a text line (empty lines dropped), wrapped to the page width")
    put("gbk/河北省教育厅2022年政府信息公开工作年度报告.txt", raw("014_30dd860be4dc").decode("utf-8").encode("gb18030"),
        "014_30dd860be4dc", "gb18030", notes="the original's text in GB18030, line ends kept (CR)")

    # 006 河北省科学技术厅 2022: site page; the same page again in the re-crawl
    p006 = "site/kjt.hebei.gov.cn/zwgk/zfxxgknb/202301/t20230118_4412076.html"
    page006 = report_page("006_4ecbe7d76363", "kjt.hebei.gov.cn", p006, "2023-01-18 10:05", "河北省科学技术厅办公室",
                          indent_body(body_of("006_4ecbe7d76363")),
                          [("2022年政府信息公开工作年度报告.doc", "./P020230118391046204158.doc"),
                           ("2022年政府信息公开工作年度报告.pdf", "./P020230118391046275316.pdf")])
    put(p006, page006, "006_4ecbe7d76363", "html_page",
        notes="full title as <h1> (the original's title line is cut: 年度报...); paragraphs at the U+3000 indents")
    put("recrawl-2024/" + p006[len("site/"):], page006, "006_4ecbe7d76363", "recrawl", notes=f"byte-identical to {p006}")

    # 005 河北省科学技术厅 2020: Word attachment and GB18030 text
    t = text("005_997af46aca09")
    put("attachments/kjt.hebei.gov.cn/河北省科学技术厅2020年政府信息公开工作年度报告.docx",
        docx([(PICKED["005_997af46aca09"], False)] + [(s, True) for s in paragraphs(body_of("005_997af46aca09"))]),
        "005_997af46aca09", "docx", notes="full title (the original's is cut: 年度报...); a paragraph per U+3000 indent")
    put("gbk/kjt_2020_zfxxgknb.txt", raw("005_997af46aca09").decode("utf-8").encode("gb18030"), "005_997af46aca09",
        "gb18030", notes="the original's text in GB18030")

    # 009 河北省工业和信息化厅 2020: PDF attachment and GB18030 text
    t = text("009_c136e14494c3")
    put("attachments/gxt.hebei.gov.cn/P020210129384751262013.pdf",
        pdf([PICKED["009_c136e14494c3"], ""] + ["\u3000\u3000" + s for s in paragraphs(body_of("009_c136e14494c3"))]),
        "009_c136e14494c3", "pdf", notes="a paragraph per U+3000 indent, wrapped to the page width")
    put("gbk/河北省工业和信息化厅2020年政府信息公开工作年度报告.txt", t.encode("gb18030"), "009_c136e14494c3", "gb18030",
        notes="the original's text in GB18030")

    # 010 河北省工业和信息化厅 2023: Word attachment, and the same file in the re-crawl
    d010 = docx([(PICKED["010_477fcc932ac7"], False)] + [(s, True) for s in paragraphs(body_of("010_477fcc932ac7"))])
    a010 = "attachments/gxt.hebei.gov.cn/2023年度政府信息公开工作报告.docx"
    put(a010, d010, "010_477fcc932ac7", "docx", notes="a paragraph per U+3000 indent")
    put("recrawl-2024/" + a010, d010, "010_477fcc932ac7", "recrawl", notes=f"byte-identical to {a010}")

    # 017 平潭综合实验区 2016: the site page (.htm) and the re-crawl's page.txt (the original bytes)
    p017 = "site/www.pingtan.gov.cn/zwgk/zfxxgk/zfxxgknb/201701/t20170120_80485.htm"
    put(p017, report_page("017_4f7f950606c8", "www.pingtan.gov.cn", p017, "2017-01-20 15:40", "平潭综合实验区管委会办公室",
                          collapsed_page_body(body_of("017_4f7f950606c8"))), "017_4f7f950606c8", "html_page",
        notes="paragraphs split at the original's spaces and numbered headings; <!--[if !supportLists]--> as HTML comments")
    put("recrawl-2024/pingtan/80485_平潭综合实验区2016年度政府信息公开工作年度报告/page.txt", raw("017_4f7f950606c8"),
        "017_4f7f950606c8", "recrawl", notes="byte-identical to originals/017_4f7f950606c8.txt")

    # 021 洪泽区 2023 (pdftotext -layout text): PDF again, and a dump with all white space removed
    t = text("021_b5cd7ac1f130")
    lines = []
    for pg in t.split("\f"):
        if lines:
            lines.append("\f")
        lines.extend(l.rstrip() for l in pg.split("\n"))
    while lines and not lines[-1].strip():
        lines.pop()
    put("attachments/www.hongze.gov.cn/洪泽区人民政府2023年政府信息公开工作年度报告.pdf", pdf(lines, 10.5),
        "021_b5cd7ac1f130", "pdf", notes="the layout text's lines and pages, 10.5 pt")
    put("text-dump/www.hongze.gov.cn_art_2024_1_30_art_11532_3918264.txt", "".join(t.split()), "021_b5cd7ac1f130",
        "collapsed", notes="every white space character removed (line breaks, layout spaces, form feeds)")

    # 022 上海市科委 2024 (hard-wrapped markdown of a PDF): Word attachment, and a dump with line breaks removed
    t = text("022_6ca1637edda3")
    put("attachments/stcsm.sh.gov.cn/2024年上海市科委政府信息公开工作年度报告.docx",
        docx([(l, False) for l in t.split("\n")]), "022_6ca1637edda3", "docx", notes="a paragraph per line of the original")
    put("text-dump/stcsm.sh.gov.cn_xxgk_2025_01_20_ndbg.txt", re.sub(r"[ \t]+", " ", t.replace("\n", "")),
        "022_6ca1637edda3", "collapsed", notes="line breaks removed, runs of spaces collapsed to one")


# ---------------------------------------------------------------------------------------------------------
# files that are no information-disclosure annual report

def make_error_pages():
    site = "jyt.hebei.gov.cn"
    content = ('<div class="error404">\n<div class="pic"><img src="/images/404.png" alt="404"></div>\n'
               '<h2>对不起，您访问的页面不存在或已被删除！</h2>\n'
               '<p>可能的原因：</p>\n<p>1. 您输入的网址有误，请检查后重新输入；</p>\n<p>2. 该页面已被删除、更名或暂时不可用；</p>\n'
               '<p>3. 网站栏目调整，原链接已失效。</p>\n'
               '<p>您可以：<a href="/">返回首页</a>　<a href="javascript:history.back()">返回上一页</a>　<a href="/wzdt/">查看网站地图</a></p>\n'
               '<p class="tip">如有疑问，请联系网站管理员。</p>\n</div>')
    put("site/jyt.hebei.gov.cn/zwgk/zfxxgknb/202101/t20210125_291842.html",
        page(site, "404 页面不存在", REPORT_CRUMBS[site], content, pubdate="2024-03-01 10:23"),
        kind="error_page", notes="soft 404 saved under a report URL; site chrome with the 政府信息公开年报 breadcrumb")

    err = '''<!DOCTYPE html>
<html lang="zh-CN">
<head>
<meta charset="utf-8">
<title>页面不存在_中国·平潭</title>
<meta http-equiv="refresh" content="5;url=http://www.pingtan.gov.cn/">
<style type="text/css">
body{margin:0;background:#f3f6fa;font-family:"Microsoft YaHei",SimSun,sans-serif;color:#333}
.head{height:90px;background:#1a5ea8}.head .w{width:1000px;margin:0 auto;color:#fff;font-size:28px;line-height:90px}
.box{width:640px;margin:80px auto;background:#fff;border:1px solid #dde3ea;padding:40px 50px;text-align:center}
.box h1{font-size:72px;color:#1a5ea8;margin:0}.box h2{font-size:20px;font-weight:normal}
.box a{color:#1a5ea8;text-decoration:none;margin:0 10px}.foot{text-align:center;font-size:12px;color:#888;line-height:24px}
</style>
</head>
<body>
<div class="head"><div class="w">中国·平潭　平潭综合实验区管理委员会</div></div>
<div class="box">
<h1>404</h1>
<h2>抱歉，您访问的页面已被删除或不存在</h2>
<p>请检查您输入的网址是否正确，或者该信息已过期下线。</p>
<p><span id="sec">5</span> 秒后自动返回网站首页</p>
<p><a href="http://www.pingtan.gov.cn/">网站首页</a>|<a href="http://www.pingtan.gov.cn/zwgk/">政务公开</a>|<a href="http://www.pingtan.gov.cn/hdjl/">互动交流</a></p>
</div>
<div class="foot">
<p>主办单位：平潭综合实验区管理委员会　　承办单位：平潭综合实验区管委会办公室</p>
<p>网站标识码：3501280001　　闽ICP备12005331号　　闽公网安备 35012802000107号</p>
<p>技术支持：平潭综合实验区大数据中心</p>
</div>
<script type="text/javascript">
var s = 5; setInterval(function () { s = s - 1; if (s >= 0) { document.getElementById("sec").innerHTML = s; } }, 1000);
</script>
</body>
</html>
'''
    put("site/www.pingtan.gov.cn/zwgk/zfxxgk/zfxxgknb/202001/t20200117_80611.htm", err, kind="error_page",
        notes="stand-alone 404 page with a redirect, saved under a report URL")


HEBEI_DEPTS = ["河北省教育厅", "河北省科学技术厅", "河北省工业和信息化厅", "河北省人力资源和社会保障厅", "河北省财政厅",
               "河北省民政厅", "河北省自然资源厅", "河北省生态环境厅", "河北省住房和城乡建设厅", "河北省交通运输厅",
               "河北省水利厅", "河北省农业农村厅", "河北省商务厅", "河北省文化和旅游厅", "河北省卫生健康委员会",
               "河北省应急管理厅"]


def pager(pages, current, ext):
    def href(n):   # page n (1-based) of a column: index.html, index_1.html, …
        return f"index.{ext}" if n == 1 else f"index_{n - 1}.{ext}"
    out = [f'<a href="{href(1)}">首页</a>',
           f'<a href="{href(current - 1)}">上一页</a>' if current > 1 else '<a href="javascript:void(0)">上一页</a>']
    for n in (1, 2, 3):
        out.append(f'<span class="current">{n}</span>' if n == current else f'<a href="{href(n)}">{n}</a>')
    out += [f'<a href="{href(current + 1)}">下一页</a>', f'<a href="{href(pages)}">尾页</a>']
    return " ".join(out)


def listing(site, title, crumbs, items, pages, current=1, ext="html"):
    lis = "\n".join(f'<li><a href="{href}">{html.escape(t, quote=False)}</a><span class="date">{d}</span></li>'
                    for t, href, d in items)
    content = (f'<div class="list-title"><h2>政府信息公开年报</h2></div>\n<ul class="list">\n{lis}\n</ul>\n'
               f'<div class="page">{pager(pages, current, ext)} 共{pages}页 到第<input type="text" size="2">页</div>')
    return page(site, title, crumbs, content, pubdate="2024-03-01 10:22", column="政府信息公开年报")


def make_listing_pages():
    items = []
    for k, dept in enumerate(HEBEI_DEPTS):
        y = 2022 if k < 10 else 2021
        d = f"{y + 1}-0{1 + k % 2}-{10 + h(dept + str(y), 2) % 18:02d}"
        items.append((f"{dept}{y}年政府信息公开工作年度报告", f"/zwgk/zfxxgknb/{d[:7].replace('-', '')}/t{d.replace('-', '')}_{h(dept):07d}.html", d))
    items.sort(key=lambda it: (it[2], it[0]), reverse=True)
    put("site/www.hebei.gov.cn/zwgk/zfxxgknb/index.html",
        listing("www.hebei.gov.cn", "政府信息公开年报", [("首页", "/"), ("政务公开", "/zwgk/"), ("政府信息公开年报", "/zwgk/zfxxgknb/")],
                items, 12), kind="listing_page", notes=f"{len(items)} report titles of {len(items)} departments, 2021 and 2022")

    units = ["平潭综合实验区", "平潭综合实验区财政金融局", "平潭综合实验区社会事业局", "平潭综合实验区经济发展局",
             "平潭综合实验区自然资源与生态环境局", "平潭综合实验区交通与建设局"]
    items = []
    for y in (2021, 2020, 2019):
        for u in units[: 6 if y > 2019 else 4]:
            d = f"{y + 1}-01-{12 + h(u + str(y), 2) % 17:02d}"
            items.append((f"{u}{y}年度政府信息公开工作年度报告", f"../{y + 1}01/t{d.replace('-', '')}_{80000 + h(u + str(y), 3)}.htm", d))
    items.sort(key=lambda it: (it[2], it[0]), reverse=True)
    put("site/www.pingtan.gov.cn/zwgk/zfxxgk/zfxxgknb/index_1.htm",
        listing("www.pingtan.gov.cn", "政府信息公开年报", REPORT_CRUMBS["www.pingtan.gov.cn"], items, 5,
                current=2, ext="htm"),
        kind="listing_page", notes=f"page 2 of the column: {len(items)} titles of the zone and its bureaus, 2019-2021")


FAZHI = """淮安市洪泽区2022年法治政府建设年度报告

2022年，洪泽区在市委、市政府和区委的坚强领导下，深入学习贯彻习近平法治思想，全面落实《法治政府建设实施纲要（2021—2025年）》和省、市法治政府建设部署要求，统筹推进依法行政各项工作，法治政府建设取得新成效。现将有关情况报告如下：

一、2022年推进法治政府建设的主要举措和成效

（一）深入学习贯彻习近平法治思想。区政府常务会议全年开展会前学法12次，将习近平法治思想纳入区政府党组理论学习中心组学习重点内容，组织全区领导干部参加年度法治理论知识考试，参考率、合格率均达100%。

（二）依法全面履行政府职能。持续深化“放管服”改革，动态调整区级权力清单和责任清单，全年取消、下放行政权力事项23项。推行“一件事一次办”，企业开办时间压缩至0.5个工作日以内，政务服务事项网上可办率达98%以上。

（三）健全依法行政制度体系。严格落实重大行政决策程序规定，公布年度重大行政决策事项目录5项，全部履行公众参与、专家论证、风险评估、合法性审查和集体讨论决定程序。开展行政规范性文件清理，废止3件、修改2件，规范性文件合法性审核率达100%。

（四）严格规范公正文明执法。深化综合行政执法改革，全面推行行政执法公示、执法全过程记录、重大执法决定法制审核“三项制度”，全年开展行政执法案卷评查2次，评查案卷186卷。推行包容审慎监管，公布不予处罚、减轻处罚事项清单。

（五）强化行政权力制约和监督。自觉接受人大法律监督、政协民主监督，办理人大代表建议98件、政协提案132件，办复率100%。全面推进政务公开，围绕重大决策、重点民生领域加大信息公开力度，全年主动公开政府信息4126条，按时编制发布政府信息公开工作年度报告，依法办理政府信息公开申请37件。

（六）依法有效化解社会矛盾纠纷。全年办理行政复议案件41件，依法纠错6件。行政机关负责人出庭应诉率达100%。完善人民调解、行政调解、司法调解联动工作体系，调解各类矛盾纠纷2315件，调解成功率98.2%。

二、党政主要负责人履行推进法治建设第一责任人职责情况

区政府主要负责人认真履行推进法治建设第一责任人职责，4次主持召开区政府常务会议专题研究法治政府建设工作，对重大法治问题亲自部署、重大法治环节亲自把关、重大法治事项亲自督办，带头出庭应诉行政案件2件，带头讲法治课1次。

三、存在的不足和原因

一是部分单位运用法治思维和法治方式解决问题的能力还有待提升；二是基层行政执法队伍专业化水平不够高，执法规范化建设仍有短板；三是政务公开的标准化、规范化程度仍需提高，公众参与行政决策的渠道还不够丰富。

四、2023年推进法治政府建设的主要安排

2023年，我区将以习近平法治思想为指导，继续完善依法行政制度体系，提高重大行政决策质量；深化行政执法体制改革，加强执法队伍培训；加强行政复议规范化建设，发挥行政复议化解行政争议主渠道作用；持续优化法治化营商环境，为建设美丽幸福新洪泽提供坚实法治保障。

淮安市洪泽区人民政府
2023年3月28日
"""

GZBG = """2023年淮安市洪泽区政府工作报告（摘要）

——2023年1月6日在淮安市洪泽区第三届人民代表大会第二次会议上

各位代表：

现在，我代表区人民政府向大会报告工作，请予审议，并请区政协委员和其他列席人员提出意见。

一、2022年工作回顾

过去一年，面对复杂严峻的宏观环境和多重超预期因素冲击，全区上下坚持稳中求进工作总基调，高效统筹疫情防控和经济社会发展，全区地区生产总值增长4.2%，一般公共预算收入完成21.6亿元，城乡居民人均可支配收入分别增长4.8%和6.3%。

坚持项目为王，产业发展提质增效。全年新开工亿元以上产业项目46个，新增规上工业企业38家，盐化新材料、装备制造等主导产业产值增长12.5%。

坚持生态优先，湖区建设扎实推进。完成洪泽湖退圩还湖、生态廊道建设等重点工程，洪泽湖国考断面水质稳定达标，空气质量优良天数比率达82.1%。

坚持人民至上，民生福祉持续改善。民生支出占一般公共预算支出比重达80%以上，新增城镇就业6128人，新改扩建中小学、幼儿园5所，基本医疗保险参保率稳定在98%以上。

坚持依法行政，政府建设全面加强。自觉接受人大法律监督和政协民主监督，深入推进政务公开，重大行政决策全部经过合法性审查。

二、2023年主要目标任务

2023年全区经济社会发展的主要预期目标是：地区生产总值增长6%左右，一般公共预算收入增长5%左右，城乡居民人均可支配收入增长与经济增长基本同步。重点抓好项目攻坚、产业转型、城乡融合、生态保护、民生保障五个方面工作。

各位代表，新的征程催人奋进。让我们更加紧密地团结在以习近平同志为核心的党中央周围，奋力谱写中国式现代化洪泽新篇章！
"""


def make_other_kinds():
    put("text-dump/www.hongze.gov.cn_art_2023_3_28_art_11532_3876105.txt", FAZHI, kind="other_report",
        notes="法治政府建设年度报告; mentions 政务公开 and 政府信息公开工作年度报告 inside paragraphs")
    put("text-dump/www.hongze.gov.cn_art_2023_1_10_art_11531_3851204.txt", GZBG, kind="other_report",
        notes="政府工作报告 excerpt; mentions 政务公开 once")

    # budget explanation, as a saved page on the Pingtan site
    rows_ = [("一、一般公共预算拨款收入", "12,486.35", "一、一般公共服务支出", "1,025.60"),
             ("二、政府性基金预算拨款收入", "3,200.00", "二、社会保障和就业支出", "318.42"),
             ("三、国有资本经营预算拨款收入", "0.00", "三、卫生健康支出", "96.15"),
             ("四、财政专户管理资金收入", "0.00", "四、城乡社区支出", "6,842.18"),
             ("五、事业收入", "150.00", "五、交通运输支出", "7,236.00"),
             ("六、其他收入", "45.00", "六、住房保障支出", "363.00"),
             ("本年收入合计", "15,881.35", "本年支出合计", "15,881.35")]
    table = ('<table border="1" cellspacing="0" cellpadding="0" width="100%">\n'
             '<tr><td colspan="4">收支总表　　单位：万元</td></tr>\n<tr><td>收入项目</td><td>预算数</td><td>支出项目</td><td>预算数</td></tr>\n'
             + "\n".join("<tr>" + "".join(f"<td>{c}</td>" for c in r) + "</tr>" for r in rows_) + "\n</table>")
    body = "\n".join([
        p("一、部门主要职责"),
        p("平潭综合实验区交通与建设局贯彻执行国家和省有关交通运输、住房和城乡建设的方针政策和法律法规；拟订全区交通运输、城乡建设、建筑业和房地产业发展规划并组织实施；负责全区公路、港口、水运及市政基础设施建设和管理；负责建设工程质量安全监督管理。"),
        p("二、部门预算单位构成"),
        p("纳入本部门2023年部门预算编制范围的单位共3个，包括：局本级、平潭综合实验区公路事业发展中心、平潭综合实验区建设工程质量安全服务中心。"),
        p("三、2023年部门预算收支情况说明"),
        p("（一）收支总表"),
        table,
        p("（二）收入预算：2023年收入预算15,881.35万元，比上年减少1,204.62万元，下降7.05%，主要原因是部分基础设施项目完工，项目支出相应减少。"),
        p("（三）支出预算：2023年支出预算15,881.35万元，其中基本支出2,356.47万元，项目支出13,524.88万元。"),
        p("四、“三公”经费预算情况"),
        p("2023年“三公”经费预算18.60万元，其中因公出国（境）费0万元，公务接待费3.20万元，公务用车购置及运行维护费15.40万元（其中公务用车购置费0万元，公务用车运行维护费15.40万元），比上年减少2.10万元。"),
        p("五、其他重要事项的情况说明"),
        p("（一）机关运行经费：2023年机关运行经费预算286.54万元。（二）政府采购情况：2023年政府采购预算2,145.00万元，其中货物类315.00万元、服务类1,830.00万元。（三）国有资产占用情况：截至2022年12月31日，本部门共有车辆5辆，单价50万元以上通用设备2台（套）。"),
        p("六、名词解释"),
        p("1.一般公共预算拨款收入：指区财政当年拨付的资金。2.“三公”经费：指用财政拨款安排的因公出国（境）费、公务用车购置及运行维护费、公务接待费。"),
    ])
    title = "平潭综合实验区交通与建设局2023年部门预算公开说明"
    site = "www.pingtan.gov.cn"
    put("site/www.pingtan.gov.cn/zwgk/czzj/bmys/202302/t20230210_81204.htm",
        page(site, title, [("首页", "/"), ("政务公开", "/zwgk/"), ("财政资金", "/zwgk/czzj/"), ("部门预算", "/zwgk/czzj/bmys/")],
             article(title, "平潭综合实验区交通与建设局", "2023-02-10 11:20", 412, body), pubdate="2023-02-10 11:20:00",
             column="部门预算"), kind="budget", notes="部门预算公开说明 with a 收支总表 <table>")

    title = "河北省政务公开办公室关于做好2023年政府信息公开工作年度报告编制发布工作的通知"
    paras = [
        "各市（含定州、辛集市）、雄安新区政务公开办公室，省政府各部门：",
        "为深入贯彻落实《中华人民共和国政府信息公开条例》（以下简称《条例》），做好2023年政府信息公开工作年度报告（以下简称年度报告）编制发布工作，现将有关事项通知如下：",
        "一、严格执行年度报告格式。各地各部门要严格按照《国务院办公厅政府信息与政务公开办公室关于印发〈中华人民共和国政府信息公开工作年度报告格式〉的通知》（国办公开办函〔2021〕30号）要求编制年度报告，不得擅自增减栏目、调整表格结构。年度报告应当包括总体情况、主动公开政府信息情况、收到和处理政府信息公开申请情况、政府信息公开行政复议和行政诉讼情况、存在的主要问题及改进情况、其他需要报告的事项等内容。",
        "二、确保数据真实准确。各地各部门要认真核对统计数据，确保表格数据勾稽关系正确，文字表述与统计数据一致。“本年新收政府信息公开申请数量”与“上年结转政府信息公开申请数量”之和，应当等于“本年度办理结果”与“结转下年度继续办理”之和。",
        "三、按时公开发布。各设区市政府、省政府各部门应于2024年1月31日前，在本级政府门户网站或本部门网站“政府信息公开年报”栏目公开本机关2023年年度报告；县级政府和乡镇（街道）于2024年1月31日前公开。年度报告以网页形式发布，同时提供可下载的PDF或Word文件。",
        "四、做好报送备案。年度报告公开后5个工作日内，各地各部门要将年度报告电子版报送省政务公开办公室备案。省政务公开办公室将对年度报告发布情况进行检查，检查结果纳入年度政务公开工作考核。",
        "联系人：省政府办公厅政务公开处，电话：0311-87909000。",
        "河北省政务公开办公室",
        "2023年12月15日",
    ]
    site = "www.hebei.gov.cn"
    put("site/www.hebei.gov.cn/zwgk/tzgg/202312/t20231215_7012834.html",
        page(site, title, [("首页", "/"), ("政务公开", "/zwgk/"), ("通知公告", "/zwgk/tzgg/")],
             article(title, "河北省人民政府办公厅", "2023-12-15 17:02", 2861, "\n".join(p(s) for s in paras)),
             pubdate="2023-12-15 17:02:00", column="通知公告"),
        kind="notice", notes="a notice whose title names the report kind; it is not a report")


def make_logs():
    def log(start_h, start_m, entries):
        out, t = [], start_h * 3600 + start_m * 60 + 13
        t0 = t
        for k, (level, msg) in enumerate(entries):
            t += 1 + h(msg, 2) % 4
            msg = msg.replace("{elapsed}", f"{(t - t0) // 3600}:{(t - t0) // 60 % 60:02d}:{(t - t0) % 60:02d}")
            out.append(f"2024-{log.day} {t // 3600:02d}:{t // 60 % 60:02d}:{t % 60:02d} {level:<7} {msg}")
            t += 30 if "timeout" in msg else 60 if "in 60s" in msg else 0
        return "\n".join(out) + "\n"
    saved = sorted(((path, g) for path, g, form, *_ in rows if path.startswith("site/") or path.startswith("attachments/")),
                   key=lambda r: (not r[0].startswith("site/"), r[0]))
    for path, _ in saved:
        URLS.setdefault(path, "http://" + path.split("/", 1)[1])
    e = [("INFO", "crawler 2.3.1 start: seeds=4 depth=3 delay=1.5s user-agent=\"Mozilla/5.0 (research crawl)\""),
         ("INFO", "robots.txt http://jyt.hebei.gov.cn/robots.txt 200 (no rules)"),
         ("INFO", "robots.txt http://kjt.hebei.gov.cn/robots.txt 404"),
         ("INFO", "robots.txt http://www.hebei.gov.cn/robots.txt 200 (Disallow: /search/)")]
    for path, g in saved:
        url = URLS[path]
        size = os.path.getsize(os.path.join(OUT, path))
        ctype = "application/pdf" if path.endswith(".pdf") else \
            "application/vnd.openxmlformats-officedocument.wordprocessingml.document" if path.endswith(".docx") else "text/html"
        if h(path) % 3 == 0:
            e.append(("WARNING", f"GET {url} timeout after 30s, retry 1/3"))
        e.append(("INFO", f"GET {url} 200 {ctype} {size} bytes"))
        title = PICKED.get(g, "")
        e.append(("INFO", f"saved {path}" + (f" title=\"{title}\"" if title and ctype == "text/html" else "")))
        if "index" in path:
            n = open(os.path.join(OUT, path), encoding="utf-8").read().count('class="date"')
            e.append(("INFO", f"found {n} links on {url}, queued {n}"))
    e += [("WARNING", "GET http://jyt.hebei.gov.cn/zwgk/zfxxgknb/201801/t20180126_266410.html 404 Not Found"),
          ("ERROR", "GET http://gxt.hebei.gov.cn/zwgk/zfxxgknb/202201/t20220125_5523101.html connection reset by peer, retry 1/3"),
          ("ERROR", "GET http://gxt.hebei.gov.cn/zwgk/zfxxgknb/202201/t20220125_5523101.html connection reset by peer, retry 2/3"),
          ("ERROR", "GET http://gxt.hebei.gov.cn/zwgk/zfxxgknb/202201/t20220125_5523101.html failed after 3 retries, skipped"),
          ("WARNING", f"http://www.pingtan.gov.cn/zwgk/zfxxgk/zfxxgknb/202001/t20200117_80611.htm looks like an error page ({os.path.getsize(os.path.join(OUT, 'site/www.pingtan.gov.cn/zwgk/zfxxgk/zfxxgknb/202001/t20200117_80611.htm'))} bytes, title 页面不存在)"),
          ("INFO", "GET http://stcsm.sh.gov.cn/xxgk/ndbg/ 302 -> https://stcsm.sh.gov.cn/xxgk/ndbg/index.html"),
          ("WARNING", "certificate verify failed for https://stcsm.sh.gov.cn/, retrying without verification"),
          ("INFO", f"done: {len(saved) + 10} requests, {len(saved)} saved, 1 failed, 1 not found, elapsed {{elapsed}}")]
    log.day = "03-01"
    put("crawl-2024-03-01.txt", log(10, 22, e), kind="crawl_log", notes="the crawler's log, saved as .txt")
    e = [("INFO", "crawler 2.3.1 start: mode=recrawl since=2024-03-01 seeds=3"),
         ("INFO", "GET http://kjt.hebei.gov.cn/zwgk/zfxxgknb/ 200 text/html 15872 bytes"),
         ("INFO", "GET http://kjt.hebei.gov.cn/zwgk/zfxxgknb/202301/t20230118_4412076.html 200 text/html (etag unchanged, saved anyway)"),
         ("INFO", "saved recrawl-2024/kjt.hebei.gov.cn/zwgk/zfxxgknb/202301/t20230118_4412076.html"),
         ("WARNING", "GET http://gxt.hebei.gov.cn/zwgk/zfxxgknb/ 503 Service Unavailable, retry 1/3 in 60s"),
         ("INFO", "GET http://gxt.hebei.gov.cn/zwgk/zfxxgknb/ 200 text/html 14930 bytes"),
         ("INFO", "GET http://gxt.hebei.gov.cn/zwgk/zfxxgknb/202401/P020240126413098725551.docx 200 application/vnd.openxmlformats-officedocument.wordprocessingml.document (etag unchanged)"),
         ("INFO", "saved recrawl-2024/attachments/gxt.hebei.gov.cn/2023年度政府信息公开工作报告.docx"),
         ("INFO", "GET http://www.pingtan.gov.cn/zwgk/zfxxgk/zfxxgknb/201701/t20170120_80485.htm 200 text/html"),
         ("INFO", "extracted text to recrawl-2024/pingtan/80485_平潭综合实验区2016年度政府信息公开工作年度报告/page.txt"),
         ("ERROR", "GET http://www.pingtan.gov.cn/zwgk/zfxxgk/zfxxgknb/202301/ timeout after 30s, giving up"),
         ("INFO", "done: 6 requests, 3 saved, 1 failed, elapsed {elapsed}")]
    log.day = "05-20"
    put("recrawl-2024/crawl-2024-05-20.txt", log(14, 5, e), kind="crawl_log", notes="the re-crawl's log, saved as .txt")


README = """# CopyFixtures: one report, many files (issue 23)

A researcher's crawl folder, made from real reports, for report identity: govsearch should index each
report once however many copies of it the folder holds, and skip the files that are no
information-disclosure annual report.

- `originals/`: 13 real reports, byte for byte from `RealReports/` (河北省教育厅 2013/2016/2019/2022,
  河北省科学技术厅 2017/2020/2022, 河北省工业和信息化厅 2020/2023, 平潭综合实验区 2016/2022, 洪泽区 2023,
  上海市科委 2024): different years of one agency are different reports.
- `site/`: saved site pages (report text inside the site's chrome: menu, breadcrumb, title, 来源/发布时间 line,
  a sidebar of the agency's other years' titles, footer), and pages that are no report: two error pages
  saved under report URLs, two column listing pages, a budget explanation and a notice about compiling the reports.
- `attachments/`: .pdf and .docx copies of reports. `gbk/`: GB18030 copies. `text-dump/`: copies with white
  space collapsed or removed, as crawlers store page text, beside a 法治政府建设 report and a 政府工作报告 excerpt.
- `recrawl-2024/`: byte-identical copies in a re-crawl folder, and its log; `crawl-2024-03-01.txt`: the first crawl's log.

`EXPECTED.tsv` (one row a file, this README included) is written by construction, by the script that makes
the copies, never by running govsearch: `group` is the report a file is a copy of (its RealReports stem,
empty for non-reports), `form` how it was made (original, html_page, gb18030, collapsed, docx, pdf, recrawl,
not_a_report), `kind` (report, error_page, listing_page, crawl_log, other_report, budget, notice, readme),
`source` the RealReports file, `year` and `agency` from `RealReports/MANIFEST.tsv`, `notes` what differs.
A copy's text need not equal its original's: titles cut by a list page (`年度报...`) are whole on a page or in
an attachment, pages show the title as `<h1>` and not in the body, white space differs.

Made by `python3 scripts/make-copy-fixtures.py` (from the repository root; needs reportlab, only to
regenerate), deterministic: a second run writes the same bytes. The tests need no converter.
"""


def check():
    """Each PDF, docx and HTML copy gives its report's text back (white space aside); each recrawl is byte-identical."""
    def norm(s):
        return "".join(s.split())
    ok = True
    for path, g, form, kind, *_ in rows:
        if not g or form == "original":
            continue
        full = os.path.join(OUT, path)
        orig = norm(text(g))
        if form == "pdf":
            got = subprocess.run(["pdftotext", "-enc", "UTF-8", full, "-"], capture_output=True, check=True).stdout.decode("utf-8")
        elif form in ("docx", "recrawl") and path.endswith(".docx"):
            xml = zipfile.ZipFile(full).read("word/document.xml").decode("utf-8")
            got = html.unescape("".join(re.findall(r"<w:t[^>]*>([^<]*)</w:t>", xml)))
        elif path.endswith((".html", ".htm")):
            b = open(full, encoding="utf-8").read()
            start = b.index('id="zoom">') + 10
            b = b[start: b.index('\n</div>\n', start)]
            got = html.unescape(re.sub(r"<!--.*?-->|<[^>]+>", "", b))
            orig = norm(text(g).replace("<!--[if !supportLists]-->", "").replace("<!--[endif]-->", ""))
        elif form == "gb18030":
            got = open(full, "rb").read().decode("gb18030")
        else:
            got = open(full, encoding="utf-8").read()
        got = norm(got)
        title = norm(PICKED[g])
        # a page or an attachment may show the whole title where the original's is cut, or no title line
        first = norm(text(g).split("\n")[0]) if "\n" in text(g)[:80] else norm(text(g).split(" ")[0])
        cands = [orig, orig[len(first):], title + orig[len(first):]]
        if form == "html_page":
            cands = [orig[len(first):], norm(text(g).partition(" ")[2])]
        same = got in cands
        how = "same text" if same else ""
        if not same and form == "pdf":
            from collections import Counter
            miss = min(sum((Counter(c) - Counter(got)).values()) + sum((Counter(got) - Counter(c)).values()) for c in cands)
            same = miss <= 4
            how = f"same characters, table cells in another order" if miss == 0 else f"{miss} characters differ"
        if form == "recrawl":
            src = [r[0] for r in rows if r[1] == g and r[2] != "recrawl" and open(os.path.join(OUT, r[0]), "rb").read() == open(full, "rb").read()]
            same = bool(src)
            how = f"same bytes as {src[0]}" if src else "bytes differ"
        print(f"{'ok  ' if same else 'DIFF'} {form:9} {path}: {how} ({len(got)} of {len(orig)} characters)")
        ok &= same
    return ok


if __name__ == "__main__":
    if os.path.exists(OUT):
        if not os.path.exists(os.path.join(OUT, "EXPECTED.tsv")):
            sys.exit(f"{OUT}/ exists but has no EXPECTED.tsv: not removing it")
        shutil.rmtree(OUT)
    os.makedirs(OUT)
    make_reports()
    make_error_pages()
    make_listing_pages()
    make_other_kinds()
    make_logs()
    put("README.md", README, kind="readme", notes="this folder's description (.md is a format govsearch reads)")
    rows.sort()
    with open(os.path.join(OUT, "EXPECTED.tsv"), "w", encoding="utf-8", newline="\n") as f:
        f.write("path\tgroup\tform\tkind\tsource\tyear\tagency\tnotes\n")
        for r in rows:
            f.write("\t".join(r) + "\n")
    if "--check" in sys.argv:
        sys.exit(0 if check() else 1)
