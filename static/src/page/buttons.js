// The page's toolbar of Button Builder buttons (pagebuilder/templates/pagebuilder/_buttons.html).
//
// A button passes the selected rows of the page's data grids to the page's own API
// (`_api/button/<uuid>`, with the page token) and is disabled while their number is outside
// its data-min..data-max. The answer names the page to open (with ?rows=<ids>) or carries the
// function's result, shown in the toolbar's status.

export function installButtons(boot, runtime) {
  const bar = document.querySelector("[data-pb-buttons]");
  if (!bar) return;
  const status = bar.querySelector("[data-pb-button-result]");
  const grids = Object.entries(boot.components || {})
    .filter(([, c]) => c.type === "data_grid")
    .map(([id]) => id);
  const selected = () => grids.flatMap((id) => {
    const handle = runtime.ctx.$(id);
    return handle && handle.getSelectedRows ? handle.getSelectedRows() : [];
  });
  const buttons = () => [...bar.querySelectorAll("button[data-pb-button]")];

  const gate = () => {
    const count = selected().length;
    for (const button of buttons()) {
      if (button.dataset.busy) continue;
      const min = Number(button.dataset.min || 0);
      const max = button.dataset.max === "" ? Infinity : Number(button.dataset.max);
      button.disabled = count < min || count > max;
    }
  };
  const later = () => setTimeout(gate, 0);
  for (const kind of ["change", "click", "keyup"]) document.addEventListener(kind, later, true);

  bar.addEventListener("click", async (event) => {
    const button = event.target.closest("button[data-pb-button]");
    if (!button || button.disabled) return;
    button.dataset.busy = "1";
    button.disabled = true;
    button.setAttribute("aria-busy", "true");
    try {
      const data = await runtime.call(`/button/${encodeURIComponent(button.dataset.pbButton)}`, { rows: selected() });
      if (data && data.open) {
        window.location.assign(data.open);
        return;
      }
      const result = data ? data.result : null;
      status.classList.remove("pb-error");
      status.textContent = `${button.textContent.trim()}: ${typeof result === "string" ? result : JSON.stringify(result)}`;
    } catch (error) {
      status.classList.add("pb-error");
      status.textContent = error.message;
    } finally {
      delete button.dataset.busy;
      button.removeAttribute("aria-busy");
      gate();
    }
  });
  gate();
}
