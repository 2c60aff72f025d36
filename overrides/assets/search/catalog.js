/* The catalogue: facets, text search and a shareable URL state.
 * facets.json is loaded at once (small); search-index.json only on the first query. */
(function () {
  "use strict";
  var form = document.getElementById("crm-catalog");
  if (!form || !window.fetch) return;
  // The facets are the form's (hooks/crm/search/catalog.py lists them).
  var FACETS = Array.prototype.map.call(form.querySelectorAll("fieldset[data-facet]"), function (set) { return set.getAttribute("data-facet"); });
  var status = document.getElementById("crm-status");
  var list = document.getElementById("crm-results");
  var messages = JSON.parse(form.getAttribute("data-messages"));
  var lang = document.documentElement.lang || "es";
  var records = [];
  var labels = {};
  var searchFn = null;
  var indexPromise = null;

  function readState() {
    var params = new URLSearchParams(location.search);
    var state = { q: params.get("q") || "", sort: params.get("sort") || "", from: params.get("from") || "", to: params.get("to") || "" };
    FACETS.forEach(function (name) { state[name] = params.getAll(name); });
    return state;
  }

  function writeForm(state) {
    form.elements.q.value = state.q;
    form.elements.sort.value = state.sort || (state.q ? "relevance" : "newest");
    form.elements.from.value = state.from;
    form.elements.to.value = state.to;
    FACETS.forEach(function (name) {
      form.querySelectorAll('input[name="' + name + '"]').forEach(function (box) {
        box.checked = state[name].indexOf(box.value) !== -1;
      });
    });
  }

  function stateFromForm() {
    var data = new FormData(form);
    var state = { q: (data.get("q") || "").trim(), sort: data.get("sort"), from: data.get("from"), to: data.get("to") };
    FACETS.forEach(function (name) { state[name] = data.getAll(name); });
    return state;
  }

  function toQueryString(state) {
    var params = new URLSearchParams();
    if (state.q) params.set("q", state.q);
    FACETS.forEach(function (name) { state[name].forEach(function (v) { params.append(name, v); }); });
    if (state.from) params.set("from", state.from);
    if (state.to) params.set("to", state.to);
    if (state.sort && state.sort !== (state.q ? "relevance" : "newest")) params.set("sort", state.sort);
    var text = params.toString();
    return text ? "?" + text : "";
  }

  function loadIndex() {
    if (!indexPromise) {
      status.textContent = messages.search_loading;
      indexPromise = fetch("search-index.json")
        .then(function (response) { if (!response.ok) throw new Error(response.status); return response.json(); })
        .then(function (data) { searchFn = window.crmSearch.load(window.lunr, lang, data); })
        .catch(function () { status.textContent = messages.search_failed; });
    }
    return indexPromise;
  }

  function inYears(record, state) {
    if (!state.from && !state.to) return true;
    if (!record.year) return false;
    return (!state.from || record.year >= +state.from) && (!state.to || record.year <= +state.to);
  }

  function matchesFacets(record, state, except) {
    return FACETS.every(function (name) {
      if (name === except || !state[name].length) return true;
      return record[name].some(function (v) { return state[name].indexOf(v) !== -1; });
    });
  }

  function render(state) {
    var ranked = records;
    if (state.q && searchFn) {
      // A ref is "r" + the record's position in facets.json.
      ranked = searchFn(state.q).map(function (ref) { return records[+ref.slice(1)]; }).filter(Boolean);
    }
    var base = ranked.filter(function (r) { return inYears(r, state); });
    var shown = base.filter(function (r) { return matchesFacets(r, state, null); });
    if (state.sort === "title") {
      shown = shown.slice().sort(function (a, b) { return a.title.localeCompare(b.title, lang); });
    } else if (state.sort === "newest" || !state.q || !searchFn) {
      shown = shown.slice().sort(function (a, b) { return b.date < a.date ? -1 : b.date > a.date ? 1 : a.title.localeCompare(b.title, lang); });
    }
    // Each value shows how many results ticking it would give (OR inside a facet).
    FACETS.forEach(function (name) {
      var others = base.filter(function (r) { return matchesFacets(r, state, name); });
      form.querySelectorAll('[data-count-for^="' + name + ':"]').forEach(function (span) {
        var value = span.getAttribute("data-count-for").slice(name.length + 1);
        var chosen = state[name].concat(state[name].indexOf(value) === -1 ? [value] : []);
        var count = others.filter(function (r) { return r[name].some(function (v) { return chosen.indexOf(v) !== -1; }); }).length;
        span.textContent = "(" + count + ")";
      });
    });
    list.textContent = "";
    shown.forEach(function (r) {
      var item = document.createElement("li");
      var link = document.createElement("a");
      link.href = r.url;
      link.textContent = r.title;
      item.appendChild(link);
      var meta = document.createElement("span");
      meta.className = "crm-meta";
      meta.textContent = [labels.collection[r.collection[0]]].concat(r.country.map(function (c) { return labels.country[c]; }), r.year ? [r.year] : []).join(" · ");
      item.appendChild(document.createElement("br"));
      item.appendChild(meta);
      list.appendChild(item);
    });
    status.textContent = shown.length === 0 ? messages.results_none
      : shown.length === 1 ? messages.results_one
      : messages.results_count.replace("{count}", shown.length);
    keepStateInLanguageLinks();
  }

  function keepStateInLanguageLinks() {
    document.querySelectorAll("a[hreflang]").forEach(function (link) {
      var url = new URL(link.href, location.href);
      url.search = location.search;
      link.href = url.href;
    });
  }

  function update(push) {
    var state = stateFromForm();
    var query = toQueryString(state);
    if (push && query !== location.search) history.pushState(null, "", location.pathname + query);
    if (state.q && !searchFn) {
      loadIndex().then(function () { render(state); });
    }
    render(state);
  }

  function restore() {
    var state = readState();
    writeForm(state);
    // Filters start open on wide screens, or wherever some are in use.
    var active = FACETS.some(function (name) { return state[name].length; }) || state.from || state.to;
    if (active || window.matchMedia("(min-width: 60em)").matches) form.querySelector(".crm-filters").open = true;
    if (state.q) loadIndex().then(function () { render(readState()); });
    render(state);
  }

  fetch("facets.json")
    .then(function (response) { return response.json(); })
    .then(function (data) {
      var columns = data.columns;
      records = columns.id.map(function (id, i) {
        var record = { url: "../" + id + "/" };  // the catalogue sits one folder below each language root
        Object.keys(columns).forEach(function (name) { record[name] = columns[name][i]; });
        record.year = record.date ? +record.date.slice(0, 4) : null;
        return record;
      });
      labels = data.labels;
      form.hidden = false;
      form.addEventListener("submit", function (event) { event.preventDefault(); update(true); });
      form.addEventListener("change", function (event) { if (event.target.name !== "q") update(true); });
      form.addEventListener("reset", function () { setTimeout(function () { update(true); }, 0); });
      window.addEventListener("popstate", restore);
      restore();
    });
})();
