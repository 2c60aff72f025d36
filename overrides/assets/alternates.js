/* Material looks up "sitemap.xml" next to every <link rel="alternate"> (with an
 * XMLHttpRequest) to map pages across languages. Our pages link each language
 * version directly, and those lookups would cost a 404 per alternate, or leave the
 * site entirely where site_url is another host (previews, the offline copy).
 * Answer them here with an empty sitemap; every other request goes through. */
(function () {
  "use strict";
  var proto = window.XMLHttpRequest && XMLHttpRequest.prototype;
  if (!proto) return;
  var open = proto.open;
  var send = proto.send;
  var EMPTY = '<?xml version="1.0" encoding="UTF-8"?><urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9"></urlset>';
  proto.open = function (method, url) {
    this.crmSitemapLookup = /\/sitemap\.xml$/.test(String(url));
    if (!this.crmSitemapLookup) return open.apply(this, arguments);
  };
  proto.send = function () {
    if (!this.crmSitemapLookup) return send.apply(this, arguments);
    var request = this;
    Object.defineProperty(request, "status", { value: 200 });
    Object.defineProperty(request, "response", { value: new Blob([EMPTY], { type: "application/xml" }) });
    setTimeout(function () { request.dispatchEvent(new Event("load")); }, 0);
  };
})();
