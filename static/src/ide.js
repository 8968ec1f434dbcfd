// The IDE (ide/templates/ide/ide.html): explorer on the left, tabs of CodeMirror editors
// in the centre, the run console below them. Everything goes through the JSON API.
import { createApi } from "./ide/api.js";
import { RunConsole } from "./ide/console.js";
import { Sidebar } from "./ide/sidebar.js";
import { Workspace } from "./ide/workspace.js";

const STATUS_CLEAR_MS = 8000;

class Ide {
  constructor(root, boot) {
    this.root = root;
    this.boot = boot;
    this.ctx = { api: createApi(boot.paths.api), app: null };
    this.statusEl = root.querySelector("#ide-status");
    this.statusTimer = null;
    this.workspace = new Workspace(this, root);
    this.console = new RunConsole(this, root.querySelector("#ide-console"));
    this.sidebar = new Sidebar(this, root);
    this.console.follow(null);
  }

  /** A message in the status bar (read out by screen readers); errors stay until replaced. */
  status(message, level = "info") {
    clearTimeout(this.statusTimer);
    this.statusEl.textContent = message;
    this.statusEl.dataset.level = level;
    if (level !== "error") {
      this.statusTimer = setTimeout(() => {
        this.statusEl.textContent = "";
      }, STATUS_CLEAR_MS);
    }
  }

  /** One of the boot paths with the current app (and a page or dataset name) filled in. */
  pathFor(key, name = "") {
    const pattern = this.boot.paths[key];
    if (!pattern || !this.ctx.app) return null;
    return pattern.replace(this.boot.slots.app, encodeURIComponent(this.ctx.app.name))
      .replace(this.boot.slots.name, encodeURIComponent(name));
  }

  async selectApp(name) {
    if (this.ctx.app && this.ctx.app.name === name) return;
    if (!(await this.workspace.closeAll())) {
      this.sidebar.picker.value = this.ctx.app ? this.ctx.app.name : "";
      return;
    }
    this.ctx.app = { name };
    const url = this.boot.paths.app && this.boot.paths.app.replace(this.boot.slots.app, encodeURIComponent(name));
    if (url && window.location.pathname !== url) window.history.replaceState(null, "", url);
    await this.sidebar.refresh();
  }

  keys(event) {
    const mod = event.ctrlKey || event.metaKey;
    if (!mod || event.defaultPrevented) return;
    if (event.key === "s" || event.key === "S") {
      event.preventDefault();
      this.workspace.save();
    } else if (event.key === "Enter") {
      const tab = this.workspace.activeTab();
      if (tab && tab.kind.run) {
        event.preventDefault();
        this.console.run(tab);
      }
    } else if (event.shiftKey && (event.key === "f" || event.key === "F")) {
      event.preventDefault();
      this.sidebar.search.focus();
    }
  }
}

document.addEventListener("DOMContentLoaded", () => {
  const root = document.getElementById("ide");
  const bootEl = document.getElementById("ide-boot");
  if (!root || !bootEl) return;
  const ide = new Ide(root, JSON.parse(bootEl.textContent));
  window.trunklineIde = ide;
  document.addEventListener("keydown", (event) => ide.keys(event));
  window.addEventListener("beforeunload", (event) => {
    if ([...ide.workspace.tabs.values()].some((t) => t.dirty)) {
      event.preventDefault();
      event.returnValue = "";
    }
  });
  const first = ide.boot.app ? ide.selectApp(ide.boot.app) : ide.sidebar.refresh();
  first.finally(() => { root.dataset.ready = "true"; });
});
