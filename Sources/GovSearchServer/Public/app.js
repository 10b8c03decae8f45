// govsearch web page: plain JS, no build step. State lives in the URL:
// /?q=…&offset=…&sort=…&by=… shows results (with the trend chart by `by`),
// /?q=…&tab=stats&group=…&then=…&fields=… the statistics tab (grouped by one key, or by
// `group` then `then`), /?q=…&report=ID one report.
"use strict";

const PAGE = 10;
const FACETS = ["year", "agency", "region", "section"];
const UNKNOWN = "（未知）";
const FACET_NAMES = { year: "年度", agency: "机关", region: "地区", section: "章节", level: "层级", format: "格式" };
const FIELD_NAMES = { ...FACET_NAMES };
const SECTION_NAMES = {
  preamble: "前言", overview: "总体情况", proactive: "主动公开", requests: "依申请公开",
  appeals: "复议诉讼", problems: "问题与改进", other: "其他事项", fees: "收费减免",
};
const LEVEL_NAMES = { province: "省级", city: "市级", county: "县级", township: "乡镇（街道）" };
const FORMAT_NAMES = { standard2019: "2019 年起新格式（含统计表）", pre2019: "2019 年以前格式" };
const FILE_FORMATS = { text: "文本", html: "网页", docx: "Word (.docx)", pdf: "PDF", ofd: "OFD", xlsx: "Excel (.xlsx)", word97: "Word 97–2003", excel97: "Excel 97–2003" };

// The request table (收到和处理政府信息公开申请情况) in the official form's order:
// 本年新收 → 上年结转 → 办理结果 (一)…(七) → 结转下年度.
const REQUEST_FORM = [
  ["new_applications", "一、本年新收政府信息公开申请数量"],
  ["carried_over", "二、上年结转政府信息公开申请数量"],
  ["granted", "三、本年度办理结果　（一）予以公开"],
  ["partially_granted", "（二）部分公开（区分处理的，只计这一情形，不计其他情形）"],
  ["withheld", "（三）不予公开", [
    ["state_secret", "1. 属于国家秘密"], ["prohibited_by_law", "2. 其他法律行政法规禁止公开"],
    ["security_stability", "3. 危及“三安全一稳定”"], ["third_party_rights", "4. 保护第三方合法权益"],
    ["internal_affairs", "5. 属于三类内部事务信息"], ["process_information", "6. 属于四类过程性信息"],
    ["enforcement_files", "7. 属于行政执法案卷"], ["administrative_query", "8. 属于行政查询事项"]]],
  ["unable_to_provide", "（四）无法提供", [
    ["not_held", "1. 本机关不掌握相关政府信息"], ["would_need_creation", "2. 没有现成信息需要另行制作"],
    ["unclear_after_correction", "3. 补正后申请内容仍不明确"]]],
  ["not_processed", "（五）不予处理", [
    ["petition_complaint", "1. 信访举报投诉类申请"], ["repeated", "2. 重复申请"],
    ["published_material", "3. 要求提供公开出版物"], ["excessive_repeated", "4. 无正当理由大量反复申请"],
    ["confirmation_request", "5. 要求行政机关确认或重新出具已获取信息"]]],
  ["other_handling", "（六）其他处理", [
    ["no_correction", "1. 申请人无正当理由逾期不补正、行政机关不再处理其政府信息公开申请"],
    ["fee_unpaid", "2. 申请人逾期未按收费通知要求缴纳费用、行政机关不再处理其政府信息公开申请"],
    ["other", "3. 其他"]]],
  ["handled_total", "（七）总计"],
  ["carried_forward", "四、结转下年度继续办理"],
];
const COLUMNS = [
  ["natural_person", "自然人"], ["commercial_enterprise", "商业企业"], ["research_institution", "科研机构"],
  ["public_interest_org", "社会公益组织"], ["legal_service_org", "法律服务机构"], ["other_org", "其他"], ["total", "总计"],
];
const APPEAL_ROWS = [["reconsideration", "行政复议"], ["litigation_direct", "行政诉讼：未经复议直接起诉"], ["litigation_after_reconsideration", "行政诉讼：复议后起诉"]];
const APPEAL_COLS = [["upheld", "结果维持"], ["corrected", "结果纠正"], ["other", "其他结果"], ["pending", "尚未审结"], ["total", "总计"]];
// The proactive table (主动公开政府信息情况), items in the form's order, columns by name.
const PROACTIVE_ITEMS = [
  ["regulations", "规章"], ["normative_documents", "规范性文件"], ["licensing", "行政许可"],
  ["other_services", "其他对外管理服务事项"], ["punishment", "行政处罚"], ["enforcement", "行政强制"],
  ["fees", "行政事业性收费"], ["procurement", "政府集中采购"],
];
const PROACTIVE_COLS = [
  ["made", "本年新制作（制发）数量"], ["published", "本年新公开数量"], ["total", "对外公开总数量"],
  ["repealed", "本年废止件数"], ["in_force", "现行有效件数"], ["previous", "上一年项目数量"], ["change", "本年增/减"],
  ["decisions", "处理决定数量"], ["count", "采购项目数量"], ["amount", "金额（万元）"],
];
// Figures by name (stats fields, sort orders), in Chinese.
const FIGURE_NAMES = {
  new_applications: "本年新收申请", carried_over: "上年结转", granted: "予以公开", partially_granted: "部分公开",
  withheld: "不予公开", unable_to_provide: "无法提供", not_processed: "不予处理", other_handling: "其他处理",
  handled_total: "办理结果总计", carried_forward: "结转下年度", reconsideration: "行政复议", litigation: "行政诉讼",
  litigation_direct: "未经复议直接起诉", litigation_after_reconsideration: "复议后起诉", regulations: "规章",
  normative_documents: "规范性文件", licensing: "行政许可", punishment: "行政处罚", enforcement: "行政强制",
  fees_amount: "行政事业性收费金额", procurement_items: "政府集中采购项目数", procurement_amount: "政府集中采购金额",
};
const SORTS = [
  ["relevance", "按相关度"], ["-year", "年度：新→旧"], ["year", "年度：旧→新"], ["agency", "机关名称"],
  ["-new_applications", "本年新收申请：多→少"], ["-granted", "予以公开：多→少"], ["-withheld", "不予公开：多→少"],
  ["-reconsideration", "行政复议：多→少"], ["-litigation", "行政诉讼：多→少"],
];
const TREND_BY = [["year", "按年度"], ["agency", "按机关"], ["region", "按地区"], ["section", "按章节"]];
const STATS_BY = [["year", "年度"], ["agency", "机关"], ["region", "地区"], ["level", "层级"], ["format", "格式"]];
const STATS_DEFAULT = ["new_applications", "granted", "withheld", "reconsideration"];
const STATS_AGG = [["sum", "合计"], ["mean", "平均"], ["median", "中位数"], ["count", "报告数"]];
const CHECK_NAMES = {
  requests_balance: "申请数量不平：本年新收＋上年结转 ≠ 办理结果总计＋结转下年度",
  handled_total: "办理结果（七）总计 ≠（一）至（六）之和",
  row_total: "一行的总计 ≠ 各类申请人之和",
  appeals_total: "复议或诉讼的总计 ≠ 各项结果之和",
};
const HOW_NAMES = { cell: "表格单元格", "split by rule": "按规则拆分连写数字", "split by prose": "由正文文字得出", "sum of items": "由分项相加", prose: "由正文文字得出" };

