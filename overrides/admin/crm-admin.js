// The editor at /admin/: loads Decap CMS (copied from node_modules at build time) with
// the configuration the build generated from the schemas, and adds three things of ours:
// - the "crm-yaml" format, which writes files as a developer writes them: a field that
//   was not edited keeps its lines byte for byte (comments, wrapping, quoting), and new
//   or edited fields are written in the repository's style (flow lists of codes, folded
//   long texts, quoted codes such as "3.3"), in the schema's order;
// - a check before saving: a published record needs its complete gender review;
// - a preview in both languages with the public site's own CSS and classes.
import * as YAML from './yaml/index.js';

const settings = JSON.parse(document.getElementById('crm-admin').textContent);
const strings = settings.strings;
const LANGUAGES = ['es', 'en'];

function loadScript(src) {
  return new Promise((resolve, reject) => {
    const script = document.createElement('script');
    script.src = src;
    script.onload = resolve;
    script.onerror = reject;
    document.head.append(script);
  });
}

// ---- Files as a developer writes them -------------------------------------------

// PyYAML reads YAML 1.1: "3.3" or "yes" must be quoted; dates stay plain (the loader
// keeps them as written), so the timestamp tag is left out.
const WRITE_OPTIONS = {
  version: '1.1',
  customTags: (tags) => tags.filter((tag) => tag.tag !== 'tag:yaml.org,2002:timestamp'),
};
const FOLD_AFTER = 100; // longer texts are written as folded blocks (>-), like the shipped files
const LINE_WIDTH = 120;
const LEADING = /^\s*(?:#.*)?$/; // comment or blank lines: they belong to the key below them

const sources = new Map(); // text of every file read in this session -> its data
const fieldOrder = {}; // "gender_review" -> ["reviewed_by", "date", "notes"], from the config

function canonical(value) {
  if (Array.isArray(value)) return value.map(canonical);
  if (value && typeof value === 'object') {
    return Object.fromEntries(Object.keys(value).sort().map((key) => [key, canonical(value[key])]));
  }
  return value;
}

function same(a, b) {
  return JSON.stringify(canonical(a)) === JSON.stringify(canonical(b));
}

// An emptied form field is an absent field (the schemas refuse empty values).
function clean(value) {
  if (value === null || value === undefined || value === '') return undefined;
  if (Array.isArray(value)) {
    const items = value.map(clean).filter((item) => item !== undefined);
    return items.length ? items : undefined;
  }
  if (typeof value === 'object') {
    const entries = Object.entries(value).map(([key, inner]) => [key, clean(inner)]).filter(([, inner]) => inner !== undefined);
    return entries.length ? Object.fromEntries(entries) : undefined;
  }
  return value;
}

function ordered(value, path) {
  if (Array.isArray(value)) return value.map((item) => ordered(item, path));
  if (!value || typeof value !== 'object') return value;
  const order = fieldOrder[path] || [];
  const rank = (key) => (order.includes(key) ? order.indexOf(key) : order.length);
  const keys = Object.keys(value).sort((a, b) => rank(a) - rank(b));
  return Object.fromEntries(keys.map((key) => [key, ordered(value[key], `${path}.${key}`)]));
}

function emit(key, value, path) {
  const doc = new YAML.Document({ [key]: ordered(value, path) }, WRITE_OPTIONS);
  YAML.visit(doc, {
    Seq(_, node) {
      if (node.items.every((item) => YAML.isScalar(item))) node.flow = true;
    },
    Scalar(_, node) {
      if (typeof node.value !== 'string') return;
      if (node.value.includes('\n')) node.type = 'BLOCK_LITERAL';
      else if (node.value.length > FOLD_AFTER) node.type = 'BLOCK_FOLDED';
    },
  });
  return doc.toString({ lineWidth: LINE_WIDTH, minContentWidth: 0, flowCollectionPadding: false });
}

// A block mapping's lines cut at its keys (those at ``indent`` spaces): the lines before
// the first key, and for each key the comment lines above it and its own lines.
function split(lines, indent) {
  const keyLine = new RegExp(`^ {${indent}}(?:[A-Za-z_][\\w-]*|"[^"]*"|'[^']*')\\s*:(?:\\s|$)`);
  const starts = lines.map((line, index) => (keyLine.test(line) ? index : -1)).filter((index) => index >= 0);
  const segments = new Map();
  let previousEnd = starts[0] ?? lines.length;
  starts.forEach((start, i) => {
    let end = i + 1 < starts.length ? starts[i + 1] : lines.length;
    if (i + 1 < starts.length) while (end - 1 > start && LEADING.test(lines[end - 1])) end -= 1;
    const key = lines[start].trim().match(/^("[^"]*"|'[^']*'|[^:\s]+)/)[1].replace(/^["']|["']$/g, '');
    segments.set(key, { lead: lines.slice(i === 0 ? start : previousEnd, start), body: lines.slice(start, end) });
    previousEnd = end;
  });
  return { header: lines.slice(0, starts[0] ?? lines.length), segments };
}

