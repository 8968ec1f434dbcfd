// The page context: `this` in every action, `window.cx().ctx` in the console. It implements
// the ConnexCS page API over the server-rendered components and the page's own API
// (`boot.api`, authenticated by the page token; the sandbox sends no cookies).

import {
  boxOf, controlOf, errorOf, optionsOf, readValue, rootOf, rowsOf, setGridRows, setOptionList,
  toOptions, writeValue,
} from "./dom.js";
import { installEditor, refreshEditor } from "./editor.js";
import { Grid } from "./grid.js";
import { installPickers, refreshPicker } from "./pickers.js";
import { installSubForms, readRows, writeRows } from "./subform.js";
import { checkField, normaliseRules } from "./validate.js";
import { closeDialog, installWidgets, openDialog } from "./widgets.js";

const LEVELS = { trace: 0, debug: 1, info: 2, warn: 3, error: 4, disabled: 5 };
const RENEW_EVERY = 10 * 60 * 1000;
const CUSTOM_RULE_TIMEOUT = 10_000;
const CHOICES = new Set(["select", "radio", "checkbox", "transfer", "cascader", "tree_select"]);
const SUB_FORMS = new Set(["sub_form", "sub_form_plus"]);

const ids = (fields) => (Array.isArray(fields) ? fields : fields == null ? [] : [fields]).map(String);

export class PageError extends Error {
  constructor(message, { status = 0, code = "", details = [] } = {}) {
    super(message);
    this.name = "PageError";
    this.status = status;
    this.code = code;
    this.details = details;
  }
}

