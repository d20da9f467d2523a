// Swagger UI over the gateway's OpenAPI document; "Try it out" calls this same gateway. Where the admin
// UI is mounted (serve --manifests), its API's document is offered too, in the definition menu.
const gateway = { url: "openapi.yaml", name: "Gateway API" };
const admin = { url: "/setup/openapi.json", name: "Admin API (/v1/admin)" };
fetch(admin.url)
  .then((response) => (response.ok ? [gateway, admin] : [gateway]))
  .catch(() => [gateway])
  .then((urls) => {
    window.ui = SwaggerUIBundle({
      urls: urls,
      "urls.primaryName": gateway.name,
      dom_id: "#swagger-ui",
      deepLinking: true,
      tryItOutEnabled: true,
      validatorUrl: null,
      presets: [SwaggerUIBundle.presets.apis, SwaggerUIStandalonePreset],
      layout: "StandaloneLayout",
    });
  });
