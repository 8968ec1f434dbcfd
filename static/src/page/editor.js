// The rich-text Editor: the server renders a text area with the (sanitised) HTML; here it
// becomes a contenteditable area with a small toolbar. The text area stays the value (kept
// in step with the area, hidden), so reading and submitting it is unchanged; the server
// sanitises what arrives.

import { sanitise } from "./dom.js";

const TOOLS = [
  { command: "bold", label: "Bold", text: "B", key: "b" },
  { command: "italic", label: "Italic", text: "I", key: "i" },
  { command: "underline", label: "Underline", text: "U", key: "u" },
  { command: "insertUnorderedList", label: "Bulleted list", text: "•" },
  { command: "insertOrderedList", label: "Numbered list", text: "1." },
  { command: "createLink", label: "Link", text: "Link" },
  { command: "unlink", label: "Remove link", text: "Unlink" },
];

function sync(area, source) {
  const html = area.innerHTML.trim();
  // An emptied editor leaves a <br> or an empty block behind: that is no text.
  const value = area.textContent.trim() || area.querySelector("img") ? html : "";
  if (source.value !== value) {
    source.value = value;
    source.dispatchEvent(new Event("input", { bubbles: true }));
  }
}

function updatePressed(toolbar) {
  for (const button of toolbar.querySelectorAll("[data-pb-command]")) {
    const command = button.dataset.pbCommand;
    if (!["bold", "italic", "underline", "insertUnorderedList", "insertOrderedList"].includes(command)) continue;
    let on = false;
    try {
      on = document.queryCommandState(command);
    } catch {
      on = false;
    }
    button.setAttribute("aria-pressed", on ? "true" : "false");
  }
}

export function installEditor(root) {
  const source = root.querySelector("textarea.pb-editor-source");
  if (!source || root.querySelector(".pb-editor-area")) return;
  const id = source.id;
  const disabled = source.disabled || source.readOnly;
  const toolbar = document.createElement("div");
  toolbar.className = "pb-editor-toolbar";
  toolbar.setAttribute("role", "toolbar");
  toolbar.setAttribute("aria-controls", `${id}-area`);
  for (const [index, tool] of TOOLS.entries()) {
    const button = document.createElement("button");
    button.type = "button";
    button.className = `pb-editor-tool pb-editor-${tool.command}`;
    button.dataset.pbCommand = tool.command;
    button.setAttribute("aria-label", tool.label);
    button.title = tool.key ? `${tool.label} (Ctrl+${tool.key.toUpperCase()})` : tool.label;
    button.textContent = tool.text;
    button.tabIndex = index === 0 ? 0 : -1; // one tab stop; arrows move along the toolbar
    button.disabled = disabled;
    toolbar.append(button);
  }
  const area = document.createElement("div");
  area.className = "pb-editor-area";
  area.id = `${id}-area`;
  area.contentEditable = disabled ? "false" : "true";
  area.setAttribute("role", "textbox");
  area.setAttribute("aria-multiline", "true");
  area.tabIndex = 0;
  const box = root.closest(".pb-field");
  const label = box && box.querySelector(":scope > .pb-label");
  if (label) {
    if (!label.id) label.id = `${id}-label`;
    area.setAttribute("aria-labelledby", label.id);
    label.addEventListener("click", (event) => {
      event.preventDefault();
      area.focus();
    });
  } else area.setAttribute("aria-label", "Rich text");
  for (const name of ["aria-describedby", "aria-required"]) {
    if (source.hasAttribute(name)) area.setAttribute(name, source.getAttribute(name));
  }
  if (source.placeholder) area.dataset.placeholder = source.placeholder;
  area.innerHTML = sanitise(source.value);
  source.hidden = true;
  source.tabIndex = -1;
  root.prepend(toolbar, area);

  area.addEventListener("input", () => sync(area, source));
  area.addEventListener("blur", () => {
    if (source.dataset.pbEdited) {
      delete source.dataset.pbEdited;
      source.dispatchEvent(new Event("change", { bubbles: true }));
    }
  });
  area.addEventListener("input", () => {
    source.dataset.pbEdited = "1";
  });
  area.addEventListener("keyup", () => updatePressed(toolbar));
  area.addEventListener("mouseup", () => updatePressed(toolbar));

  // Buttons keep the selection in the area (no focus move on mouse down).
  toolbar.addEventListener("mousedown", (event) => {
    if (event.target instanceof Element && event.target.closest("button")) event.preventDefault();
  });
  toolbar.addEventListener("click", (event) => {
    const button = event.target instanceof Element ? event.target.closest("[data-pb-command]") : null;
    if (!button || button.disabled) return;
    const command = button.dataset.pbCommand;
    if (document.activeElement !== area) area.focus();
    if (command === "createLink") {
      const url = window.prompt("Link address (https://…)", "https://");
      if (!url || !/^(https?:|mailto:)/i.test(url.trim())) return;
      document.execCommand("createLink", false, url.trim());
    } else document.execCommand(command, false, null);
    sync(area, source);
    source.dataset.pbEdited = "1";
    updatePressed(toolbar);
  });
  toolbar.addEventListener("keydown", (event) => {
    const buttons = [...toolbar.querySelectorAll("button:not(:disabled)")];
    let index = buttons.indexOf(document.activeElement);
    if (index < 0) return;
    if (event.key === "ArrowRight") index = (index + 1) % buttons.length;
    else if (event.key === "ArrowLeft") index = (index - 1 + buttons.length) % buttons.length;
    else if (event.key === "Home") index = 0;
    else if (event.key === "End") index = buttons.length - 1;
    else return;
    event.preventDefault();
    for (const b of buttons) b.tabIndex = -1;
    buttons[index].tabIndex = 0;
    buttons[index].focus();
  });
}

/** After the page wrote the value (setData): show it in the area. */
export function refreshEditor(root) {
  const source = root && root.querySelector("textarea.pb-editor-source");
  const area = root && root.querySelector(".pb-editor-area");
  if (source && area) area.innerHTML = sanitise(source.value);
}