export function createRuntime(boot, actions, hooks) {
  const components = boot.components || {};
  const boundFields = boot.fields || [];
  const store = new Map(); // values of components without a native control
  const rules = new Map(Object.entries(components).map(([id, c]) => [id, { ...(c.rules || {}) }]));
  const defaults = new Map();
  const warned = new Set();
  let logLevel = LEVELS[(boot.form && boot.form.log_level) || "error"] ?? LEVELS.error;
  let token = boot.token;
  const page = document.getElementById("pb-page") || document.body;
  const form = document.getElementById("pb-form");
  const status = document.getElementById("pb-status");
  const grids = new Map(); // data grid id -> Grid
  const charts = new Map(); // chart id -> controller (dist/page-charts.js)

  const log = (level, ...args) => {
    if (LEVELS[level] >= logLevel && level !== "disabled") {
      (console[level === "trace" || level === "debug" ? "debug" : level] || console.log)("[page]", ...args);
    }
  };
  const warnOnce = (key, message) => {
    if (warned.has(key)) return;
    warned.add(key);
    console.warn(`[page] ${message}`);
  };

  const typeOf = (id) => (components[id] ? components[id].type : rootOf(id)?.dataset.pbType);
  function gridOf(id) {
    if (grids.has(id)) return grids.get(id);
    const root = rootOf(id);
    if (!root || typeOf(id) !== "data_grid") return null;
    const name = components[id] ? components[id].source : root.getAttribute("data-pb-source");
    const source = name ? (boot.data_sources || []).find((s) => s.name === name) : null;
    const grid = new Grid(root, {
      request: source ? (args) => sendRequest(source.name, args) : null,
      sourceType: source ? source.type : "",
      emit: (event, arg) => emit(id, event, arg),
    });
    grids.set(id, grid);
    return grid;
  }

  function chartOf(id) {
    if (charts.has(id)) return charts.get(id);
    const root = rootOf(id);
    const api = window.__pbCharts;
    if (!root || !api) {
      if (root && !api) warnOnce(`charts:${id}`, `chart ${id}: the chart library (dist/page-charts.js) is not loaded`);
      return null;
    }
    const chart = api.mount(root);
    charts.set(id, chart);
    return chart;
  }

  /** Fields: components rendered inside a `.pb-field` wrapper (sub-form rows excepted). */
  const fieldIds = () => Object.keys(components).filter((id) => {
    const box = boxOf(id);
    return box && box.classList.contains("pb-field");
  });

  // -- actions ------------------------------------------------------------------------------

  function runAction(name, args = []) {
    const fn = actions.get(name);
    if (typeof fn !== "function") {
      warnOnce(`action:${name}`, `no action named ${JSON.stringify(name)} (did its script fail to load?)`);
      return undefined;
    }
    try {
      const result = fn.call(ctx, ...args);
      if (result && typeof result.then === "function") {
        return result.then(undefined, (error) => {
          console.error(`[page] action ${name} failed:`, error);
          return undefined;
        });
      }
      return result;
    } catch (error) {
      console.error(`[page] action ${name} failed:`, error);
      return undefined;
    }
  }

  /** Run the action bound to a component event; whether one is bound. */
  function emit(id, event, ...args) {
    const name = id && components[id] && components[id].events ? components[id].events[event] : null;
    if (!name) return false;
    log("debug", `${id}.${event} -> ${name}`);
    runAction(name, args);
    return true;
  }

  // -- the page API over HTTP ---------------------------------------------------------------

  async function call(path, body) {
    log("debug", "POST", path, body);
    let response;
    try {
      response = await fetch(`${boot.api}${path}`, {
        method: "POST",
        headers: { authorization: `Bearer ${token}`, "content-type": "application/json" },
        body: JSON.stringify(body === undefined ? {} : body),
        credentials: "omit",
        cache: "no-store",
      });
    } catch (error) {
      throw new PageError(`The server could not be reached (${error.message})`, { code: "network" });
    }
    let data = null;
    try {
      data = await response.json();
    } catch {
      data = null;
    }
    if (!response.ok) {
      const error = (data && data.error) || {};
      throw new PageError(error.message || `The request failed (HTTP ${response.status})`, {
        status: response.status, code: error.code || "", details: error.details || [],
      });
    }
    return data;
  }

  async function renewToken() {
    try {
      const data = await call("/token", {});
      if (data && data.token) token = data.token;
    } catch (error) {
      log("warn", "could not renew the page token:", error.message);
    }
  }

  function hook(sourceName, kind) {
    const source = (boot.data_sources || []).find((s) => s.name === sourceName);
    const fn = hooks.get(`${sourceName}\u0000${kind}`);
    if (typeof fn === "function") return fn;
    if (source && (source.hooks || []).includes(kind)) {
      warnOnce(`hook:${sourceName}:${kind}`, `the ${kind} hook of data source ${sourceName} is not loaded; it is skipped`);
    }
    return null;
  }

  async function sendRequest(name, args = {}, extendOptions = {}) {
    const source = (boot.data_sources || []).find((s) => s.name === name);
    if (!source) throw new PageError(`The page has no data source ${JSON.stringify(name)}`);
    const given = args && typeof args === "object" ? args : {};
    let config = { name, method: "POST", url: `${boot.api}/ds/${name}`, headers: {}, params: {}, data: { ...given }, ...extendOptions };
    const before = hook(name, "before_request");
    if (before) {
      const changed = await before.call(ctx, config, given);
      if (changed && typeof changed === "object") config = changed;
      else warnOnce(`hook:${name}:return`, `the before_request hook of ${name} must return config`);
    }
    if (config.headers && Object.keys(config.headers).length) {
      warnOnce(`hook:${name}:headers`, `data source ${name}: headers are set on the server, not by the page`);
    }
    const body = { ...(config.data || {}) };
    if (config.params && Object.keys(config.params).length) body.params = { ...(body.params || {}), ...config.params };
    try {
      const reply = await call(`/ds/${encodeURIComponent(name)}`, body);
      const res = reply ? reply.data : null;
      const after = hook(name, "on_response");
      if (after) {
        const processed = await after.call(ctx, res, given);
        return processed === undefined ? res : processed;
      }
      return res;
    } catch (error) {
      const onError = hook(name, "on_error");
      if (onError) {
        const handled = await onError.call(ctx, error, given);
        if (handled !== undefined) return handled;
      }
      throw error;
    }
  }

  /** Components filled by a data source: bound by `source`, or options from it. */
  function boundTo(name) {
    const found = [];
    for (const [id, c] of Object.entries(components)) {
      const root = rootOf(id);
      const optionsFrom = root && root.getAttribute("data-pb-options-source") === "data_source"
        ? root.getAttribute("data-pb-options-from") : null;
      if (c.source === name || optionsFrom === name) found.push(id);
    }
    return found;
  }

  function optionsOf(id, data) {
    const spec = (components[id] && components[id].options) || {};
    return toOptions(rowsOf(data), spec.value_field || "value", spec.label_field || "label");
  }

  function applyData(id, data) {
    const type = typeOf(id);
    if (CHOICES.has(type)) setOptionList(id, type, optionsOf(id, data), store);
    else if (type === "data_grid") {
      const grid = gridOf(id);
      if (grid) grid.setData(rowsOf(data));
      else setGridRows(id, rowsOf(data));
    } else if (type === "statistic") {
      let value = data;
      if (data && typeof data === "object") {
        const rows = rowsOf(data);
        const first = rows.length ? rows[0] : data;
        value = first && typeof first === "object" ? (first.value !== undefined ? first.value : Object.values(first)[0]) : first;
      }
      writeValue(id, type, value, store);
    } else if (type === "chart") {
      store.set(id, data);
      chartOf(id)?.setData(data);
    } else setValue(id, data);
  }

  async function loadSource(name, args = {}, only = null) {
    const all = only ? [only] : boundTo(name);
    // A data grid bound to the source asks for its own pages (paging, sorting, filters).
    const gridTargets = all.filter((id) => typeOf(id) === "data_grid" && components[id]?.source === name && gridOf(id));
    const targets = all.filter((id) => !gridTargets.includes(id));
    const loads = gridTargets.map((id) => gridOf(id).reload(args));
    if (!targets.length) {
      await Promise.all(loads);
      return undefined;
    }
    for (const id of targets) handle(id).loading(true);
    try {
      const data = await sendRequest(name, args);
      for (const id of targets) applyData(id, data);
      await Promise.all(loads);
      return data;
    } finally {
      for (const id of targets) handle(id).loading(false);
    }
  }

  // -- values -------------------------------------------------------------------------------

  const readControl = (id, type) => getValue(id, type);
  const writeControl = (id, type, value) => setValue(id, value, type);
  const initRow = (row) => {
    for (const editor of row.querySelectorAll(".pb-editor")) installEditor(editor);
    installPickers(row, { setValue, changed });
  };

  function getValue(id, knownType = null) {
    const type = knownType || typeOf(id);
    if (SUB_FORMS.has(type)) {
      const root = rootOf(id);
      return root ? readRows(root, readControl) : [];
    }
    if (type === "group") {
      const root = rootOf(id);
      const value = {};
      if (!root) return value;
      for (const box of root.querySelectorAll(".pb-field[data-pb-field]")) {
        if (box.parentElement.closest(".pb-field") !== root.closest(".pb-field")) continue;
        const child = box.getAttribute("data-pb-field");
        value[child] = getValue(child);
      }
      return value;
    }
    return readValue(id, type, store);
  }

  function setValue(id, value, knownType = null) {
    const type = knownType || typeOf(id);
    if (type === "group" && value && typeof value === "object") {
      for (const [child, v] of Object.entries(value)) setValue(child, v);
    } else if (SUB_FORMS.has(type)) {
      const root = rootOf(id);
      if (root) writeRows(root, Array.isArray(value) ? value : [], writeControl, initRow);
    } else if (type === "data_grid") {
      const grid = gridOf(id);
      if (grid) grid.setData(rowsOf(value));
      else setGridRows(id, rowsOf(value));
    } else if (type === "chart") {
      store.set(id, value);
      chartOf(id)?.setData(value);
    } else if (type) {
      writeValue(id, type, value, store);
      const root = rootOf(id);
      if (type === "editor") refreshEditor(root);
      else if (["date", "slider", "transfer", "tree_select"].includes(type)) refreshPicker(root);
    } else store.set(id, value);
    clearError(id);
  }

  function getValues() {
    const values = {};
    for (const id of boundFields) values[id] = getValue(id);
    return values;
  }

  // -- visibility, state, classes -----------------------------------------------------------

  function isHidden(id) {
    const box = boxOf(id);
    if (!box) return false;
    if (box.closest(".pb-hidden")) return true;
    const dialog = box.closest("dialog");
    return Boolean(dialog && !dialog.open);
  }

  function setHidden(fields, hidden) {
    for (const id of ids(fields)) {
      const box = boxOf(id);
      if (!box) {
        warnOnce(`missing:${id}`, `no component ${id}`);
        continue;
      }
      box.hidden = hidden;
      box.classList.toggle("pb-hidden", hidden);
      if (hidden) clearError(id);
    }
  }

  const CONTROLS = "input, select, textarea, button, fieldset";

  function setDisabled(fields, disabled = true) {
    for (const id of ids(fields)) {
      const box = boxOf(id);
      const root = rootOf(id);
      if (!box) continue;
      box.classList.toggle("pb-disabled", disabled);
      const targets = [root, ...(root ? root.querySelectorAll(CONTROLS) : [])].filter((e) => e && e.matches(CONTROLS));
      for (const element of targets) {
        if (disabled && !element.disabled) {
          element.disabled = true;
          element.dataset.pbDisabledBy = "page";
        } else if (!disabled && element.dataset.pbDisabledBy === "page") {
          element.disabled = false;
          delete element.dataset.pbDisabledBy;
        } else if (!disabled && element === root) {
          element.disabled = false;
        }
      }
      if (root && root.matches("a, [role=link]")) root.setAttribute("aria-disabled", disabled ? "true" : "false");
    }
  }

  // -- validation ---------------------------------------------------------------------------

  function showError(id, message) {
    const slot = errorOf(id);
    const control = controlOf(id) || rootOf(id);
    if (slot) {
      slot.textContent = message;
      slot.hidden = false;
    }
    if (control) control.setAttribute("aria-invalid", "true");
    const box = boxOf(id);
    if (box) box.classList.add("pb-invalid");
  }

  function clearError(id) {
    const slot = errorOf(id);
    const control = controlOf(id) || rootOf(id);
    if (slot) {
      slot.textContent = "";
      slot.hidden = true;
    }
    if (control) control.removeAttribute("aria-invalid");
    const box = boxOf(id);
    if (box) box.classList.remove("pb-invalid");
  }

  function runCustomRule(id, rule, value) {
    const name = rule.custom;
    if (!actions.has(name)) {
      warnOnce(`action:${name}`, `no action named ${JSON.stringify(name)} (custom rule of ${id})`);
      return Promise.resolve(null);
    }
    return new Promise((resolve) => {
      let done = false;
      const finish = (problem) => {
        if (done) return;
        done = true;
        clearTimeout(timer);
        if (problem === undefined || problem === null || problem === "" || problem === true) resolve(null);
        else resolve(problem instanceof Error ? problem.message : String(problem));
      };
      const timer = setTimeout(() => {
        console.error(`[page] custom rule ${name} of ${id} did not call its callback`);
        finish(rule.message || "could not be checked");
      }, CUSTOM_RULE_TIMEOUT);
      try {
        const result = actions.get(name).call(ctx, { ...rule, field: id }, value, finish);
        if (result && typeof result.then === "function") {
          result.then(undefined, (error) => finish(error instanceof Error ? error : String(error)));
        }
      } catch (error) {
        console.error(`[page] custom rule ${name} of ${id} failed:`, error);
        finish(error);
      }
    });
  }

  /** The problem of one field (null when valid). */
  async function problemOf(id) {
    const rule = rules.get(id) || {};
    const value = getValue(id);
    const hidden = isHidden(id);
    const problem = checkField(rule, value, hidden);
    if (problem !== null || !rule.custom || hidden) return problem;
    return runCustomRule(id, rule, value);
  }

  /** `{id: message}` of the fields' problems, shown next to them. */
  async function check(fields) {
    const list = ids(fields).length ? ids(fields) : fieldIds();
    const problems = {};
    await Promise.all(list.map(async (id) => {
      const problem = await problemOf(id);
      if (problem === null) clearError(id);
      else {
        problems[id] = problem;
        showError(id, problem);
      }
    }));
    return problems;
  }

  function focusFirst(problems) {
    for (const id of fieldIds()) {
      if (id in problems) {
        const control = controlOf(id) || rootOf(id)?.querySelector("input, select, textarea");
        if (control && typeof control.focus === "function") control.focus();
        return;
      }
    }
  }

  // -- component handles --------------------------------------------------------------------

  function handle(path) {
    const [first, ...rest] = String(path).split(".");
    const id = rest.length ? rest[rest.length - 1] : first;
    if (rest.length) {
      const outer = rootOf(first);
      const inner = boxOf(id);
      if (!outer || !inner || !outer.contains(inner)) warnOnce(`missing:${path}`, `no component ${path}`);
    } else if (!boxOf(id)) warnOnce(`missing:${id}`, `no component ${id}`);
    const root = () => rootOf(id);
    const h = {
      getId: () => id,
      hide: () => setHidden(id, true),
      show: () => setHidden(id, false),
      display: () => setHidden(id, false),
      enable: () => setDisabled(id, false),
      disable: () => setDisabled(id, true),
      disabled: (on = true) => setDisabled(id, on),
      loading(on = true) {
        const chart = typeOf(id) === "chart" ? chartOf(id) : null;
        if (chart) chart.instance[on ? "showLoading" : "hideLoading"]();
        const element = boxOf(id);
        if (element) {
          element.classList.toggle("pb-loading", Boolean(on));
          if (on) element.setAttribute("aria-busy", "true");
          else element.removeAttribute("aria-busy");
        }
        return h;
      },
      setLabel(text) {
        const element = root();
        const box = boxOf(id);
        const label = box && box.classList.contains("pb-field") ? box.querySelector(":scope > .pb-label") : null;
        if (label) label.firstChild ? (label.firstChild.textContent = String(text)) : (label.textContent = String(text));
        else if (element) element.textContent = String(text);
      },
      getValue: () => getValue(id),
      setValue: (value) => setValue(id, value),
      addClassName: (...names) => ctx.addClassName(id, ...names),
      removeClassName: (...names) => ctx.removeClassName(id, ...names),
      element: root,
    };
    const type = typeOf(id);
    if (type === "data_grid") {
      Object.assign(h, {
        setData: (rows) => setValue(id, rows),
        getData: () => (gridOf(id) ? [...gridOf(id).rows] : []),
        getSelectedRows: () => (gridOf(id) ? gridOf(id).getSelectedRows() : []),
        refresh: (args = {}) => (gridOf(id) ? gridOf(id).reload(args) : undefined),
        exportCsv: () => (gridOf(id) ? gridOf(id).exportCsv() : ""),
      });
    } else if (type === "chart") {
      const echart = () => {
        const chart = chartOf(id);
        if (!chart) throw new PageError(`chart ${id}: the chart library is not loaded`);
        return chart.instance;
      };
      Object.assign(h, {
        setData: (data) => setValue(id, data),
        getData: () => (chartOf(id) ? chartOf(id).getData() : store.get(id)),
        // The ECharts instance's own methods (ConnexCS' eChart object).
        setOption: (option, notMerge = false, lazyUpdate = false) => echart().setOption(option, notMerge, lazyUpdate),
        getOption: () => echart().getOption(),
        resize: (opts) => echart().resize(opts),
        showLoading: (...args) => echart().showLoading(...args),
        hideLoading: () => echart().hideLoading(),
        clear: () => echart().clear(),
        dump: () => echart().getOption(),
        refresh: () => chartOf(id)?.refresh(),
        getDataURL: (opts = {}) => echart().getDataURL({ pixelRatio: 2, backgroundColor: "#fff", ...opts }),
        getConnectedDataURL: (opts = {}) => echart().getConnectedDataURL({ pixelRatio: 2, backgroundColor: "#fff", ...opts }),
        getWidth: () => echart().getWidth(),
        getHeight: () => echart().getHeight(),
        getEchartsInstance: () => echart(),
      });
    } else if (type === "dialog") {
      const inside = () => fieldIds().filter((f) => root()?.contains(boxOf(f)));
      const confirm = () => root()?.querySelector('[data-pb-dialog="confirm"]');
      Object.assign(h, {
        open: () => openDialog(root()),
        close: () => closeDialog(root()),
        confirmLoading(on = true) {
          const button = confirm();
          if (button) {
            button.disabled = Boolean(on);
            button.classList.toggle("pb-loading", Boolean(on));
          }
        },
        clickConfirm: () => confirm()?.click(),
        async validate(fields = []) {
          const own = inside();
          const list = ids(fields).length ? ids(fields).filter((f) => own.includes(f)) : own;
          return Object.keys(await check(list.length ? list : ["\u0000none"])).length === 0;
        },
        clearValidate: () => inside().forEach(clearError),
        getValues: () => Object.fromEntries(inside().map((f) => [f, getValue(f)])),
        getValue: (f) => getValue(f),
        setData: (obj) => ctx.setData(obj),
        setOptions: (fields, options) => ctx.setOptions(fields, options),
        hide: (fields) => (fields === undefined ? setHidden(id, true) : setHidden(fields, true)),
        display: (fields) => setHidden(fields === undefined ? id : fields, false),
        disabled: (fields, on = true) => setDisabled(fields, on),
      });
    }
    return h;
  }

  // -- the context --------------------------------------------------------------------------

  const ctx = {
    env: boot.env || {},
    refresh() {
      const name = (boot.form && boot.form.events && boot.form.events.refresh) || null;
      if (name) runAction(name);
    },
    setData(obj) {
      if (!obj || typeof obj !== "object") return;
      for (const [id, value] of Object.entries(obj)) setValue(id, value);
    },
    async getData(isValidate = true) {
      if (isValidate) {
        const problems = await check([]);
        if (Object.keys(problems).length) {
          focusFirst(problems);
          throw problems;
        }
      }
      return getValues();
    },
    getValues,
    getValue,
    reset() {
      for (const [id, value] of defaults) setValue(id, value);
      for (const id of fieldIds()) clearError(id);
      if (status) status.textContent = "";
    },
    hide: (fields) => setHidden(fields, true),
    show: (fields) => setHidden(fields, false),
    display: (fields) => setHidden(fields, false),
    disabled: (fields, on = true) => setDisabled(fields, on),
    disable: (fields) => setDisabled(fields, true),
    enable: (fields) => setDisabled(fields, false),
    addClassName(fields, ...names) {
      for (const id of ids(fields)) boxOf(id)?.classList.add(...names.flat().filter(Boolean));
    },
    removeClassName(fields, ...names) {
      for (const id of ids(fields)) boxOf(id)?.classList.remove(...names.flat().filter(Boolean));
    },
    setRules(id, newRules) {
      const merged = normaliseRules(newRules);
      rules.set(String(id), merged);
      markRequired(String(id), Boolean(merged.required));
    },
    setOptions(fields, options = {}) {
      for (const id of ids(fields)) {
        if ("defaultValue" in options) {
          defaults.set(id, options.defaultValue);
          setValue(id, options.defaultValue);
        }
        if ("placeholder" in options) {
          const control = controlOf(id);
          if (control instanceof HTMLSelectElement && !control.multiple && control.options[0]) {
            control.options[0].textContent = options.placeholder || "";
          } else if (control && "placeholder" in control) control.placeholder = options.placeholder || "";
        }
        if ("required" in options) {
          const rule = { ...(rules.get(id) || {}), required: Boolean(options.required) };
          rules.set(id, rule);
          markRequired(id, rule.required);
        }
        if ("disabled" in options) setDisabled(id, Boolean(options.disabled));
        if ("hidden" in options) setHidden(id, Boolean(options.hidden));
      }
    },
    setOptionData(fields, data) {
      for (const id of ids(fields)) {
        const type = typeOf(id);
        if (CHOICES.has(type)) setOptionList(id, type, optionsOf(id, data), store);
      }
    },
    async refreshFieldDataSource(id, args = {}) {
      const root = rootOf(id);
      const from = root && root.getAttribute("data-pb-options-source") === "data_source"
        ? root.getAttribute("data-pb-options-from") : components[id]?.source;
      if (!from) throw new PageError(`${id} has no data source`);
      await loadSource(from, args, id);
      return optionsOf(rootOf(id)).map((o) => ({ key: o.value, value: o.label }));
    },
    async validate(fields = []) {
      const problems = await check(fields);
      return Object.keys(problems).length === 0;
    },
    getComponent: (id) => handle(id),
    $: (id) => handle(id),
    sendRequest,
    database(name) {
      const path = (op) => `/db/${encodeURIComponent(name)}/${op}`;
      const data = async (op, body) => (await call(path(op), body)).data;
      return {
        list: (args = {}) => data("list", args),
        create: (row) => data("create", { row }),
        read: (id) => data("read", { id }),
        update: (id, row) => data("update", { id, row }),
        delete: (id) => data("delete", { id }),
      };
    },
    async scriptForge(name = "", data = {}, fn = "") {
      const reply = await call(`/sf/${encodeURIComponent(name)}`, { function: fn || null, data });
      return reply.data;
    },
    async saveEnvVars(vars = {}) {
      // Only for viewers who may edit the app; the server refuses everyone else.
      const reply = await call("/env", { vars });
      for (const key of reply.saved || []) ctx.env[key] = String(vars[key]);
      return reply;
    },
    setLogLevel(level) {
      const value = typeof level === "number" ? level : LEVELS[String(level).toLowerCase()];
      if (value === undefined) throw new PageError(`unknown log level ${level}: use ${Object.keys(LEVELS).join(", ")}`);
      logLevel = value;
    },
  };

  function markRequired(id, required) {
    const control = controlOf(id);
    if (control) {
      if (required) control.setAttribute("aria-required", "true");
      else control.removeAttribute("aria-required");
    }
    const box = boxOf(id);
    const label = box && box.querySelector(":scope > .pb-label");
    if (!label) return;
    const star = label.querySelector(".pb-required");
    if (required && !star) {
      const span = document.createElement("span");
      span.className = "pb-required";
      span.setAttribute("aria-hidden", "true");
      span.textContent = "*";
      label.append(span);
    } else if (!required && star) star.remove();
  }

  // -- submission ---------------------------------------------------------------------------

  function say(message, kind) {
    if (!status) return;
    status.textContent = message;
    status.className = `pb-status${kind ? ` pb-status-${kind}` : ""}`;
  }

  async function submit(submitter) {
    say("", "");
    const problems = await check([]);
    if (Object.keys(problems).length) {
      focusFirst(problems);
      say("Please correct the marked fields.", "error");
      return;
    }
    if (!boot.form || !boot.form.submit) return;
    const hidden = boundFields.filter(isHidden);
    if (submitter) submitter.disabled = true;
    try {
      const reply = await call("/submit", { values: getValues(), hidden });
      say((reply && reply.message) || "Saved", "ok");
    } catch (error) {
      const fieldErrors = (error.details || []).filter((d) => d && boxOf(String(d.path)));
      for (const d of fieldErrors) showError(String(d.path), d.message);
      const others = (error.details || []).filter((d) => !fieldErrors.includes(d));
      if (fieldErrors.length && !others.length) {
        say("Please correct the marked fields.", "error");
        focusFirst(Object.fromEntries(fieldErrors.map((d) => [d.path, d.message])));
      } else {
        say(others.length ? others.map((d) => `${d.path}: ${d.message}`).join("; ") : error.message, "error");
      }
    } finally {
      if (submitter) submitter.disabled = false;
    }
  }

  // -- start --------------------------------------------------------------------------------

  function wireEvents() {
    for (const [id, c] of Object.entries(components)) {
      const root = rootOf(id);
      if (!root) continue;
      for (const [event, name] of Object.entries(c.events || {})) {
        if (!actions.has(name)) warnOnce(`action:${name}`, `no action named ${JSON.stringify(name)} (${id}.${event})`);
      }
      const events = c.events || {};
      if (events.onFocus) root.addEventListener("focusin", (e) => emit(id, "onFocus", getValue(id), { id, event: e }));
      if (events.onBlur) root.addEventListener("focusout", (e) => emit(id, "onBlur", getValue(id), { id, event: e }));
      if (events.onClick) {
        root.addEventListener("click", (e) => {
          if (root.matches("a[aria-disabled=true]")) return;
          emit(id, "onClick", e, { id });
        });
      }
    }
    // Changes: clear the field's error, then its onChange (delegated: options can be re-rendered).
    page.addEventListener("change", (e) => {
      const target = e.target instanceof Element ? e.target : null;
      const host = target && target.closest("[data-pb-id]");
      if (!host) return;
      // A change inside a sub-form row is a change of the sub-form.
      const row = target.closest(".pb-row");
      const sub = row && row.closest(".pb-sub-form, .pb-sub-form-plus");
      if (sub && page.contains(sub)) {
        changed(sub.dataset.pbId, e);
        return;
      }
      const id = host.dataset.pbId;
      const type = typeOf(id);
      if (["tabs", "pagination", "data_grid"].includes(type)) return;
      changed(id, e);
    });
    page.addEventListener("input", (e) => {
      const host = e.target instanceof Element ? e.target.closest("[data-pb-id]") : null;
      if (host) clearError(host.dataset.pbId);
    });
  }

  function changed(id, event) {
    clearError(id);
    emit(id, "onChange", getValue(id), { id, event });
  }

  function start() {
    // Everything hidden when rendered counts as hidden (pb-hidden marks what the page hid).
    for (const id of Object.keys(components)) {
      const box = boxOf(id);
      if (box && box.hidden && box.tagName !== "DIALOG") box.classList.add("pb-hidden");
    }
    for (const editor of page.querySelectorAll(".pb-editor")) installEditor(editor);
    installSubForms(page, { read: readControl, write: writeControl, init: initRow, emit, changed });
    installPickers(page, { setValue, changed });
    for (const [id, c] of Object.entries(components)) {
      if (c.type === "data_grid") gridOf(id);
      else if (c.type === "chart") chartOf(id);
      else if (c.type === "tree_select" && rootOf(id)) writeValue(id, c.type, getValue(id), store);
    }
    for (const id of fieldIds()) defaults.set(id, getValue(id));
    installWidgets(page, { emit });
    wireEvents();
    if (form) {
      // The sandbox has no allow-forms: the browser refuses native submission before any
      // submit event, so submit buttons and Enter in a field are taken over here.
      const submitButton = () => form.querySelector('button[type="submit"]:not(:disabled), input[type="submit"]:not(:disabled)');
      form.addEventListener("click", (e) => {
        const button = e.target instanceof Element ? e.target.closest('button[type="submit"], input[type="submit"]') : null;
        if (!button || !form.contains(button)) return;
        e.preventDefault();
        if (!button.disabled) submit(button);
      });
      form.addEventListener("keydown", (e) => {
        const target = e.target;
        if (e.key !== "Enter" || e.isComposing || !(target instanceof HTMLInputElement)) return;
        if (["button", "submit", "reset", "checkbox", "radio", "file", "color", "range"].includes(target.type)) return;
        e.preventDefault();
        const button = submitButton();
        if (button) submit(button);
      });
      form.addEventListener("submit", (e) => {
        e.preventDefault();
        submit(e.submitter || null);
      });
      form.addEventListener("reset", (e) => {
        e.preventDefault();
        ctx.reset();
      });
    }
    for (const source of boot.data_sources || []) {
      if (source.auto_load) {
        loadSource(source.name).catch((error) => console.error(`[page] data source ${source.name} failed:`, error.message));
      }
    }
    // Data grids and charts show their data source's rows: they load it even when the source
    // does not load by itself.
    for (const [id, c] of Object.entries(components)) {
      const source = c.source && (boot.data_sources || []).find((s) => s.name === c.source);
      if (source && !source.auto_load && (c.type === "data_grid" || c.type === "chart") && rootOf(id)) {
        loadSource(source.name, {}, id).catch((error) => console.error(`[page] data source ${source.name} (${id}) failed:`, error.message));
      }
    }
    for (const [id] of Object.entries(components)) {
      const root = rootOf(id);
      if (root && root.getAttribute("data-pb-options-source") === "action") {
        const name = root.getAttribute("data-pb-options-from");
        Promise.resolve(runAction(name)).then((data) => {
          if (data !== undefined) setOptionList(id, typeOf(id), optionsOf(id, data), store);
        });
      }
    }
    const events = (boot.form && boot.form.events) || {};
    if (events.mounted) runAction(events.mounted);
    if (events.refresh) runAction(events.refresh);
    setInterval(renewToken, RENEW_EVERY);
  }

  return { ctx, start, call };
}
