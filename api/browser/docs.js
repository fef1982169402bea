// Starts Swagger UI at /docs on this server's OpenAPI document. The token is kept in memory
// only (persistAuthorization off: nothing is kept on disk); a token the graph browser holds for
// this tab (sessionStorage, from /login#token=...) is offered to Swagger UI, so that a user who
// logged in there is authorised here too. No validator, no request to another host.
(function () {
  "use strict";
  var ui = SwaggerUIBundle({
    url: "/openapi.json",
    dom_id: "#swagger-ui",
    layout: "BaseLayout",
    deepLinking: true,
    showExtensions: true,
    showCommonExtensions: true,
    persistAuthorization: false,
    validatorUrl: null,
    presets: [SwaggerUIBundle.presets.apis, SwaggerUIBundle.SwaggerUIStandalonePreset],
    onComplete: function () {
      var token = sessionStorage.getItem("qn-token");
      if (token) {
        ui.preauthorizeApiKey("bearer", token);
      }
    }
  });
  window.ui = ui;
})();
