// The JSON API as the IDE uses it: same-origin fetch with the session cookie, the CSRF
// header on writes, and the server's error ({"error": {code, message, details}}) kept whole.

function csrfToken() {
  const meta = document.querySelector('meta[name="csrf-token"]');
  return meta ? meta.content : "";
}

export class ApiError extends Error {
  constructor(status, body, text) {
    const error = (body && body.error) || {};
    super(error.message || text || `HTTP ${status}`);
    this.status = status;
    this.code = error.code || "";
    this.details = Array.isArray(error.details) ? error.details : [];
  }

  /** The message, then each field the server named ("code: 1:5 unexpected token"). */
  describe() {
    const fields = this.details
      .filter((d) => d && (d.path || d.message))
      .map((d) => (d.path ? `${d.path}: ${d.message}` : d.message));
    const extra = fields.filter((f) => !this.message.includes(f)).slice(0, 3);
    return extra.length ? `${this.message} (${extra.join("; ")})` : this.message;
  }
}

/** A message for any failure: an ApiError's own words, or the browser's. */
export function describeError(err) {
  if (err instanceof ApiError) return err.describe();
  return (err && err.message) || String(err);
}

/** Path segments joined and escaped: seg("apps", name, "pages") -> "/apps/x/pages". */
export function seg(...parts) {
  return parts.map((p) => "/" + encodeURIComponent(String(p))).join("");
}

export function createApi(root) {
  async function request(method, path, body, query) {
    const headers = { Accept: "application/json" };
    if (body !== undefined) headers["Content-Type"] = "application/json";
    if (method !== "GET") headers["X-CSRF-Token"] = csrfToken();
    let url = root + path;
    if (query) {
      const params = new URLSearchParams();
      for (const [k, v] of Object.entries(query)) if (v != null && v !== "") params.set(k, v);
      const qs = params.toString();
      if (qs) url += "?" + qs;
    }
    const res = await fetch(url, {
      method,
      headers,
      credentials: "same-origin",
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    if (res.status === 204) return null;
    const text = await res.text();
    let data = null;
    try {
      data = text ? JSON.parse(text) : null;
    } catch {
      data = null;
    }
    if (!res.ok) throw new ApiError(res.status, data, res.statusText);
    return data;
  }
  return {
    root,
    get: (path, query) => request("GET", path, undefined, query),
    post: (path, body = {}) => request("POST", path, body),
    patch: (path, body) => request("PATCH", path, body),
    put: (path, body) => request("PUT", path, body),
    del: (path) => request("DELETE", path),
  };
}
