// Runs the shipped lunr.js and pipeline.js under Node on a shipped index file.
// Usage: node search.js <site_dir> <lang> <input.json>; input: {queries: [...], words: [...]}
// Prints {results: {query: {refs, complete}}, words: {word: [normalized, stem]}}.
const fs = require("fs");
const path = require("path");
const [site, lang, input] = process.argv.slice(2);
const lunr = require(path.join(site, "assets/search/lunr.js"));
const crmSearch = require(path.join(site, "assets/search/pipeline.js"));
const prefix = lang === "es" ? "" : lang;
const data = JSON.parse(fs.readFileSync(path.join(site, prefix, "catalog/search-index.json"), "utf8"));
const { queries, words } = JSON.parse(fs.readFileSync(input, "utf8"));
const search = crmSearch.load(lunr, lang, data);
const results = {};
for (const query of queries) {
  const { refs, complete } = search(query);
  results[query] = { refs, complete };
}
const analysed = {};
for (const word of words) {
  const normalized = crmSearch.normalizeWord(word);
  analysed[word] = [normalized, crmSearch.stemWord(normalized, data.rules)];
}
process.stdout.write(JSON.stringify({ results, words: analysed }));
