// The page document as the editor changes it: finding components, lists they live in,
// new components from the catalogue, and the undo/redo history of whole documents.

/** Slots a new container starts with, by type (anything else with slots gets two). */
const STARTING_SLOTS = {
  grid: () => [{ span: 12, children: [] }, { span: 12, children: [] }],
  tabs: () => [{ key: "tab1", label: "Tab 1", children: [] }, { key: "tab2", label: "Tab 2", children: [] }],
  collapse: () => [{ label: "Panel 1", children: [] }, { label: "Panel 2", children: [] }],
  page_layout: () => ["header", "aside", "main", "footer"].map((key) => ({ key, label: key, children: [] })),
  table: () => ["r0c0", "r0c1", "r1c0", "r1c1"].map((key) => ({ key, children: [] })),
};

const ALNUM = "abcdefghijklmnopqrstuvwxyz0123456789";

export function clone(value) {
  return JSON.parse(JSON.stringify(value));
}

/** Every component with its JSON path and the list holding it, parents first. */
export function walk(doc) {
  const found = [];
  const visit = (items, path, listKey, depth) => {
    items.forEach((component, index) => {
      const here = `${path}.${index}`;
      found.push({ component, path: here, listKey, index, depth });
      visit(component.children || [], `${here}.children`, `${component.id}:children`, depth + 1);
      (component.slots || []).forEach((slot, j) => {
        visit(slot.children || [], `${here}.slots.${j}.children`, `${component.id}:slot:${j}`, depth + 1);
      });
    });
  };
  visit(doc.components || [], "components", "root", 0);
  return found;
}

export function find(doc, id) {
  return walk(doc).find((entry) => entry.component.id === id) || null;
}

/** The array a list key names: "root", "<id>:children" or "<id>:slot:<n>". */
export function listOf(doc, key) {
  if (key === "root") {
    doc.components = doc.components || [];
    return doc.components;
  }
  const [id, kind, n] = key.split(":");
  const entry = find(doc, id);
  if (!entry) return null;
  const c = entry.component;
  if (kind === "children") {
    c.children = c.children || [];
    return c.children;
  }
  const slot = (c.slots || [])[Number(n)];
  if (!slot) return null;
  slot.children = slot.children || [];
  return slot.children;
}

export function newId(prefix, doc) {
  const used = new Set(walk(doc).map((e) => e.component.id));
  for (;;) {
    let tail = "";
    for (let i = 0; i < 8; i += 1) tail += ALNUM[Math.floor(Math.random() * ALNUM.length)];
    const id = `${prefix}_${tail}`;
    if (!used.has(id)) return id;
  }
}

/** A new component of a catalogue kind. */
export function create(kind, doc) {
  const component = { type: kind.type, id: newId(kind.prefix || kind.type, doc), name: kind.label, attributes: {} };
  if (kind.container === "children") component.children = [];
  if (kind.container === "slots") {
    const make = STARTING_SLOTS[kind.type];
    component.slots = make ? make() : [{ label: "1", children: [] }, { label: "2", children: [] }];
  }
  return component;
}

/** Move a component to a list at an index (after removing it from where it was). */
export function move(doc, id, toKey, toIndex) {
  const entry = find(doc, id);
  if (!entry) return false;
  const target = listOf(doc, toKey);
  if (!target) return false;
  // A component cannot go inside itself.
  if (toKey !== "root" && (toKey.split(":")[0] === id || find({ components: [entry.component] }, toKey.split(":")[0]))) {
    return false;
  }
  const from = listOf(doc, entry.listKey);
  from.splice(entry.index, 1);
  target.splice(Math.min(toIndex, target.length), 0, entry.component);
  return true;
}

export function remove(doc, id) {
  const entry = find(doc, id);
  if (!entry) return null;
  listOf(doc, entry.listKey).splice(entry.index, 1);
  return entry;
}

/** For a problem's JSON path: the deepest component on it and the rest of the path.
 *
 *   locate(doc, "components.0.slots.1.children.0.rules.pattern")
 *   -> {component: <that input>, rest: "rules.pattern"}
 */
export function locate(doc, path) {
  const parts = String(path || "").split(".");
  if (parts[0] !== "components") return { component: null, rest: path };
  let items = doc.components || [];
  let component = null;
  let i = 1;
  while (i < parts.length) {
    const index = Number(parts[i]);
    if (!Number.isInteger(index) || !items[index]) break;
    component = items[index];
    i += 1;
    if (parts[i] === "children" && Number.isInteger(Number(parts[i + 1]))) {
      items = component.children || [];
      i += 1;
    } else if (parts[i] === "slots" && parts[i + 2] === "children" && Number.isInteger(Number(parts[i + 3]))) {
      items = ((component.slots || [])[Number(parts[i + 1])] || {}).children || [];
      i += 3;
    } else {
      break;
    }
  }
  return { component, rest: parts.slice(i).join(".") };
}

/** Undo/redo over whole documents (JSON text), with typing merged into one step. */
export class History {
  constructor(limit = 200) {
    this.past = [];
    this.future = [];
    this.limit = limit;
    this.mergeKey = null;
  }

  /** Remember `before` as an undo step (unless it continues the same edit, `mergeKey`). */
  record(before, mergeKey = null) {
    if (mergeKey && mergeKey === this.mergeKey && this.past.length) {
      this.future = [];
      return;
    }
    this.past.push(before);
    if (this.past.length > this.limit) this.past.shift();
    this.future = [];
    this.mergeKey = mergeKey;
  }

  endMerge() {
    this.mergeKey = null;
  }

  undo(current) {
    if (!this.past.length) return null;
    this.future.push(current);
    this.mergeKey = null;
    return this.past.pop();
  }

  redo(current) {
    if (!this.future.length) return null;
    this.past.push(current);
    this.mergeKey = null;
    return this.future.pop();
  }
}
