// The IVR menu builder (telephony/templates/telephony/ivr_builder.html): add and remove
// "key -> destination" rows, swap a row's target control when its destination type changes,
// and show only the prompt field (text or audio) the chosen radio uses. The page works as
// a plain form; this only saves round trips.

// The shell's CSS gives .field a display, which would win over the hidden attribute alone.
function setHidden(el, hidden) {
  el.hidden = hidden;
  el.style.display = hidden ? "none" : "";
}

function nextFreeDigit(form) {
  const used = new Set([...form.querySelectorAll("[data-ivr-digit]")].map((s) => s.value));
  const all = [..."123456789*0#"];
  return all.find((d) => !used.has(d)) || all[0];
}

function renumber(form) {
  // Labels and ids follow the row's position, so screen readers say "option 2".
  form.querySelectorAll("[data-ivr-row]").forEach((row, i) => {
    const n = i + 1;
    row.querySelectorAll("[id]").forEach((el) => {
      el.id = el.id.replace(/^opt-[^-]+-/, `opt-${n}-`);
    });
    row.querySelectorAll("label[for]").forEach((label) => {
      label.htmlFor = label.htmlFor.replace(/^opt-[^-]+-/, `opt-${n}-`);
      label.textContent = label.textContent.replace(/option \S+$/, `option ${n}`);
    });
    const remove = row.querySelector("[data-ivr-remove]");
    if (remove) remove.setAttribute("aria-label", `Remove option ${n}`);
  });
}

function addRow(form) {
  const template = document.getElementById("ivr-row-template");
  const body = form.querySelector("[data-ivr-rows]");
  if (!template || !body) return;
  const row = template.content.firstElementChild.cloneNode(true);
  body.appendChild(row);
  row.querySelector("[data-ivr-digit]").value = nextFreeDigit(form);
  renumber(form);
  row.querySelector("[data-ivr-digit]").focus();
}

function removeRow(form, button) {
  const row = button.closest("[data-ivr-row]");
  const next = row.nextElementSibling || row.previousElementSibling;
  row.remove();
  renumber(form);
  // Keep the keyboard user where they were: the next row, or the add button.
  const focus = next ? next.querySelector("[data-ivr-remove]") : form.querySelector("[data-ivr-add]");
  if (focus) focus.focus();
}

function swapTarget(select) {
  const scope = select.closest("[data-ivr-row]") || select.closest("[data-ivr-dest]");
  const cell = scope && scope.querySelector("[data-ivr-target]");
  const old = cell && cell.querySelector("[data-ivr-control]");
  const template = document.querySelector(`template[data-ivr-target-for="${select.value}"]`);
  if (!old || !template) return;
  const control = template.content.firstElementChild.cloneNode(true);
  control.name = old.name;
  control.id = old.id;
  old.replaceWith(control);
  // A link to the previously chosen sub-menu no longer matches the row.
  const open = scope.querySelector("[data-ivr-open]");
  if (open) setHidden(open, true);
}

function showPromptFields(form) {
  form.querySelectorAll("[data-ivr-for]").forEach((el) => {
    const [group, kind] = el.dataset.ivrFor.split(":");
    const checked = form.querySelector(`[data-ivr-kind="${group}"]:checked`);
    setHidden(el, !checked || checked.value !== kind);
  });
}

function setUp(form) {
  form.addEventListener("click", (event) => {
    if (event.target.closest("[data-ivr-add]")) addRow(form);
    const remove = event.target.closest("[data-ivr-remove]");
    if (remove) removeRow(form, remove);
  });
  form.addEventListener("change", (event) => {
    if (event.target.matches("[data-ivr-type]")) swapTarget(event.target);
    if (event.target.matches("[data-ivr-kind]")) showPromptFields(form);
    if (event.target.closest("[data-ivr-row] [data-ivr-control]")) {
      const open = event.target.closest("[data-ivr-row]").querySelector("[data-ivr-open]");
      if (open) setHidden(open, true);
    }
  });
  showPromptFields(form);
}

document.addEventListener("DOMContentLoaded", () => {
  document.querySelectorAll("form[data-ivr-builder]").forEach(setUp);
});
