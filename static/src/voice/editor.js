// The ConneXML editor: CodeMirror 6 with XML, the server's checker as lint (POST
// /api/v1/connexml/check, debounced by @codemirror/lint), snippets at the cursor.
import { basicSetup, EditorView } from "codemirror";
import { EditorState, Prec } from "@codemirror/state";
import { keymap } from "@codemirror/view";
import { xml } from "@codemirror/lang-xml";
import { linter, lintGutter } from "@codemirror/lint";

const LINT_DELAY_MS = 500;

/** The document offset of a 1-based line and column, clamped into the document. */
export function position(doc, line, column) {
  const l = doc.line(Math.min(Math.max(1, line || 1), doc.lines));
  return Math.min(l.from + Math.max(0, (column || 1) - 1), l.to);
}

function checker(api, url, onProblems) {
  return async (view) => {
    const text = view.state.doc.toString();
    let found;
    try {
      found = await api.post(url, { document: text });
    } catch {
      return []; // the server is away: no lint rather than a wall of failures
    }
    const problems = (found && found.problems) || [];
    onProblems(problems);
    const doc = view.state.doc;
    return problems.map((p) => {
      const from = position(doc, p.line, p.column);
      const end = doc.lineAt(from).to;
      const to = end > from ? end : Math.min(from + 1, doc.length);
      const severity = p.severity === "warning" ? "warning" : "error";
      return { from, to, severity, message: `${p.line}:${p.column} ${p.message}`, source: "ConneXML" };
    });
  };
}

/**
 * The editor in ``parent``: ``keys`` maps key names (Mod-s) to handlers, ``onChange(text)``
 * follows every edit, ``onProblems(list)`` gets each check's problems.
 */
export function createEditor({ parent, text, readOnly, api, checkUrl, keys = {}, onChange, onProblems }) {
  const extensions = [
    basicSetup,
    xml(),
    Prec.highest(keymap.of(Object.entries(keys).map(([key, run]) => ({
      key, preventDefault: true, run: () => { run(); return true; },
    })))),
    EditorView.contentAttributes.of({ "aria-label": "ConneXML document" }),
    EditorView.updateListener.of((update) => {
      if (update.docChanged && onChange) onChange(update.state.doc.toString());
    }),
  ];
  if (readOnly) extensions.push(EditorState.readOnly.of(true));
  else extensions.push(lintGutter(), linter(checker(api, checkUrl, onProblems), { delay: LINT_DELAY_MS }));
  return new EditorView({ parent, state: EditorState.create({ doc: text, extensions }) });
}

/** Insert ``text`` at the cursor, indented as the cursor's line (on a new line after text). */
export function insertSnippet(view, text) {
  const { from, to } = view.state.selection.main;
  const line = view.state.doc.lineAt(from);
  const indent = /^\s*/.exec(line.text)[0];
  const before = line.text.slice(0, from - line.from);
  const lead = before.trim() ? "\n" + indent : "";
  const insert = lead + text.split("\n").join("\n" + indent);
  view.dispatch({
    changes: { from, to, insert },
    selection: { anchor: from + insert.length },
    scrollIntoView: true,
  });
  view.focus();
}

/** Put the cursor at a 1-based line and column. */
export function goTo(view, line, column) {
  const at = position(view.state.doc, line, column);
  view.dispatch({ selection: { anchor: at }, scrollIntoView: true });
  view.focus();
}
