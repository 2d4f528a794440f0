// The query editor: YASGUI on this server's /sparql, the named queries as example tabs.
// Its class and property autocompleters ask a service on the internet, so only the local ones stay on.
(function () {
  "use strict";
  var cfg = JSON.parse(document.getElementById("editor-config").textContent);
  Yasgui.Yasqe.defaults.autocompleters = ["prefixes", "variables"];
  Yasgui.defaults.requestConfig.endpoint = cfg.endpoint;
  var yasgui = new Yasgui(document.getElementById("yasgui"), {
    requestConfig: { endpoint: cfg.endpoint, method: "POST" },
    copyEndpointOnNewTab: true,
    persistenceId: null,
    endpointCatalogueOptions: { getData: function () { return [{ endpoint: cfg.endpoint }]; } },
    yasqe: { value: cfg.start }
  });
  cfg.examples.forEach(function (ex) {
    yasgui.addTab(false, { name: ex.name, yasqe: { value: ex.query }, requestConfig: { endpoint: cfg.endpoint } });
  });
  window.qmkgYasgui = yasgui;
})();
