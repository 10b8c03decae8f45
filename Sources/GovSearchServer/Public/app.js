// govsearch web page: plain JS, no build step. State lives in the URL:
// /?q=…&offset=… shows results, /?q=…&report=ID shows one report.
"use strict";

const PAGE = 10;
const FACETS = ["year", "agency", "region", "section"];
const FACET_NAMES = { year: "年度", agency: "机关", region: "地区", section: "章节" };
const FIELD_NAMES = { ...FACET_NAMES, level: "层级", format: "格式" };
const SECTION_NAMES = {
  preamble: "前言", overview: "总体情况", proactive: "主动公开", requests: "依申请公开",
  appeals: "复议诉讼", problems: "问题与改进", other: "其他事项", fees: "收费减免",
};
const LEVEL_NAMES = { province: "省级", city: "市级", county: "县级", township: "乡镇（街道）" };
const FORMAT_NAMES = { standard2019: "2019 年起新格式（含统计表）", pre2019: "2019 年以前格式" };
const ROW_NAMES = {
  new_applications: "本年新收申请", carried_over: "上年结转", granted: "予以公开", partially_granted: "部分公开",
  withheld: "不予公开", unable_to_provide: "无法提供", not_processed: "不予处理", other_handling: "其他处理",
  handled_total: "办理结果总计", carried_forward: "结转下年度",
  state_secret: "属于国家秘密", prohibited_by_law: "法律行政法规禁止公开", security_stability: "危及“三安全一稳定”",
  third_party_rights: "保护第三方合法权益", internal_affairs: "三类内部事务信息", process_information: "四类过程性信息",
  enforcement_files: "行政执法案卷", administrative_query: "行政查询事项",
  not_held: "本机关不掌握", would_need_creation: "需另行制作", unclear_after_correction: "补正后仍不明确",
  petition_complaint: "信访举报投诉类", repeated: "重复申请", published_material: "要求提供公开出版物",
  excessive_repeated: "无正当理由大量反复申请", confirmation_request: "要求确认或重新出具",
  no_correction: "逾期不补正", fee_unpaid: "逾期未缴费", other: "其他",
};
const COLUMNS = [
  ["natural_person", "自然人"], ["commercial_enterprise", "商业企业"], ["research_institution", "科研机构"],
  ["public_interest_org", "社会公益组织"], ["legal_service_org", "法律服务机构"], ["other_org", "其他"], ["total", "总计"],
];
const APPEAL_ROWS = [["reconsideration", "行政复议"], ["litigation_direct", "未经复议直接起诉"], ["litigation_after_reconsideration", "复议后起诉"]];
const APPEAL_COLS = [["upheld", "结果维持"], ["corrected", "结果纠正"], ["other", "其他结果"], ["pending", "尚未审结"], ["total", "总计"]];

const $ = (id) => document.getElementById(id);
const el = (tag, attrs = {}, ...kids) => {
  const e = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs)) {
    if (k === "class") e.className = v;
    else if (k.startsWith("on")) e.addEventListener(k.slice(2), v);
    else e.setAttribute(k, v);
  }
  for (const k of kids) if (k != null) e.append(k);
  return e;
};

// ---- query text and field chips --------------------------------------------

const FIELD_RE = /(^|\s)(year|agency|region|section|level|format):("[^"]*"|\S+)/g;

function fieldsOf(q) {
  const out = [];
  for (const m of q.matchAll(FIELD_RE)) {
    const raw = m[2] + ":" + m[3];
    out.push({ raw, field: m[2], value: m[3].replace(/^"|"$/g, "") });
  }
  return out;
}

