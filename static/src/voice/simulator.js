// The call simulator panel: a live call over the editor's WebSocket (keys as you press
// them, the transcript as it happens) or a scripted run through the REST simulator.
import { describeError } from "../ide/api.js";
import { addEvent, addKey, addNote, addProblems, clear } from "./transcript.js";

const KEYS = "0123456789*#";

export function createSimulator({ root, boot, api, documentText }) {
  const $ = (id) => root.querySelector(`#${id}`);
  const list = $("va-transcript");
  const callButton = $("va-call");
  const hangupButton = $("va-hangup");
  const state = $("va-call-state");
  const keys = [...root.querySelectorAll(".va-key")];
  let socket = null;

  function fields() {
    return {
      from: $("va-from").value.trim(),
      to: $("va-to").value.trim(),
      tz: $("va-tz").value.trim() || "UTC",
      dial_result: $("va-dial").value,
    };
  }

  function setLive(live, label) {
    callButton.disabled = live;
    hangupButton.disabled = !live;
    for (const key of keys) key.disabled = !live;
    state.textContent = label;
    root.classList.toggle("va-live", live);
  }

  function receive(message) {
    switch (message.type) {
      case "started": setLive(true, "In call"); root.focus(); break;
      case "event": addEvent(list, message.event); break;
      case "key": addKey(list, message.key, message.t); break;
      case "problems":
        addNote(list, "The document has errors: fix them to call.", "error");
        addProblems(list, message.problems);
        break;
      case "error": addNote(list, message.message, "error"); break;
      case "ended": setLive(false, message.reason === "hangup" ? "Call ended" : `Call ended (${message.reason})`); break;
      default: break;
    }
  }

  function call() {
    if (socket) return;
    clear(list);
    if (documentText() !== boot.saved) {
      // The server's rule (telephony/live.py): only the app's saved document may call webhooks.
      addNote(list, "Unsaved changes: this call makes no webhook requests. Save to use the app's webhook hosts.");
    }
    const scheme = location.protocol === "https:" ? "wss:" : "ws:";
    socket = new WebSocket(`${scheme}//${location.host}${boot.live_url}`);
    state.textContent = "Calling…";
    callButton.disabled = true;
    socket.addEventListener("open", () => {
      socket.send(JSON.stringify({ type: "call", document: documentText(), ...fields() }));
    });
    socket.addEventListener("message", (event) => {
      try {
        receive(JSON.parse(event.data));
      } catch {
        /* not ours */
      }
    });
    socket.addEventListener("close", (event) => {
      if (!list.querySelector('[data-event="hangup"], .va-ev-error') && event.code !== 1000) {
        addNote(list, "The call could not be placed (signed out, or too many calls).", "error");
      }
      socket = null;
      setLive(false, state.textContent === "In call" ? "Disconnected" : state.textContent.replace("Calling…", "Idle"));
    });
  }

  function send(message) {
    if (socket && socket.readyState === WebSocket.OPEN) socket.send(JSON.stringify(message));
  }

  function press(key) {
    if (!KEYS.includes(key) || hangupButton.disabled) return;
    const button = keys.find((b) => b.dataset.key === key);
    if (button) {
      button.classList.add("va-pressed");
      setTimeout(() => button.classList.remove("va-pressed"), 150);
    }
    send({ type: "key", key });
  }

  async function runScripted() {
    clear(list);
    state.textContent = "Running…";
    try {
      const result = await api.post(boot.simulate_url, {
        document: documentText(), digits: $("va-digits").value.trim(), ...fields(),
      });
      if (result.events.length === 0 && result.problems.length) {
        addNote(list, "The document has errors: fix them to run it.", "error");
      }
      addProblems(list, result.problems.filter((p) => !result.events.length || p.severity === "warning"));
      for (const event of result.events) addEvent(list, event);
      state.textContent = "Scripted run done";
    } catch (err) {
      addNote(list, describeError(err), "error");
      state.textContent = "Idle";
    }
  }

  callButton.addEventListener("click", call);
  hangupButton.addEventListener("click", () => send({ type: "hangup" }));
  for (const button of keys) button.addEventListener("click", () => press(button.dataset.key));
  $("va-run").addEventListener("click", runScripted);
  // Typed keys count while the panel has focus (not while typing in its fields).
  root.addEventListener("keydown", (event) => {
    if (event.ctrlKey || event.metaKey || event.altKey) return;
    if (event.target.closest("input, select, textarea")) return;
    if (KEYS.includes(event.key) && !hangupButton.disabled) {
      event.preventDefault();
      press(event.key);
    }
  });
  window.addEventListener("pagehide", () => socket && socket.close());
}
