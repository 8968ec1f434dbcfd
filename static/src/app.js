// The UI shell's behaviour: htmx, plus the few things every page needs.
import htmx from "htmx.org";
import "./buttons.js";

window.htmx = htmx;

function csrfToken() {
  const meta = document.querySelector('meta[name="csrf-token"]');
  return meta ? meta.content : "";
}

// Every htmx request carries the session's CSRF token (forms also post it as a field).
document.addEventListener("htmx:config:request", (event) => {
  const token = csrfToken();
  if (token) event.detail.ctx.request.headers["X-CSRF-Token"] = token;
});

document.addEventListener("click", (event) => {
  // Confirm destructive buttons: <button data-confirm="Delete this user?">
  const button = event.target.closest("[data-confirm]");
  if (button && !window.confirm(button.dataset.confirm)) {
    event.preventDefault();
    event.stopImmediatePropagation();
  }
  // Copy-to-clipboard buttons: <button data-copy="#secret">
  const copy = event.target.closest("[data-copy]");
  if (copy) {
    const source = document.querySelector(copy.dataset.copy);
    if (source && navigator.clipboard) {
      navigator.clipboard.writeText(source.textContent.trim()).then(() => {
        copy.textContent = "Copied";
      });
    }
  }
}, true);

// Navigation toggle on narrow screens.
document.addEventListener("DOMContentLoaded", () => {
  const toggle = document.querySelector("[data-nav-toggle]");
  const nav = document.getElementById("site-nav");
  if (toggle && nav) {
    toggle.addEventListener("click", () => {
      const open = nav.classList.toggle("open");
      toggle.setAttribute("aria-expanded", open ? "true" : "false");
    });
  }
  // Flash messages can be dismissed with their close button or Escape.
  document.querySelectorAll(".flash button").forEach((b) =>
    b.addEventListener("click", () => b.parentElement.remove()));
});
