// Modal dialogs on the native <dialog> element: focus is trapped, Escape cancels, and the
// opener gets focus back. A form dialog keeps itself open while its action fails and shows
// the server's reason.
import { describeError } from "./api.js";
import { field, h } from "./dom.js";

function open(dialog) {
  const opener = document.activeElement;
  document.body.append(dialog);
  dialog.addEventListener("close", () => {
    dialog.remove();
    if (opener && opener.isConnected && typeof opener.focus === "function") opener.focus();
  });
  dialog.showModal();
}

function control(spec) {
  const common = { name: spec.name, required: !!spec.required, autocomplete: "off" };
  if (spec.type === "textarea") {
    return h("textarea", { ...common, rows: spec.rows || 6, class: "mono", spellcheck: "false",
      value: spec.value ?? "" });
  }
  if (spec.type === "select") {
    return h("select", { ...common, value: spec.value ?? "" },
      spec.options.map((o) => h("option", { value: o.value ?? o }, o.label ?? o)));
  }
  return h("input", {
    ...common,
    type: spec.type || "text",
    value: spec.value ?? "",
    pattern: spec.pattern,
    maxlength: spec.maxlength,
    placeholder: spec.placeholder,
    spellcheck: "false",
  });
}

/**
 * Ask for a few values. ``action(values)`` runs on submit; if it throws, its message shows
 * in the dialog and the dialog stays open. Resolves with the action's result, or null.
 */
export function askForm({ title, intro, fields, submit = "Create", action }) {
  return new Promise((resolve) => {
    const controls = fields.map((spec) => ({ spec, input: control(spec) }));
    const error = h("p", { class: "form-error", role: "alert", hidden: true });
    const okButton = h("button", { type: "submit" }, submit);
    const cancel = h("button", { type: "button", class: "secondary" }, "Cancel");
    const headingId = `dlg-${Math.random().toString(36).slice(2)}`;
    const form = h("form", { class: "stack", method: "dialog" },
      h("h2", { id: headingId }, title),
      intro ? h("p", { class: "muted" }, intro) : null,
      controls.map(({ spec, input }) => field(spec.label, input, spec.hint)),
      error,
      h("div", { class: "ide-dialog-actions" }, okButton, cancel));
    const dialog = h("dialog", { class: "ide-dialog", "aria-labelledby": headingId }, form);
    let result = null;
    cancel.addEventListener("click", () => dialog.close());
    form.addEventListener("submit", async (event) => {
      event.preventDefault();
      const values = {};
      for (const { spec, input } of controls) values[spec.name] = input.value;
      okButton.disabled = true;
      error.hidden = true;
      try {
        result = action ? await action(values) : values;
        if (result === undefined) result = values;
        dialog.close();
      } catch (err) {
        error.textContent = describeError(err);
        error.hidden = false;
      } finally {
        okButton.disabled = false;
      }
    });
    dialog.addEventListener("close", () => resolve(result));
    open(dialog);
    const first = controls[0] && controls[0].input;
    if (first) {
      first.focus();
      if (first.select) first.select();
    }
  });
}

/** Yes or no; the confirming button is the danger style when ``danger``. */
export function confirmDialog(message, { title = "Are you sure?", confirm = "Delete", danger = true } = {}) {
  return new Promise((resolve) => {
    let answer = false;
    const yes = h("button", { type: "submit", class: danger ? "danger" : "" }, confirm);
    const no = h("button", { type: "button", class: "secondary" }, "Cancel");
    const headingId = `dlg-${Math.random().toString(36).slice(2)}`;
    const form = h("form", { method: "dialog", class: "stack" },
      h("h2", { id: headingId }, title), h("p", {}, message),
      h("div", { class: "ide-dialog-actions" }, yes, no));
    const dialog = h("dialog", { class: "ide-dialog", role: "alertdialog",
      "aria-labelledby": headingId }, form);
    form.addEventListener("submit", (event) => {
      event.preventDefault();
      answer = true;
      dialog.close();
    });
    no.addEventListener("click", () => dialog.close());
    dialog.addEventListener("close", () => resolve(answer));
    open(dialog);
    no.focus();
  });
}
