// The browsable API reference at /api/v1/docs (Swagger UI from npm).
import SwaggerUIBundle from "swagger-ui-dist/swagger-ui-bundle.js";

document.addEventListener("DOMContentLoaded", () => {
  const root = document.getElementById("swagger");
  const csrf = document.querySelector('meta[name="csrf-token"]');
  SwaggerUIBundle({
    url: root.dataset.specUrl,
    dom_id: "#swagger",
    deepLinking: true,
    // Calls made from this page ride the session cookie, so they need the CSRF token.
    requestInterceptor: (req) => {
      if (csrf && csrf.content) req.headers["X-CSRF-Token"] = csrf.content;
      return req;
    },
  });
});
