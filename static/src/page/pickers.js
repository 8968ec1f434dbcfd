// Pickers made live in the browser: Cascader and Tree-Select as dropdowns (the text box opens
// a popup tree, navigable by keyboard, Escape closes), Transfer moving items both ways
// (buttons, double click, Enter), Date `dates` as a list of date inputs, range sliders.

import { controlOf } from "./dom.js";
import { pickTreeItem } from "./widgets.js";

const TREES = ".pb-cascader, .pb-tree-select";

// -- cascader and tree-select ------------------------------------------------------------

const treeOf = (root) => root.querySelector('[role="tree"]');
const inputOf = (root) => root.querySelector(".pb-cascader-input, .pb-tree-select-input");
const visibleItems = (tree) => [...tree.querySelectorAll('[role="treeitem"]')].filter((li) => li.offsetParent !== null);
const isOpen = (root) => root.classList.contains("pb-open");

function focusItem(tree, item) {
  if (!item) return;
  for (const li of tree.querySelectorAll('[role="treeitem"][tabindex="0"]')) li.tabIndex = -1;
  item.tabIndex = 0;
  item.focus();
}

function openTree(root, focus = true) {
  const tree = treeOf(root);
  const input = inputOf(root);
  if (!tree || !input || input.disabled) return;
  root.classList.add("pb-open");
  tree.hidden = false;
  input.setAttribute("aria-expanded", "true");
  // Show the chosen item: its ancestors expanded.
  const chosen = tree.querySelector('[role="treeitem"][aria-selected="true"]') || chosenByValue(root, tree);
  for (let li = chosen && chosen.parentElement.closest('[role="treeitem"]'); li; li = li.parentElement.closest('[role="treeitem"]')) {
    li.setAttribute("aria-expanded", "true");
  }
  if (focus) focusItem(tree, chosen && chosen.offsetParent !== null ? chosen : visibleItems(tree)[0]);
}

function chosenByValue(root, tree) {
  if (!root.classList.contains("pb-cascader")) return null;
  let path;
  try {
    path = JSON.parse(root.getAttribute("data-pb-value") || "null");
  } catch {
    path = null;
  }
  if (!Array.isArray(path) || !path.length || Array.isArray(path[0])) return null;
  let level = tree;
  let found = null;
  for (const step of path) {
    const key = JSON.stringify(step);
    found = [...level.querySelectorAll(':scope > [role="treeitem"]')].find((li) => li.getAttribute("data-pb-value") === key);
    if (!found) return null;
    level = found.querySelector(':scope > [role="group"]') || found;
  }
  return found;
}

function closeTree(root, focusInput = false) {
  const tree = treeOf(root);
  const input = inputOf(root);
  root.classList.remove("pb-open");
  if (tree) tree.hidden = true;
  if (input) {
    input.setAttribute("aria-expanded", "false");
    if (focusInput) input.focus();
  }
}

function installTree(root, { setValue, changed }) {
  const tree = treeOf(root);
  const input = inputOf(root);
  if (!tree || !input || root.dataset.pbLive) return;
  root.dataset.pbLive = "1";
  root.classList.add("pb-picker");
  tree.classList.add("pb-picker-popup");
  tree.hidden = true;
  for (const li of tree.querySelectorAll('[role="treeitem"]')) li.tabIndex = -1;
  // A clear button when the component is clearable.
  if (root.hasAttribute("data-pb-clearable")) {
    const clear = document.createElement("button");
    clear.type = "button";
    clear.className = "pb-picker-clear";
    clear.setAttribute("aria-label", "Clear");
    clear.textContent = "×";
    clear.disabled = input.disabled;
    input.after(clear);
    clear.addEventListener("click", () => {
      const id = root.dataset.pbId;
      setValue(id, root.hasAttribute("data-pb-multiple") ? [] : null);
      for (const li of tree.querySelectorAll('[aria-selected="true"]')) li.setAttribute("aria-selected", "false");
      changed(id);
    });
  }
  const pick = (item) => {
    const multiple = root.hasAttribute("data-pb-multiple");
    let picked = false;
    pickTreeItem(root, item, (id, value) => {
      picked = true;
      setValue(id, value);
      changed(id);
    });
    if (picked && !multiple) closeTree(root, true);
  };
  input.addEventListener("click", () => (isOpen(root) ? closeTree(root) : openTree(root)));
  input.addEventListener("keydown", (event) => {
    if (["ArrowDown", "Enter", " ", "ArrowUp"].includes(event.key)) {
      event.preventDefault();
      event.stopPropagation();
      openTree(root);
    } else if (event.key === "Escape" && isOpen(root)) {
      event.preventDefault();
      closeTree(root, true);
    }
  });
  tree.addEventListener("click", (event) => {
    const label = event.target instanceof Element ? event.target.closest('[role="treeitem"] > .pb-tree-label') : null;
    if (!label || input.disabled) return;
    pick(label.parentElement);
  });
  tree.addEventListener("keydown", (event) => {
    const item = event.target instanceof Element ? event.target.closest('[role="treeitem"]') : null;
    if (!item) return;
    const items = visibleItems(tree);
    const index = items.indexOf(item);
    const group = item.querySelector(':scope > [role="group"]');
    const expanded = item.getAttribute("aria-expanded") === "true";
    switch (event.key) {
      case "ArrowDown":
        focusItem(tree, items[Math.min(index + 1, items.length - 1)]);
        break;
      case "ArrowUp":
        focusItem(tree, items[Math.max(index - 1, 0)]);
        break;
      case "Home":
        focusItem(tree, items[0]);
        break;
      case "End":
        focusItem(tree, items[items.length - 1]);
        break;
      case "ArrowRight":
        if (group && !expanded) item.setAttribute("aria-expanded", "true");
        else if (group) focusItem(tree, group.querySelector('[role="treeitem"]'));
        break;
      case "ArrowLeft":
        if (group && expanded) item.setAttribute("aria-expanded", "false");
        else focusItem(tree, item.parentElement.closest('[role="treeitem"]'));
        break;
      case "Enter":
      case " ":
        if (!input.disabled) pick(item);
        if (group && isOpen(root) && item.getAttribute("aria-expanded") === "true") {
          const first = group.querySelector('[role="treeitem"]');
          if (first && !root.hasAttribute("data-pb-check-strictly")) focusItem(tree, first);
        }
        break;
      case "Escape":
        closeTree(root, true);
        break;
      case "Tab":
        closeTree(root);
        return;
      default:
        return;
    }
    event.preventDefault();
    event.stopPropagation();
  });
  document.addEventListener("click", (event) => {
    if (isOpen(root) && event.target instanceof Node && !root.contains(event.target)) closeTree(root);
  });
  root.addEventListener("focusout", (event) => {
    if (isOpen(root) && event.relatedTarget instanceof Node && !root.contains(event.relatedTarget)) closeTree(root);
  });
}

