/* The text pipeline and search of hooks/crm/search/pipeline.py and index.py, line
 * for line. Rules (stop words, suffixes, query settings) come in facets.json, so the
 * browser analyses queries exactly as the build analysed the records; the index
 * comes in shards (index/<first letters>.json) holding integer scores, which this
 * file only adds and compares. */
(function (global) {
  "use strict";
  var SEPARATOR = /[\s\-]+/;
  var EDGES = /^[^\p{L}\p{N}]+|[^\p{L}\p{N}]+$/gu;
  var DIGIT = /[0-9]/;
  var SHARD_LETTERS = 2;
  var PLAIN = /^[a-z0-9]$/;

  function normalizeWord(word) {
    var folded = word.toLowerCase().normalize("NFD").replace(/\p{Mn}/gu, "");
    return folded.normalize("NFC").replace(EDGES, "");
  }

  function stemWord(word, rule) {
    for (var i = 0; i < rule.suffixes.length; i++) {
      var suffix = rule.suffixes[i];
      if (word.endsWith(suffix) && word.length - suffix.length >= rule.min_stem) {
        return word.slice(0, -suffix.length) + (rule.replacements[suffix] || "");
      }
    }
    return word;
  }

  function analyse(text, rule) {
    var terms = [];
    text.toLowerCase().split(SEPARATOR).forEach(function (word) {
      var normalized = normalizeWord(word);
      if (normalized && rule.stop_words.indexOf(normalized) === -1) terms.push(stemWord(normalized, rule));
    });
    return terms;
  }

  function queryGroups(query, rule) {
    var groups = [];
    query.toLowerCase().split(SEPARATOR).forEach(function (word) {
      var terms = analyse(word, rule);
      if (!terms.length) return;
      var normalized = normalizeWord(word);
      var typos = normalized.length >= rule.query.typo_min_length && !DIGIT.test(normalized);
      var prefix = typos && normalized.length > rule.query.prefix_length ? normalized.slice(0, rule.query.prefix_length) : null;
      groups.push({ stem: terms[0], typos: typos, prefix: prefix });
    });
    return groups;
  }

  function editDistanceAtMostOne(a, b) {
    if (a === b) return true;
    if (Math.abs(a.length - b.length) > 1) return false;
    var start = 0;
    while (start < Math.min(a.length, b.length) && a[start] === b[start]) start++;
    if (a.length === b.length) {
      return a.slice(start + 1) === b.slice(start + 1) ||
        (a.slice(start + 2) === b.slice(start + 2) && a.slice(start, start + 2) === b.slice(start, start + 2).split("").reverse().join(""));
    }
    var longer = a.length > b.length ? a : b, shorter = a.length > b.length ? b : a;
    return longer.slice(start + 1) === shorter.slice(start);
  }

  function shardName(term) {
    return Array.from(term).slice(0, SHARD_LETTERS).map(function (char) {
      return PLAIN.test(char) ? char : "_" + char.codePointAt(0).toString(16);
    }).join("");
  }

  function shardsFor(query, rule) {
    var names = [];
    queryGroups(query, rule).forEach(function (group) {
      var name = shardName(group.stem);
      if (names.indexOf(name) === -1) names.push(name);
    });
    return names;
  }

  /* index.py search(): positions best first, complete (every word matched) and the
   * terms each position matched; shards: {name: {term: postings}}. */
  function search(query, rule, shards) {
    var boost = rule.query.exact_boost;
    var score = new Map(), count = new Map(), terms = new Map();
    var groups = queryGroups(query, rule);
    groups.forEach(function (group) {
      var best = new Map();
      var shard = shards[shardName(group.stem)] || {};
      Object.keys(shard).sort().forEach(function (term) {
        var exact = term === group.stem;
        if (!(exact || (group.typos && editDistanceAtMostOne(term, group.stem)) ||
              (group.prefix && term.startsWith(group.prefix)))) return;
        var postings = shard[term], position = 0;
        for (var i = 0; i < postings.length; i += 2) {
          position += postings[i];
          var value = postings[i + 1] * (exact ? boost : 1);
          best.set(position, Math.max(best.get(position) || 0, value));
          if (!terms.has(position)) terms.set(position, new Set());
          terms.get(position).add(term);
        }
      });
      best.forEach(function (value, position) {
        score.set(position, (score.get(position) || 0) + value);
        count.set(position, (count.get(position) || 0) + 1);
      });
    });
    if (!count.size) return { positions: [], complete: true, terms: new Map() };
    var most = Math.max.apply(null, Array.from(count.values()));
    var positions = Array.from(count.keys()).filter(function (p) { return count.get(p) === most; });
    positions.sort(function (a, b) { return score.get(b) - score.get(a) || a - b; });
    return { positions: positions, complete: most === groups.length, terms: terms };
  }

  var api = {
    SEPARATOR: SEPARATOR, normalizeWord: normalizeWord, stemWord: stemWord, analyse: analyse,
    shardsFor: shardsFor, search: search,
  };
  if (typeof module !== "undefined" && module.exports) module.exports = api;
  else global.crmSearch = api;
})(this);
