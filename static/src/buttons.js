// Button Builder buttons in the shell (runtime/templates/runtime/_buttons.html).
//
// <button data-press="/api/v1/apps/a/buttons/<uuid>/press" data-min="1" data-max="2"
//         data-rows-from="#apps-table"> posts {"rows": [...]} — the checked rows
// (input[data-row], JSON objects) of that table — and then opens the page it names or shows
// the function's result in the nearest [data-button-result]. It is disabled while the number
// of checked rows is outside data-min..data-max.

function csrfToken() {
  const meta = document.querySelector('meta[name="csrf-token"]');
  return meta ? meta.content : "";
}

function checkedRows(selector) {
  const table = selector ? document.querySelector(selector) : null;
  if (!table) return [];
  return [...table.querySelectorAll("input[data-row]:checked")].map((box) => JSON.parse(box.dataset.row));
}

function withinRange(button, count) {
  const min = Number(button.dataset.min || 0);
  const max = button.dataset.max === "" || button.dataset.max === undefined ? Infinity : Number(button.dataset.max);
  return count >= min && count <= max;
}

export function gateButtons(root = document) {
  root.querySelectorAll("button[data-press]").forEach((button) => {
    if (button.dataset.busy) return;
    const count = checkedRows(button.dataset.rowsFrom).length;
    const ok = withinRange(button, count);
    button.disabled = !ok;
    if (!ok) {
      const max = button.dataset.max === "" ? "or more" : `to ${button.dataset.max}`;
      button.setAttribute("aria-description", `Select ${button.dataset.min} ${max} rows`);
    } else {
      button.removeAttribute("aria-description");
    }
  });
}

function resultBox(button) {
  const scope = button.closest("nav, main, section, body");
  return (scope && scope.querySelector("[data-button-result]")) || document.querySelector("[data-button-result]");
}

function show(box, text, failed) {
  if (!box) return;
  box.textContent = text;
  box.classList.toggle("error", failed);
}

async function press(button) {
  const rows = checkedRows(button.dataset.rowsFrom);
  const box = resultBox(button);
  button.dataset.busy = "1";
  button.disabled = true;
  button.setAttribute("aria-busy", "true");
  try {
    const response = await fetch(button.dataset.press, {
      method: "POST",
      credentials: "same-origin",
      headers: { "content-type": "application/json", "X-CSRF-Token": csrfToken() },
      body: JSON.stringify({ rows }),
    });
    const data = await response.json().catch(() => null);
    if (!response.ok) {
      const message = (data && data.error && data.error.message) || `The button failed (HTTP ${response.status})`;
      show(box, message, true);
      return;
    }
    if (data.open) {
      window.location.assign(data.open);
      return;
    }
    const result = data.result;
    show(box, `${button.textContent.trim()}: ${typeof result === "string" ? result : JSON.stringify(result)}`, false);
  } catch (error) {
    show(box, `The server could not be reached (${error.message})`, true);
  } finally {
    delete button.dataset.busy;
    button.removeAttribute("aria-busy");
    gateButtons();
  }
}

document.addEventListener("click", (event) => {
  const button = event.target.closest("button[data-press]");
  if (button && !button.disabled) press(button);
});
document.addEventListener("change", (event) => {
  if (event.target.matches("input[data-row]")) gateButtons();
});
document.addEventListener("DOMContentLoaded", () => gateButtons());
document.addEventListener("htmx:after:swap", () => gateButtons());