// -- transfer ------------------------------------------------------------------------------

/** Move the selected items of a transfer to its other list ("right": to the chosen ones). */
export function moveTransfer(root, direction) {
  const id = root.dataset.pbId;
  const source = controlOf(`${id}-source`);
  const chosen = controlOf(id);
  if (!source || !chosen || chosen.disabled) return false;
  const [from, to] = direction === "right" ? [source, chosen] : [chosen, source];
  const picked = [...from.options].filter((o) => o.selected && !o.disabled);
  for (const o of picked) {
    o.selected = false;
    o.hidden = false;
    to.append(o);
  }
  const filter = root.querySelector(`.pb-transfer-filter[data-pb-list="${to.id}"]`);
  if (filter && filter.value) filterList(to, filter.value);
  return picked.length > 0;
}

function filterList(select, text) {
  const want = text.trim().toLowerCase();
  for (const o of select.options) o.hidden = Boolean(want) && !o.textContent.toLowerCase().includes(want);
}

function installTransfer(root, { changed }) {
  if (root.dataset.pbLive) return;
  root.dataset.pbLive = "1";
  const id = root.dataset.pbId;
  const source = controlOf(`${id}-source`);
  const chosen = controlOf(id);
  if (!source || !chosen) return;
  // The chosen list is the value whatever is selected in it: nothing starts selected.
  for (const o of chosen.options) o.selected = false;
  chosen.setAttribute("aria-labelledby", `${id}-target-title`);
  if (root.hasAttribute("data-pb-filterable")) {
    for (const list of [source, chosen]) {
      const input = document.createElement("input");
      input.type = "search";
      input.className = "pb-transfer-filter";
      input.dataset.pbList = list.id;
      input.placeholder = "Filter";
      input.setAttribute("aria-label", `Filter ${list === source ? "available" : "chosen"} items`);
      list.before(input);
      input.addEventListener("input", () => filterList(list, input.value));
      input.addEventListener("change", (event) => event.stopPropagation());
    }
  }
  const move = (direction) => {
    if (moveTransfer(root, direction)) changed(id);
  };
  source.addEventListener("dblclick", () => move("right"));
  chosen.addEventListener("dblclick", () => move("left"));
  for (const list of [source, chosen]) {
    list.addEventListener("keydown", (event) => {
      if (event.key === "Enter" || (event.key === "ArrowRight" && list === source) || (event.key === "ArrowLeft" && list === chosen)) {
        if (event.key !== "Enter" && !event.altKey) return;
        event.preventDefault();
        event.stopPropagation();
        move(list === source ? "right" : "left");
      }
    });
    // Selecting items in a list is not a change of the value.
    list.addEventListener("change", (event) => event.stopPropagation());
  }
  root.addEventListener("click", (event) => {
    const button = event.target instanceof Element ? event.target.closest("[data-pb-transfer]") : null;
    if (!button || button.disabled) return;
    event.stopPropagation();
    move(button.getAttribute("data-pb-transfer"));
  });
}

// -- dates (several) ----------------------------------------------------------------------

function buildDates(root) {
  const control = controlOf(root.dataset.pbId);
  const list = root.querySelector(".pb-dates-list");
  if (!control || !list) return;
  const values = control.value.split(",").map((s) => s.trim()).filter(Boolean);
  list.replaceChildren();
  (values.length ? values : [""]).forEach((value) => list.append(dateItem(root, value, control.disabled)));
  renumberDates(list);
}

