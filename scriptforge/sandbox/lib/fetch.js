// fetch: outbound HTTP through the host (allow-listed hosts only, with timeout and size cap).
(function (host) {
  function response(raw) {
    const headers = raw.headers || {};
    return Object.freeze({
      ok: raw.status >= 200 && raw.status < 300, status: raw.status,
      statusText: raw.statusText || "", url: raw.url, redirected: false,
      headers: Object.freeze({
        get: (name) => headers[String(name).toLowerCase()] ?? null,
        has: (name) => String(name).toLowerCase() in headers,
        entries: () => Object.entries(headers),
      }),
      text: () => Promise.resolve(raw.body),
      json: () => Promise.resolve().then(() => JSON.parse(raw.body)),
    });
  }
  return function fetch(url, options = {}) {
    const init = { method: options.method || "GET", headers: options.headers || {},
      body: options.body === undefined || options.body === null ? null : String(options.body) };
    return host("fetch", [String(url), init]).then(response);
  };
})
