// Runs the shipped pipeline.js under Node on a built site's shipped search files.
// Usage: node search.js <site_dir> <lang> <input.json>; input: {queries: [...], words: [...]}
// Prints {results: {query: {positions, complete}}, words: {word: [normalized, stem]}}.
const fs = require("fs");
const path = require("path");
const [site, lang, input] = process.argv.slice(2);
const crmSearch = require(path.join(site, "assets/search/pipeline.js"));
const folder = path.join(site, lang === "es" ? "" : lang, "catalog");
const facets = JSON.parse(fs.readFileSync(path.join(folder, "facets.json"), "utf8"));
const { queries, words } = JSON.parse(fs.readFileSync(input, "utf8"));
const shards = {};
const results = {};
for (const query of queries) {
  // As catalog.js does: fetch the shards the query needs, when they exist.
  for (const name of crmSearch.shardsFor(query, facets.rules)) {
    if (facets.shards.includes(name) && !shards[name]) {
      shards[name] = JSON.parse(fs.readFileSync(path.join(folder, "index", name + ".json"), "utf8"));
    }
  }
  const { positions, complete } = crmSearch.search(query, facets.rules, shards);
  results[query] = { positions, complete };
}
const analysed = {};
for (const word of words) {
  const normalized = crmSearch.normalizeWord(word);
  analysed[word] = [normalized, crmSearch.stemWord(normalized, facets.rules)];
}
process.stdout.write(JSON.stringify({ results, words: analysed }));
