// The run console: the active file's run options (function, test input, Set Vars, sample
// data), a live log streamed over EventSource while a run is going, then its outcome (the
// result, a query's rows as a table, a template's rendering in a sandboxed frame).
import { describeError, seg } from "./api.js";
import { field, fill, h } from "./dom.js";

const STREAM_GRACE_MS = 5000;

const OPTIONS = {
  script: { fn: true, input: "Test input (JSON)", vars: true },
  query: { vars: true },
  template: { input: "Sample data (JSON)" },
};

/** A run's error: its message, where it happened, and a stack if the sandbox gave one. */
function errorText(error) {
  if (typeof error === "string") return error;
  const lines = [error.message || error.code || JSON.stringify(error)];
  if (error.name && !lines[0].startsWith(error.name)) lines[0] = `${error.name}: ${lines[0]}`;
  if (error.line) lines.push(`at line ${error.line}${error.column ? `, column ${error.column}` : ""}`);
  if (error.stack) lines.push(String(error.stack));
  for (const d of Array.isArray(error.details) ? error.details : []) {
    if (d && d.message) lines.push(d.path ? `${d.path}: ${d.message}` : d.message);
  }
  return lines.join("\n");
}

export class RunConsole {
  constructor(ide, root) {
    this.ide = ide;
    this.root = root;
    this.options = root.querySelector("#ide-run-options");
    this.log = root.querySelector("#ide-log");
    this.outcome = root.querySelector("#ide-outcome");
    this.state = root.querySelector("#ide-run-state");
    this.running = null;
    this.source = null;
    this.tab = null;
    root.querySelector("#ide-console-clear").addEventListener("click", () => this.clear());
    root.querySelector("#ide-console-close").addEventListener("click", () => this.toggle(false));
  }

  isOpen() {
    return !this.root.hidden;
  }

  toggle(open = !this.isOpen()) {
    this.root.hidden = !open;
    this.ide.root.classList.toggle("console-open", open);
    this.ide.workspace.renderToolbar();
  }

  clear() {
    fill(this.log);
    fill(this.outcome);
    this.state.textContent = "";
  }

  /** Show the run options of ``tab`` (the active file). */
  follow(tab) {
    this.tab = tab;
    const spec = tab && tab.kind.run ? OPTIONS[tab.kind.run] : null;
    if (!spec) {
      fill(this.options, h("p", { class: "muted" }, "Open a script, query or template to run it."));
      return;
    }
    const run = tab.run;
    const parts = [h("h3", {}, `Run ${tab.item.name}`)];
    if (spec.fn) {
      const fn = h("input", { type: "text", value: run.fn, spellcheck: "false", autocomplete: "off" });
      fn.addEventListener("input", () => { run.fn = fn.value; });
      parts.push(field("Function", fn, "An exported function"));
    }
    if (spec.input) {
      const input = h("textarea", { class: "mono", rows: 4, spellcheck: "false", value: run.input });
      input.addEventListener("input", () => { run.input = input.value; });
      input.addEventListener("keydown", (event) => {
        if ((event.ctrlKey || event.metaKey) && event.key === "Enter") {
          event.preventDefault();
          this.run(tab);
        }
      });
      parts.push(field(spec.input, input));
    }
    if (spec.vars) parts.push(this.varsEditor(run));
    fill(this.options, ...parts);
  }

  varsEditor(run) {
    const rows = h("div", { class: "ide-vars" });
    const render = () => {
      fill(rows, ...run.vars.map((pair, index) => {
        const key = h("input", { type: "text", value: pair[0], "aria-label": `Variable ${index + 1} name`, placeholder: "name", spellcheck: "false" });
        const value = h("input", { type: "text", value: pair[1], "aria-label": `Variable ${index + 1} value`, placeholder: "value", spellcheck: "false" });
        key.addEventListener("input", () => { pair[0] = key.value; });
        value.addEventListener("input", () => { pair[1] = value.value; });
        const remove = h("button", { type: "button", class: "ide-icon", "aria-label": `Remove variable ${index + 1}`, title: "Remove",
          onclick: () => { run.vars.splice(index, 1); render(); } }, "×");
        return h("div", { class: "ide-var" }, key, value, remove);
      }));
    };
    render();
    const add = h("button", { type: "button", class: "secondary", onclick: () => {
      run.vars.push(["", ""]);
      render();
      const inputs = rows.querySelectorAll("input");
      if (inputs.length) inputs[inputs.length - 2].focus();
    } }, "Add var");
    return h("fieldset", { class: "choice" }, h("legend", {}, "Set Vars"), rows, add);
  }

