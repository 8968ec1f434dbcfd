// CodeMirror 6 editors for the IDE: one factory, a language per kind of file, lint through
// the server's lint endpoint (debounced by @codemirror/lint's own delay), and the
// side-by-side diff of @codemirror/merge.
import { basicSetup, EditorView } from "codemirror";
import { EditorState, Prec } from "@codemirror/state";
import { keymap } from "@codemirror/view";
import { javascript } from "@codemirror/lang-javascript";
import { sql } from "@codemirror/lang-sql";
import { html } from "@codemirror/lang-html";
import { json } from "@codemirror/lang-json";
import { xml } from "@codemirror/lang-xml";
import { linter, lintGutter } from "@codemirror/lint";
import { MergeView } from "@codemirror/merge";

const LANGUAGES = {
  javascript: () => javascript(),
  sql: () => sql(),
  json: () => json(),
  xml: () => xml(),
  handlebars: () => html(),
  html: () => html(),
  plain: () => [],
};

/** What the lint endpoint accepts; other languages are not linted. */
const LINTED = new Set(["javascript", "json", "sql", "xml", "handlebars"]);
const LINT_DELAY_MS = 600;

function position(doc, line, column) {
  const l = doc.line(Math.min(Math.max(1, line || 1), doc.lines));
  return Math.min(l.from + Math.max(0, (column || 1) - 1), l.to);
}

function lintSource(api, language, appName) {
  return async (view) => {
    const code = view.state.doc.toString();
    let found;
    try {
      found = await api.post("/ide/lint", { language, code, app: appName() });
    } catch {
      return []; // no lint beats a console full of failures while the server is away
    }
    const doc = view.state.doc;
    return (found.problems || []).map((p) => {
      const from = position(doc, p.line, p.column);
      let to = p.end_line ? position(doc, p.end_line, p.end_column) : from;
      if (to <= from) to = Math.min(from + 1, doc.length);
      const severity = ["error", "warning", "info", "hint"].includes(p.severity) ? p.severity : "error";
      return { from, to, severity, message: p.message, source: language };
    });
  };
}

/**
 * An editor in ``parent``. ``keys`` maps CodeMirror key names to handlers that run ahead
 * of the defaults (Mod-s saves, Mod-Enter runs); ``onChange(text)`` follows every edit.
 */
export function createEditor({ parent, text, language, readOnly = false, api, appName, keys = {},
  onChange, label }) {
  const extensions = [
    basicSetup,
    LANGUAGES[language] ? LANGUAGES[language]() : [],
    Prec.highest(keymap.of(Object.entries(keys).map(([key, run]) => ({
      key, preventDefault: true, run: () => { run(); return true; },
    })))),
    EditorView.contentAttributes.of({ "aria-label": label || "Code editor" }),
  ];
  if (readOnly) extensions.push(EditorState.readOnly.of(true));
  if (!readOnly && api && LINTED.has(language)) {
    extensions.push(lintGutter(), linter(lintSource(api, language, appName), { delay: LINT_DELAY_MS }));
  }
  if (onChange) {
    extensions.push(EditorView.updateListener.of((update) => {
      if (update.docChanged) onChange(update.state.doc.toString());
    }));
  }
  return new EditorView({ parent, state: EditorState.create({ doc: text, extensions }) });
}

export function setText(view, text) {
  view.dispatch({ changes: { from: 0, to: view.state.doc.length, insert: text } });
}

/** Two read-only documents side by side, changes marked: ``a`` on the left. */
export function createDiff({ parent, a, b, language }) {
  const lang = LANGUAGES[language] ? LANGUAGES[language]() : [];
  const side = (doc) => ({
    doc,
    extensions: [basicSetup, lang, EditorState.readOnly.of(true), EditorView.editable.of(false)],
  });
  return new MergeView({ parent, a: side(a), b: side(b), collapseUnchanged: { margin: 3, minSize: 6 } });
}
