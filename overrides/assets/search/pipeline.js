/* The text pipeline of hooks/crm/search/pipeline.py, line for line, for lunr.js.
 * Rules (stop words, suffixes) come inside each language's index file, so the
 * browser analyses queries exactly as the build analysed the records. */
(function (global) {
  "use strict";
  var SEPARATOR = /[\s\-]+/;
  var EDGES = /^[^\p{L}\p{N}]+|[^\p{L}\p{N}]+$/gu;
  var DIGIT = /[0-9]/;

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

  /* pipeline.py query_groups: one group of clauses per word that counts; the word
   * exactly, then (letters only) one typo forgiven by edit distance on its stem or,
   * past its first letters, by prefix. */
  function queryGroups(lunr, query, rule) {
    var groups = [];
    query.toLowerCase().split(SEPARATOR).forEach(function (word) {
      var normalized = normalizeWord(word);
      if (!normalized || rule.stop_words.indexOf(normalized) !== -1) return;
      var group = [{ term: word, boost: rule.query.exact_boost, usePipeline: true }];
      if (normalized.length >= rule.query.typo_min_length && !DIGIT.test(normalized)) {
        group.push({ term: stemWord(normalized, rule), boost: 1, usePipeline: false, editDistance: 1 });
        if (normalized.length > rule.query.prefix_length) {
          group.push({ term: normalized.slice(0, rule.query.prefix_length), boost: 1, usePipeline: false, wildcard: lunr.Query.wildcard.TRAILING });
        }
      }
      groups.push(group);
    });
    return groups;
  }

  /* Load a serialised index file ({rules, index}) and return index.py search(), step
   * for step: one lunr query per word, scores summed and rounded to 1e-6; the records
   * matching every word, or else those matching the most (complete: false); ties to
   * the earlier record. terms: the index terms each record matched (for snippets). */
  function load(lunr, lang, data) {
    register(lunr, lang, data.rules);
    var index = lunr.Index.load(data.index);
    return function search(query) {
      var groups = queryGroups(lunr, query, data.rules);
      var score = new Map(), count = new Map(), terms = {};
      groups.forEach(function (group) {
        index.query(function (q) {
          group.forEach(function (clause) { q.term(clause.term, clause); });
        }).forEach(function (result) {
          var ref = result.ref;
          score.set(ref, (score.get(ref) || 0) + result.score);
          count.set(ref, (count.get(ref) || 0) + 1);
          terms[ref] = (terms[ref] || []).concat(Object.keys(result.matchData.metadata));
        });
      });
      if (!count.size) return { refs: [], complete: true, terms: terms };
      var best = Math.max.apply(null, Array.from(count.values()));
      var rounded = function (ref) { return Math.floor(score.get(ref) * 1e6 + 0.5); };
      var refs = Array.from(score.keys()).filter(function (ref) { return count.get(ref) === best; });
      refs.sort(function (a, b) { return rounded(b) - rounded(a) || +a.slice(1) - +b.slice(1); });
      return { refs: refs, complete: best === groups.length, terms: terms };
    };
  }

  var api = { load: load, normalizeWord: normalizeWord, stemWord: stemWord, SEPARATOR: SEPARATOR };
  if (typeof module !== "undefined" && module.exports) module.exports = api;
  else global.crmSearch = api;
})(this);
