// The app page runtime (dist/page.js): loaded as a classic script before the page's actions.
//
// 1. Reads the boot JSON (#pb-boot) and defines window.__pbAction(name, fn) and
//    window.__pbHook(source, kind, fn) for the action / data-source hook scripts after it.
// 2. When the document is parsed, builds the page context (`this` of every action,
//    window.cx().ctx in the console), wires component events, validation and submission,
//    loads auto-load data sources and fires the page's mounted and refresh events.
//
// The page runs in a CSP sandbox (opaque origin): no cookies, no storage; it talks to its
// own API with the page token only.

import { installButtons } from "./page/buttons.js";
import { createRuntime } from "./page/runtime.js";

(() => {
  const actions = new Map();
  const hooks = new Map();
  const HOOK_KINDS = new Set(["before_request", "on_response", "on_error"]);

  window.__pbAction = (name, fn) => {
    if (typeof name !== "string" || typeof fn !== "function") return;
    actions.set(name, fn);
  };
  window.__pbHook = (source, kind, fn) => {
    if (typeof source !== "string" || !HOOK_KINDS.has(kind) || typeof fn !== "function") return;
    hooks.set(`${source}\u0000${kind}`, fn);
  };

  const bootElement = document.getElementById("pb-boot");
  let boot;
  try {
    boot = JSON.parse(bootElement ? bootElement.textContent : "null");
  } catch (error) {
    console.error("[page] the page's boot data is not JSON:", error);
  }
  if (!boot || typeof boot !== "object") return;

  const run = () => {
    const runtime = createRuntime(boot, actions, hooks);
    window.cx = () => ({ ctx: runtime.ctx });
    runtime.start();
    installButtons(boot, runtime);
  };
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", run, { once: true });
  else run();
})();
