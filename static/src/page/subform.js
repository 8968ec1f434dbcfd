// Sub-Form and Sub-Form+: rows stamped from the component's <template> row. Each stamped row
// gets its own ids (`<id>__r<n>`, labels and descriptions following), and remembers the
// child's own id (`data-pb-orig`), which keys the row's value: an array of row objects.

let stamped = 0;
const ID_ATTRIBUTES = [
  "id", "for", "name", "data-pb-id", "data-pb-field", "data-pb-mirror", "data-pb-close",
  "aria-describedby", "aria-labelledby", "aria-controls", "list",
];
const SUB_FORMS = ".pb-sub-form, .pb-sub-form-plus";

export const rowsBox = (root) => root.querySelector(":scope > table > .pb-rows, :scope > .pb-rows");
export const rowsOf = (root) => [...(rowsBox(root)?.children || [])].filter((r) => r.classList.contains("pb-row"));

function stamp(root) {
  const template = root.querySelector(":scope > template.pb-row-template");
  if (!template) return null;
  const row = template.content.firstElementChild.cloneNode(true);
  stamped += 1;
  const suffix = `__r${stamped}`;
  const known = new Set();
  for (const element of [row, ...row.querySelectorAll("*")]) {
    for (const name of ["id", "data-pb-id", "data-pb-field"]) {
      if (element.hasAttribute(name)) known.add(element.getAttribute(name));
    }
  }
  for (const element of [row, ...row.querySelectorAll("*")]) {
    if (element.hasAttribute("data-pb-field")) element.setAttribute("data-pb-orig", element.getAttribute("data-pb-field"));
    for (const name of ID_ATTRIBUTES) {
      const value = element.getAttribute(name);
      if (value === null) continue;
      element.setAttribute(name, value.split(/\s+/).map((t) => (known.has(t) ? t + suffix : t)).join(" "));
    }
  }
  row.dataset.pbRowKey = String(stamped);
  return row;
}

/** The direct fields of a row or group: their boxes (`.pb-field[data-pb-field]`). */
function fieldsIn(scope) {
  const owner = scope.matches(".pb-row") ? scope : scope.closest(".pb-field[data-pb-field]") || scope;
  return [...scope.querySelectorAll(".pb-field[data-pb-field]")].filter(
    (box) => box.parentElement.closest(".pb-field[data-pb-field], .pb-row") === owner,
  );
}

function componentOf(box) {
  const id = box.getAttribute("data-pb-field");
  const root = document.querySelector(`[data-pb-id="${CSS.escape(id)}"]`);
  return { id, key: box.getAttribute("data-pb-orig") || id, root, type: root ? root.dataset.pbType : null };
}

function readScope(scope, read) {
  const value = {};
  for (const box of fieldsIn(scope)) {
    const { id, key, root, type } = componentOf(box);
    if (type === "group") value[key] = readScope(root, read);
    else if (type === "sub_form" || type === "sub_form_plus") value[key] = readRows(root, read);
    else value[key] = read(id, type);
  }
  return value;
}

function writeScope(scope, values, write) {
  for (const box of fieldsIn(scope)) {
    const { id, key, root, type } = componentOf(box);
    if (!values || !(key in values)) continue;
    if (type === "group") writeScope(root, values[key], write);
    else if (type === "sub_form" || type === "sub_form_plus") writeRows(root, values[key], write);
    else write(id, type, values[key]);
  }
}

/** The rows' values: `[{childId: value, ...}, ...]`. `read(id, type)` reads one control. */
export function readRows(root, read) {
  return rowsOf(root).map((row) => readScope(row, read));
}

function renumber(root) {
  rowsOf(root).forEach((row, i) => {
    const cell = row.querySelector(":scope > .pb-row-number");
    if (cell) cell.textContent = String(i + 1);
    const remove = row.querySelector(":scope > td > [data-pb-row-remove], :scope > [data-pb-row-remove]");
    if (remove) remove.setAttribute("aria-label", `Remove row ${i + 1}`);
  });
}

function addRow(root, values, write, init) {
  const row = stamp(root);
  if (!row) return null;
  rowsBox(root).append(row);
  if (init) init(row);
  if (values && typeof values === "object") writeScope(row, values, write);
  renumber(root);
  return row;
}

/** Replace the rows with `rows` (objects keyed by child id). */
export function writeRows(root, rows, write, init) {
  const box = rowsBox(root);
  if (!box) return;
  box.replaceChildren();
  for (const values of Array.isArray(rows) ? rows : []) addRow(root, values, write, init);
}

/**
 * Add/remove buttons (delegated from `page`). `read`/`write` read and write one control,
 * `init(row)` makes a new row's widgets live, `emit(id, event, arg)` fires the bound action,
 * `changed(id)` reports the sub-form's value changed.
 */
export function installSubForms(page, { read, write, init, emit, changed }) {
  for (const root of page.querySelectorAll(SUB_FORMS)) {
    let initial = [];
    try {
      initial = JSON.parse(root.getAttribute("data-pb-value") || "[]");
    } catch {
      initial = [];
    }
    if (Array.isArray(initial) && initial.length) writeRows(root, initial, write, init);
  }
  page.addEventListener("click", (event) => {
    const target = event.target instanceof Element ? event.target : null;
    const add = target && target.closest("[data-pb-row-add]");
    const remove = target && target.closest("[data-pb-row-remove]");
    const button = add || remove;
    if (!button || button.disabled) return;
    const root = button.closest(SUB_FORMS);
    if (!root || root.getAttribute("aria-disabled") === "true") return;
    const id = root.dataset.pbId;
    if (add) {
      const row = addRow(root, null, write, init);
      if (!row) return;
      const index = rowsOf(root).indexOf(row);
      const focusable = row.querySelector("input:not([type=hidden]), select, textarea, [contenteditable=true]");
      if (focusable) focusable.focus();
      emit(id, "onRowAdd", { index, row: readScope(row, read), rows: readRows(root, read) });
    } else {
      const row = button.closest(".pb-row");
      const rows = rowsOf(root);
      const index = rows.indexOf(row);
      const value = readScope(row, read);
      row.remove();
      renumber(root);
      const next = rowsOf(root)[index] || rowsOf(root)[index - 1];
      const focus = (next && next.querySelector("[data-pb-row-remove]")) || root.querySelector("[data-pb-row-add]");
      if (focus) focus.focus();
      emit(id, "onRowRemove", { index, row: value, rows: readRows(root, read) });
    }
    changed(id);
  });
}