function fieldToken(field, value) {
  return field + ":" + (/[\s"()]/.test(value) ? '"' + value.replace(/"/g, "") + '"' : value);
}

function withoutToken(q, raw) {
  const parts = q.split(/(\s+)/);
  const i = parts.findIndex((p) => p === raw);
  if (i >= 0) parts.splice(i, 1);
  return parts.join("").replace(/\s+/g, " ").trim();
}

function withField(q, field, value) {
  const token = fieldToken(field, value);
  // One value per field: clicking another year replaces the year.
  let out = q;
  for (const f of fieldsOf(q)) if (f.field === field) out = withoutToken(out, f.raw);
  return (out + " " + token).trim();
}

// ---- URL state ---------------------------------------------------------------

function state() {
  const p = new URLSearchParams(location.search);
  return { q: p.get("q") || "", offset: Math.max(0, parseInt(p.get("offset") || "0", 10) || 0), report: p.get("report") || "" };
}

function go(s, replace = false) {
  const p = new URLSearchParams();
  if (s.q) p.set("q", s.q);
  if (s.offset) p.set("offset", String(s.offset));
  if (s.report) p.set("report", s.report);
  const url = "/" + (p.toString() ? "?" + p.toString() : "");
  if (replace) history.replaceState(null, "", url);
  else history.pushState(null, "", url);
  render();
}

window.addEventListener("popstate", render);

$("search").addEventListener("submit", (ev) => {
  ev.preventDefault();
  go({ q: $("q").value.trim(), offset: 0 });
});

// ---- fetching -----------------------------------------------------------------

let generation = 0;

async function getJSON(url) {
  const r = await fetch(url, { headers: { Accept: "application/json" } });
  let body;
  try { body = await r.json(); } catch { body = { error: "服务器返回了无法解析的内容 (HTTP " + r.status + ")" }; }
  if (!r.ok) throw new Error(body.error || "HTTP " + r.status);
  return body;
}

function setStatus(text, isError = false) {
  const s = $("status");
  s.textContent = text;
  s.className = "status" + (isError ? " error" : "");
}

async function render() {
  const s = state();
  const mine = ++generation;
  $("q").value = s.q;
  renderChips(s.q);
  document.title = (s.q ? s.q + " · " : "") + "政府信息公开年度报告检索";
  if (s.report) return renderReport(s, mine);
  $("report").hidden = true;
  $("layout").hidden = false;
  if (!s.q) {
    setStatus("输入检索词开始，例如 依申请公开、行政复议 year:2020。");
    $("hits").replaceChildren(); $("facets").replaceChildren(); $("pager").replaceChildren();
    document.body.dataset.state = "idle";
    return;
  }
  setStatus("检索中…");
  document.body.dataset.state = "loading";
  const url = "/api/search?" + new URLSearchParams({ q: s.q, limit: String(PAGE), offset: String(s.offset), facets: FACETS.join(",") });
  try {
    const r = await getJSON(url);
    if (mine !== generation) return;
    renderResults(r, s);
    document.body.dataset.state = "results";
  } catch (e) {
    if (mine !== generation) return;
    setStatus(e.message, true);
    $("hits").replaceChildren(); $("facets").replaceChildren(); $("pager").replaceChildren();
    document.body.dataset.state = "error";
  }
}

// ---- results ------------------------------------------------------------------

function renderChips(q) {
  const chips = fieldsOf(q).map((f) => {
    const label = (FIELD_NAMES[f.field] || f.field) + "：" + (f.field === "section" ? (SECTION_NAMES[f.value] || f.value) : f.value);
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

function renderResults(r, s) {
  const from = r.total ? r.offset + 1 : 0;
  const to = r.offset + r.hits.length;
  setStatus(r.total ? `共 ${r.total} 份报告，显示第 ${from}–${to} 份` : `没有报告符合“${r.query}”。`);
  $("status").dataset.total = String(r.total);

  $("hits").replaceChildren(...r.hits.map((h) => {
    const title = h.title || [h.year, h.agency, "政府信息公开工作年度报告"].filter(Boolean).join(" ");
    const link = el("a", { href: "/?" + new URLSearchParams({ q: s.q, report: h.id }), class: "open", "data-id": h.id }, title);
    link.addEventListener("click", (ev) => { ev.preventDefault(); go({ q: s.q, offset: s.offset, report: h.id }); });
    return el("li", { class: "hit", "data-id": h.id },
      el("h3", {}, link),
      el("div", { class: "meta" },
        el("span", { class: "year" }, h.year ? h.year + " 年" : "年份不详"),
        el("span", { class: "agency" }, h.agency || "机关不详"),
        h.region ? el("span", { class: "region" }, h.region) : null,
        ...h.sections.map((k) => el("span", { class: "tag", "data-section": k }, SECTION_NAMES[k] || k))),
      h.snippet ? el("p", { class: "snippet" }, highlighted(h.snippet, h.highlights)) : null,
      el("div", { class: "path" }, h.path));
  }));

  const active = new Set(fieldsOf(s.q).map((f) => f.field + ":" + f.value));
  $("facets").replaceChildren(...FACETS.filter((f) => r.facets[f] && Object.keys(r.facets[f]).length).map((f) => {
    let entries = Object.entries(r.facets[f]);
    if (f === "year") entries.sort((a, b) => b[0].localeCompare(a[0]));
    const box = el("div", { class: "facet", "data-facet": f }, el("h2", {}, FACET_NAMES[f]));
    const list = el("ul");
    const item = ([value, n]) => {
      const on = active.has(f + ":" + value);
      const label = f === "section" ? (SECTION_NAMES[value] || value) : value;
      const a = el("a", { href: "/?" + new URLSearchParams({ q: withField(s.q, f, value) }), class: on ? "on" : "",
        "data-value": value }, el("span", {}, label), el("span", { class: "n" }, String(n)));
      a.addEventListener("click", (ev) => { ev.preventDefault(); go({ q: withField(state().q, f, value), offset: 0 }); });
      return el("li", {}, a);
    };
    list.append(...entries.slice(0, 12).map(item));
    box.append(list);
    if (entries.length > 12) {
      const more = el("button", { type: "button", class: "more" }, `更多（${entries.length - 12}）`);
      more.addEventListener("click", () => { list.append(...entries.slice(12).map(item)); more.remove(); });
      box.append(more);
    }
    return box;
  }));

  const pager = [];
  if (r.total > PAGE) {
    const prev = r.offset > 0, next = r.offset + PAGE < r.total;
    const btn = (label, ok, offset, rel) => {
      if (!ok) return el("span", { class: "off" }, label);
      const a = el("a", { href: "/?" + new URLSearchParams({ q: s.q, offset: String(offset) }), rel }, label);
      a.addEventListener("click", (ev) => { ev.preventDefault(); go({ q: s.q, offset }); scrollTo(0, 0); });
      return a;
    };
    pager.push(btn("上一页", prev, Math.max(0, r.offset - PAGE), "prev"),
      el("span", { class: "where" }, `${Math.floor(r.offset / PAGE) + 1} / ${Math.ceil(r.total / PAGE)}`),
      btn("下一页", next, r.offset + PAGE, "next"));
  }
  $("pager").replaceChildren(...pager);
}

// ---- one report ---------------------------------------------------------------

function num(v) { return v == null ? "–" : String(v); }

function table(head, rows) {
  return el("div", { class: "tablewrap" }, el("table", {},
    el("thead", {}, el("tr", {}, ...head.map((h) => el("th", {}, h)))),
    el("tbody", {}, ...rows)));
}

function requestsTable(rq) {
  const rows = [];
  for (const [name, row] of Object.entries(rq)) {
    if (!row) continue;
    rows.push(el("tr", {}, el("td", {}, ROW_NAMES[name] || name), ...COLUMNS.map(([c]) => el("td", {}, num(row[c])))));
    for (const [sub, srow] of Object.entries(row.items || {})) {
      rows.push(el("tr", { class: "sub" }, el("td", {}, ROW_NAMES[sub] || sub), ...COLUMNS.map(([c]) => el("td", {}, num(srow[c])))));
    }
  }
  return table(["", ...COLUMNS.map(([, l]) => l)], rows);
}

function appealsTable(ap) {
  const rows = APPEAL_ROWS.filter(([k]) => ap[k]).map(([k, label]) =>
    el("tr", {}, el("td", {}, label), ...APPEAL_COLS.map(([c]) => el("td", {}, num(ap[k][c])))));
  return table(["", ...APPEAL_COLS.map(([, l]) => l)], rows);
}

function proactiveTable(pr) {
  const rows = Object.entries(pr).map(([item, cols]) =>
    el("tr", {}, el("td", {}, item), el("td", {}, Object.entries(cols).map(([k, v]) => k + " " + num(v)).join("　"))));
  return table(["项目", "数字"], rows);
}

async function renderReport(s, mine) {
  $("layout").hidden = true;
  const box = $("report");
  box.hidden = false;
  box.replaceChildren(el("p", {}, "载入报告…"));
  setStatus("");
  document.body.dataset.state = "loading";
  try {
    const r = await getJSON("/api/reports/" + encodeURIComponent(s.report) + "?text=1");
    if (mine !== generation) return;
    const back = el("a", { href: "/?" + new URLSearchParams(s.q ? { q: s.q } : {}), class: "back" }, "← 返回结果");
    back.addEventListener("click", (ev) => { ev.preventDefault(); go({ q: s.q, offset: s.offset }); });
    const cps = Array.from(r.text || "");
    const parts = [
      el("div", { class: "back" }, back),
      el("h2", {}, r.title || [r.year, r.agency].filter(Boolean).join(" ") || r.path),
      el("dl", {},
        el("dt", {}, "年度"), el("dd", {}, num(r.year)),
        el("dt", {}, "机关"), el("dd", {}, r.agency || "不详"),
        el("dt", {}, "地区"), el("dd", {}, r.region || "不详"),
        el("dt", {}, "层级"), el("dd", {}, LEVEL_NAMES[r.level] || r.level || "不详"),
        el("dt", {}, "格式"), el("dd", {}, FORMAT_NAMES[r.format] || r.format || "不详"),
        el("dt", {}, "文件"), el("dd", {}, r.path)),
      el("h3", {}, "章节"),
      ...r.sections.map((sec, i) => el("details", { "data-section": sec.key, ...(i < 2 ? { open: "" } : {}) },
        el("summary", {}, (SECTION_NAMES[sec.key] || sec.key) + (sec.heading ? "　" + sec.heading : "") + `（第 ${sec.line} 行）`),
        el("pre", {}, cps.slice(sec.start, sec.end).join("").trim()))),
    ];
    const st = r.statistics || {};
    if (st.requests) parts.push(el("h3", {}, "收到和处理政府信息公开申请情况"), requestsTable(st.requests));
    if (st.appeals) parts.push(el("h3", {}, "行政复议、行政诉讼情况"), appealsTable(st.appeals));
    if (st.proactive) parts.push(el("h3", {}, "主动公开情况"), proactiveTable(st.proactive));
    if (!st.requests && !st.appeals && !st.proactive) parts.push(el("p", {}, "未读到统计表。"));
    if (r.checks && r.checks.length) {
      parts.push(el("h3", {}, "表格自检未通过"),
        el("ul", { class: "checks" }, ...r.checks.map((c) => el("li", {}, c.message))));
    }
    box.replaceChildren(...parts);
    document.title = (r.title || r.agency || "报告") + " · govsearch";
    document.body.dataset.state = "report";
  } catch (e) {
    if (mine !== generation) return;
    box.replaceChildren(el("p", { class: "status error" }, e.message));
    document.body.dataset.state = "error";
  }
}

render();