const isMap = (value) => value !== null && typeof value === 'object' && !Array.isArray(value);
const joined = (lines) => lines.map((line) => `${line}\n`).join('');
const child = (path, key) => (path ? `${path}.${key}` : key);

// The mapping ``now`` written over the lines that held ``old``: unchanged keys keep their
// lines, changed mappings written in block style are merged key by key the same way,
// anything else changed or new is written afresh at its place in the schema's order.
function merge(lines, indent, old, now, order, path) {
  const { header, segments } = split(lines, indent);
  const keys = [...segments.keys()].filter((key) => key in now);
  for (const key of Object.keys(now)) if (!keys.includes(key)) insertByRank(keys, key, order);
  let text = joined(header);
  for (const key of keys) {
    const segment = segments.get(key);
    if (!segment) {
      text += indented(emit(key, now[key], child(path, key)), indent);
      continue;
    }
    text += joined(segment.lead);
    const [first, ...rest] = segment.body;
    const inner = rest.find((line) => !LEADING.test(line));
    if (same(old[key], now[key])) text += joined(segment.body);
    else if (isMap(old[key]) && isMap(now[key]) && /:\s*$/.test(first) && inner) {
      const innerIndent = inner.match(/^ */)[0].length;
      text += `${first}\n${merge(rest, innerIndent, old[key], now[key], fieldOrder[child(path, key)] || [], child(path, key))}`;
    } else text += indented(emit(key, now[key], child(path, key)), indent);
  }
  return text;
}

function indented(text, indent) {
  const pad = ' '.repeat(indent);
  return text.split('\n').map((line) => (line ? pad + line : line)).join('\n');
}

// The file this data was read from: the one with the same title (it identifies a record)
// or, if the title was edited too, one that differs in at most one other field. Only
// fields whose values are equal are copied from it, so a wrong guess could change the
// layout, never the data. A new record matches no file.
function original(data) {
  let best = null;
  let fewest = Infinity;
  for (const [text, old] of sources) {
    if (!isMap(old)) continue;
    const keys = new Set([...Object.keys(old), ...Object.keys(data)]);
    const differing = [...keys].filter((key) => !same(old[key], data[key])).length;
    const close = same(old.title, data.title) || differing <= 2;
    if (close && differing < fewest) [best, fewest] = [{ text, data: old }, differing];
  }
  return best;
}

function insertByRank(keys, key, order) {
  const rank = (name) => (order.includes(name) ? order.indexOf(name) : order.length);
  let at = 0;
  keys.forEach((existing, index) => {
    if (rank(existing) <= rank(key)) at = index + 1;
  });
  keys.splice(at, 0, key);
}

const crmYaml = {
  fromFile(text) {
    const doc = YAML.parseDocument(text);
    if (doc.errors.length) throw new Error(doc.errors.map((error) => error.message).join('\n'));
    const data = doc.toJS();
    sources.set(text, data);
    // collections.yml and other definitions sit beside the records: not records.
    return data && typeof data === 'object' && !Array.isArray(data) ? data : {};
  },
  toFile(data, order = [], comments = {}) {
    const now = clean(data) || {};
    const found = original(now);
    if (found) {
      const lines = found.text.split('\n');
      if (lines[lines.length - 1] === '') lines.pop();
      return merge(lines, 0, found.data, now, order, '');
    }
    // A new file: the schema modeline (the first field's comment in the configuration), then the fields.
    const header = Object.entries(comments).filter(([key]) => !key.includes('.')).map(([, c]) => `# ${c}\n`).join('');
    return header + merge([], 0, {}, now, order, '');
  },
};

function collectOrder(fields, path, into) {
  if (!fields) return;
  const names = fields.map((field) => field.name);
  into[path] = [...(into[path] || []), ...names.filter((name) => !(into[path] || []).includes(name))];
  for (const field of fields) {
    const inner = field.fields || (field.field && field.field.fields);
    collectOrder(inner, path ? `${path}.${field.name}` : field.name, into);
  }
}