function renumberDates(list) {
  [...list.querySelectorAll(".pb-dates-item")].forEach((item, i) => {
    item.querySelector("input").setAttribute("aria-label", `Date ${i + 1}`);
    item.querySelector("button").setAttribute("aria-label", `Remove date ${i + 1}`);
  });
}

function dateItem(root, value, disabled) {
  const item = document.createElement("span");
  item.className = "pb-dates-item";
  const input = document.createElement("input");
  input.type = "date";
  input.className = "pb-date-input pb-dates-input";
  input.value = value;
  input.disabled = disabled;
  const remove = document.createElement("button");
  remove.type = "button";
  remove.className = "pb-dates-remove";
  remove.textContent = "×";
  remove.disabled = disabled;
  item.append(input, remove);
  return item;
}

function syncDates(root) {
  const control = controlOf(root.dataset.pbId);
  const values = [...root.querySelectorAll(".pb-dates-input")].map((i) => i.value).filter(Boolean);
  control.value = values.join(",");
}

function installDates(root, { changed }) {
  const control = controlOf(root.dataset.pbId);
  if (!control || root.dataset.pbLive) return;
  root.dataset.pbLive = "1";
  control.hidden = true;
  control.tabIndex = -1;
  const list = document.createElement("span");
  list.className = "pb-dates-list";
  list.setAttribute("role", "group");
  const label = root.closest(".pb-field")?.querySelector(":scope > .pb-label");
  if (label) {
    if (!label.id) label.id = `${root.dataset.pbId}-label`;
    list.setAttribute("aria-labelledby", label.id);
  }
  const add = document.createElement("button");
  add.type = "button";
  add.className = "pb-dates-add";
  add.textContent = "Add date";
  add.disabled = control.disabled;
  root.append(list, add);
  buildDates(root);
  root.addEventListener("input", () => syncDates(root), true);
  root.addEventListener("change", () => syncDates(root), true);
  root.addEventListener("click", (event) => {
    const target = event.target instanceof Element ? event.target : null;
    if (!target) return;
    if (target.closest(".pb-dates-add")) {
      const item = dateItem(root, "", false);
      list.append(item);
      renumberDates(list);
      item.querySelector("input").focus();
    } else if (target.closest(".pb-dates-remove")) {
      target.closest(".pb-dates-item").remove();
      if (!list.children.length) list.append(dateItem(root, "", false));
      renumberDates(list);
      syncDates(root);
      changed(root.dataset.pbId);
    }
  });
}

// -- range sliders ------------------------------------------------------------------------

function installRange(root) {
  const id = root.dataset.pbId;
  const low = controlOf(id);
  const high = controlOf(`${id}-end`);
  if (!low || !high || root.dataset.pbLive) return;
  root.dataset.pbLive = "1";
  const out = document.createElement("output");
  out.className = "pb-slider-value";
  out.setAttribute("for", `${id} ${id}-end`);
  root.append(out);
  const show = () => {
    out.textContent = `${low.value} – ${high.value}`;
  };
  root.addEventListener("input", (event) => {
    if (Number(low.value) > Number(high.value)) {
      if (event.target === low) high.value = low.value;
      else low.value = high.value;
    }
    show();
  }, true);
  show();
}

// -- install / refresh --------------------------------------------------------------------

export function installPickers(page, hooks) {
  for (const root of page.querySelectorAll(TREES)) installTree(root, hooks);
  for (const root of page.querySelectorAll(".pb-transfer")) installTransfer(root, hooks);
  for (const root of page.querySelectorAll(".pb-date[data-pb-multiple]")) installDates(root, hooks);
  for (const root of page.querySelectorAll(".pb-slider[data-pb-range]")) installRange(root);
}

/** After the page wrote a value: show it in the widget. */
export function refreshPicker(root) {
  if (!root) return;
  if (root.matches(".pb-date[data-pb-multiple]")) buildDates(root);
  else if (root.matches(".pb-slider[data-pb-range]")) {
    const out = root.querySelector(".pb-slider-value");
    const id = root.dataset.pbId;
    if (out) out.textContent = `${controlOf(id).value} – ${controlOf(`${id}-end`).value}`;
  } else if (root.matches(".pb-transfer")) {
    for (const o of controlOf(root.dataset.pbId)?.options || []) o.selected = false;
  } else if (root.matches(".pb-tree-select")) {
    let value = null;
    try {
      value = JSON.parse(root.getAttribute("data-pb-value") || "null");
    } catch {
      value = null;
    }
    const multiple = root.hasAttribute("data-pb-multiple");
    for (const li of root.querySelectorAll('[role="treeitem"]')) {
      const v = li.getAttribute("data-pb-value");
      const on = multiple && Array.isArray(value) ? value.some((x) => JSON.stringify(x) === v) : JSON.stringify(value) === v;
      li.setAttribute("aria-selected", on ? "true" : "false");
    }
  }
}

/** Make the widgets of a newly stamped element (a sub-form row) live. */
export function installPickersIn(element, hooks) {
  installPickers(element, hooks);
}
