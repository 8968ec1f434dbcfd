// The ScriptForge runtime core inside one QuickJS context. Evaluated for every run, so it is
// kept small (QuickJS parses ~15 KB/ms): libraries (lib/*.js) arrive as source text and are
// evaluated only when a script requires them. The completion value is `dispatch`, which
// only the worker holds. Host calls never call into Python (QuickJS cannot while a time
// limit is set): they queue {id, op, args} and return a Promise the worker settles later.
(function () {
  "use strict";
  const g = globalThis, J = JSON, str = J.stringify, parse = J.parse, S = String, P = Promise;
  const queue = [], pending = new Map(), logs = [], factories = new Map(), loaded = new Map();
  const libs = new Map(), libSources = {}, vendor = new Set(), subscriptions = new Map();
  const st = { done: false, status: null, result: null, error: null, bytes: 0, dropped: 0,
    maxLog: 65536, maxResult: 1048576, timers: 0 };
  let nextId = 0;
  const host = (op, args) => new P((resolve, reject) => {
    pending.set(++nextId, { resolve, reject });
    queue.push({ id: nextId, op, args: args === undefined ? [] : args });
  });
  const show = (v) => {
    if (typeof v === "string") return v;
    if (v instanceof Error) return v.stack ? `${v}\n${v.stack}` : S(v);
    try { const t = str(v); return t === undefined ? S(v) : t; } catch (e) { return S(v); }
  };
  const logger = (level) => (...args) => {
    const message = args.map(show).join(" ");
    if (st.bytes + message.length > st.maxLog) { st.dropped++; return; }
    st.bytes += message.length;
    logs.push({ level, message, at: Date.now() });
  };
  const rt = { host, show, logger, subscriptions };
  function lib(name) {
    if (!libs.has(name)) libs.set(name, (0, eval)(libSources[name])(host, rt));
    return libs.get(name);
  }
  function norm(spec) {
    const url = /^(?:https?:\/\/)?esm\.sh\/(@[^/@?]+\/[^/@?]+|[^/@?]+)/.exec(spec);
    if (url) return "vendor:" + url[1];
    return S(spec).replace(/^(\.\/)+/, "").replace(/^(\.\.\/|\/)+/, "").replace(/\.(m?js|ts)$/, "");
  }
  function require(spec) {
    const name = norm(spec);
    if (name in libSources && name !== "fetch") return lib(name);
    if (vendor.has(name) || vendor.has("vendor:" + name)) return load(name.startsWith("vendor:") ? name : "vendor:" + name);
    if (name.startsWith("vendor:")) {
      throw new Error(`Cannot import '${spec}': URL imports cannot reach the network; bundled ` +
        `packages are: ${[...vendor].map((v) => v.slice(7)).join(", ") || "none"}`);
    }
    if (!factories.has(name)) throw new Error(`Cannot find module '${spec}' (not a script of this app or a library)`);
    return load(name);
  }
  function load(name) {
    if (loaded.has(name)) return loaded.get(name).exports;
    if (!factories.has(name)) {
      throw new Error(`Cannot load '${name.replace("vendor:", "")}' dynamically: import it statically`);
    }
    const module = { exports: {}, id: name };
    loaded.set(name, module);
    factories.get(name).call(module.exports, module.exports, require, module,
      (spec) => P.resolve().then(() => require(spec)), Object.freeze({ url: "scriptforge:" + name }));
    return module.exports;
  }
  function finishOk(value) {
    let text;
    try { text = str(value === undefined ? null : value); } catch (e) {
      return finishError(new TypeError("The return value is not JSON-serialisable: " + e.message));
    }
    if (text === undefined) text = "null";
    if (text.length > st.maxResult) {
      return finishError(new RangeError(`The return value is ${text.length} bytes; the limit is ${st.maxResult}`), "result_too_large");
    }
    if (!st.done) Object.assign(st, { done: true, status: "ok", result: text });
  }
  function finishError(err, status) {
    if (st.done) return;
    st.done = true;
    if (err === null) { // QuickJS throws a bare null when it runs out of memory
      st.status = "memory";
      st.error = { message: "Memory limit exceeded" };
      return;
    }
    if (Array.isArray(err) && err.length && /^\d{3}$/.test(S(err[0]))) {
      st.status = "rejected";
      st.error = { code: Number(err[0]), reason: err.length > 1 ? show(err[1]) : "" };
      return;
    }
    const message = err instanceof Error ? S(err.message) : show(err);
    const coded = /^(\d{3})(?:\s+([\s\S]*))?$/.exec(message);
    if (coded && (err instanceof Error || typeof err === "string")) {
      st.status = "rejected";
      st.error = { code: Number(coded[1]), reason: (coded[2] || "").trim() };
      return;
    }
    st.status = status || "error";
    st.error = { name: err instanceof Error ? S(err.name) : "Error", message,
      stack: err instanceof Error && err.stack ? S(err.stack) : "" };
  }
  function start(entry, fnName, dataJson) {
    let fn;
    try {
      const mod = load(entry);
      fn = mod[fnName || (typeof mod.main === "function" ? "main" : "default")];
      if (typeof fn !== "function") {
        const have = Object.keys(mod).filter((k) => typeof mod[k] === "function");
        throw new ReferenceError(`Script '${entry}' has no function '${fnName || "main"}'; ` +
          (have.length ? `it exports: ${have.join(", ")}` : "it exports no functions"));
      }
    } catch (e) { return finishError(e); }
    const data = parse(dataJson);
    P.resolve().then(() => fn(data)).then(finishOk, (e) => finishError(e));
  }
  const env = {};
  const globals = {
    console: Object.freeze({ log: logger("log"), info: logger("info"), warn: logger("warn"),
      error: logger("error"), debug: logger("debug"), trace: logger("debug") }),
    process: Object.freeze({ env }),
    setTimeout(fn, ms, ...args) {
      const handle = ++st.timers;
      host("timer", [Number(ms) || 0]).then(() => { if (typeof fn === "function") fn(...args); });
      return handle;
    },
    clearTimeout() {},
    sleep: (ms) => host("timer", [Number(ms) || 0]),
    fetch: (url, options) => lib("fetch")(url, options),
    setEnvVar(key, value) {
      env[key] = typeof value === "string" ? value : str(value);
      return host("env.set", [S(key), env[key]]);
    },
    getEnvVars: () => Object.assign({}, env),
    __default: (m) => (m && m.__esModule ? m.default : m && m.default !== undefined ? m.default : m),
    __exportStar(target, source) {
      for (const key of Object.keys(source)) {
        if (key !== "default" && !(key in target)) Object.defineProperty(target, key, { enumerable: true, get: () => source[key] });
      }
    },
  };
  return function dispatch(command, a, b, c) {
    if (command === "poll") {
      return str({ done: st.done, status: st.status, result: st.result, error: st.error,
        requests: queue.splice(0), logs: logs.splice(0), dropped: st.dropped,
        waiting: pending.size + subscriptions.size });
    }
    if (command === "settle") {
      const w = pending.get(a);
      if (w) {
        pending.delete(a);
        const value = parse(c);
        if (b) w.resolve(value);
        else w.reject(Object.assign(new Error(value && value.message ? value.message : show(value)), { code: value && value.code }));
      }
    } else if (command === "init") {
      const o = parse(a);
      st.maxLog = o.maxLog; st.maxResult = o.maxResult;
      Object.assign(env, o.env);
      Object.assign(libSources, o.libs);
      for (const name of o.vendor) vendor.add(name);
      for (const key of Object.keys(globals)) Object.defineProperty(g, key, { value: globals[key], writable: true, configurable: true });
    } else if (command === "define") {
      factories.set(a, b);
    } else if (command === "start") {
      start(a, b, c);
    } else if (command === "event") {
      const cb = subscriptions.get(a);
      if (cb) P.resolve().then(() => cb(parse(b))).catch(logger("error"));
    }
    return "";
  };
})()
