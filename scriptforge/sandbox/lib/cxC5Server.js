// cxC5Server: the Class 5 call a voice script runs on. New style:
// `const ctx = new cxC5Server(process.env.CORRELATION_ID)`; legacy `main(data, ctx)` gets one.
// Every method returns a Promise: await each, or the script runs ahead of the call.
(function (host, rt) {
  const KEYS = "0123456789*#";
  const text = (v, name) => {
    if (v === undefined || v === null) throw new TypeError(`cxC5Server: ${name} is required`);
    return String(v);
  };
  const num = (v, fallback) => (v === undefined || v === null || v === "" ? fallback : Number(v));
  const matches = (m, keys) => (m instanceof RegExp ? String(keys).search(m) >= 0
    : typeof m === "function" ? Boolean(m(keys)) : String(keys).includes(String(m)));

  class cxC5Server {
    constructor(id) {
      this.id = text(id, "the call's id (process.env.CORRELATION_ID)");
      Object.freeze(this);
    }
    _op(name, ...args) { return host("c5." + name, [this.id, ...args]); }

    answer() { return this._op("answer"); }
    hangup(cause) { return this._op("hangup", cause === undefined ? null : String(cause)); }
    tts(words, options = {}) {
      const o = options || {};
      return this._op("say", text(words, "text"), { voice: o.voice || "", language: o.language || "",
        loop: num(o.loop, 1) });
    }
    play(file, options = {}) { return this._op("play", text(file, "file"), { loop: num((options || {}).loop, 1) }); }
    // Prompt (interruptible by any key) and collect; `tries` attempts; a value that is
    // shorter than `min` or fails `regexp` is invalid (then `invalid_file` plays).
    async ivr(file, timeout = 5, min = 1, max = 1, terminators = "#", options = {}) {
      const o = options || {};
      const tries = Math.max(1, Math.floor(num(o.tries, 1)) || 1);
      const re = o.regexp === undefined || o.regexp === null || o.regexp === "" ? null
        : o.regexp instanceof RegExp ? o.regexp : new RegExp(String(o.regexp));
      let status = "timeout", value = "";
      for (let i = 0; i < tries; i++) {
        const got = await this._op("gather", file === undefined || file === null ? "" : String(file),
          num(timeout, 5), num(min, 1), num(max, 1), terminators === undefined ? "#" : String(terminators || ""));
        value = got.digits;
        if (got.reason === "hangup") return { status: "failed", value };
        if (!value) status = "timeout";
        else if (value.length < num(min, 1) || (re && value.search(re) < 0)) status = "invalid";
        else return { status: "ok", value };
        if (status === "invalid" && o.invalid_file) await this.play(o.invalid_file);
      }
      if (o.transfer_on_failure) {
        const bridged = await this.bridge(o.transfer_on_failure);
        return { status: "failed", value, transfer: bridged.status };
      }
      return { status, value };
    }
    // bridge(destination, {timeout, callerId, callerName}); ConnexCS's `continue_on` flags
    // are accepted and ignored: the script always goes on when the bridge ends.
    bridge(destination, options = {}) {
      const o = options && typeof options === "object" ? options : {};
      return this._op("bridge", text(destination, "destination"), { timeout: num(o.timeout, 30),
        callerId: o.callerId ? String(o.callerId) : "", callerName: o.callerName ? String(o.callerName) : "" });
    }
    echo(seconds) { return this._op("echo", seconds === undefined || seconds === null ? null : Number(seconds)); }
    blockDtmf(digits = "0123456789") {
      return this._op("block_dtmf", digits === true ? KEYS : digits === false || digits === null ? "" : String(digits));
    }
    get(name) { return this._op("get", text(name, "name")); }
    set(name, value) { return this._op("set", text(name, "name"), value === undefined || value === null ? "" : String(value)); }
    header(name, value) {
      return this._op("header", text(name, "name"), value === undefined ? null : String(value));
    }
    record(options = {}) {
      const o = typeof options === "string" ? { name: options } : options || {};
      return this._op("record", { maxLength: num(o.maxLength, 3600), finishOnKey: o.finishOnKey === undefined
        ? "1234567890*#" : String(o.finishOnKey), playBeep: o.playBeep !== false, timeout: num(o.timeout, 5) });
    }
    // waitFor(seconds): let the call run that long. waitFor(match, quit, timeout = 60):
    // collect keys until they match (a string they contain, a RegExp or a function).
    async waitFor(match, quit, timeout = 60) {
      if (typeof match === "number") return this._op("pause", match);
      const got = await this._op("collect", num(timeout, 60));
      if (quit !== undefined && quit !== null && got.digits && matches(quit, got.digits)) {
        throw Object.assign(new Error("waitFor: quit by " + got.digits), { keys: got.digits });
      }
      if (got.digits && matches(match, got.digits)) return got.digits;
      throw Object.assign(new Error(got.reason === "hangup" ? "waitFor: the call ended" : "waitFor: timed out"),
        { keys: got.digits });
    }
    waitForHangup() { return this._op("wait_hangup"); }
    log(...args) {
      const message = args.map(rt.show).join(" ");
      rt.logger("log")(message);
      return this._op("log", message);
    }
  }
  // A voice run's sleep() and setTimeout() wait on the call's clock (virtual in the simulator).
  const timers = Object.freeze({
    sleep: (ms) => host("c5.timer", [Number(ms) || 0]),
    setTimeout(fn, ms, ...args) {
      host("c5.timer", [Number(ms) || 0]).then(() => { if (typeof fn === "function") fn(...args); });
      return 0;
    },
  });
  return { __esModule: true, default: cxC5Server, cxC5Server, timers };
})
