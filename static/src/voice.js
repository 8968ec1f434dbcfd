// The voice app editor page (telephony/templates/telephony/voice_app.html): the ConneXML
// editor with snippets, checks as you type and Ctrl-S, and the call simulator beside it.
import { createApi } from "./ide/api.js";
import { h } from "./ide/dom.js";
import { createEditor, goTo, insertSnippet } from "./voice/editor.js";
import { createSimulator } from "./voice/simulator.js";
import { SNIPPETS } from "./voice/snippets.js";

function lintSummary(el, problems, view) {
  if (!problems.length) {
    el.replaceChildren("No problems.");
    return;
  }
  el.replaceChildren(...problems.map((p) => h("button", {
    type: "button",
    class: `btn-link va-problem va-problem-${p.severity}`,
    onclick: () => goTo(view, p.line, p.column),
  }, `Line ${p.line}:${p.column} ${p.severity}: ${p.message}`)));
}

function start() {
  const bootEl = document.getElementById("va-boot");
  if (!bootEl) return;
  const boot = JSON.parse(bootEl.textContent);
  const api = createApi("");
  const form = document.getElementById("va-form");
  const textarea = document.getElementById("va-document");
  const saved = document.getElementById("va-saved");
  let view = null;

  async function save() {
    if (view && textarea) textarea.value = view.state.doc.toString();
    const body = new FormData(form);
    saved.replaceChildren("Saving…");
    try {
      const res = await fetch(form.action, {
        method: "POST",
        body,
        credentials: "same-origin",
        headers: { "HX-Request": "true" },
      });
      saved.innerHTML = await res.text(); // the page's own "saved" block, rendered by Jinja
      if (res.ok && textarea) boot.saved = textarea.value;
    } catch (err) {
      saved.replaceChildren(h("p", { class: "form-error" }, `Not saved: ${err.message || err}`));
    }
  }

  if (textarea) {
    const code = document.getElementById("va-code");
    const lint = document.getElementById("va-lint");
    view = createEditor({
      parent: code,
      text: textarea.value,
      readOnly: !boot.can_write,
      api,
      checkUrl: boot.check_url,
      keys: boot.can_write ? { "Mod-s": () => form.requestSubmit() } : {},
      onChange: (text) => { textarea.value = text; },
      onProblems: (problems) => lintSummary(lint, problems, view),
    });
    textarea.hidden = true;
    code.hidden = false;
    const snippets = document.getElementById("va-snippet");
    if (snippets) {
      for (const [i, s] of SNIPPETS.entries()) snippets.append(h("option", { value: String(i) }, s.label));
      snippets.hidden = false;
      snippets.addEventListener("change", () => {
        const chosen = SNIPPETS[Number(snippets.value)];
        snippets.value = "";
        if (chosen) insertSnippet(view, chosen.text);
      });
    }
    saved.addEventListener("click", (event) => {
      const target = event.target.closest("[data-line]");
      if (target) goTo(view, Number(target.dataset.line), Number(target.dataset.column));
    });
  }
  if (form && boot.can_write) {
    form.addEventListener("submit", (event) => {
      event.preventDefault();
      save();
    });
    document.addEventListener("keydown", (event) => {
      if ((event.ctrlKey || event.metaKey) && event.key === "s" && !event.defaultPrevented) {
        event.preventDefault();
        form.requestSubmit();
      }
    });
  }
  const sim = document.getElementById("va-sim");
  if (sim) {
    createSimulator({
      root: sim,
      boot,
      api,
      documentText: () => (view ? view.state.doc.toString() : textarea.value),
    });
  }
}

if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", start);
else start();