const $ = (id) => document.getElementById(id);
const el = (tag, attrs = {}, ...kids) => {
  const e = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs)) {
    if (v == null || v === false) continue;
    if (k === "class") e.className = v;
    else if (k.startsWith("on")) e.addEventListener(k.slice(2), v);
    else e.setAttribute(k, v === true ? "" : v);
  }
  for (const k of kids) if (k != null) e.append(k);
  return e;
};
const SVG = "http://www.w3.org/2000/svg";
const svg = (tag, attrs = {}, ...kids) => {
  const e = document.createElementNS(SVG, tag);
  for (const [k, v] of Object.entries(attrs)) e.setAttribute(k, v);
  for (const k of kids) if (k != null) e.append(k);
  return e;
};

// ---- the API's errors in Chinese ----------------------------------------------

const DETAIL_PATTERNS = [
  [/^unbalanced quote .* at character (\d+)$/, (m) => `引号不成对（第 ${m[1]} 个字符）`],
  [/^unbalanced quote/, () => "引号不成对"],
  [/^unbalanced '\(' at character (\d+)$/, (m) => `括号不成对：多了“(”（第 ${m[1]} 个字符）`],
  [/^unbalanced '\)' at character (\d+)$/, (m) => `括号不成对：多了“)”（第 ${m[1]} 个字符）`],
  [/^unbalanced/, () => "括号不成对"],
  [/^unknown field '([^']*)'/, (m) => `不认识的字段“${m[1]}”（可用 year、agency、region、section、level、format）`],
  [/^field '([^']*)' needs a value/, (m) => `字段“${m[1]}”后面缺少取值`],
  [/^unknown level '([^']*)'/, (m) => `不认识的层级“${m[1]}”（可用 province、city、county、township 或 省、市、县、乡镇）`],
  [/^unknown format '([^']*)'/, (m) => `不认识的报告格式“${m[1]}”（可用 standard2019、pre2019）`],
  [/^unknown section '([^']*)'/, (m) => `不认识的章节“${m[1]}”（可用 requests、主动公开、依申请公开 等）`],
  [/^bad year range/, () => "年份范围有误（起始年份晚于结束年份）"],
  [/^bad year '([^']*)'/, (m) => `年份“${m[1]}”有误（应为四位数年份）`],
  [/^(OR|AND|NOT) needs something/, (m) => `${m[1]} 两侧（或后面）缺少检索词`],
  [/^misplaced operator/, () => "运算符位置不对"],
  [/^empty (query|expression)/, () => "检索式为空"],
];

/** A Chinese message for an API error (the English one stays in `title` for reference). */
function chineseError(message, status) {
  const m0 = /^bad query "(.*)": (.*)$/s.exec(message);
  if (m0) {
    for (const [re, f] of DETAIL_PATTERNS) {
      const m = re.exec(m0[2]);
      if (m) return "检索式有误：" + f(m);
    }
    return "检索式有误，请检查语法。";
  }
  let m;
  if ((m = /^query too long: (\d+) characters \(at most (\d+)\)/.exec(message))) return `检索式太长：${m[1]} 个字符，最多 ${m[2]} 个。`;
  if (/^server busy/.test(message)) return "服务器繁忙，请稍后再试。";
  if (/^no report with id/.test(message)) return "索引中没有这份报告（可能已被删除或重新索引）。";
  if (/can no longer be read/.test(message)) return "这份报告的文件已无法读取（文件可能已移动或删除，需要重新索引）。";
  if ((m = /^unknown field '([^']*)'/.exec(message))) return `不认识的统计项“${m[1]}”。`;
  if (/^stats cannot group by section/.test(message)) return "统计不能按章节分组。";
  if (/^unknown sort order/.test(message)) return "不认识的排序方式。";
  if (/^no index at/.test(message) || /^index /.test(message)) return "索引无法打开，请联系管理员。";
  if (/not valid UTF-8|malformed percent escape/.test(message)) return "网址中的参数无法解析。";
  if (/limit|offset/.test(message)) return "翻页参数超出范围。";
  return `出错了（HTTP ${status}）。`;
}

class ApiError extends Error {
  constructor(english, status) { super(chineseError(english, status)); this.english = english; this.status = status; }
}

// ---- query text and field chips ------------------------------------------------

