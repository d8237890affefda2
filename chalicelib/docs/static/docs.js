// The docs page: Swagger UI on this API's OpenAPI document, its calls sent to the API that served the page.
(function () {
  "use strict";
  // This script is at <api>/docs/docs.js: <api> is where the document and every route are (a stage prefix included).
  var api = new URL("..", document.currentScript.src).href.replace(/\/$/, "");
  var cartField = document.getElementById("x-cart-id");

  // The cart routes and the logins declare X-Cart-Id, so Swagger UI has a field for it on each of them; this box
  // carries the id from call to call instead, and a value typed into an operation's own field wins for that call.
  function withCart(request) {
    var id = cartField.value.trim();
    if (id && !request.headers["X-Cart-Id"]) {
      request.headers["X-Cart-Id"] = id;
    }
    return request;
  }

  function keepCart(response) {
    var id = response.headers && response.headers["x-cart-id"];
    if (id) {
      cartField.value = id;
    }
    return response;
  }

  fetch(api + "/openapi.json")
    .then(function (answer) { return answer.json(); })
    .then(function (spec) {
      spec.servers = [{ url: api, description: "this API" }];
      window.ui = SwaggerUIBundle({
        spec: spec,
        dom_id: "#swagger-ui",
        layout: "BaseLayout",
        presets: [SwaggerUIBundle.presets.apis],
        deepLinking: true,
        // The token stays in this page's memory: persisted, it would outlive the tab in localStorage, where any
        // script on the API's origin and the next person at a shared machine could read it.
        persistAuthorization: false,
        validatorUrl: null,
        requestInterceptor: withCart,
        responseInterceptor: keepCart,
      });
    });
})();