// ---- A published record needs its gender review -------------------------------------

// settings.review: the fields the schema requires in gender_review (content.REVIEW).
function checkReview({ entry }) {
  const data = clean(entry.get('data').toJS()) || {};
  if (data.status === 'published') {
    const review = data.gender_review || {};
    if (!settings.review.every((name) => name in review && (!isMap(review[name]) || review[name].es))) {
      throw new Error(`${strings.admin_needs_review.es} / ${strings.admin_needs_review.en}`);
    }
  }
  return entry.get('data');
}

// ---- Preview: the public record page, in both languages ----------------------------

function pick(value, lang) {
  if (value && typeof value === 'object' && !Array.isArray(value) && ('es' in value || 'en' in value)) {
    return value[lang] || value.es || '';
  }
  return value;
}

// "Español / English" labels: the half of the preview's language.
function half(text, lang) {
  const names = String(text).split(' / ');
  return names[lang === 'en' && names.length > 1 ? 1 : 0];
}

function show(field, value, lang) {
  if (value === undefined || value === null || value === '') return '';
  if (field.widget === 'select') {
    return [].concat(value).map((code) => half((field.options.find((option) => option.value === code) || { label: code }).label, lang)).join(', ');
  }
  if (field.widget === 'object') {
    const texts = pick(value, lang);
    if (typeof texts === 'string') return texts;
    return (field.fields || []).map((inner) => show(inner, value[inner.name], lang)).filter(Boolean).join(' – ');
  }
  if (field.widget === 'list') {
    return [].concat(value).map((item) => (field.field ? show(field.field, item, lang) : show({ widget: 'object', fields: field.fields }, item, lang))).join(', ');
  }
  return String(value);
}

const OWN_PLACES = ['title', 'summary', 'body', 'status', 'gender_review'];

function Preview({ entry, collection }) {
  const h = window.h;
  const data = clean(entry.get('data').toJS()) || {};
  const fields = collection.get('fields').toJS();
  const label = (field, lang) => (strings[`field_${field.name}`] || {})[lang] || half(field.label, lang);
  const section = (lang) => {
    const rows = fields.filter((field) => !OWN_PLACES.includes(field.name) && show(field, data[field.name], lang));
    const review = data.gender_review;
    return h('article', { className: 'md-typeset', lang, key: lang },
      h('p', { className: 'crm-meta' }, strings.admin_preview_language[lang]),
      data.status !== 'published' && h('p', { className: 'crm-draft' }, strings.draft_banner[lang]),
      h('h1', null, pick(data.title, lang) || ''),
      h('p', { className: 'crm-summary' }, pick(data.summary, lang) || ''),
      h('dl', { className: 'crm-fields' }, ...rows.flatMap((field) => [
        h('dt', { key: `${field.name}-t` }, label(field, lang)),
        h('dd', { key: `${field.name}-d` }, show(field, data[field.name], lang)),
      ])),
      data.body && h('div', { className: 'crm-body' }, ...String(pick(data.body, lang)).split(/\n\s*\n/).map((text, i) => h('p', { key: i }, text))),
      review && h('h2', null, strings.gender_review[lang]),
      review && h('p', null, pick(review.notes, lang)),
      review && h('p', { className: 'crm-meta' }, strings.reviewed_by[lang].replace('{who}', review.reviewed_by || '').replace('{date}', review.date || '')));
  };
  return h('div', { className: 'crm-preview' }, ...LANGUAGES.map(section));
}

// ---- Start ----------------------------------------------------------------------------

window.CMS_MANUAL_INIT = true;
await loadScript('decap-cms.js');
const config = YAML.parse(await (await fetch('config.yml')).text());
for (const collection of config.collections) {
  for (const file of collection.files || [collection]) collectOrder(file.fields, '', fieldOrder);
}
const CMS = window.CMS;
CMS.registerCustomFormat('crm-yaml', 'yml', crmYaml);
CMS.registerEventListener({ name: 'preSave', handler: checkReview });
for (const stylesheet of settings.stylesheets) CMS.registerPreviewStyle(stylesheet);
for (const collection of config.collections) {
  if (collection.folder && !collection.hide) CMS.registerPreviewTemplate(collection.name, Preview);
}
CMS.init({ config: { ...config, load_config_file: false } });