const FIELDS = ["year", "agency", "region", "section", "level", "format"];
// A field token: name, a half- or full-width colon, a (quoted) value. Full-width
// letters (ｙｅａｒ) are matched after NFKC, as the query language reads them.
const TOKEN_RE = /(^|[\s\u3000(（])([^\s\u3000:：()（）"“”]+)[:：]("[^"]*"|“[^”]*”|[^\s\u3000()（）]+)/g;

function fieldsOf(q) {
  const out = [];
  for (const m of q.matchAll(TOKEN_RE)) {
    const field = m[2].normalize("NFKC").toLowerCase();
    if (!FIELDS.includes(field)) continue;
    const raw = m[2] + m[0].slice(m[1].length + m[2].length, m[1].length + m[2].length + 1) + m[3];
    const value = m[3].normalize("NFKC").replace(/^["“]|["”]$/g, "");
    out.push({ raw, field, value });
  }
  return out;
}

function fieldToken(field, value) {
  return field + ":" + (/[\s"()]/.test(value) ? '"' + value.replace(/"/g, "") + '"' : value);
}

function withoutToken(q, raw) {
  const i = q.indexOf(raw);
  if (i < 0) return q;
  return (q.slice(0, i) + " " + q.slice(i + raw.length)).replace(/[\s\u3000]+/g, " ").trim();
}

function withField(q, field, value) {
  // One value per field: clicking another year replaces the year.
  let out = q;
  for (const f of fieldsOf(q)) if (f.field === field) out = withoutToken(out, f.raw);
  return (out + " " + fieldToken(field, value)).trim();
}

// ---- URL state -------------------------------------------------------------------

function state() {
  const p = new URLSearchParams(location.search);
  return {
    q: p.get("q") || "", offset: Math.max(0, parseInt(p.get("offset") || "0", 10) || 0), report: p.get("report") || "",
    sort: p.get("sort") || "", by: p.get("by") || "year", tab: p.get("tab") || "",
    group: p.get("group") || "year", then: p.get("then") || "", fields: p.get("fields") || STATS_DEFAULT.join(","), agg: p.get("agg") || "sum",
  };
}

function urlOf(s) {
  const p = new URLSearchParams();
  if (s.q) p.set("q", s.q);
  if (s.offset) p.set("offset", String(s.offset));
  if (s.sort && s.sort !== "relevance") p.set("sort", s.sort);
  if (s.by && s.by !== "year") p.set("by", s.by);
  if (s.tab) p.set("tab", s.tab);
  if (s.tab === "stats") {
    if (s.group && s.group !== "year") p.set("group", s.group);
    if (s.then) p.set("then", s.then);
    if (s.fields && s.fields !== STATS_DEFAULT.join(",")) p.set("fields", s.fields);
    if (s.agg && s.agg !== "sum") p.set("agg", s.agg);
  }
  if (s.report) p.set("report", s.report);
  return "/" + (p.toString() ? "?" + p.toString() : "");
}

function go(changes, replace = false) {
  const url = urlOf({ ...state(), ...changes });
  if (replace) history.replaceState(null, "", url);
  else history.pushState(null, "", url);
  render();
}

/** A link that navigates within the page (and still works opened in a new tab). */
function nav(changes, attrs, ...kids) {
  const a = el("a", { href: urlOf({ ...state(), ...changes }), ...attrs }, ...kids);
  a.addEventListener("click", (ev) => {
    if (ev.ctrlKey || ev.metaKey || ev.shiftKey) return;
    ev.preventDefault();
    go(changes);
  });
  return a;
}

window.addEventListener("popstate", render);

$("search").addEventListener("submit", (ev) => {
  ev.preventDefault();
  go({ q: $("q").value.trim(), offset: 0, report: "" });
});

// ---- fetching ----------------------------------------------------------------------

let generation = 0;

async function getJSON(url) {
  let r;
  try { r = await fetch(url, { headers: { Accept: "application/json" } }); } catch {
    throw new ApiError("network", 0);
  }
  let body;
  try { body = await r.json(); } catch { body = { error: "unreadable answer" }; }
  if (!r.ok) throw new ApiError(body.error || "HTTP " + r.status, r.status);
  return body;
}

function setStatus(text, isError = false, english = "") {
  const s = $("status");
  s.textContent = text;
  s.className = "status" + (isError ? " error" : "");
  if (english) s.title = english; else s.removeAttribute("title");
  s.dataset.english = english;
}

function clearResults() {
  for (const id of ["hits", "facets", "pager", "tools", "trend", "stats"]) $(id).replaceChildren();
  $("tabs").replaceChildren();
}

async function render() {
  const s = state();
  const mine = ++generation;
  $("q").value = s.q;
  renderChips(s.q);
  document.title = (s.q ? s.q + " · " : "") + "政府信息公开年度报告检索";
  document.body.dataset.tab = s.report ? "report" : s.tab || "results";
  if (s.report) return renderReport(s, mine);
  $("report").hidden = true;
  $("layout").hidden = false;
  if (!s.q && s.tab !== "stats") {
    setStatus("输入检索词开始，例如 依申请公开、行政复议 year:2020。也可以不输入检索词，直接查看全部报告的统计。");
    clearResults();
    renderTabs(s);
    document.body.dataset.state = "idle";
    return;
  }
  setStatus("检索中…");
  document.body.dataset.state = "loading";
  renderTabs(s);
  if (s.tab === "stats") return renderStats(s, mine);
  const params = { q: s.q, limit: String(PAGE), offset: String(s.offset), facets: FACETS.join(",") };
  if (s.sort) params.sort = s.sort;
  // The chart's numbers are asked for at once, beside the search, not after it.
  const trend = trendRequest(s);
  trend.catch(() => {});  // a bad query fails both; the search's error is the one shown
  try {
    const r = await getJSON("/api/search?" + new URLSearchParams(params));
    if (mine !== generation) return;
    renderResults(r, s);
    document.body.dataset.state = "results";
    performance.mark("govsearch:results");  // read by make bench-serve (first render)
    renderTrend(s, mine, trend);
  } catch (e) {
    if (mine !== generation) return;
    setStatus(e.message, true, e.english);
    clearResults();
    renderTabs(s);
    document.body.dataset.state = "error";
  }
}

function renderTabs(s) {
  const tab = (key, label) => nav({ tab: key, offset: 0 }, { class: "tab" + ((s.tab || "") === key ? " on" : ""), "data-tab": key || "results" }, label);
  $("tabs").replaceChildren(tab("", "报告列表"), tab("stats", "统计"));
}

// ---- results ---------------------------------------------------------------------------

function renderChips(q) {
  const chips = fieldsOf(q).map((f) => {
    const shown = f.field === "section" ? (SECTION_NAMES[f.value] || f.value)
      : f.field === "level" ? (LEVEL_NAMES[f.value] || f.value) : f.value;
    const label = (FIELD_NAMES[f.field] || f.field) + "：" + shown;
    return el("span", { class: "chip", "data-field": f.field, "data-value": f.value }, label,
      el("button", { type: "button", title: "去掉这个条件", "aria-label": "去掉 " + label,
        onclick: () => go({ q: withoutToken(state().q, f.raw), offset: 0 }) }, "×"));
  });
  $("chips").replaceChildren(...chips);
}

/** The snippet with highlights; offsets count code points (Array.from). */
function highlighted(snippet, ranges) {
  const cps = Array.from(snippet);
  const frag = document.createDocumentFragment();
  let i = 0;
  for (const [a, b] of ranges || []) {
    if (a < i || b > cps.length || a >= b) continue;
    frag.append(cps.slice(i, a).join(""));
    frag.append(el("mark", {}, cps.slice(a, b).join("")));
    i = b;
  }
  frag.append(cps.slice(i).join(""));
  return frag;
}

function exportURL(q, format, sections) {
  const p = { q, format };
  if (sections) p.sections = "1";
  return "/api/export?" + new URLSearchParams(p);
}

function renderTools(r, s) {
  const select = el("select", { id: "sort", "aria-label": "排序" },
    ...SORTS.map(([v, label]) => el("option", { value: v, selected: (s.sort || "relevance") === v }, label)));
  select.addEventListener("change", () => go({ sort: select.value, offset: 0 }));
  const dl = (format, sections, label, id) => el("a", { class: "button", id, href: exportURL(s.q, format, sections), download: "" }, label);
  $("tools").replaceChildren(
    el("label", { class: "sortbox" }, "排序 ", select),
    r.total ? el("span", { class: "downloads" }, `下载全部 ${r.total} 份：`,
      dl("csv", false, "CSV", "dl-csv"), dl("jsonl", false, "JSONL", "dl-jsonl"), dl("jsonl", true, "分章节全文 JSONL", "dl-sections")) : null);
}

function renderResults(r, s) {
  const from = r.total ? r.offset + 1 : 0;
  const to = r.offset + r.hits.length;
  setStatus(r.total ? `共 ${r.total} 份报告，显示第 ${from}–${to} 份` : `没有报告符合“${r.query}”。`);
  $("status").dataset.total = String(r.total);
  renderTools(r, s);

  $("hits").replaceChildren(...r.hits.map((h) => {
    const title = h.title || [h.year, h.agency, "政府信息公开工作年度报告"].filter(Boolean).join(" ");
    const link = nav({ report: h.id }, { class: "open", "data-id": h.id }, title);
    return el("li", { class: "hit", "data-id": h.id },
      el("h3", {}, link),
      el("div", { class: "meta" },
        el("span", { class: "year" }, h.year ? h.year + " 年" : "年份不详"),
        el("span", { class: "agency" }, h.agency || "机关不详"),
        h.region ? el("span", { class: "region" }, h.region) : null,
        ...h.sections.map((k) => el("span", { class: "tag", "data-section": k }, SECTION_NAMES[k] || k)),
        h.ocr ? el("span", { class: "tag" }, "OCR 识别") : null),
      h.snippet ? el("p", { class: "snippet" }, highlighted(h.snippet, h.highlights)) : null,
      el("div", { class: "path" },
        el("a", { href: "/api/reports/" + h.id + "/file", target: "_blank", rel: "noopener", class: "file" }, h.path),
        h.copies && h.copies.length ? el("span", { class: "copies" }, `　另有 ${h.copies.length} 个副本`) : null));
  }));

  const active = new Set(fieldsOf(s.q).map((f) => f.field + ":" + f.value));
  $("facets").replaceChildren(...FACETS.filter((f) => r.facets[f]).map((f) => {
    let entries = Object.entries(r.facets[f]);
    if (f === "year") entries.sort((a, b) => b[0].localeCompare(a[0]));
    const box = el("div", { class: "facet", "data-facet": f }, el("h2", {}, FACET_NAMES[f]));
    const list = el("ul");
    const item = ([value, n]) => {
      const on = active.has(f + ":" + value);
      const label = f === "section" ? (SECTION_NAMES[value] || value) : value;
      const a = nav({ q: withField(s.q, f, value), offset: 0 }, { class: on ? "on" : "", "data-value": value },
        el("span", {}, label), el("span", { class: "n" }, String(n)));
      return el("li", {}, a);
    };
    list.append(...entries.slice(0, 12).map(item));
    // A report has one year, agency and region or none: the rest of the total is （未知）.
    // Sections overlap (a report counts under each section it matches in), so no remainder there.
    if (f !== "section") {
      const unknown = r.total - entries.reduce((a, [, n]) => a + n, 0);
      if (unknown > 0) list.append(el("li", { class: "unknown", title: "元数据中没有读出" + FACET_NAMES[f] + "的报告" },
        el("span", {}, UNKNOWN), el("span", { class: "n" }, String(unknown))));
    }
    box.append(list);
    if (entries.length > 12) {
      const more = el("button", { type: "button", class: "more" }, `更多（${entries.length - 12}）`);
      more.addEventListener("click", () => {
        const rest = entries.slice(12).map(item), unknown = list.querySelector(".unknown");
        if (unknown) unknown.before(...rest); else list.append(...rest);
        more.remove();
      });
      box.append(more);
    }
    if (f === "section") box.append(el("p", { class: "note" }, "一份报告在几个章节中命中，就计入几个章节。"));
    return box;
  }));

  const pager = [];
  if (r.total > PAGE) {
    const prev = r.offset > 0, next = r.offset + PAGE < r.total;
    const btn = (label, ok, offset, rel) => {
      if (!ok) return el("span", { class: "off" }, label);
      const a = nav({ offset }, { rel }, label);
      a.addEventListener("click", () => scrollTo(0, 0));
      return a;
    };
    pager.push(btn("上一页", prev, Math.max(0, r.offset - PAGE), "prev"),
      el("span", { class: "where" }, `${Math.floor(r.offset / PAGE) + 1} / ${Math.ceil(r.total / PAGE)}`),
      btn("下一页", next, r.offset + PAGE, "next"));
  }
  $("pager").replaceChildren(...pager);
}

// ---- the trend chart (SVG made here from /api/trend) ---------------------------------

function trendBy(s) { return TREND_BY.some(([k]) => k === s.by) ? s.by : "year"; }

/** `/api/trend` for the state's query and grouping (the 15 largest groups but years). */
function trendRequest(s) {
  const by = trendBy(s);
  const params = { q: s.q, by };
  if (by !== "year") params.top = "15";
  return getJSON("/api/trend?" + new URLSearchParams(params));
}

async function renderTrend(s, mine, request) {
  const box = $("trend");
  const by = trendBy(s);
  const switcher = el("span", { class: "switch" }, ...TREND_BY.map(([k, label]) =>
    nav({ by: k }, { class: k === by ? "on" : "", "data-by": k }, label)));
  box.replaceChildren(el("div", { class: "trendhead" }, el("h2", {}, "命中报告分布"), switcher), el("p", { class: "note" }, "载入中…"));
  try {
    const t = await request;
    if (mine !== generation) return;
    box.replaceChildren(box.firstChild, trendChart(t.rows, by, (v) => by === "section" ? (SECTION_NAMES[v] || v) : String(v)), trendNote(t, by));
    box.dataset.by = by;
    box.dataset.matches = String(t.matches);
    performance.mark("govsearch:trend");
  } catch (e) {
    if (mine !== generation) return;
    box.replaceChildren(box.firstChild, el("p", { class: "status error" }, e.message));
  }
}

function trendNote(t, by) {
  const shown = t.rows.reduce((a, r) => a + r.count, 0);
  const text = by === "section" ? `命中 ${t.matches} 份（共 ${t.reports} 份报告）；一份报告可计入多个章节。`
    : `命中 ${t.matches} 份（共 ${t.reports} 份报告）` + (shown < t.matches ? `；图中 ${shown} 份，其余 ${t.matches - shown} 份在其他或未知的${FACET_NAMES[by]}。` : "。");
  return el("p", { class: "note" }, text);
}

/** Bars of `rows` (`{[by]: value, count, total?, share?}`): columns by year, else horizontal
 * bars; clicking one adds its value to the query. */
function trendChart(rows, by, name, pickable = true, shorten = (t) => t.length > 14 ? t.slice(0, 13) + "…" : t) {
  if (!rows.length) return el("p", { class: "note" }, "没有可画的数据。");
  const label = (r) => r[by] == null ? UNKNOWN : name(r[by]);
  const max = Math.max(...rows.map((r) => r.count), 1);
  const tip = (r) => r.total != null ? `${label(r)}：命中 ${r.count} 份，共 ${r.total} 份，占 ${(100 * (r.share || 0)).toFixed(1)}%` : `${label(r)}：${fmt(r.count)}`;
  const click = (r) => () => { if (pickable && r[by] != null) go({ q: withField(state().q, by, String(r[by])), offset: 0 }); };
  if (by === "year") {
    // Columns, one a year, left to right.
    const W = 640, H = 220, padL = 36, padB = 28, padT = 18;
    const bw = Math.min(56, (W - padL - 10) / rows.length);
    const chart = svg("svg", { viewBox: `0 0 ${W} ${H}`, class: "chart", role: "img", "aria-label": "按年度的命中报告数" });
    const ticks = niceTicks(max);
    for (const v of ticks) {
      const y = H - padB - (H - padB - padT) * v / ticks[ticks.length - 1];
      chart.append(svg("line", { x1: padL, x2: W - 4, y1: y, y2: y, class: "grid" }),
        svg("text", { x: padL - 6, y: y + 4, class: "axis", "text-anchor": "end" }, String(v)));
    }
    const top = ticks[ticks.length - 1];
    rows.forEach((r, i) => {
      const h = (H - padB - padT) * r.count / top;
      const x = padL + 6 + i * bw;
      const g = svg("g", { class: "bar", "data-key": label(r), "data-count": String(r.count) },
        svg("title", {}, tip(r)),
        svg("rect", { x: x, y: H - padB - h, width: Math.max(2, bw - 8), height: Math.max(0, h) }),
        svg("text", { x: x + (bw - 8) / 2, y: H - padB - h - 4, class: "val", "text-anchor": "middle" }, fmt(r.count)),
        svg("text", { x: x + (bw - 8) / 2, y: H - 8, class: "axis", "text-anchor": "middle" }, label(r)));
      g.addEventListener("click", click(r));
      chart.append(g);
    });
    return el("div", { class: "chartwrap" }, chart);
  }
  // Horizontal bars, the largest first.
  const rowH = 24, W = 640, labelW = 190, H = rows.length * rowH + 8;
  const chart = svg("svg", { viewBox: `0 0 ${W} ${H}`, class: "chart", role: "img", "aria-label": "命中报告数" });
  rows.forEach((r, i) => {
    const w = (W - labelW - 50) * r.count / max;
    const y = 4 + i * rowH;
    const name = label(r);
    const g = svg("g", { class: "bar", "data-key": name, "data-count": String(r.count) },
      svg("title", {}, tip(r)),
      svg("text", { x: labelW - 8, y: y + 16, class: "axis", "text-anchor": "end" }, shorten(name)),
      svg("rect", { x: labelW, y: y + 3, width: Math.max(2, w), height: rowH - 8 }),
      svg("text", { x: labelW + w + 6, y: y + 16, class: "val" }, fmt(r.count)));
    g.addEventListener("click", click(r));
    chart.append(g);
  });
  return el("div", { class: "chartwrap" }, chart);
}

function niceTicks(max) {
  const step = [1, 2, 5, 10, 20, 25, 50, 100, 200, 250, 500, 1000, 2000, 5000, 10000].find((s) => max / s <= 5) || Math.ceil(max / 5);
  const out = [];
  for (let v = 0; v <= max + step - 1; v += step) { out.push(v); if (v >= max) break; }
  return out;
}

// ---- the statistics tab (/api/stats as a table, a chart and a CSV) ---------------------

async function renderStats(s, mine) {
  for (const id of ["hits", "facets", "pager", "tools", "trend"]) $(id).replaceChildren();
  const box = $("stats");
  const fields = s.fields.split(",").filter((f) => FIGURE_NAMES[f]);
  const group = STATS_BY.some(([k]) => k === s.group) ? s.group : "year";
  // An optional second key: a row per pair of values (`by=agency,year`).
  const then = STATS_BY.some(([k]) => k === s.then) && s.then !== group ? s.then : "";
  const keys = then ? [group, then] : [group];
  const groupSel = el("select", { id: "stats-group", "aria-label": "分组" },
    ...STATS_BY.map(([k, label]) => el("option", { value: k, selected: k === group }, "按" + label)));
  groupSel.addEventListener("change", () => go({ group: groupSel.value, then: groupSel.value === then ? "" : then }));
  const thenSel = el("select", { id: "stats-then", "aria-label": "再分组" },
    el("option", { value: "", selected: !then }, "不再细分"),
    ...STATS_BY.filter(([k]) => k !== group).map(([k, label]) => el("option", { value: k, selected: k === then }, "再按" + label)));
  thenSel.addEventListener("change", () => go({ then: thenSel.value }));
  const aggSel = el("select", { id: "stats-agg", "aria-label": "汇总方式" },
    ...STATS_AGG.map(([k, label]) => el("option", { value: k, selected: k === s.agg }, label)));
  aggSel.addEventListener("change", () => go({ agg: aggSel.value }));
  const picks = el("details", { class: "fieldpick" }, el("summary", {}, `统计项（${fields.length}）`),
    ...Object.entries(FIGURE_NAMES).map(([k, label]) => {
      const box = el("input", { type: "checkbox", value: k, checked: fields.includes(k) });
      box.addEventListener("change", () => {
        const now = [...document.querySelectorAll(".fieldpick input:checked")].map((i) => i.value);
        if (now.length) go({ fields: now.join(",") });
        else box.checked = true;
      });
      return el("label", {}, box, label);
    }));
  box.replaceChildren(el("div", { class: "statshead" }, groupSel, thenSel, aggSel, picks), el("p", { class: "note" }, "计算中…"));
  try {
    const params = { q: s.q, by: keys.join(","), fields: fields.join(","), agg: s.agg };
    const st = await getJSON("/api/stats?" + new URLSearchParams(params));
    if (mine !== generation) return;
    setStatus(`${s.q ? "“" + s.q + "”命中" : "全部"} ${st.matches} 份报告的统计表数字（${STATS_AGG.find(([k]) => k === st.aggregation)?.[1] || st.aggregation}）`);
    $("status").dataset.total = String(st.matches);
    box.replaceChildren(box.firstChild, ...statsView(st, keys, "/api/stats?" + new URLSearchParams({ ...params, format: "csv" })));
    box.dataset.by = keys.join(",");
    document.body.dataset.state = "stats";
  } catch (e) {
    if (mine !== generation) return;
    setStatus(e.message, true, e.english);
    box.replaceChildren(box.firstChild);
    document.body.dataset.state = "error";
  }
}

function groupLabel(v, by) {
  if (v == null) return UNKNOWN;
  if (by === "level") return LEVEL_NAMES[v] || v;
  if (by === "format") return FORMAT_NAMES[v] || v;
  return String(v);
}

function fmt(v) {
  if (v == null) return "–";
  return Number.isInteger(v) ? String(v) : v.toFixed(2);
}

/** The table (a row per group, or per pair of values with two keys): the figures with their
 * coverage, then the reports; the CSV link is the server's `format=csv` of the same request. */
function statsView(st, keys, csvURL) {
  if (!st.rows.length) return [el("p", { class: "note" }, "没有符合条件的报告。")];
  const head = el("tr", {}, ...keys.map((k) => el("th", { "data-key": k }, FACET_NAMES[k] || k)),
    ...st.fields.map((f) => el("th", { "data-field": f }, FIGURE_NAMES[f] || f)), el("th", {}, "报告数"), el("th", {}, "表格自检未通过"));
  const rows = st.rows.map((r) => el("tr", { "data-group": keys.map((k) => r[k] == null ? "" : String(r[k])).join("\u0001") },
    ...keys.map((k) => el("td", { class: "key", "data-key": k }, groupLabel(r[k], k))),
    ...st.fields.map((f) => {
      const n = r.coverage ? r.coverage[f] : null;
      return el("td", { "data-field": f, title: n != null ? `${n} / ${r.reports} 份报告给出了这个数字` : null },
        fmt(r[f]), n != null ? el("span", { class: "cov" }, ` (${n}/${r.reports})`) : null);
    }),
    el("td", {}, String(r.reports)), el("td", {}, String(r.failed || 0))));
  const link = el("a", { class: "button", id: "stats-csv", href: csvURL, download: "" }, "下载 CSV");
  return [
    el("div", { class: "tablewrap" }, el("table", { class: "stats" }, el("thead", {}, head), el("tbody", {}, ...rows))),
    el("p", { class: "note" }, "括号内为覆盖数：该组中给出这个数字的报告数 / 该组报告数。统计表未通过自检的报告只不计它那一张表的数字。"),
    link, el("span", { class: "note" }, "　CSV 与命令行 govsearch stats --format csv 的输出相同（列名为英文，最后几列为覆盖数）。"),
    statsChart(st, keys),
  ];
}

/** Bars of the first field, one a group (with two keys, one a pair, the 20 largest). */
function statsChart(st, keys) {
  const f = st.fields[0];
  const aggName = STATS_AGG.find(([k]) => k === st.aggregation)?.[1] || "";
  let rows = st.rows.filter((r) => r[f] != null);
  if (!rows.length) return null;
  let chart;
  if (keys.length === 1) {
    chart = trendChart(rows.slice(0, 20).map((r) => ({ [keys[0]]: r[keys[0]], count: r[f] })), keys[0], (v) => groupLabel(v, keys[0]));
  } else {
    const clipped = rows.length > 20;
    rows = [...rows].sort((a, b) => b[f] - a[f]).slice(0, 20);
    const label = (r) => keys.map((k) => groupLabel(r[k], k)).join(" · ");
    // Each part shortened in turn, the longest first, so both keys stay readable.
    const shorten = (t) => {
      const parts = t.split(" · ");
      while (parts.join(" · ").length > 15) {
        const i = parts[0].length >= parts[1].length ? 0 : 1;
        if (parts[i].length <= 3) break;
        parts[i] = parts[i].replace(/…$/, "").slice(0, -1) + "…";
      }
      return parts.join(" · ");
    };
    chart = trendChart(rows.map((r) => ({ pair: label(r), count: r[f] })), "pair", (v) => v, false, shorten);
    if (clipped) chart = el("div", {}, chart, el("p", { class: "note" }, `图中为数值最大的 20 组，共 ${st.rows.length} 组，全部见上表。`));
  }
  return el("div", { class: "statschart" }, el("h3", {}, (FIGURE_NAMES[f] || f) + "（" + aggName + "）"), chart);
}

// ---- one report -------------------------------------------------------------------------

/** Why a figure is null, in Chinese where the reason is one of the parser's known ones. */
function nullReason(why) {
  let m;
  if ((m = /^(\d+) cells for (\d+) columns at line (\d+)$/.exec(why))) return `第 ${m[3]} 行有 ${m[1]} 个数字，却有 ${m[2]} 列，无法确定各列取值`;
  if ((m = /^the table gives (\S+) \(line (\d+)\), the prose (\S+) \(line (\d+)\)$/.exec(why))) return `表格（第 ${m[2]} 行）为 ${m[1]}，正文（第 ${m[4]} 行）为 ${m[3]}，两者不一`;
  if (/^run-together digits .* split (\d+) ways/.test(why)) return "连写数字有多种拆法都符合合计，无法确定";
  if (/^run-together digits .*: no split satisfies/.test(why)) return "连写数字没有一种拆法符合本行合计";
  if (/^run-together digits .*blank cells leave no trace/.test(why)) return "连写数字中空格未留痕迹，无法确定各数字所在的列";
  if (/^an item's figure is not settled/.test(why)) return "某个分项的数字未能确定";
  return why;
}

/** A figure cell: the number, or a marked null with its reason; the source as a tooltip. */
function figureCell(value, path, r) {
  const prov = r.provenance && r.provenance[path];
  const why = r.nulls && r.nulls[path];
  if (value == null && why) return el("td", { class: "null", title: "未读出：" + nullReason(why) + "（" + why + "）", "data-path": path }, "空", el("sup", {}, "?"));
  if (value == null) return el("td", { class: "blank", title: "表中此格为空", "data-path": path }, "–");
  const title = prov ? `第 ${prov.line} 行 · ${HOW_NAMES[prov.how] || prov.how}` : null;
  return el("td", { title, "data-path": path, class: prov && prov.how !== "cell" ? "derived" : null }, fmt(value));
}

function table(head, rows, cls) {
  return el("div", { class: "tablewrap" }, el("table", { class: cls },
    el("thead", {}, el("tr", {}, ...head.map((h) => el("th", {}, h)))),
    el("tbody", {}, ...rows)));
}

function brokenRows(checks) {
  const out = new Set();
  for (const c of checks || []) {
    if (c.row) out.add(c.row);
    if (c.rule === "requests_balance") ["new_applications", "carried_over", "handled_total", "carried_forward"].forEach((k) => out.add(k));
    if (c.rule === "handled_total") out.add("handled_total");
  }
  return out;
}

function requestsTable(rq, r, broken) {
  const rows = [];
  for (const [name, label, items] of REQUEST_FORM) {
    const row = rq[name];
    rows.push(el("tr", { "data-row": name, class: broken.has(name) ? "broken" : null }, el("td", {}, label),
      ...COLUMNS.map(([c]) => figureCell(row ? row[c] : null, `requests.${name}.${c}`, r))));
    for (const [sub, slabel] of items || []) {
      const srow = row && row.items ? row.items[sub] : null;
      if (!srow) continue;
      rows.push(el("tr", { class: "sub" + (broken.has(sub) ? " broken" : ""), "data-row": sub }, el("td", {}, slabel),
        ...COLUMNS.map(([c]) => figureCell(srow[c], `requests.${name}.items.${sub}.${c}`, r))));
    }
  }
  return table(["", ...COLUMNS.map(([, l]) => l)], rows, "form requests");
}

function appealsTable(ap, r, broken) {
  const rows = APPEAL_ROWS.filter(([k]) => ap[k]).map(([k, label]) =>
    el("tr", { "data-row": k, class: broken.has(k) ? "broken" : null }, el("td", {}, label),
      ...APPEAL_COLS.map(([c]) => figureCell(ap[k][c], `appeals.${k}.${c}`, r))));
  return table(["", ...APPEAL_COLS.map(([, l]) => l)], rows, "form appeals");
}

function proactiveTable(pr, r) {
  // Items and columns the table gives, figures or nulls with a reason.
  const nullKeys = Object.keys(r.nulls || {}).filter((k) => k.startsWith("proactive.")).map((k) => k.split("."));
  const has = (item, col) => (pr[item] && col in pr[item]) || nullKeys.some(([, i, c]) => i === item && (col == null || c === col));
  const known = new Set(PROACTIVE_ITEMS.map(([k]) => k));
  const extra = [...new Set(Object.keys(pr).concat(nullKeys.map(([, i]) => i)))].filter((k) => !known.has(k)).map((k) => [k, k]);
  const items = PROACTIVE_ITEMS.filter(([k]) => pr[k] || has(k)).concat(extra);
  const cols = PROACTIVE_COLS.filter(([c]) => items.some(([k]) => has(k, c)));
  const rows = items.map(([k, label]) => el("tr", { "data-row": k }, el("td", {}, label),
    ...cols.map(([c]) => has(k, c) ? figureCell(pr[k] ? pr[k][c] : null, `proactive.${k}.${c}`, r) : el("td", { class: "na" }, ""))));
  return table(["信息内容", ...cols.map(([, l]) => l)], rows, "form proactive");
}

/** The text's code points from `start` to `end`, white space trimmed at both ends, with the
 * server's highlights (code-point offsets in the whole text, as the search matches) marked. */
function markedText(cps, start, end, highlights) {
  const blank = (c) => /^\s$/u.test(c);
  while (start < end && blank(cps[start])) start++;
  while (end > start && blank(cps[end - 1])) end--;
  const frag = document.createDocumentFragment();
  let i = start;
  for (const [a0, b0] of highlights || []) {
    const a = Math.max(a0, i), b = Math.min(b0, end);
    if (a >= b) continue;
    frag.append(cps.slice(i, a).join(""), el("mark", { "data-at": String(a0) }, cps.slice(a, b).join("")));
    i = b;
  }
  frag.append(cps.slice(i, end).join(""));
  return frag;
}

async function renderReport(s, mine) {
  $("layout").hidden = true;
  const box = $("report");
  box.hidden = false;
  box.replaceChildren(el("p", {}, "载入报告…"));
  setStatus("");
  document.body.dataset.state = "loading";
  try {
    const ask = { text: "1" };
    if (s.q) ask.q = s.q;
    const r = await getJSON("/api/reports/" + encodeURIComponent(s.report) + "?" + new URLSearchParams(ask));
    if (mine !== generation) return;
    const back = nav({ report: "" }, { class: "back" }, "← 返回结果");
    const cps = Array.from(r.text || "");
    const fileURL = "/api/reports/" + encodeURIComponent(r.id) + "/file";
    const copies = r.copies || [];
    const sectionBlocks = r.sections.map((sec, i) => el("details", { "data-section": sec.key, id: "sec-" + i, open: i < 2 || null },
      el("summary", {}, (SECTION_NAMES[sec.key] || sec.key) + (sec.heading ? "　" + sec.heading : "") + `（第 ${sec.line} 行）`),
      el("pre", {}, markedText(cps, sec.start, sec.end, r.highlights))));
    const toc = el("ol", { class: "toc" }, ...r.sections.map((sec, i) => el("li", {},
      el("a", { href: "#sec-" + i, onclick: (ev) => { ev.preventDefault(); const d = $("sec-" + i); d.open = true; d.scrollIntoView({ block: "start" }); } },
        SECTION_NAMES[sec.key] || sec.key))));
    const parts = [
      el("div", { class: "back" }, back),
      el("h2", {}, r.title || [r.year, r.agency].filter(Boolean).join(" ") || r.path),
      el("dl", {},
        el("dt", {}, "年度"), el("dd", {}, r.year == null ? "不详" : String(r.year)),
        el("dt", {}, "机关"), el("dd", {}, r.agency || "不详", r.agency_written && r.agency_written !== r.agency ? "（原文：" + r.agency_written + "）" : null),
        el("dt", {}, "地区"), el("dd", {}, r.region || "不详"),
        el("dt", {}, "层级"), el("dd", {}, LEVEL_NAMES[r.level] || r.level || "不详"),
        el("dt", {}, "格式"), el("dd", {}, FORMAT_NAMES[r.format] || r.format || "不详"),
        el("dt", {}, "原文件"), el("dd", {},
          el("a", { href: fileURL, target: "_blank", rel: "noopener", id: "original" }, r.path),
          "　", el("a", { href: fileURL, download: "", class: "small" }, "下载")),
        copies.length ? el("dt", {}, "副本") : null,
        copies.length ? el("dd", {}, el("ul", { class: "copies", id: "copies" }, ...copies.map((c, i) =>
          el("li", {}, el("a", { href: fileURL + "?copy=" + i, target: "_blank", rel: "noopener", "data-copy": String(i) }, c.path),
            "（" + (FILE_FORMATS[c.format] || c.format) + "）")))) : null,
        r.ocr ? el("dt", {}, "说明") : null, r.ocr ? el("dd", {}, "正文由扫描件 OCR 识别，可能有错字。") : null),
      r.sections.length ? el("h3", {}, "目录") : null, r.sections.length ? toc : null,
    ];
    const st = r.statistics || {};
    const broken = brokenRows(r.checks);
    const tables = [];
    if (r.checks && r.checks.length) {
      tables.push(el("div", { class: "checks" }, el("strong", {}, "表格自检未通过："),
        el("ul", {}, ...r.checks.map((c) => el("li", { title: c.message, "data-rule": c.rule },
          (CHECK_NAMES[c.rule] || c.rule) + (c.expected != null ? `（应为 ${c.expected}，实为 ${c.found}）` : ""))))));
    }
    if (st.requests) tables.push(el("h3", {}, "收到和处理政府信息公开申请情况"), requestsTable(st.requests, r, broken));
    if (st.appeals) tables.push(el("h3", {}, "政府信息公开行政复议、行政诉讼情况"), appealsTable(st.appeals, r, broken));
    if (st.proactive) tables.push(el("h3", {}, "主动公开政府信息情况"), proactiveTable(st.proactive, r));
    const nulls = Object.entries(r.nulls || {});
    if (nulls.length) tables.push(el("div", { class: "nulls" }, el("strong", {}, "未读出的数字（表中有内容，但无法确定取值）："),
      el("ul", {}, ...nulls.map(([k, why]) => el("li", { "data-path": k, title: why }, figureLabel(k) + "：" + nullReason(why))))));
    if (!st.requests && !st.appeals && !st.proactive) tables.push(el("p", {}, "未读到统计表。"));
    parts.push(el("h3", {}, "统计表"), el("p", { class: "note" }, "行序与国务院办公厅规定的年度报告格式一致；把鼠标停在数字上可看到它读自原文第几行、如何读出。"), ...tables);
    parts.push(el("h3", {}, "正文"), ...sectionBlocks);
    box.replaceChildren(...parts);
    document.title = (r.title || r.agency || "报告") + " · govsearch";
    document.body.dataset.state = "report";
  } catch (e) {
    if (mine !== generation) return;
    box.replaceChildren(el("p", { class: "status error", title: e.english || "" }, e.message));
    document.body.dataset.state = "error";
  }
}

/** `requests.withheld.items.state_secret.total` in Chinese. */
function figureLabel(path) {
  const p = path.split(".");
  const col = (list, k) => (list.find(([x]) => x === k) || [null, k])[1];
  if (p[0] === "requests") {
    const row = REQUEST_FORM.find(([k]) => k === p[1]);
    const name = row ? row[1] : p[1];
    if (p[2] === "items") {
      const sub = row && row[2] ? col(row[2], p[3]) : p[3];
      return `申请情况表 ${name} ${sub} · ${col(COLUMNS, p[4])}`;
    }
    return `申请情况表 ${name} · ${col(COLUMNS, p[2])}`;
  }
  if (p[0] === "appeals") return `复议诉讼表 ${col(APPEAL_ROWS, p[1])} · ${col(APPEAL_COLS, p[2])}`;
  if (p[0] === "proactive") return `主动公开表 ${col(PROACTIVE_ITEMS, p[1])} · ${col(PROACTIVE_COLS, p[2])}`;
  return path;
}

render();
