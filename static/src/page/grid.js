// The Data Grid: rows from the component's data source, paged on the server (keyset cursors
// for database sources, offsets for saved queries; everything else pages in the browser),
// sortable headers, a filter row, display formats, row selection, link cells and CSV export.
//
// Rows are rendered with one innerHTML assignment per page (no per-cell DOM work), which
// keeps the time to first rows low.

import { rowsOf } from "./dom.js";

const PAGE_SIZES = [10, 25, 50, 100, 200, 500];
const MAX_PAGE = 500; // the server's largest page
const FORMULA_START = "=+-@\t\r";

const escapeHtml = (text) => String(text).replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

/** The server's CSV formula escaping (querybuilder.transfer.escape_formula). */
export function escapeFormula(text) {
  const stripped = text.replace(/^'+/, "");
  return stripped && FORMULA_START.includes(stripped[0]) ? `'${text}` : text;
}

function csvCell(value) {
  if (value === null || value === undefined) return "";
  let text;
  if (typeof value === "string") text = escapeFormula(value);
  else if (typeof value === "object") text = JSON.stringify(value);
  else text = String(value);
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

/** Rows as CSV text (a header of the fields, then one line a row). */
export function toCsv(columns, rows) {
  const lines = [columns.map((c) => csvCell(c.field)).join(",")];
  for (const row of rows) lines.push(columns.map((c) => csvCell(row ? row[c.field] : null)).join(","));
  return `${lines.join("\r\n")}\r\n`;
}

const NUMERIC = new Set(["currency", "duration", "percent_decimal", "percent_number", "decimal", "seconds", "bytes"]);

function plain(value) {
  if (value === null || value === undefined) return "";
  if (typeof value === "object") return JSON.stringify(value);
  return String(value);
}

function toDate(value) {
  if (value instanceof Date) return value;
  if (typeof value === "number") return new Date(value < 1e12 ? value * 1000 : value);
  return new Date(String(value));
}

/** hh:mm:ss of a number of seconds. */
export function duration(seconds) {
  const n = Math.round(Math.abs(seconds));
  const h = Math.floor(n / 3600);
  const m = Math.floor((n % 3600) / 60);
  const s = n % 60;
  return `${seconds < 0 ? "-" : ""}${h}:${String(m).padStart(2, "0")}:${String(s).padStart(2, "0")}`;
}

/** 1536 -> "1.5 KB" (1024 a step). */
export function bytes(n, decimals = 1) {
  const units = ["B", "KB", "MB", "GB", "TB", "PB"];
  let value = Math.abs(n);
  let unit = 0;
  while (value >= 1024 && unit < units.length - 1) {
    value /= 1024;
    unit += 1;
  }
  return `${n < 0 ? "-" : ""}${unit === 0 ? value : value.toFixed(decimals)} ${units[unit]}`;
}

/** A function formatting a column's cells (Intl formatters made once per column). */
export function formatterOf(column, locale = undefined) {
  const digits = column.decimals;
  const fraction = (fallback) => {
    const d = digits === null || digits === undefined ? fallback : digits;
    return d === undefined ? {} : { minimumFractionDigits: d, maximumFractionDigits: d };
  };
  const numeric = (format) => (value) => {
    if (value === null || value === undefined || value === "") return "";
    const n = typeof value === "number" ? value : Number(value);
    return Number.isFinite(n) ? format(n) : plain(value);
  };
  switch (column.format) {
    case "date":
    case "datetime": {
      const withTime = column.format === "datetime";
      const options = withTime ? { dateStyle: "medium", timeStyle: "medium" } : { dateStyle: "medium" };
      const local = new Intl.DateTimeFormat(locale, options);
      const utc = new Intl.DateTimeFormat(locale, { ...options, timeZone: "UTC" });
      return (value) => {
        if (value === null || value === undefined || value === "") return "";
        // A bare date is a calendar day, not a moment: shown as written, whatever the zone.
        const dayOnly = typeof value === "string" && /^\d{4}-\d{2}-\d{2}$/.test(value);
        const moment = toDate(value);
        if (Number.isNaN(moment.getTime())) return plain(value);
        return (dayOnly ? utc : local).format(moment);
      };
    }
    case "currency": {
      let format;
      try {
        format = new Intl.NumberFormat(locale, { style: "currency", currency: column.currency || "USD", ...fraction() });
      } catch {
        format = new Intl.NumberFormat(locale, fraction());
      }
      return numeric((n) => format.format(n));
    }
    case "duration":
      return numeric(duration);
    case "percent_decimal":
    case "percent_number": {
      const format = new Intl.NumberFormat(locale, { style: "percent", ...fraction(0) });
      const scale = column.format === "percent_number" ? 100 : 1;
      return numeric((n) => format.format(n / scale));
    }
    case "decimal": {
      const format = new Intl.NumberFormat(locale, fraction(2));
      return numeric((n) => format.format(n));
    }
    case "seconds": {
      const format = new Intl.NumberFormat(locale, { maximumFractionDigits: digits ?? 3, ...fraction() });
      return numeric((n) => `${format.format(n)} s`);
    }
    case "bytes":
      return numeric((n) => bytes(n, digits ?? 1));
    default:
      return (value) => (typeof value === "boolean" ? (value ? "true" : "false") : plain(value));
  }
}

function compare(a, b) {
  if (a === b) return 0;
  if (a === null || a === undefined) return -1;
  if (b === null || b === undefined) return 1;
  if (typeof a === "number" && typeof b === "number") return a - b;
  return String(a).localeCompare(String(b), undefined, { numeric: true });
}

const keyOf = (row) => (row && typeof row === "object" && row.id !== undefined ? `id:${row.id}` : JSON.stringify(row));

export class Grid {
  /**
   * @param root the grid's root element (`.pb-data-grid`)
   * @param deps `{request(args) -> Promise<data>, sourceType, emit(event, arg)}`
   */
  constructor(root, { request = null, sourceType = "", emit = () => false } = {}) {
    this.root = root;
    this.id = root.dataset.pbId;
    this.request = request;
    this.emit = emit;
    this.config = JSON.parse(root.getAttribute("data-pb-grid") || "{}");
    this.mode = this.config.row_selection || "none";
    this.remote = request && (sourceType === "database" || sourceType === "query") ? sourceType : "";
    const wanted = Number(this.config.page_size);
    this.pageSize = wanted > 0 ? Math.min(wanted, this.remote ? MAX_PAGE : wanted) : this.remote ? MAX_PAGE : 0;
    this.columns = (this.config.columns || []).filter((c) => !c.hide);
    this.sort = null; // {field, dir: "asc"|"desc"}
    this.filters = {};
    this.page = 0;
    this.cursors = [null];
    this.rows = []; // the rows shown
    this.all = null; // every row, when paging in the browser
    this.total = null;
    this.estimated = false;
    this.hasNext = false;
    this.selected = new Map();
    this.extra = {};
    this.seq = 0;
    this.table = root.querySelector("table");
    this.body = root.querySelector("tbody");
    this.build();
    // Rows the server rendered (the grid's default): read back as the first local rows.
    const shown = [...this.body.rows].map((tr) => {
      const row = {};
      for (const td of tr.cells) row[td.dataset.pbField] = td.textContent;
      return row;
    });
    this.setData(shown, { silent: !shown.length, initial: true });
  }

  // -- building ---------------------------------------------------------------------------

  build() {
    const { root, table } = this;
    root.classList.add("pb-grid-live");
    const label = (table.querySelector("caption")?.textContent || this.id).trim();
    const toolbar = document.createElement("div");
    toolbar.className = "pb-grid-toolbar";
    toolbar.innerHTML = '<span class="pb-grid-info" role="status" aria-live="polite"></span>'
      + `<button type="button" class="pb-grid-export" aria-label="Export ${escapeHtml(label)} as CSV">Export CSV</button>`;
    const scroll = document.createElement("div");
    scroll.className = "pb-grid-scroll";
    root.insertBefore(toolbar, table);
    root.insertBefore(scroll, table);
    scroll.append(table);
    const pager = document.createElement("div");
    pager.className = "pb-grid-pager";
    const sizes = [...new Set([...PAGE_SIZES, this.pageSize].filter((n) => n > 0 && (!this.remote || n <= MAX_PAGE)))].sort((a, b) => a - b);
    pager.innerHTML = '<button type="button" class="pb-grid-prev">Previous</button>'
      + '<span class="pb-grid-page"></span>'
      + '<button type="button" class="pb-grid-next">Next</button>'
      + (this.pageSize > 0
        ? `<label class="pb-grid-size">Rows per page <select>${sizes.map((n) => `<option value="${n}"${n === this.pageSize ? " selected" : ""}>${n}</option>`).join("")}</select></label>`
        : "");
    root.append(pager);
    this.info = toolbar.querySelector(".pb-grid-info");
    this.pager = pager;

    const headRow = table.querySelector("thead tr");
    if (!this.columns.length) {
      this.columns = [...headRow.querySelectorAll("th[data-pb-field]")].map((th) => ({ field: th.dataset.pbField, title: th.textContent.trim(), sortable: true }));
    }
    this.formatters = this.columns.map((c) => formatterOf(c));
    for (const th of headRow.querySelectorAll("th[data-pb-field]")) {
      const column = this.columns.find((c) => c.field === th.dataset.pbField);
      if (column && column.sortable) {
        const title = th.textContent.trim();
        th.innerHTML = `<button type="button" class="pb-grid-sort" data-pb-sort="${escapeHtml(column.field)}">${escapeHtml(title)}<span class="pb-sort-icon" aria-hidden="true"></span></button>`;
      }
    }
    if (this.mode !== "none") {
      const th = document.createElement("th");
      th.scope = "col";
      th.className = "pb-grid-select";
      th.innerHTML = this.mode === "multiple"
        ? '<input type="checkbox" class="pb-grid-all" aria-label="Select all rows on this page">'
        : '<span class="pb-visually-hidden">Selected</span>';
      headRow.prepend(th);
    }
    if (this.columns.some((c) => c.filter)) {
      const tr = document.createElement("tr");
      tr.className = "pb-grid-filters";
      tr.innerHTML = (this.mode !== "none" ? "<td></td>" : "") + this.columns.map((c) => (c.filter
        ? `<td><input type="search" class="pb-grid-filter" data-pb-filter="${escapeHtml(c.field)}" aria-label="Filter ${escapeHtml(c.title || c.field)}" placeholder="Filter"></td>`
        : "<td></td>")).join("");
      headRow.after(tr);
    }
    this.wire();
  }

  wire() {
    const { root } = this;
    root.addEventListener("click", (event) => {
      const target = event.target instanceof Element ? event.target : null;
      if (!target) return;
      const sort = target.closest(".pb-grid-sort");
      if (sort) return this.toggleSort(sort.dataset.pbSort);
      if (target.closest(".pb-grid-export")) return this.exportCsv();
      if (target.closest(".pb-grid-prev")) return this.goto(this.page - 1);
      if (target.closest(".pb-grid-next")) return this.goto(this.page + 1);
      if (target.closest(".pb-grid-all")) {
        for (const row of this.rows) {
          if (target.checked) this.selected.set(keyOf(row), row);
          else this.selected.delete(keyOf(row));
        }
        return this.markSelection();
      }
      const tr = target.closest("tbody tr[data-pb-row]");
      if (!tr) return;
      const index = Number(tr.dataset.pbRow);
      const row = this.rows[index];
      if (target.closest(".pb-grid-check")) {
        this.select(row, target.checked);
        return;
      }
      const td = target.closest("td[data-pb-field]");
      const field = td ? td.dataset.pbField : null;
      const info = { field, value: field && row ? row[field] : undefined, row, data: row, rowIndex: index };
      if (target.closest(".pb-grid-link")) {
        this.emit("onLinkClicked", info);
        return;
      }
      if (this.mode !== "none") this.select(row, !this.selected.has(keyOf(row)));
      if (td) this.emit("onCellClicked", info);
    });
    root.addEventListener("change", (event) => {
      const target = event.target;
      if (target instanceof HTMLSelectElement && target.closest(".pb-grid-size")) {
        this.pageSize = Number(target.value);
        this.reset();
        this.load();
      } else if (target instanceof HTMLInputElement && target.classList.contains("pb-grid-filter")) {
        this.setFilter(target.dataset.pbFilter, target.value);
      }
      event.stopPropagation(); // not a form field's change
    });
    root.addEventListener("keydown", (event) => {
      const target = event.target;
      if (event.key === "Enter" && target instanceof HTMLInputElement && target.classList.contains("pb-grid-filter")) {
        event.preventDefault();
        event.stopPropagation();
        this.setFilter(target.dataset.pbFilter, target.value);
      }
    });
  }

  // -- state ------------------------------------------------------------------------------

  reset() {
    this.page = 0;
    this.cursors = [null];
  }

  setFilter(field, text) {
    const value = text.trim();
    if ((this.filters[field] || "") === value) return;
    if (value) this.filters[field] = value;
    else delete this.filters[field];
    this.reset();
    this.load();
  }

  toggleSort(field) {
    const current = this.sort && this.sort.field === field ? this.sort.dir : null;
    const dir = current === null ? "asc" : current === "asc" ? "desc" : null;
    this.sort = dir ? { field, dir } : null;
    for (const th of this.table.querySelectorAll("thead th[data-pb-field]")) {
      const on = this.sort && th.dataset.pbField === this.sort.field;
      if (th.hasAttribute("aria-sort") || th.querySelector(".pb-grid-sort")) {
        th.setAttribute("aria-sort", on ? (this.sort.dir === "asc" ? "ascending" : "descending") : "none");
      }
    }
    this.reset();
    this.load();
  }

  select(row, on) {
    if (!row) return;
    const key = keyOf(row);
    if (this.mode === "single") this.selected.clear();
    if (on) this.selected.set(key, row);
    else this.selected.delete(key);
    this.markSelection();
  }

  markSelection() {
    for (const tr of this.body.querySelectorAll("tr[data-pb-row]")) {
      const row = this.rows[Number(tr.dataset.pbRow)];
      const on = this.selected.has(keyOf(row));
      if (on) tr.setAttribute("aria-selected", "true");
      else tr.removeAttribute("aria-selected");
      const box = tr.querySelector(".pb-grid-check");
      if (box) box.checked = on;
    }
    const all = this.root.querySelector(".pb-grid-all");
    if (all) {
      const count = this.rows.filter((r) => this.selected.has(keyOf(r))).length;
      all.checked = count > 0 && count === this.rows.length;
      all.indeterminate = count > 0 && count < this.rows.length;
    }
  }

  getSelectedRows() {
    return [...this.selected.values()];
  }

  // -- data -------------------------------------------------------------------------------

  /** Rows given by the page (`setData`): paged, sorted and filtered in the browser. */
  setData(rows, { silent = false, initial = false } = {}) {
    this.seq += 1; // a pending server page is no longer wanted
    this.pinned = !initial; // the page's rows stay until the data source is loaded again
    this.all = Array.isArray(rows) ? rows : rowsOf(rows);
    this.localFrom = "data";
    this.reset();
    this.selected.clear();
    if (!this.columns.length && this.all.length) this.columns = Object.keys(this.all[0]).map((field) => ({ field, title: field }));
    if (!silent) this.showLocal();
    else this.updatePager();
  }

  /** Load the first page from the data source (again), with extra request arguments. */
  reload(args = {}) {
    this.extra = args && typeof args === "object" ? args : {};
    this.pinned = false;
    if (!this.remote) {
      this.localFrom = "source";
      this.all = null;
    }
    this.reset();
    this.selected.clear();
    return this.load();
  }

  goto(page) {
    if (page < 0) return;
    if (this.remote === "database" && page > 0 && page >= this.cursors.length) return;
    this.page = page;
    this.load();
  }

  async load() {
    if (!this.remote || this.pinned) {
      if (this.all === null && this.request) {
        const seq = ++this.seq;
        this.busy(true);
        try {
          const data = await this.request({ ...this.extra });
          if (seq !== this.seq) return;
          this.all = rowsOf(data);
        } catch (error) {
          this.failed(error);
          return;
        } finally {
          if (seq === this.seq) this.busy(false);
        }
      }
      this.showLocal();
      return;
    }
    const seq = ++this.seq;
    const args = { ...this.extra, limit: this.pageSize };
    if (this.remote === "database") {
      if (this.sort) args.sort = `${this.sort.dir === "desc" ? "-" : ""}${this.sort.field}`;
      if (this.cursors[this.page]) args.cursor = this.cursors[this.page];
      if (Object.keys(this.filters).length) args.filters = { ...this.filters };
    } else {
      args.offset = this.page * this.pageSize;
      // The server re-orders the whole result by the column, then pages it.
      if (this.sort) args.sort = `${this.sort.dir === "desc" ? "-" : ""}${this.sort.field}`;
    }
    this.busy(true);
    let data;
    try {
      data = await this.request(args);
    } catch (error) {
      if (seq === this.seq) {
        this.busy(false);
        this.failed(error);
      }
      return;
    }
    if (seq !== this.seq) return;
    this.busy(false);
    let rows = rowsOf(data);
    if (this.remote === "database") {
      const next = data && typeof data === "object" ? data.next : null;
      this.cursors.length = this.page + 1;
      if (next) this.cursors.push(next);
      this.hasNext = Boolean(next);
      this.total = data && typeof data.total === "number" ? data.total : null;
      this.estimated = Boolean(data && data.total_estimated);
    } else {
      const nextOffset = data && typeof data === "object" ? data.next_offset : null;
      this.hasNext = nextOffset !== null && nextOffset !== undefined;
      this.total = this.hasNext ? null : this.page * this.pageSize + rows.length;
      this.estimated = false;
      rows = this.clientView(rows, { sorted: true }); // a query's page: filtered here
    }
    if (!this.columns.length && rows.length) {
      this.columns = Object.keys(rows[0]).map((field) => ({ field, title: field }));
      this.formatters = this.columns.map((c) => formatterOf(c));
    }
    this.show(rows);
  }

  clientView(rows, { sorted = false } = {}) {
    let view = rows;
    const filters = Object.entries(this.filters);
    if (filters.length) {
      view = view.filter((row) => filters.every(([field, want]) => {
        const have = row ? row[field] : undefined;
        return plain(have).toLowerCase() === want.toLowerCase();
      }));
    }
    if (this.sort && !sorted) {
      const { field, dir } = this.sort;
      view = [...view].sort((a, b) => compare(a?.[field], b?.[field]) * (dir === "desc" ? -1 : 1));
    }
    return view;
  }

  showLocal() {
    const view = this.clientView(this.all || []);
    const size = this.pageSize || view.length || 1;
    const pages = Math.max(1, Math.ceil(view.length / size));
    if (this.page >= pages) this.page = pages - 1;
    this.total = view.length;
    this.estimated = false;
    this.hasNext = (this.page + 1) * size < view.length;
    this.show(this.pageSize ? view.slice(this.page * size, (this.page + 1) * size) : view);
  }

  busy(on) {
    this.root.classList.toggle("pb-loading", on);
    if (on) this.root.setAttribute("aria-busy", "true");
    else this.root.removeAttribute("aria-busy");
  }

  failed(error) {
    this.info.textContent = `The rows could not be loaded: ${error && error.message ? error.message : error}`;
    console.error(`[page] data grid ${this.id}:`, error && error.message ? error.message : error);
  }

  // -- rendering --------------------------------------------------------------------------

  show(rows) {
    this.rows = rows;
    const { columns, formatters } = this;
    const selectable = this.mode !== "none";
    const start = this.page * (this.pageSize || 0);
    let html = "";
    for (let i = 0; i < rows.length; i += 1) {
      const row = rows[i] && typeof rows[i] === "object" ? rows[i] : { value: rows[i] };
      const on = selectable && this.selected.has(keyOf(row));
      html += `<tr data-pb-row="${i}"${on ? ' aria-selected="true"' : ""}>`;
      if (selectable) {
        html += `<td class="pb-grid-select"><input type="checkbox" class="pb-grid-check" aria-label="Select row ${start + i + 1}"${on ? " checked" : ""}></td>`;
      }
      for (let c = 0; c < columns.length; c += 1) {
        const column = columns[c];
        const text = escapeHtml(formatters[c](row[column.field]));
        const cls = NUMERIC.has(column.format) ? ' class="pb-num"' : "";
        html += `<td data-pb-field="${escapeHtml(column.field)}"${cls}>${column.link && text ? `<button type="button" class="pb-grid-link">${text}</button>` : text}</td>`;
      }
      html += "</tr>";
    }
    if (!rows.length) {
      html = `<tr class="pb-grid-empty"><td colspan="${columns.length + (selectable ? 1 : 0)}">No rows</td></tr>`;
    }
    this.body.innerHTML = html;
    this.markSelection();
    this.updatePager();
  }

  updatePager() {
    const count = this.rows.length;
    const first = this.page * (this.pageSize || 0) + 1;
    const numbers = new Intl.NumberFormat();
    let text = count ? `Rows ${numbers.format(first)}–${numbers.format(first + count - 1)}` : "No rows";
    if (this.total !== null && this.total !== undefined && count) {
      text += this.estimated ? ` of about ${numbers.format(this.total)}` : ` of ${numbers.format(this.total)}`;
    }
    this.info.textContent = text;
    const prev = this.pager.querySelector(".pb-grid-prev");
    const next = this.pager.querySelector(".pb-grid-next");
    prev.disabled = this.page <= 0;
    next.disabled = !this.hasNext;
    const pages = this.total && this.pageSize && !this.estimated ? ` of ${numbers.format(Math.max(1, Math.ceil(this.total / this.pageSize)))}` : "";
    this.pager.querySelector(".pb-grid-page").textContent = `Page ${numbers.format(this.page + 1)}${pages}`;
    this.pager.hidden = !this.pageSize;
  }

  exportCsv() {
    const csv = toCsv(this.columns, this.rows);
    const url = URL.createObjectURL(new Blob([csv], { type: "text/csv;charset=utf-8" }));
    const link = document.createElement("a");
    link.href = url;
    link.download = `${this.id}.csv`;
    link.hidden = true;
    document.body.append(link);
    link.click();
    link.remove();
    setTimeout(() => URL.revokeObjectURL(url), 60_000);
    return csv;
  }
}
