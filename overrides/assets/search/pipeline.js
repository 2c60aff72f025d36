/* The text pipeline of hooks/crm/search/pipeline.py, line for line, for lunr.js.
 * Rules (stop words, suffixes) come inside each language's index file, so the
 * browser analyses queries exactly as the build analysed the records. */
(function (global) {
  "use strict";
  var SEPARATOR = /[\s\-]+/;
  var EDGES = /^[^\p{L}\p{N}]+|[^\p{L}\p{N}]+$/gu;

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

  function register(lunr, lang, rule) {
    var stopWords = new Set(rule.stop_words);
    function normalize(token) {
      var word = normalizeWord(token.toString());
      return word ? token.update(function () { return word; }) : undefined;
    }
    function dropStopWords(token) {
      return stopWords.has(token.toString()) ? undefined : token;
    }
    function stem(token) {
      return token.update(function (word) { return stemWord(word, rule); });
    }
    lunr.Pipeline.registerFunction(normalize, "crm-normalize");
    lunr.Pipeline.registerFunction(dropStopWords, "crm-stop-words-" + lang);
    lunr.Pipeline.registerFunction(stem, "crm-stem-" + lang);
  }

  /* pipeline.py query_clauses: the word exactly, then one typo forgiven by edit
   * distance on its stem or, past its first letters, by prefix. */
  function queryClauses(lunr, query, rule) {
    var clauses = [];
    query.toLowerCase().split(SEPARATOR).forEach(function (word) {
      var normalized = normalizeWord(word);
      if (!normalized) return;
      clauses.push({ term: word, boost: rule.query.exact_boost, usePipeline: true });
      if (normalized.length < rule.query.typo_min_length || rule.stop_words.indexOf(normalized) !== -1) return;
      clauses.push({ term: stemWord(normalized, rule), boost: 1, usePipeline: false, editDistance: 1 });
      if (normalized.length > rule.query.prefix_length) {
        clauses.push({ term: normalized.slice(0, rule.query.prefix_length), boost: 1, usePipeline: false, wildcard: lunr.Query.wildcard.TRAILING });
      }
    });
    return clauses;
  }

  /* Load a serialised index file ({rules, index}) and return a search function. */
  function load(lunr, lang, data) {
    register(lunr, lang, data.rules);
    var index = lunr.Index.load(data.index);
    return function search(query) {
      var clauses = queryClauses(lunr, query, data.rules);
      if (!clauses.length) return [];
      return index.query(function (q) {
        clauses.forEach(function (clause) { q.term(clause.term, clause); });
      }).map(function (result) { return result.ref; });
    };
  }

  var api = { load: load, normalizeWord: normalizeWord, stemWord: stemWord };
  if (typeof module !== "undefined" && module.exports) module.exports = api;
  else global.crmSearch = api;
})(this);
