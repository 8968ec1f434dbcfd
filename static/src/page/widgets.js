// Behaviour of the compound components the server renders as plain HTML: tabs, dialogs,
// alerts, sliders, ratings and pagination (data grids: grid.js; trees, transfers: pickers.js).
// `emit(id, event, ...args)` runs the component's bound action, if any.

import { controlOf, rootOf } from "./dom.js";

function selectTab(tabs, tab, emit) {
  const list = [...tabs.querySelectorAll(':scope > .pb-tab-list > [role="tab"]')];
  for (const t of list) {
    const on = t === tab;
    t.setAttribute("aria-selected", on ? "true" : "false");
    t.tabIndex = on ? 0 : -1;
    const panel = document.getElementById(t.getAttribute("aria-controls"));
    if (panel) panel.hidden = !on;
  }
  emit(tabs.dataset.pbId, "onChange", tab.dataset.pbKey);
}

export function openDialog(dialog) {
  if (!dialog || dialog.open) return;
  if (typeof dialog.showModal === "function") dialog.showModal();
  else dialog.setAttribute("open", "");
}

export function closeDialog(dialog) {
  if (!dialog) return;
  if (typeof dialog.close === "function") dialog.close();
  else dialog.removeAttribute("open");
}

export function pickTreeItem(root, item, onChanged) {
  const type = root.dataset.pbType;
  if (item.getAttribute("aria-disabled") === "true") return;
  const hasChildren = Boolean(item.querySelector(':scope > [role="group"]'));
  const strict = root.hasAttribute("data-pb-check-strictly");
  if (hasChildren) item.setAttribute("aria-expanded", item.getAttribute("aria-expanded") === "true" ? "false" : "true");
  if (hasChildren && !strict) return;
  const valueOf = (li) => JSON.parse(li.getAttribute("data-pb-value"));
  let value;
  if (type === "cascader") {
    const path = [];
    for (let li = item; li && li !== root; li = li.parentElement.closest('[role="treeitem"]')) {
      path.unshift(valueOf(li));
      if (!root.contains(li.parentElement)) break;
    }
    value = path;
    if (root.hasAttribute("data-pb-multiple")) {
      const current = JSON.parse(root.getAttribute("data-pb-value") || "null") || [];
      const key = JSON.stringify(path);
      value = current.some((p) => JSON.stringify(p) === key)
        ? current.filter((p) => JSON.stringify(p) !== key) : [...current, path];
    }
  } else {
    const v = valueOf(item);
    value = v;
    if (root.hasAttribute("data-pb-multiple")) {
      const current = JSON.parse(root.getAttribute("data-pb-value") || "null") || [];
      const key = JSON.stringify(v);
      value = current.some((c) => JSON.stringify(c) === key)
        ? current.filter((c) => JSON.stringify(c) !== key) : [...current, v];
    }
    for (const li of root.querySelectorAll('[role="treeitem"]')) {
      const selected = Array.isArray(value) && root.hasAttribute("data-pb-multiple")
        ? value.some((c) => JSON.stringify(c) === li.getAttribute("data-pb-value"))
        : li === item;
      li.setAttribute("aria-selected", selected ? "true" : "false");
    }
  }
  onChanged(root.dataset.pbId, value);
}

/**
 * Wire the widgets under `page` (event delegation, so re-rendered parts keep working).
 * `setValue(id, value)` writes a value; `emit(id, event, ...args)` fires a bound action.
 */
export function installWidgets(page, { emit }) {
  page.addEventListener("click", (event) => {
    const target = event.target instanceof Element ? event.target : null;
    if (!target) return;

    const tab = target.closest('.pb-tabs [role="tab"]');
    if (tab && !tab.disabled) {
      selectTab(tab.closest(".pb-tabs"), tab, emit);
      return;
    }

    const dialogButton = target.closest("[data-pb-dialog]");
    if (dialogButton) {
      const dialog = dialogButton.closest("dialog.pb-dialog");
      const what = dialogButton.getAttribute("data-pb-dialog");
      const id = dialog && dialog.dataset.pbId;
      if (what === "confirm") {
        if (!emit(id, "onConfirm")) closeDialog(dialog);
      } else {
        emit(id, "onCancel");
        closeDialog(dialog);
      }
      return;
    }

    const close = target.closest("[data-pb-close]");
    if (close) {
      const alert = rootOf(close.getAttribute("data-pb-close"));
      if (alert) {
        alert.hidden = true;
        alert.classList.add("pb-hidden");
      }
      return;
    }

    const pageButton = target.closest(".pb-pagination [data-pb-page]");
    if (pageButton && !pageButton.disabled) {
      const nav = pageButton.closest(".pb-pagination");
      const size = Number(nav.dataset.pbPageSize) || 10;
      const count = Math.max(1, Math.ceil((Number(nav.dataset.pbTotal) || 0) / size));
      const current = Math.min(Math.max(1, Number(pageButton.dataset.pbPage)), count);
      nav.dataset.pbCurrent = String(current);
      for (const b of nav.querySelectorAll(".pb-page")) {
        if (Number(b.dataset.pbPage) === current) b.setAttribute("aria-current", "page");
        else b.removeAttribute("aria-current");
      }
      const prev = nav.querySelector(".pb-page-prev");
      const next = nav.querySelector(".pb-page-next");
      if (prev) { prev.dataset.pbPage = String(current - 1); prev.disabled = current <= 1; }
      if (next) { next.dataset.pbPage = String(current + 1); next.disabled = current >= count; }
      emit(nav.dataset.pbId, "onChange", current);
      return;
    }

  });

  page.addEventListener("keydown", (event) => {
    const tab = event.target instanceof Element && event.target.closest('.pb-tabs [role="tab"]');
    if (!tab || !["ArrowLeft", "ArrowRight", "ArrowUp", "ArrowDown", "Home", "End"].includes(event.key)) return;
    const tabs = [...tab.parentElement.querySelectorAll('[role="tab"]:not([disabled])')];
    let index = tabs.indexOf(tab);
    if (event.key === "Home") index = 0;
    else if (event.key === "End") index = tabs.length - 1;
    else index = (index + (event.key === "ArrowLeft" || event.key === "ArrowUp" ? -1 : 1) + tabs.length) % tabs.length;
    tabs[index].focus();
    selectTab(tab.closest(".pb-tabs"), tabs[index], emit);
    event.preventDefault();
  });

  page.addEventListener("input", (event) => {
    const target = event.target;
    if (!(target instanceof HTMLInputElement)) return;
    if (target.classList.contains("pb-slider-input") && !target.closest(".pb-slider[data-pb-range]")) {
      const root = target.closest(".pb-slider");
      const box = root.querySelector(".pb-slider-box");
      const out = root.querySelector(".pb-slider-value");
      if (box) box.value = target.value;
      if (out) out.textContent = target.value;
    } else if (target.dataset.pbMirror) {
      const range = controlOf(target.dataset.pbMirror);
      if (range) {
        range.value = target.value;
        range.dispatchEvent(new Event("change", { bubbles: true }));
      }
    }
  });

  page.addEventListener("change", (event) => {
    const target = event.target;
    if (target instanceof HTMLInputElement && target.classList.contains("pb-rate-input")) {
      const score = target.closest(".pb-rate").querySelector(".pb-rate-score");
      if (score) score.textContent = target.value;
    }
  });

  for (const dialog of page.querySelectorAll("dialog.pb-dialog[data-pb-prevent-escape]")) {
    dialog.addEventListener("cancel", (event) => event.preventDefault());
  }
}
