/* The catalogue: facets, text search with snippets, and a shareable URL state.
 * facets.json is loaded at once; of the index, only the shards of the query's words
 * (index/<first letters>.json); of the records' texts, only those of the first
 * results shown (text/<position>.json), for their snippets. */
(function () {
  "use strict";
  var form = document.getElementById("crm-catalog");
  if (!form || !window.fetch) return;
  // The facets are the page's fieldsets (hooks/crm/search/facets.py lists them).
  var FACETS = Array.prototype.map.call(form.querySelectorAll("fieldset[data-facet]"), function (fieldset) {
    return fieldset.getAttribute("data-facet");
  });
  var browse = document.getElementById("crm-browse");
  var status = document.getElementById("crm-status");
  var list = document.getElementById("crm-results");
  var messages = JSON.parse(form.getAttribute("data-messages"));
  var lang = document.documentElement.lang || "es";
  var records = [];
  var labels = {};
  var rule = null;  // the text rules (rules.yml), from facets.json
  var available = null;  // names of the index shards that exist
  var shards = {};  // name -> loaded shard
  var loading = {};  // name -> promise of it
  var failed = false;
  var SNIPPETS = 20;  // results that get a snippet; the rest show title and details only
  var SNIPPET_WORDS = 28;
  var texts = {};  // position -> promise of the record's snippet texts

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

  function neededShards(query) {
    return window.crmSearch.shardsFor(query, rule).filter(function (name) { return available.has(name) && !shards[name]; });
  }

  function loadShards(query) {
    return Promise.all(neededShards(query).map(function (name) {
      if (!loading[name]) {
        loading[name] = fetch("index/" + name + ".json")
          .then(function (response) { if (!response.ok) throw new Error(response.status); return response.json(); })
          .then(function (shard) { shards[name] = shard; });
      }
      return loading[name];
    }));
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

  function textsOf(position) {
    if (!texts[position]) {
      texts[position] = fetch("text/" + position + ".json")
        .then(function (response) { return response.ok ? response.json() : []; })
        .catch(function () { return []; });
    }
    return texts[position];
  }

  /* The passage of SNIPPET_WORDS words holding most words the record matched (by
   * their stem, as the index knows them), earliest first: the summary before the
   * body. Matched words are wrapped in <mark>. Built as DOM nodes, never as HTML.
   * sources: [[text, language]], from text/<position>.json. */
  function snippet(sources, terms) {
    var best = null;
    sources.forEach(function (source) {
      var text = source[0];
      var words = text.split(/\s+/).filter(Boolean);
      // A word is matched when each of its parts is (H-2B: "h" and "2b"; not H-2A).
      var hits = words.map(function (word) {
        var parts = word.split(window.crmSearch.SEPARATOR).map(window.crmSearch.normalizeWord).filter(function (part) {
          return part && rule.stop_words.indexOf(part) === -1;
        });
        return parts.length > 0 && parts.every(function (part) { return terms.has(window.crmSearch.stemWord(part, rule)); });
      });
      for (var start = 0; start < Math.max(1, words.length - SNIPPET_WORDS + 1); start++) {
        var count = hits.slice(start, start + SNIPPET_WORDS).filter(Boolean).length;
        if (!best || count > best.count) best = { words: words, hits: hits, start: start, count: count, lang: source[1] };
      }
    });
    if (!best) return null;
    var p = document.createElement("p");
    p.className = "crm-snippet";
    if (best.lang !== lang) p.lang = best.lang;  // Spanish text where English falls back
    var end = Math.min(best.words.length, best.start + SNIPPET_WORDS);
    if (best.start > 0) p.appendChild(document.createTextNode("… "));
    for (var i = best.start; i < end; i++) {
      if (i > best.start) p.appendChild(document.createTextNode(" "));
      if (!best.hits[i]) { p.appendChild(document.createTextNode(best.words[i])); continue; }
      var parts = best.words[i].match(/^([^\p{L}\p{N}]*)(.*?)([^\p{L}\p{N}]*)$/u);  // punctuation stays outside
      var mark = document.createElement("mark");
      mark.textContent = parts[2];
      p.appendChild(document.createTextNode(parts[1]));
      p.appendChild(mark);
      p.appendChild(document.createTextNode(parts[3]));
    }
    if (end < best.words.length) p.appendChild(document.createTextNode(" …"));
    return p;
  }

  function render(state) {
    var ranked = records;
    var found = null;
    if (state.q && !failed) {
      found = window.crmSearch.search(state.q, rule, shards);
      ranked = found.positions.map(function (position) { return records[position]; });
    }
    var partial = found && !found.complete && found.positions.length > 0;
    var base = ranked.filter(function (r) { return inYears(r, state); });
    var shown = base.filter(function (r) { return matchesFacets(r, state, null); });
    if (state.sort === "title") {
      shown = shown.slice().sort(function (a, b) { return a.title.localeCompare(b.title, lang); });
    } else if (state.sort === "newest" || !found) {
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
    shown.forEach(function (r, position) {
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
      if (found && position < SNIPPETS) {
        var terms = found.terms.get(r.position);
        textsOf(r.position).then(function (sources) {
          var passage = snippet(sources, terms);
          if (passage && item.parentNode === list) item.appendChild(passage);
        });
      }
    });
    status.textContent = shown.length === 0 ? messages.results_none
      : shown.length === 1 ? messages.results_one
      : messages.results_count.replace("{count}", shown.length);
    if (partial && shown.length) {
      // Said in the live status itself, so that screen readers announce it too.
      var notice = document.createElement("strong");
      notice.id = "crm-partial";
      notice.className = "crm-partial";
      notice.textContent = messages.results_partial;
      status.appendChild(document.createTextNode(" "));
      status.appendChild(notice);
    }
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
    show(state);
  }

  /* Render now, or once the shards of the query's words have come. */
  function show(state) {
    if (!state.q || failed || !neededShards(state.q).length) return render(state);
    status.textContent = messages.search_loading;
    var current = function () { return form.elements.q.value.trim() === state.q; };
    loadShards(state.q).then(function () {
      if (current()) render(state);
    }, function () {
      failed = true;  // filters keep working, without text search, and the status says so
      if (current()) render(state);
      status.textContent = messages.search_failed;
    });
  }

  function restore() {
    var state = readState();
    writeForm(state);
    // Filters start open on wide screens, or wherever some are in use.
    var active = FACETS.some(function (name) { return state[name].length; }) || state.from || state.to;
    if (active || window.matchMedia("(min-width: 60em)").matches) form.querySelector(".crm-filters").open = true;
    show(state);
  }

  fetch("facets.json")
    .then(function (response) { return response.json(); })
    .then(function (data) {
      var columns = data.columns;
      records = columns.id.map(function (id, i) {
        var record = { url: "../" + id + "/", position: i };  // the catalogue sits one folder below each language root
        Object.keys(columns).forEach(function (name) { record[name] = columns[name][i]; });
        record.year = record.date ? +record.date.slice(0, 4) : null;
        return record;
      });
      labels = data.labels;
      rule = data.rules;
      available = new Set(data.shards);
      form.hidden = false;
      browse.hidden = true;  // the results list every record: the listings' links are for readers without JavaScript
      form.addEventListener("submit", function (event) { event.preventDefault(); update(true); });
      form.addEventListener("change", function (event) { if (event.target.name !== "q") update(true); });
      form.addEventListener("reset", function () { setTimeout(function () { update(true); }, 0); });
      window.addEventListener("popstate", restore);
      restore();
    });
})();