  /** Save if needed, start a run of ``tab``'s file, and stream its log here. */
  async run(tab) {
    if (!tab || !tab.kind.run) return;
    if (!this.ide.boot.can_write) {
      this.ide.status("Your role may read apps but not run their files", "error");
      return;
    }
    if (this.running) {
      this.ide.status("A run is already going; cancel it first", "error");
      return;
    }
    if (tab.dirty && !(await this.ide.workspace.save(tab))) return;
    const spec = OPTIONS[tab.kind.run];
    let data = {};
    if (spec.input) {
      try {
        data = tab.run.input.trim() ? JSON.parse(tab.run.input) : null;
      } catch (err) {
        this.ide.status(`${spec.input} is not valid JSON: ${err.message}`, "error");
        return;
      }
    }
    const vars = {};
    for (const [k, v] of tab.run.vars) if (k.trim()) vars[k.trim()] = v;
    this.running = { key: null, tab }; // taken now: a second Run while this one starts waits
    this.toggle(true);
    this.clear();
    this.state.textContent = "Starting…";
    let started;
    try {
      started = await this.ide.ctx.api.post("/ide/runs", {
        kind: tab.kind.run, app: this.ide.ctx.app.name, ref: String(tab.kind.ref(tab.item)),
        function: spec.fn ? (tab.run.fn.trim() || "main") : "main", data, vars,
      });
    } catch (err) {
      this.running = null;
      this.ide.workspace.renderToolbar();
      this.state.textContent = "";
      this.showError(`Could not start the run: ${describeError(err)}`);
      this.ide.status(`Could not run ${tab.item.name}: ${describeError(err)}`, "error");
      return;
    }
    this.running = { key: started.run, tab };
    this.state.textContent = `Running ${tab.item.name}…`;
    this.ide.workspace.renderToolbar();
    const source = new EventSource(started.events);
    this.source = source;
    source.addEventListener("log", (event) => this.addLog(JSON.parse(event.data)));
    let finished = false;
    // The server ends the stream after "done"; closing it here first would abort the
    // response, so the stream's own end (an "error" event) closes it, or a timer does.
    source.addEventListener("done", (event) => {
      finished = true;
      setTimeout(() => source.close(), STREAM_GRACE_MS);
      this.finish(JSON.parse(event.data));
    });
    source.addEventListener("error", () => {
      source.close();
      if (finished || this.source !== source) return;
      this.finish({ status: "lost", error: "The connection to the run was lost" });
    });
  }

  async cancel() {
    if (!this.running || !this.running.key) return;
    this.state.textContent = "Cancelling…";
    try {
      await this.ide.ctx.api.post(`/ide/runs${seg(this.running.key, "cancel")}`);
    } catch (err) {
      this.ide.status(`Could not cancel: ${describeError(err)}`, "error");
    }
  }

  addLog(entry) {
    const level = entry.level || "log";
    this.log.append(h("li", { class: `ide-log-${level}` },
      h("span", { class: "ide-log-time" }, entry.time ? new Date(entry.time).toLocaleTimeString() : ""),
      h("span", { class: "ide-log-level" }, level), h("span", { class: "ide-log-message" }, entry.message)));
    this.log.scrollTop = this.log.scrollHeight;
  }

  showError(message) {
    fill(this.outcome, h("pre", { class: "ide-run-error" }, message));
  }

  finish(done) {
    this.source = null;
    const tab = this.running ? this.running.tab : null;
    this.running = null;
    const status = done.status || "done";
    const times = [done.cpu_ms != null ? `CPU ${done.cpu_ms} ms` : null, done.wall_ms != null ? `wall ${done.wall_ms} ms` : null]
      .filter(Boolean).join(" · ");
    this.state.textContent = `${tab ? tab.item.name + ": " : ""}${status}${times ? ` (${times})` : ""}`;
    const parts = [h("h3", { class: `ide-outcome-${status}` }, `Outcome: ${status}`)];
    if (done.error) parts.push(h("pre", { class: "ide-run-error" }, errorText(done.error)));
    if (Array.isArray(done.columns)) parts.push(this.table(done.columns, done.rows || []));
    if (typeof done.html === "string") {
      parts.push(h("iframe", { class: "ide-render", sandbox: "", title: "Rendered template", srcdoc: done.html }));
    }
    if (done.truncated) parts.push(h("p", { class: "muted" }, "Only the first rows are shown."));
    if (done.result !== undefined && done.result !== null && !Array.isArray(done.columns) && typeof done.html !== "string") {
      parts.push(h("h4", {}, "Result"), h("pre", { class: "json ide-result" }, JSON.stringify(done.result, null, 2)));
    }
    fill(this.outcome, ...parts);
    this.ide.workspace.renderToolbar();
    this.ide.status(`Run ${status}`, status === "ok" ? "ok" : "info");
  }

  table(columns, rows) {
    const names = columns.map((c) => (typeof c === "string" ? c : c.name));
    const cell = (v) => (v === null || v === undefined ? "" : typeof v === "object" ? JSON.stringify(v) : String(v));
    return h("div", { class: "table-wrap ide-rows" }, h("table", {},
      h("thead", {}, h("tr", {}, names.map((n) => h("th", { scope: "col" }, n)))),
      h("tbody", {}, rows.map((row) => h("tr", {},
        names.map((n, i) => h("td", {}, cell(Array.isArray(row) ? row[i] : row[n]))))))),
    h("p", { class: "muted" }, `${rows.length} row${rows.length === 1 ? "" : "s"}`));
  }
}

