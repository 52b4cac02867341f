/* Swagger UI for /api/v1/docs/: a static file, so the page needs no inline script (CSP).
   The schema's address comes from the page (data-schema-url). */
"use strict";
window.addEventListener("DOMContentLoaded", function () {
  var root = document.getElementById("swagger-ui");
  window.ui = SwaggerUIBundle({
    url: root.dataset.schemaUrl,
    dom_id: "#swagger-ui",
    presets: [SwaggerUIBundle.presets.apis],
    layout: "BaseLayout",
    deepLinking: true,
    validatorUrl: null,
    supportedSubmitMethods: ["get", "head"],
  });
});
