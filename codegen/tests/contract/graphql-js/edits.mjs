#!/usr/bin/env node
// Generates single-definition edits of the real-world SDL corpus and records what
// graphql-js 16 (findBreakingChanges / findDangerousChanges) says about each one.
// Output is JSONL, consumed by the weftql-codegen `diff` differential test.
// See README.md in this folder.
//
//   node edits.mjs <corpus-dir> <out-file.jsonl> [--per-kind N] [--seed S]
//                  [--huge X] [--large Y] [--medium Z] [--aug P] [--verbose]

import fs from 'node:fs';
import path from 'node:path';
import crypto from 'node:crypto';
import {
  Kind,
  parse,
  print,
  buildSchema,
  validateSchema,
  findBreakingChanges,
  findDangerousChanges,
  version as graphqlVersion,
} from 'graphql';

// --------------------------------------------------------------------------
// command line

const USAGE =
  'usage: node edits.mjs <corpus-dir> <out-file.jsonl> [--per-kind N] [--seed S]\n' +
  '         [--huge X] [--large Y] [--medium Z] [--aug P] [--verbose]\n' +
  '  --per-kind N  edits per kind (default 200)\n' +
  '  --seed S      PRNG seed (default 1)\n' +
  '  --huge X      average edits per kind on schemas >= 500 KB, at most 3 per kind (default 0.25)\n' +
  '  --large Y     average edits per kind on schemas >= 100 KB, at most 15 per kind (default 1)\n' +
  '  --medium Z    edits per kind on schemas >= 10 KB (default 6)\n' +
  '                the rest of each kind goes to the small schemas\n' +
  '  --aug P       probability of augmenting OLD of a small schema first (default 0.6)\n' +
  '  --verbose     print rejection reasons per kind\n';

function parseArgs(argv) {
  const opt = { perKind: 200, seed: 1, huge: 0.25, large: 1, medium: 6, aug: 0.6, verbose: false };
  const pos = [];
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (!a.startsWith('--')) {
      pos.push(a);
      continue;
    }
    let [k, v] = a.slice(2).split('=', 2);
    if (k === 'verbose') {
      opt.verbose = true;
      continue;
    }
    if (k === 'help') {
      process.stdout.write(USAGE);
      process.exit(0);
    }
    if (v === undefined) v = argv[++i];
    const num = Number(v);
    if (v === undefined || !Number.isFinite(num) || num < 0) die(`bad value for --${k}: ${v}\n${USAGE}`);
    switch (k) {
      case 'per-kind': opt.perKind = Math.floor(num); break;
      case 'seed': opt.seed = Math.floor(num); break;
      case 'huge': opt.huge = num; break;
      case 'large': opt.large = num; break;
      case 'medium': opt.medium = num; break;
      case 'aug': opt.aug = Math.min(1, num); break;
      default: die(`unknown option --${k}\n${USAGE}`);
    }
  }
  if (pos.length !== 2) die(USAGE);
  [opt.corpus, opt.out] = pos;
  return opt;
}

function die(msg) {
  process.stderr.write(msg.endsWith('\n') ? msg : msg + '\n');
  process.exit(2);
}

// --------------------------------------------------------------------------
// deterministic PRNG (mulberry32)

function mulberry32(a) {
  return function () {
    a |= 0;
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function hashSeed(seed, str) {
  let h = (0x811c9dc5 ^ seed) >>> 0;
  for (let i = 0; i < str.length; i++) h = Math.imul(h ^ str.charCodeAt(i), 0x01000193) >>> 0;
  return h;
}

class Rng {
  constructor(seed) { this.f = mulberry32(seed); }
  next() { return this.f(); }
  int(n) { return Math.floor(this.f() * n); }
  range(lo, hi) { return lo + this.int(hi - lo + 1); }
  chance(p) { return this.f() < p; }
  pick(a) { return a.length ? a[this.int(a.length)] : undefined; }
  shuffle(a) {
    const c = a.slice();
    for (let i = c.length - 1; i > 0; i--) {
      const j = this.int(i + 1);
      [c[i], c[j]] = [c[j], c[i]];
    }
    return c;
  }
  sample(a, n) { return this.shuffle(a).slice(0, n); }
  weighted(items, w) {
    let total = 0;
    const ws = items.map((x) => (total += w(x)));
    const r = this.f() * total;
    return items[ws.findIndex((c) => c > r)] ?? items[items.length - 1];
  }
}

// --------------------------------------------------------------------------
// AST construction helpers (graphql-js AST nodes are plain objects)

const K = Kind;
const BUILTIN_SCALARS = ['String', 'Int', 'Float', 'Boolean', 'ID'];
const TYPE_KIND = {
  [K.OBJECT_TYPE_DEFINITION]: 'OBJECT',
  [K.INTERFACE_TYPE_DEFINITION]: 'INTERFACE',
  [K.UNION_TYPE_DEFINITION]: 'UNION',
  [K.ENUM_TYPE_DEFINITION]: 'ENUM',
  [K.INPUT_OBJECT_TYPE_DEFINITION]: 'INPUT_OBJECT',
  [K.SCALAR_TYPE_DEFINITION]: 'SCALAR',
};
const EXEC_LOCATIONS = ['QUERY', 'MUTATION', 'SUBSCRIPTION', 'FIELD', 'FRAGMENT_DEFINITION', 'FRAGMENT_SPREAD', 'INLINE_FRAGMENT', 'VARIABLE_DEFINITION'];
const TS_LOCATIONS = ['SCHEMA', 'SCALAR', 'OBJECT', 'FIELD_DEFINITION', 'ARGUMENT_DEFINITION', 'INTERFACE', 'UNION', 'ENUM', 'ENUM_VALUE', 'INPUT_OBJECT', 'INPUT_FIELD_DEFINITION'];
const BUILTIN_DIRECTIVES = new Map(
  parse(
    `directive @deprecated(reason: String = "No longer supported") on FIELD_DEFINITION | ARGUMENT_DEFINITION | INPUT_FIELD_DEFINITION | ENUM_VALUE
     directive @specifiedBy(url: String!) on SCALAR
     directive @oneOf on INPUT_OBJECT
     directive @skip(if: Boolean!) on FIELD | FRAGMENT_SPREAD | INLINE_FRAGMENT
     directive @include(if: Boolean!) on FIELD | FRAGMENT_SPREAD | INLINE_FRAGMENT`,
    { noLocation: true },
  ).definitions.map((d) => [d.name.value, d]),
);

const nameN = (v) => ({ kind: K.NAME, value: v });
const namedT = (v) => ({ kind: K.NAMED_TYPE, name: nameN(v) });
const listT = (t) => ({ kind: K.LIST_TYPE, type: t });
const nonNullT = (t) => (t.kind === K.NON_NULL_TYPE ? t : { kind: K.NON_NULL_TYPE, type: t });
const nullableT = (t) => (t.kind === K.NON_NULL_TYPE ? t.type : t);
const strV = (s, block = false) => ({ kind: K.STRING, value: s, block });
const isNN = (t) => t.kind === K.NON_NULL_TYPE;
const coreIsList = (t) => nullableT(t).kind === K.LIST_TYPE;

function namedOf(t) {
  while (t.kind !== K.NAMED_TYPE) t = t.type;
  return t.name.value;
}
function replaceNamed(t, n) {
  if (t.kind === K.NAMED_TYPE) return namedT(n);
  return { kind: t.kind, type: replaceNamed(t.type, n) };
}
function wrapPattern(n, pat) {
  const b = namedT(n);
  switch (pat) {
    case 'T': return b;
    case 'T!': return nonNullT(b);
    case '[T]': return listT(b);
    case '[T!]': return listT(nonNullT(b));
    case '[T]!': return nonNullT(listT(b));
    case '[T!]!': return nonNullT(listT(nonNullT(b)));
  }
  throw new Error(pat);
}
const typeStr = (t) => print(t);

function fieldDef(n, type, args = [], description, directives = []) {
  return { kind: K.FIELD_DEFINITION, description, name: nameN(n), arguments: args, type, directives };
}
function inputValueDef(n, type, defaultValue, description, directives = []) {
  return { kind: K.INPUT_VALUE_DEFINITION, description, name: nameN(n), type, defaultValue, directives };
}
function directiveUse(n, args = []) {
  return { kind: K.DIRECTIVE, name: nameN(n), arguments: args.map(([a, v]) => ({ kind: K.ARGUMENT, name: nameN(a), value: v })) };
}
const hasDirective = (node, n) => (node.directives || []).some((d) => d.name.value === n);
const withoutDirective = (node, n) => ({ ...node, directives: (node.directives || []).filter((d) => d.name.value !== n) });
const withDirective = (node, dir) => ({ ...node, directives: [...(node.directives || []), dir] });

// immutable update of a nested path inside an AST
function updateIn(obj, p, fn, k = 0) {
  if (k === p.length) return fn(obj);
  const key = p[k];
  const child = obj[key];
  const nc = updateIn(child, p, fn, k + 1);
  if (nc === child) return obj;
  if (Array.isArray(obj)) {
    const c = obj.slice();
    c[key] = nc;
    return c;
  }
  return { ...obj, [key]: nc };
}
const getIn = (obj, p) => p.reduce((o, k) => o[k], obj);
const addDefs = (doc, defs) => ({ ...doc, definitions: [...doc.definitions, ...defs] });
const setDef = (doc, i, def) => updateIn(doc, ['definitions', i], () => def);

function deepFreeze(o) {
  if (o && typeof o === 'object' && !Object.isFrozen(o)) {
    Object.freeze(o);
    for (const k in o) deepFreeze(o[k]);
  }
  return o;
}

// --------------------------------------------------------------------------
// words for fresh names and descriptions

const WORDS = ['alpha', 'bravo', 'cobalt', 'delta', 'ember', 'falcon', 'garnet', 'harbor', 'indigo', 'juniper', 'kestrel', 'lumen', 'meadow', 'nimbus', 'onyx', 'prism', 'quill', 'raven', 'sierra', 'topaz', 'umber', 'vertex', 'willow', 'xenon', 'yarrow', 'zephyr'];
const NOUNS = ['item', 'info', 'record', 'entry', 'detail', 'summary', 'payload', 'stat', 'token', 'label', 'badge', 'score', 'count', 'flag', 'note', 'level'];
const DIRECTIVE_NAMES = ['tag', 'cacheControl', 'auth', 'key', 'external', 'requires', 'provides', 'shareable', 'inaccessible', 'override', 'policy', 'cost', 'listSize', 'live', 'audit', 'feature', 'internal', 'rateLimit', 'complexity', 'lookup', 'sensitive', 'trace', 'experimental', 'owner', 'scope'];
const cap = (s) => s[0].toUpperCase() + s.slice(1);

function freshName(rng, taken, make) {
  for (let k = 0; ; k++) {
    const n = make() + (k > 4 ? String(k) : '');
    if (!taken(n)) return n;
  }
}
function freshTypeName(ctx, suffix = '') {
  const n = freshName(ctx.rng, (x) => ctx.idx.types.has(x) || ctx.taken.has(x) || BUILTIN_SCALARS.includes(x),
    () => cap(ctx.rng.pick(WORDS)) + cap(ctx.rng.pick(NOUNS)) + suffix);
  ctx.taken.add(n);
  return n;
}
const freshFieldName = (rng, used) => freshName(rng, (x) => used.has(x), () => rng.pick(WORDS) + cap(rng.pick(NOUNS)));
const freshEnumValue = (rng, used) => freshName(rng, (x) => used.has(x) || ['true', 'false', 'null'].includes(x),
  () => `${rng.pick(WORDS)}_${rng.pick(NOUNS)}`.toUpperCase());
function freshDirectiveName(ctx) {
  const n = freshName(ctx.rng, (x) => ctx.idx.dirs.has(x) || BUILTIN_DIRECTIVES.has(x) || ctx.taken.has('@' + x) || ['defer', 'stream'].includes(x),
    () => ctx.rng.pick(DIRECTIVE_NAMES));
  ctx.taken.add('@' + n);
  return n;
}
function randomText(rng) {
  const n = rng.range(3, 9);
  const w = [];
  for (let i = 0; i < n; i++) w.push(rng.pick(rng.chance(0.5) ? WORDS : NOUNS));
  return cap(w.join(' ')) + '.';
}
const randomDescription = (rng) => strV(randomText(rng), rng.chance(0.5));

// --------------------------------------------------------------------------
// index over a document

class Index {
  constructor(doc) {
    this.doc = doc;
    this.types = new Map();
    this.dirs = new Map();
    this.schemaIdx = -1;
    this.memo = new Map();
    doc.definitions.forEach((d, i) => {
      if (d.kind === K.SCHEMA_DEFINITION) this.schemaIdx = i;
      else if (d.kind === K.DIRECTIVE_DEFINITION) this.dirs.set(d.name.value, i);
      else if (TYPE_KIND[d.kind] && !this.types.has(d.name.value)) this.types.set(d.name.value, i);
    });
    this.roots = {};
    if (this.schemaIdx >= 0) {
      for (const ot of doc.definitions[this.schemaIdx].operationTypes) this.roots[ot.operation] = ot.type.name.value;
    } else {
      for (const [op, n] of [['query', 'Query'], ['mutation', 'Mutation'], ['subscription', 'Subscription']])
        if (this.kindOf(n) === 'OBJECT') this.roots[op] = n;
    }
    this.rootSet = new Set(Object.values(this.roots));
  }
  cached(key, f) {
    if (!this.memo.has(key)) this.memo.set(key, f());
    return this.memo.get(key);
  }
  def(n) {
    const i = this.types.get(n);
    return i === undefined ? undefined : this.doc.definitions[i];
  }
  dirDef(n) {
    const i = this.dirs.get(n);
    return i === undefined ? BUILTIN_DIRECTIVES.get(n) : this.doc.definitions[i];
  }
  kindOf(n) {
    if (BUILTIN_SCALARS.includes(n)) return 'SCALAR';
    const d = this.def(n);
    return d && TYPE_KIND[d.kind];
  }
  ofKind(k) {
    return this.cached('kind:' + k, () => [...this.types.keys()].filter((n) => this.kindOf(n) === k));
  }
  customScalars() { return this.ofKind('SCALAR'); }
  outputNames() {
    return this.cached('out', () => [...BUILTIN_SCALARS, ...[...this.types.keys()].filter((n) => this.kindOf(n) !== 'INPUT_OBJECT')]);
  }
  inputNames() {
    return this.cached('in', () => [...BUILTIN_SCALARS, ...[...this.types.keys()].filter((n) => ['SCALAR', 'ENUM', 'INPUT_OBJECT'].includes(this.kindOf(n)))]);
  }
  implementers(iface) {
    const m = this.cached('impl', () => {
      const m = new Map();
      for (const [n, i] of this.types) {
        for (const it of this.doc.definitions[i].interfaces || []) {
          if (!m.has(it.name.value)) m.set(it.name.value, []);
          m.get(it.name.value).push(n);
        }
      }
      return m;
    });
    return m.get(iface) || [];
  }
  unionsOf() {
    return this.cached('unionMembers', () => {
      const s = new Set();
      for (const u of this.ofKind('UNION')) for (const t of this.def(u).types || []) s.add(t.name.value);
      return s;
    });
  }
  refCounts() {
    return this.cached('refs', () => {
      const c = new Map();
      const add = (t) => {
        const n = namedOf(t);
        c.set(n, (c.get(n) || 0) + 1);
      };
      for (const d of this.doc.definitions) {
        for (const f of d.fields || []) {
          add(f.type);
          for (const a of f.arguments || []) add(a.type);
        }
        for (const a of (d.kind === K.DIRECTIVE_DEFINITION && d.arguments) || []) add(a.type);
        for (const t of d.interfaces || []) add(t);
        for (const t of (d.kind === K.UNION_TYPE_DEFINITION && d.types) || []) add(t);
        for (const ot of d.operationTypes || []) add(ot.type);
      }
      return c;
    });
  }
  enumUsage(n) {
    const m = this.cached('enumUsage', () => {
      const m = new Map();
      const mark = (t, k) => {
        const x = namedOf(t);
        if (this.kindOf(x) !== 'ENUM') return;
        if (!m.has(x)) m.set(x, { output: false, input: false });
        m.get(x)[k] = true;
      };
      for (const d of this.doc.definitions) {
        if (d.kind === K.INPUT_OBJECT_TYPE_DEFINITION) for (const f of d.fields || []) mark(f.type, 'input');
        else if (d.kind === K.DIRECTIVE_DEFINITION) for (const a of d.arguments || []) mark(a.type, 'input');
        else
          for (const f of d.fields || []) {
            mark(f.type, 'output');
            for (const a of f.arguments || []) mark(a.type, 'input');
          }
      }
      return m;
    });
    const u = m.get(n);
    if (!u || (!u.input && !u.output)) return 'unused';
    return u.input && u.output ? 'both' : u.input ? 'input' : 'output';
  }
  literalEnumNames() {
    return this.cached('litEnums', () => {
      const s = new Set();
      const walk = (v) => {
        if (!v) return;
        if (v.kind === K.ENUM) s.add(v.value);
        else if (v.kind === K.LIST) v.values.forEach(walk);
        else if (v.kind === K.OBJECT) v.fields.forEach((f) => walk(f.value));
      };
      for (const site of sitesOf(this.doc)) {
        if (site.node.kind === K.INPUT_VALUE_DEFINITION) walk(site.node.defaultValue);
        for (const d of site.node.directives || []) for (const a of d.arguments || []) walk(a.value);
      }
      return s;
    });
  }
  fieldSites() {
    return this.cached('fieldSites', () => {
      const out = [];
      for (const [n, i] of this.types) {
        const d = this.doc.definitions[i];
        if (d.kind !== K.OBJECT_TYPE_DEFINITION && d.kind !== K.INTERFACE_TYPE_DEFINITION) continue;
        (d.fields || []).forEach((f, fi) => out.push({ type: n, i, fi, field: f, path: ['definitions', i, 'fields', fi] }));
      }
      return out;
    });
  }
  argSites() {
    return this.cached('argSites', () => {
      const out = [];
      for (const s of this.fieldSites())
        (s.field.arguments || []).forEach((a, ai) => out.push({ ...s, ai, arg: a, path: [...s.path, 'arguments', ai] }));
      return out;
    });
  }
  inputFieldSites() {
    return this.cached('inputFieldSites', () => {
      const out = [];
      for (const n of this.ofKind('INPUT_OBJECT')) {
        const i = this.types.get(n);
        (this.doc.definitions[i].fields || []).forEach((f, fi) => out.push({ type: n, i, fi, arg: f, path: ['definitions', i, 'fields', fi] }));
      }
      return out;
    });
  }
  // interface field names declared by the interfaces a type implements
  inheritedFieldNames(typeName) {
    const d = this.def(typeName);
    const s = new Set();
    for (const it of d.interfaces || []) for (const f of this.def(it.name.value)?.fields || []) s.add(f.name.value);
    return s;
  }
}

function getField(def, fname) {
  return (def.fields || []).find((f) => f.name.value === fname);
}

// every type-system directive location of a document: {path, loc, node}
function* sitesOf(doc) {
  const defs = doc.definitions;
  for (let i = 0; i < defs.length; i++) {
    const d = defs[i];
    const P = ['definitions', i];
    switch (d.kind) {
      case K.SCHEMA_DEFINITION: yield { path: P, loc: 'SCHEMA', node: d }; break;
      case K.SCALAR_TYPE_DEFINITION: yield { path: P, loc: 'SCALAR', node: d }; break;
      case K.UNION_TYPE_DEFINITION: yield { path: P, loc: 'UNION', node: d }; break;
      case K.OBJECT_TYPE_DEFINITION:
      case K.INTERFACE_TYPE_DEFINITION:
        yield { path: P, loc: d.kind === K.OBJECT_TYPE_DEFINITION ? 'OBJECT' : 'INTERFACE', node: d };
        for (let fi = 0; fi < (d.fields || []).length; fi++) {
          const f = d.fields[fi];
          yield { path: [...P, 'fields', fi], loc: 'FIELD_DEFINITION', node: f };
          for (let ai = 0; ai < (f.arguments || []).length; ai++)
            yield { path: [...P, 'fields', fi, 'arguments', ai], loc: 'ARGUMENT_DEFINITION', node: f.arguments[ai] };
        }
        break;
      case K.ENUM_TYPE_DEFINITION:
        yield { path: P, loc: 'ENUM', node: d };
        for (let vi = 0; vi < (d.values || []).length; vi++) yield { path: [...P, 'values', vi], loc: 'ENUM_VALUE', node: d.values[vi] };
        break;
      case K.INPUT_OBJECT_TYPE_DEFINITION:
        yield { path: P, loc: 'INPUT_OBJECT', node: d };
        for (let fi = 0; fi < (d.fields || []).length; fi++) yield { path: [...P, 'fields', fi], loc: 'INPUT_FIELD_DEFINITION', node: d.fields[fi] };
        break;
      case K.DIRECTIVE_DEFINITION:
        for (let ai = 0; ai < (d.arguments || []).length; ai++)
          yield { path: [...P, 'arguments', ai], loc: 'ARGUMENT_DEFINITION', node: d.arguments[ai] };
        break;
    }
  }
}

function siteName(doc, site) {
  const p = site.path;
  const d = doc.definitions[p[1]];
  let s = d.kind === K.SCHEMA_DEFINITION ? 'schema' : d.kind === K.DIRECTIVE_DEFINITION ? '@' + d.name.value : d.name.value;
  if (p.length > 2) s += '.' + getIn(doc, p.slice(0, 4)).name.value;
  if (p.length > 4) s += `(${getIn(doc, p).name.value}:)`;
  if (d.kind === K.DIRECTIVE_DEFINITION) s = `${s}(${getIn(doc, p).name.value}:)`;
  return s;
}

// rewrite the directive lists of every type-system location
function mapDirectiveUses(doc, fn) {
  let cur = doc;
  for (const site of sitesOf(doc)) {
    const dirs = site.node.directives || [];
    const nd = fn(dirs, site.loc, site);
    if (nd !== dirs) cur = updateIn(cur, [...site.path, 'directives'], () => nd);
  }
  return cur;
}

// --------------------------------------------------------------------------
// literal values: validity check and random generation

function isValidLiteral(v, t, idx, depth = 0) {
  if (depth > 20) return false;
  if (t.kind === K.NON_NULL_TYPE) return v.kind !== K.NULL && isValidLiteral(v, t.type, idx, depth);
  if (v.kind === K.NULL) return true;
  if (v.kind === K.VARIABLE) return false;
  if (t.kind === K.LIST_TYPE) {
    return v.kind === K.LIST ? v.values.every((x) => isValidLiteral(x, t.type, idx, depth + 1)) : isValidLiteral(v, t.type, idx, depth + 1);
  }
  const n = t.name.value;
  switch (n) {
    case 'Int': {
      if (v.kind !== K.INT) return false;
      const x = Number(v.value);
      return x >= -2147483648 && x <= 2147483647;
    }
    case 'Float': return v.kind === K.INT || v.kind === K.FLOAT;
    case 'String': return v.kind === K.STRING;
    case 'Boolean': return v.kind === K.BOOLEAN;
    case 'ID': return v.kind === K.STRING || v.kind === K.INT;
  }
  const d = idx.def(n);
  if (!d) return false;
  switch (d.kind) {
    case K.SCALAR_TYPE_DEFINITION: return true;
    case K.ENUM_TYPE_DEFINITION: return v.kind === K.ENUM && (d.values || []).some((x) => x.name.value === v.value);
    case K.INPUT_OBJECT_TYPE_DEFINITION: {
      if (v.kind !== K.OBJECT) return false;
      const fields = new Map((d.fields || []).map((f) => [f.name.value, f]));
      for (const of of v.fields) {
        const f = fields.get(of.name.value);
        if (!f || !isValidLiteral(of.value, f.type, idx, depth + 1)) return false;
      }
      const given = new Set(v.fields.map((f) => f.name.value));
      for (const f of fields.values()) if (isNN(f.type) && !f.defaultValue && !given.has(f.name.value)) return false;
      if (hasDirective(d, 'oneOf')) return v.fields.length === 1 && v.fields[0].value.kind !== K.NULL;
      return true;
    }
  }
  return false;
}

function randomValue(t, idx, rng, depth = 0) {
  if (depth > 5) return null;
  if (t.kind === K.NON_NULL_TYPE) return randomValue(t.type, idx, rng, depth);
  if (t.kind === K.LIST_TYPE) {
    const n = rng.int(3);
    const vals = [];
    for (let i = 0; i < n; i++) {
      const x = randomValue(t.type, idx, rng, depth + 1);
      if (!x) return null;
      vals.push(x);
    }
    return { kind: K.LIST, values: vals };
  }
  const n = t.name.value;
  switch (n) {
    case 'Int': return { kind: K.INT, value: String(rng.int(200) - 20) };
    case 'Float': return { kind: K.FLOAT, value: (rng.int(10000) / 100).toFixed(2) };
    case 'String': return strV(rng.pick(WORDS));
    case 'Boolean': return { kind: K.BOOLEAN, value: rng.chance(0.5) };
    case 'ID': return strV(`${rng.pick(WORDS)}-${rng.int(100)}`);
  }
  const d = idx.def(n);
  if (!d) return null;
  switch (d.kind) {
    case K.SCALAR_TYPE_DEFINITION: return strV(rng.pick(WORDS));
    case K.ENUM_TYPE_DEFINITION: {
      const v = rng.pick(d.values || []);
      return v ? { kind: K.ENUM, value: v.name.value } : null;
    }
    case K.INPUT_OBJECT_TYPE_DEFINITION: {
      const fields = d.fields || [];
      let chosen;
      if (hasDirective(d, 'oneOf')) chosen = fields.length ? [rng.pick(fields)] : [];
      else chosen = fields.filter((f) => (isNN(f.type) && !f.defaultValue) || (depth < 2 && rng.chance(0.3)));
      const out = [];
      for (const f of chosen) {
        const v = randomValue(nonNullT(f.type), idx, rng, depth + 1);
        if (!v) return null;
        out.push({ kind: K.OBJECT_FIELD, name: nameN(f.name.value), value: v });
      }
      if (hasDirective(d, 'oneOf') && out.length !== 1) return null;
      return { kind: K.OBJECT, fields: out };
    }
  }
  return null;
}

// a valid value for t that prints differently from `not`
function differentValue(t, idx, rng, not) {
  const old = not ? print(not) : null;
  for (let i = 0; i < 12; i++) {
    const v = !isNN(t) && rng.chance(0.15) ? { kind: K.NULL } : randomValue(t, idx, rng);
    if (v && print(v) !== old) return v;
  }
  return null;
}

// all problems with default values and directive uses (arguments known, valid, required present)
function literalProblems(doc, idx) {
  const out = [];
  for (const site of sitesOf(doc)) {
    const node = site.node;
    if (node.kind === K.INPUT_VALUE_DEFINITION && node.defaultValue && !isValidLiteral(node.defaultValue, node.type, idx))
      out.push(`default of ${siteName(doc, site)}`);
    for (const u of node.directives || []) {
      const dd = idx.dirDef(u.name.value);
      if (!dd) {
        out.push(`unknown @${u.name.value} on ${siteName(doc, site)}`);
        continue;
      }
      const args = new Map((dd.arguments || []).map((a) => [a.name.value, a]));
      for (const a of u.arguments || []) {
        const ad = args.get(a.name.value);
        if (!ad || !isValidLiteral(a.value, ad.type, idx)) out.push(`@${u.name.value}(${a.name.value}:) on ${siteName(doc, site)}`);
      }
      for (const ad of args.values())
        if (isNN(ad.type) && !ad.defaultValue && !(u.arguments || []).some((a) => a.name.value === ad.name.value))
          out.push(`@${u.name.value} missing ${ad.name.value} on ${siteName(doc, site)}`);
    }
  }
  return out;
}

// cheap structural checks that save a full build on the big schemas
function quickCheck(doc) {
  for (const d of doc.definitions) {
    switch (d.kind) {
      case K.OBJECT_TYPE_DEFINITION:
      case K.INTERFACE_TYPE_DEFINITION:
      case K.INPUT_OBJECT_TYPE_DEFINITION:
        if (!d.fields || !d.fields.length) return `${d.name.value} has no fields`;
        break;
      case K.UNION_TYPE_DEFINITION:
        if (!d.types || !d.types.length) return `${d.name.value} has no members`;
        break;
      case K.ENUM_TYPE_DEFINITION:
        if (!d.values || !d.values.length) return `${d.name.value} has no values`;
        break;
      case K.DIRECTIVE_DEFINITION:
        if (!d.locations.length) return `@${d.name.value} has no locations`;
        break;
    }
  }
  return null;
}

// --------------------------------------------------------------------------
// random types, fields, arguments

const OUT_PATTERNS = ['T', 'T', 'T', 'T!', 'T!', '[T]', '[T!]', '[T]!', '[T!]!'];
const IN_PATTERNS = ['T', 'T', 'T', '[T]', '[T!]'];
const ARG_SHAPES = ['optional-nullable', 'required', 'non-null-default', 'nullable-default'];

function randomOutputType(ctx) {
  const n = ctx.rng.chance(0.4) ? ctx.rng.pick(BUILTIN_SCALARS) : ctx.rng.pick(ctx.idx.outputNames());
  return wrapPattern(n, ctx.rng.pick(OUT_PATTERNS));
}
// nullable input type
function randomInputType(ctx, exclude) {
  let names = ctx.idx.inputNames();
  if (exclude) names = names.filter((n) => n !== exclude);
  const n = ctx.rng.chance(0.45) ? ctx.rng.pick(BUILTIN_SCALARS) : ctx.rng.pick(names);
  return wrapPattern(n, ctx.rng.pick(IN_PATTERNS));
}
function argShape(a) {
  if (isNN(a.type)) return a.defaultValue ? 'non-null-default' : 'required';
  return a.defaultValue ? 'nullable-default' : 'optional-nullable';
}
// a new argument / input field of the given shape; null when no default can be made
function makeInputValue(ctx, n, shape, type) {
  const base = nullableT(type || randomInputType(ctx));
  const desc = ctx.rng.chance(0.2) ? randomDescription(ctx.rng) : undefined;
  switch (shape) {
    case 'optional-nullable': return inputValueDef(n, base, undefined, desc);
    case 'required': return inputValueDef(n, nonNullT(base), undefined, desc);
    case 'nullable-default': {
      const v = ctx.rng.chance(0.15) ? { kind: K.NULL } : randomValue(base, ctx.idx, ctx.rng);
      return v && inputValueDef(n, base, v, desc);
    }
    case 'non-null-default': {
      const v = randomValue(nonNullT(base), ctx.idx, ctx.rng);
      return v && inputValueDef(n, nonNullT(base), v, desc);
    }
  }
  throw new Error(shape);
}
function makeInputValueRetry(ctx, n, shape, type) {
  for (let i = 0; i < 6; i++) {
    const v = makeInputValue(ctx, n, shape, i < 3 ? type : namedT(ctx.rng.pick(BUILTIN_SCALARS)));
    if (v) return v;
  }
  return null;
}
function randomArgs(ctx, count, used = new Set()) {
  const out = [];
  for (let i = 0; i < count; i++) {
    const n = freshFieldName(ctx.rng, used);
    used.add(n);
    const a = makeInputValueRetry(ctx, n, ctx.rng.pick(ARG_SHAPES));
    if (a) out.push(a);
  }
  return out;
}
function randomFields(ctx, count, used = new Set()) {
  const out = [];
  for (let i = 0; i < count; i++) {
    const n = freshFieldName(ctx.rng, used);
    used.add(n);
    const args = ctx.rng.chance(0.25) ? randomArgs(ctx, ctx.rng.range(1, 2)) : [];
    out.push(fieldDef(n, randomOutputType(ctx), args, ctx.rng.chance(0.2) ? randomDescription(ctx.rng) : undefined));
  }
  return out;
}
function randomInputFields(ctx, count, selfName) {
  const used = new Set();
  const out = [];
  for (let i = 0; i < count; i++) {
    const n = freshFieldName(ctx.rng, used);
    used.add(n);
    const f = makeInputValueRetry(ctx, n, ctx.rng.pick(ARG_SHAPES), randomInputType(ctx, selfName));
    if (f) out.push(f);
  }
  return out;
}
const objectDef = (n, fields, interfaces = [], description) =>
  ({ kind: K.OBJECT_TYPE_DEFINITION, description, name: nameN(n), interfaces: interfaces.map(namedT), directives: [], fields });
const interfaceDef = (n, fields, interfaces = [], description) =>
  ({ kind: K.INTERFACE_TYPE_DEFINITION, description, name: nameN(n), interfaces: interfaces.map(namedT), directives: [], fields });

// type variants of an output field type
function outputTypeVariants(t, idx) {
  const v = [];
  if (isNN(t)) v.push('non-null-to-nullable');
  else v.push('nullable-to-non-null');
  v.push('wrap-list');
  if (coreIsList(t)) {
    v.push('unwrap-list');
    v.push(isNN(nullableT(t).type) ? 'item-non-null-to-nullable' : 'item-nullable-to-non-null');
  }
  if (sameKindAlternatives(namedOf(t), idx, false).length) v.push('other-type');
  return v;
}
function sameKindAlternatives(n, idx, input) {
  const k = idx.kindOf(n);
  let c;
  if (k === 'SCALAR') c = [...BUILTIN_SCALARS, ...idx.customScalars()];
  else c = idx.ofKind(k);
  c = c.filter((x) => x !== n);
  if (!input && k === 'OBJECT') c = c.filter((x) => !idx.rootSet.has(x) || idx.rootSet.has(n));
  return c;
}
function applyTypeVariant(t, variant, ctx, input) {
  switch (variant) {
    case 'nullable-to-non-null': return nonNullT(t);
    case 'non-null-to-nullable': return nullableT(t);
    case 'wrap-list': return isNN(t) ? nonNullT(listT(t)) : listT(t);
    case 'unwrap-list': {
      const item = nullableT(nullableT(t).type);
      return isNN(t) ? nonNullT(item) : item;
    }
    case 'item-non-null-to-nullable':
    case 'item-nullable-to-non-null': {
      const l = nullableT(t);
      const item = variant === 'item-non-null-to-nullable' ? nullableT(l.type) : nonNullT(l.type);
      return isNN(t) ? nonNullT(listT(item)) : listT(item);
    }
    case 'other-type':
      return replaceNamed(t, ctx.rng.pick(sameKindAlternatives(namedOf(t), ctx.idx, input)));
  }
  throw new Error(variant);
}
function inputTypeVariants(t, idx) {
  return outputTypeVariants(t, idx);
}

// keep a default value valid after a type change (regenerate it if needed)
function fixDefault(iv, ctx) {
  if (!iv.defaultValue || isValidLiteral(iv.defaultValue, iv.type, ctx.idx)) return iv;
  const v = randomValue(iv.type, ctx.idx, ctx.rng);
  return { ...iv, defaultValue: v || undefined };
}

// the types that must change in lockstep with typeName.fieldName's arguments
function fieldFamily(idx, typeName, fieldName) {
  const seen = new Set([typeName]);
  const q = [typeName];
  while (q.length) {
    const t = q.pop();
    const d = idx.def(t);
    const next = (d.interfaces || []).map((i) => i.name.value);
    if (d.kind === K.INTERFACE_TYPE_DEFINITION) next.push(...idx.implementers(t));
    for (const n of next) {
      const nd = idx.def(n);
      if (nd && getField(nd, fieldName) && !seen.has(n)) {
        seen.add(n);
        q.push(n);
      }
    }
  }
  return [...seen];
}
function updateField(doc, idx, typeName, fieldName, fn) {
  const i = idx.types.get(typeName);
  const fi = doc.definitions[i].fields.findIndex((f) => f.name.value === fieldName);
  if (fi < 0) return doc;
  return updateIn(doc, ['definitions', i, 'fields', fi], fn);
}
function interfaceClosure(idx, iface) {
  const out = [];
  const q = [iface];
  while (q.length) {
    const n = q.shift();
    if (out.includes(n) || !idx.def(n)) continue;
    out.push(n);
    for (const i of idx.def(n).interfaces || []) q.push(i.name.value);
  }
  return out;
}

function locClass(locs) {
  const e = locs.some((l) => EXEC_LOCATIONS.includes(l));
  const t = locs.some((l) => TS_LOCATIONS.includes(l));
  return e && t ? 'mixed' : e ? 'executable' : 'type-system';
}
const dirLocs = (d) => d.locations.map((l) => l.value);
function directiveAllows(idx, dname, loc) {
  const d = idx.dirDef(dname);
  return !!d && dirLocs(d).includes(loc);
}
function filterDirectivesFor(idx, dirs, loc) {
  return (dirs || []).filter((u) => directiveAllows(idx, u.name.value, loc));
}

// remove a type and every reference to it
function removeTypeAndRefs(doc, typeName) {
  const refs = (t) => namedOf(t) === typeName;
  const removedDirArgs = [];
  const defs = [];
  for (const d of doc.definitions) {
    if (TYPE_KIND[d.kind] && d.name.value === typeName) continue;
    let nd = d;
    if (d.kind === K.OBJECT_TYPE_DEFINITION || d.kind === K.INTERFACE_TYPE_DEFINITION) {
      const fields = d.fields.filter((f) => !refs(f.type)).map((f) => {
        const args = (f.arguments || []).filter((a) => !refs(a.type));
        return args.length === (f.arguments || []).length ? f : { ...f, arguments: args };
      });
      const ifs = (d.interfaces || []).filter((i) => i.name.value !== typeName);
      if (fields.length !== d.fields.length || fields.some((f, k) => f !== d.fields[k]) || ifs.length !== (d.interfaces || []).length)
        nd = { ...d, fields, interfaces: ifs };
    } else if (d.kind === K.INPUT_OBJECT_TYPE_DEFINITION) {
      const fields = d.fields.filter((f) => !refs(f.type));
      if (fields.length !== d.fields.length) nd = { ...d, fields };
    } else if (d.kind === K.UNION_TYPE_DEFINITION) {
      const types = (d.types || []).filter((t) => t.name.value !== typeName);
      if (types.length !== (d.types || []).length) nd = { ...d, types };
    } else if (d.kind === K.DIRECTIVE_DEFINITION) {
      const args = (d.arguments || []).filter((a) => !refs(a.type));
      if (args.length !== (d.arguments || []).length) {
        for (const a of d.arguments) if (refs(a.type)) removedDirArgs.push([d.name.value, a.name.value]);
        nd = { ...d, arguments: args };
      }
    } else if (d.kind === K.SCHEMA_DEFINITION) {
      const ots = d.operationTypes.filter((ot) => ot.type.name.value !== typeName);
      if (ots.length !== d.operationTypes.length) nd = { ...d, operationTypes: ots };
    }
    defs.push(nd);
  }
  let out = { ...doc, definitions: defs };
  if (removedDirArgs.length) out = stripDirectiveArgs(out, removedDirArgs);
  return out;
}
function stripDirectiveArgs(doc, pairs) {
  return mapDirectiveUses(doc, (dirs) => {
    let changed = false;
    const nd = dirs.map((u) => {
      const drop = pairs.filter(([d]) => d === u.name.value).map(([, a]) => a);
      if (!drop.length) return u;
      const args = (u.arguments || []).filter((a) => !drop.includes(a.name.value));
      if (args.length === (u.arguments || []).length) return u;
      changed = true;
      return { ...u, arguments: args };
    });
    return changed ? nd : dirs;
  });
}

// a use of directive d with its required arguments (and some optional ones)
function makeUse(ctx, d) {
  const args = [];
  for (const a of d.arguments || []) {
    const required = isNN(a.type) && !a.defaultValue;
    if (required || ctx.rng.chance(0.3)) {
      const v = randomValue(a.type, ctx.idx, ctx.rng);
      if (!v) {
        if (required) return null;
        continue;
      }
      args.push([a.name.value, v]);
    }
  }
  return directiveUse(d.name.value, args);
}

function choose(ctx, cands, key = (c) => c.type) {
  if (!cands.length) return undefined;
  if (ctx.focus.size && ctx.rng.chance(0.75)) {
    const f = cands.filter((c) => ctx.focus.has(key(c)));
    if (f.length) return ctx.rng.pick(f);
  }
  return ctx.rng.pick(cands);
}

// --------------------------------------------------------------------------
// OLD-side augmentations for small schemas ("preps"): they return a new doc

function pickObjectForNewField(ctx) {
  const objs = ctx.idx.ofKind('OBJECT');
  return ctx.rng.pick(objs);
}
function addFieldTo(ctx, doc, typeName, makeField) {
  const i = ctx.idx.types.get(typeName);
  const d = doc.definitions[i];
  const used = new Set(d.fields.map((f) => f.name.value));
  const f = makeField(freshFieldName(ctx.rng, used));
  return updateIn(doc, ['definitions', i, 'fields'], (fs) => [...fs, f]);
}
// object fields whose arguments can change without touching interfaces
function soloFieldSites(ctx) {
  return ctx.idx.fieldSites().filter((s) => ctx.idx.kindOf(s.type) === 'OBJECT' && !ctx.idx.inheritedFieldNames(s.type).has(s.field.name.value));
}

const PREP = {
  object(ctx) {
    const n = freshTypeName(ctx);
    const def = objectDef(n, randomFields(ctx, ctx.rng.range(1, 4)), [], ctx.rng.chance(0.3) ? randomDescription(ctx.rng) : undefined);
    const host = pickObjectForNewField(ctx);
    ctx.focus.add(n);
    return addFieldTo(ctx, addDefs(ctx.doc, [def]), host, (fn) => fieldDef(fn, wrapPattern(n, ctx.rng.pick(OUT_PATTERNS)), ctx.rng.chance(0.3) ? randomArgs(ctx, 1) : []));
  },
  enum(ctx) {
    const n = freshTypeName(ctx, ctx.rng.pick(['Kind', 'Status', 'Order', '']));
    const used = new Set();
    const values = [];
    for (let i = ctx.rng.range(2, 5); i > 0; i--) {
      const v = freshEnumValue(ctx.rng, used);
      used.add(v);
      values.push({ kind: K.ENUM_VALUE_DEFINITION, name: nameN(v), directives: [], description: ctx.rng.chance(0.2) ? randomDescription(ctx.rng) : undefined });
    }
    let doc = addDefs(ctx.doc, [{ kind: K.ENUM_TYPE_DEFINITION, name: nameN(n), directives: [], values }]);
    ctx.focus.add(n);
    const usage = ctx.rng.pick(['output', 'input', 'both', 'both', 'unused']);
    const sub = new Index(doc);
    const sctx = { ...ctx, idx: sub };
    if (usage === 'output' || usage === 'both') {
      doc = addFieldTo(sctx, doc, pickObjectForNewField(ctx), (fn) => fieldDef(fn, wrapPattern(n, ctx.rng.pick(OUT_PATTERNS))));
    }
    if (usage === 'input' || usage === 'both') {
      const inputs = ctx.idx.ofKind('INPUT_OBJECT');
      const shape = ctx.rng.pick(['optional-nullable', 'nullable-default', 'non-null-default']);
      if (inputs.length && ctx.rng.chance(0.4)) {
        const inp = ctx.rng.pick(inputs);
        const i = sub.types.get(inp);
        const used2 = new Set(doc.definitions[i].fields.map((f) => f.name.value));
        const f = makeInputValue(sctx, freshFieldName(ctx.rng, used2), shape, namedT(n));
        if (f) doc = updateIn(doc, ['definitions', i, 'fields'], (fs) => [...fs, f]);
      } else {
        const s = ctx.rng.pick(soloFieldSites(ctx));
        if (s) {
          const used2 = new Set((s.field.arguments || []).map((a) => a.name.value));
          const a = makeInputValue(sctx, freshFieldName(ctx.rng, used2), shape, wrapPattern(n, ctx.rng.pick(IN_PATTERNS)));
          if (a) doc = updateIn(doc, [...s.path, 'arguments'], (as) => [...(as || []), a]);
        }
      }
    }
    return doc;
  },
  union(ctx) {
    const objs = ctx.idx.ofKind('OBJECT').filter((o) => !ctx.idx.rootSet.has(o));
    if (objs.length < 2) return null;
    const n = freshTypeName(ctx, ctx.rng.pick(['Result', 'Union', 'Target']));
    const members = ctx.rng.sample(objs, ctx.rng.range(2, Math.min(4, objs.length)));
    const def = { kind: K.UNION_TYPE_DEFINITION, name: nameN(n), directives: [], types: members.map(namedT) };
    ctx.focus.add(n);
    return addFieldTo(ctx, addDefs(ctx.doc, [def]), pickObjectForNewField(ctx), (fn) => fieldDef(fn, wrapPattern(n, ctx.rng.pick(OUT_PATTERNS))));
  },
  input(ctx) {
    const n = freshTypeName(ctx, 'Input');
    const fields = randomInputFields(ctx, ctx.rng.range(1, 4), n);
    if (!fields.length) return null;
    let doc = addDefs(ctx.doc, [{ kind: K.INPUT_OBJECT_TYPE_DEFINITION, name: nameN(n), directives: [], fields }]);
    ctx.focus.add(n);
    const sub = new Index(doc);
    const sctx = { ...ctx, idx: sub };
    const s = ctx.rng.pick(soloFieldSites(ctx));
    if (!s) return doc;
    const used = new Set((s.field.arguments || []).map((a) => a.name.value));
    const a = makeInputValue(sctx, freshFieldName(ctx.rng, used), ctx.rng.pick(['optional-nullable', 'required', 'nullable-default']), wrapPattern(n, ctx.rng.pick(IN_PATTERNS)));
    if (a) doc = updateIn(doc, [...s.path, 'arguments'], (as) => [...(as || []), a]);
    ctx.focus.add(s.type);
    return doc;
  },
  args(ctx) {
    const s = ctx.rng.pick(soloFieldSites(ctx));
    if (!s) return null;
    const used = new Set((s.field.arguments || []).map((a) => a.name.value));
    const args = randomArgs(ctx, ctx.rng.range(1, 3), used);
    ctx.focus.add(s.type);
    return updateIn(ctx.doc, [...s.path, 'arguments'], (as) => [...(as || []), ...args]);
  },
  interface(ctx) {
    const objs = ctx.idx.ofKind('OBJECT').filter((o) => ctx.idx.def(o).fields.length);
    const o = ctx.rng.pick(objs);
    if (!o) return null;
    const od = ctx.idx.def(o);
    const n = freshTypeName(ctx, ctx.rng.pick(['Node', 'Entity', 'Like', '']));
    const fields = ctx.rng.sample(od.fields, ctx.rng.range(1, Math.min(3, od.fields.length)))
      .map((f) => ({ ...f, directives: (f.directives || []).filter((u) => u.name.value !== 'deprecated') }));
    let doc = addDefs(ctx.doc, [interfaceDef(n, fields)]);
    doc = setDef(doc, ctx.idx.types.get(o), { ...od, interfaces: [...(od.interfaces || []), namedT(n)] });
    ctx.focus.add(n);
    if (ctx.rng.chance(0.4)) {
      const sub = new Index(doc);
      doc = addFieldTo({ ...ctx, idx: sub }, doc, pickObjectForNewField(ctx), (fn) => fieldDef(fn, wrapPattern(n, ctx.rng.pick(OUT_PATTERNS))));
    }
    return doc;
  },
  directives(ctx, hint = {}) {
    let doc = ctx.doc;
    const count = ctx.rng.chance(0.3) ? 2 : 1;
    for (let k = 0; k < count; k++) {
      const d = randomDirectiveDef(ctx, k === 0 ? hint : {});
      if (!d) return null;
      ctx.focus.add('@' + d.name.value);
      doc = addDefs(doc, [d]);
      const tsLocs = dirLocs(d).filter((l) => TS_LOCATIONS.includes(l));
      if (tsLocs.length && (hint.uses || ctx.rng.chance(0.75))) {
        const sub = new Index(doc);
        const sctx = { ...ctx, idx: sub };
        const sites = [...sitesOf(doc)].filter((s) => tsLocs.includes(s.loc));
        for (const s of ctx.rng.sample(sites, ctx.rng.range(1, 3))) {
          const times = d.repeatable && ctx.rng.chance(hint.noRepeatedUse ? 0 : 0.3) ? 2 : 1;
          for (let t = 0; t < times; t++) {
            const u = makeUse(sctx, d);
            if (u) doc = updateIn(doc, [...s.path, 'directives'], (ds) => [...(ds || []), u]);
          }
        }
      }
    }
    return doc;
  },
};

function randomDirectiveDef(ctx, hint = {}) {
  const rng = ctx.rng;
  const n = freshDirectiveName(ctx);
  let cls = hint.ts ? rng.pick(['type-system', 'mixed']) : rng.pick(['executable', 'type-system', 'mixed']);
  let locs = [];
  if (cls !== 'type-system') locs.push(...rng.sample(EXEC_LOCATIONS, rng.range(1, 3)));
  if (cls !== 'executable') locs.push(...rng.sample(TS_LOCATIONS, rng.range(1, 4)));
  if (hint.minLocations && locs.length < hint.minLocations) locs.push(...rng.sample(TS_LOCATIONS.filter((l) => !locs.includes(l)), hint.minLocations - locs.length));
  const order = [...EXEC_LOCATIONS, ...TS_LOCATIONS];
  locs = order.filter((l) => locs.includes(l));
  const repeatable = hint.repeatable ?? rng.chance(0.4);
  const argCount = hint.minArgs ? rng.range(hint.minArgs, 3) : rng.range(0, 3);
  const used = new Set();
  const args = [];
  for (let i = 0; i < argCount; i++) {
    const an = freshFieldName(rng, used);
    used.add(an);
    const pool = rng.chance(0.7) ? BUILTIN_SCALARS : ctx.idx.inputNames();
    const t = wrapPattern(rng.pick(pool), rng.pick(IN_PATTERNS));
    const a = makeInputValueRetry(ctx, an, rng.pick(ARG_SHAPES), t);
    if (a) args.push(a);
  }
  return {
    kind: K.DIRECTIVE_DEFINITION,
    description: rng.chance(0.3) ? randomDescription(rng) : undefined,
    name: nameN(n),
    arguments: args,
    repeatable,
    locations: locs.map(nameN),
  };
}

const PREPS_FOR = {
  TYPE: ['object', 'enum', 'input', 'interface', 'union'],
  FIELD: ['object', 'interface', 'args', 'enum'],
  ARGUMENT: ['args', 'input', 'enum'],
  INPUT_FIELD: ['input'],
  ENUM_VALUE: ['enum'],
  UNION_MEMBER: ['union'],
  INTERFACE: ['interface'],
  DIRECTIVE: ['directives'],
  ROOT_TYPE: ['object', 'args', 'union'],
};
const DIRECTIVE_HINTS = {
  DIRECTIVE_LOCATION_REMOVED: { minLocations: 2 },
  DIRECTIVE_ARGUMENT_REMOVED: { minArgs: 1 },
  DIRECTIVE_ARGUMENT_TYPE_CHANGED: { minArgs: 1 },
  DIRECTIVE_REPEATABLE_ADDED: { repeatable: false },
  DIRECTIVE_REPEATABLE_REMOVED: { repeatable: true, noRepeatedUse: true },
  DIRECTIVE_USAGE_ADDED: { ts: true },
  DIRECTIVE_USAGE_REMOVED: { ts: true, uses: true },
};
function prepsFor(kind) {
  for (const p of Object.keys(PREPS_FOR).sort((a, b) => b.length - a.length)) if (kind.startsWith(p)) return PREPS_FOR[p];
  return PREPS_FOR.TYPE;
}

// --------------------------------------------------------------------------
// edit generators: ctx -> { new: doc, old?: doc, variant } | null (no target)

const G = {};

G.TYPE_ADDED = (ctx) => {
  const { rng, idx } = ctx;
  const kinds = ['object', 'interface', 'enum', 'input', 'scalar'];
  if (idx.ofKind('OBJECT').some((o) => !idx.rootSet.has(o))) kinds.push('union');
  if (idx.ofKind('INTERFACE').length) kinds.push('object-implements');
  const v = rng.pick(kinds);
  const n = freshTypeName(ctx, v === 'input' ? 'Input' : '');
  let def;
  switch (v) {
    case 'object': def = objectDef(n, randomFields(ctx, rng.range(1, 4))); break;
    case 'interface': def = interfaceDef(n, randomFields(ctx, rng.range(1, 4))); break;
    case 'object-implements': {
      const closure = interfaceClosure(idx, rng.pick(idx.ofKind('INTERFACE')));
      const fields = [];
      for (const i of closure) for (const f of idx.def(i).fields || []) if (!fields.some((g) => g.name.value === f.name.value)) fields.push(f);
      const extra = rng.chance(0.5) ? randomFields(ctx, rng.range(1, 2), new Set(fields.map((f) => f.name.value))) : [];
      def = objectDef(n, [...fields, ...extra], closure);
      break;
    }
    case 'union': {
      const objs = idx.ofKind('OBJECT').filter((o) => !idx.rootSet.has(o));
      def = { kind: K.UNION_TYPE_DEFINITION, name: nameN(n), directives: [], types: rng.sample(objs, rng.range(1, 3)).map(namedT) };
      break;
    }
    case 'enum': {
      const used = new Set();
      const values = [];
      for (let i = rng.range(1, 4); i > 0; i--) {
        const x = freshEnumValue(rng, used);
        used.add(x);
        values.push({ kind: K.ENUM_VALUE_DEFINITION, name: nameN(x), directives: [] });
      }
      def = { kind: K.ENUM_TYPE_DEFINITION, name: nameN(n), directives: [], values };
      break;
    }
    case 'input': {
      const fields = randomInputFields(ctx, rng.range(1, 4), n);
      if (!fields.length) return null;
      def = { kind: K.INPUT_OBJECT_TYPE_DEFINITION, name: nameN(n), directives: [], fields };
      break;
    }
    case 'scalar':
      def = { kind: K.SCALAR_TYPE_DEFINITION, name: nameN(n), directives: rng.chance(0.3) ? [directiveUse('specifiedBy', [['url', strV(`https://example.com/${n}`)]])] : [] };
      break;
  }
  if (rng.chance(0.3)) def = { ...def, description: randomDescription(rng) };
  return { new: addDefs(ctx.doc, [def]), variant: v };
};

G.TYPE_REMOVED = (ctx) => {
  const { idx } = ctx;
  const refs = idx.refCounts();
  const cands = [...idx.types.keys()].filter((n) => !idx.rootSet.has(n)).map((n) => ({ type: n, refs: refs.get(n) || 0 }));
  if (!cands.length) return null;
  let c;
  if (ctx.focus.size && ctx.rng.chance(0.6)) c = choose(ctx, cands);
  else c = ctx.rng.weighted(cands, (x) => 1 / (1 + x.refs) ** 2);
  return { new: removeTypeAndRefs(ctx.doc, c.type), variant: idx.kindOf(c.type).toLowerCase() };
};

G.TYPE_KIND_CHANGED = (ctx) => {
  const { idx, rng } = ctx;
  const inUnion = idx.unionsOf();
  const cands = [];
  for (const n of idx.types.keys()) {
    const k = idx.kindOf(n);
    if (idx.rootSet.has(n)) continue;
    if (k === 'OBJECT' && !inUnion.has(n)) cands.push({ type: n, v: 'object-to-interface' }, { type: n, v: 'object-to-scalar' });
    if (k === 'INTERFACE' && !idx.implementers(n).length) cands.push({ type: n, v: 'interface-to-object' }, { type: n, v: 'interface-to-scalar' });
    if (k === 'ENUM') cands.push({ type: n, v: 'enum-to-scalar' });
    if (k === 'INPUT_OBJECT') cands.push({ type: n, v: 'input-to-scalar' });
    if (k === 'UNION') cands.push({ type: n, v: 'union-to-scalar' });
  }
  // balance variants: pick a variant first, then a type
  const variants = [...new Set(cands.map((c) => c.v))];
  const v = rng.pick(variants);
  const c = choose(ctx, cands.filter((x) => x.v === v));
  if (!c) return null;
  const d = idx.def(c.type);
  const base = { description: d.description, name: d.name };
  let nd;
  switch (c.v) {
    case 'object-to-interface':
      nd = { kind: K.INTERFACE_TYPE_DEFINITION, ...base, interfaces: d.interfaces || [], directives: filterDirectivesFor(idx, d.directives, 'INTERFACE'), fields: d.fields };
      break;
    case 'interface-to-object':
      nd = { kind: K.OBJECT_TYPE_DEFINITION, ...base, interfaces: d.interfaces || [], directives: filterDirectivesFor(idx, d.directives, 'OBJECT'), fields: d.fields };
      break;
    default:
      nd = { kind: K.SCALAR_TYPE_DEFINITION, ...base, directives: filterDirectivesFor(idx, d.directives, 'SCALAR') };
  }
  return { new: setDef(ctx.doc, idx.types.get(c.type), nd), variant: c.v };
};

G.FIELD_ADDED = (ctx) => {
  const { idx, rng } = ctx;
  const ifaces = idx.ofKind('INTERFACE');
  const toIface = ifaces.length && rng.chance(0.3);
  const pool = toIface ? ifaces : idx.ofKind('OBJECT');
  const t = choose(ctx, pool.map((n) => ({ type: n })));
  if (!t) return null;
  const family = toIface ? [t.type, ...idx.implementers(t.type)] : [t.type];
  const used = new Set();
  for (const n of family) for (const f of idx.def(n).fields || []) used.add(f.name.value);
  const withArgs = rng.chance(0.3);
  const [f] = randomFields(ctx, 1, used);
  const field = withArgs ? { ...f, arguments: randomArgs(ctx, rng.range(1, 2)) } : { ...f, arguments: [] };
  let doc = ctx.doc;
  for (const n of family) doc = updateIn(doc, ['definitions', idx.types.get(n), 'fields'], (fs) => [...fs, field]);
  return { new: doc, variant: (toIface ? 'interface' : 'object') + (withArgs ? '-with-args' : '') };
};

function removableFields(ctx) {
  const { idx } = ctx;
  return idx.fieldSites().filter((s) => {
    if (idx.kindOf(s.type) === 'OBJECT' && idx.inheritedFieldNames(s.type).has(s.field.name.value)) return false;
    return idx.def(s.type).fields.length > 1;
  });
}

G.FIELD_REMOVED = (ctx) => {
  const s = choose(ctx, removableFields(ctx));
  if (!s) return null;
  const doc = updateIn(ctx.doc, ['definitions', s.i, 'fields'], (fs) => fs.filter((_, k) => k !== s.fi));
  return { new: doc, variant: ctx.idx.kindOf(s.type).toLowerCase() };
};

G.FIELD_DEPRECATED_REMOVED = (ctx) => {
  let cands = removableFields(ctx);
  if (!ctx.allowOld) cands = cands.filter((s) => hasDirective(s.field, 'deprecated'));
  const s = choose(ctx, cands);
  if (!s) return null;
  const newDoc = updateIn(ctx.doc, ['definitions', s.i, 'fields'], (fs) => fs.filter((_, k) => k !== s.fi));
  if (hasDirective(s.field, 'deprecated')) return { new: newDoc, variant: 'already-deprecated' };
  const args = ctx.rng.chance(0.7) ? [['reason', strV(`Use ${ctx.rng.pick(WORDS)} instead.`)]] : [];
  const oldDoc = updateIn(ctx.doc, s.path, (f) => withDirective(f, directiveUse('deprecated', args)));
  return { old: oldDoc, new: newDoc, variant: 'deprecated-in-old' };
};

G.FIELD_TYPE_CHANGED = (ctx) => {
  const { idx, rng } = ctx;
  let sites = idx.fieldSites();
  if (rng.chance(0.8)) {
    const solo = sites.filter((s) => idx.kindOf(s.type) === 'OBJECT' && !idx.inheritedFieldNames(s.type).has(s.field.name.value));
    if (solo.length) sites = solo;
  }
  const s = choose(ctx, sites);
  if (!s) return null;
  const v = rng.pick(outputTypeVariants(s.field.type, idx));
  const t = applyTypeVariant(s.field.type, v, ctx, false);
  return { new: updateIn(ctx.doc, s.path, (f) => ({ ...f, type: t })), variant: v };
};

G.FIELD_DEPRECATION_ADDED = (ctx) => {
  const s = choose(ctx, ctx.idx.fieldSites().filter((x) => !hasDirective(x.field, 'deprecated')));
  if (!s) return null;
  const withReason = ctx.rng.chance(0.6);
  const u = directiveUse('deprecated', withReason ? [['reason', strV(randomText(ctx.rng))]] : []);
  return { new: updateIn(ctx.doc, s.path, (f) => withDirective(f, u)), variant: withReason ? 'with-reason' : 'no-reason' };
};

G.FIELD_DESCRIPTION_CHANGED = (ctx) => {
  const s = choose(ctx, ctx.idx.fieldSites());
  if (!s) return null;
  const d = s.field.description;
  const v = d ? ctx.rng.pick(['removed', 'changed']) : 'added';
  const nd = v === 'removed' ? undefined : randomDescription(ctx.rng);
  return { new: updateIn(ctx.doc, s.path, (f) => ({ ...f, description: nd })), variant: v };
};

// ----- arguments

function argEdit(ctx, site, fn) {
  // apply fn(arg) to the argument of the same name in the whole interface family
  let doc = ctx.doc;
  const an = site.arg.name.value;
  for (const t of fieldFamily(ctx.idx, site.type, site.field.name.value)) {
    doc = updateField(doc, ctx.idx, t, site.field.name.value, (f) => {
      const args = f.arguments || [];
      const ai = args.findIndex((a) => a.name.value === an);
      if (ai < 0) return f;
      const na = fn(args[ai]);
      return { ...f, arguments: na ? args.map((a, k) => (k === ai ? na : a)) : args.filter((_, k) => k !== ai) };
    });
  }
  return doc;
}

G.ARGUMENT_ADDED = (ctx) => {
  const { idx, rng } = ctx;
  const s = choose(ctx, idx.fieldSites());
  if (!s) return null;
  const family = fieldFamily(idx, s.type, s.field.name.value);
  const used = new Set();
  for (const t of family) for (const a of getField(idx.def(t), s.field.name.value).arguments || []) used.add(a.name.value);
  const shape = rng.pick(ARG_SHAPES);
  const a = makeInputValueRetry(ctx, freshFieldName(rng, used), shape);
  if (!a) return null;
  let doc = ctx.doc;
  for (const t of family) doc = updateField(doc, idx, t, s.field.name.value, (f) => ({ ...f, arguments: [...(f.arguments || []), a] }));
  return { new: doc, variant: shape };
};

G.ARGUMENT_REMOVED = (ctx) => {
  const s = choose(ctx, ctx.idx.argSites());
  if (!s) return null;
  return { new: argEdit(ctx, s, () => null), variant: argShape(s.arg) };
};

function typeChangeOf(ctx, iv) {
  const v = ctx.rng.pick(inputTypeVariants(iv.type, ctx.idx));
  const t = applyTypeVariant(iv.type, v, ctx, true);
  return { v, fn: (a) => fixDefault({ ...a, type: t }, ctx) };
}

G.ARGUMENT_TYPE_CHANGED = (ctx) => {
  const s = choose(ctx, ctx.idx.argSites());
  if (!s) return null;
  const { v, fn } = typeChangeOf(ctx, s.arg);
  const oldType = typeStr(s.arg.type);
  return { new: argEdit(ctx, s, (a) => (typeStr(a.type) === oldType ? fn(a) : a)), variant: v };
};

function defaultChange(ctx, iv) {
  if (!iv.defaultValue) {
    const v = differentValue(iv.type, ctx.idx, ctx.rng, null);
    return v && { iv: { ...iv, defaultValue: v }, variant: isNN(iv.type) ? 'default-added-non-null' : 'default-added' };
  }
  if (ctx.rng.chance(0.5)) return { iv: { ...iv, defaultValue: undefined }, variant: isNN(iv.type) ? 'default-removed-non-null' : 'default-removed' };
  const v = differentValue(iv.type, ctx.idx, ctx.rng, iv.defaultValue);
  return v && { iv: { ...iv, defaultValue: v }, variant: 'default-changed' };
}

G.ARGUMENT_DEFAULT_CHANGED = (ctx) => {
  const sites = ctx.idx.argSites();
  // half of the time insist on an argument that has a default
  const withDefault = sites.filter((s) => s.arg.defaultValue);
  const s = choose(ctx, withDefault.length && ctx.rng.chance(0.6) ? withDefault : sites);
  if (!s) return null;
  const r = defaultChange(ctx, s.arg);
  if (!r) return null;
  return { new: updateIn(ctx.doc, s.path, () => r.iv), variant: r.variant };
};

// ----- input fields

G.INPUT_FIELD_ADDED = (ctx) => {
  const t = choose(ctx, ctx.idx.ofKind('INPUT_OBJECT').map((n) => ({ type: n })));
  if (!t) return null;
  const i = ctx.idx.types.get(t.type);
  const used = new Set(ctx.doc.definitions[i].fields.map((f) => f.name.value));
  const shape = ctx.rng.pick(ARG_SHAPES);
  const f = makeInputValueRetry(ctx, freshFieldName(ctx.rng, used), shape, randomInputType(ctx, t.type));
  if (!f) return null;
  return { new: updateIn(ctx.doc, ['definitions', i, 'fields'], (fs) => [...fs, f]), variant: shape };
};

G.INPUT_FIELD_REMOVED = (ctx) => {
  const s = choose(ctx, ctx.idx.inputFieldSites().filter((x) => ctx.idx.def(x.type).fields.length > 1));
  if (!s) return null;
  return { new: updateIn(ctx.doc, ['definitions', s.i, 'fields'], (fs) => fs.filter((_, k) => k !== s.fi)), variant: argShape(s.arg) };
};

G.INPUT_FIELD_TYPE_CHANGED = (ctx) => {
  const s = choose(ctx, ctx.idx.inputFieldSites());
  if (!s) return null;
  const { v, fn } = typeChangeOf(ctx, s.arg);
  return { new: updateIn(ctx.doc, s.path, fn), variant: v };
};

G.INPUT_FIELD_DEFAULT_CHANGED = (ctx) => {
  const sites = ctx.idx.inputFieldSites();
  const withDefault = sites.filter((s) => s.arg.defaultValue);
  const s = choose(ctx, withDefault.length && ctx.rng.chance(0.6) ? withDefault : sites);
  if (!s) return null;
  const r = defaultChange(ctx, s.arg);
  if (!r) return null;
  return { new: updateIn(ctx.doc, s.path, () => r.iv), variant: r.variant };
};

// ----- enums and unions

G.ENUM_VALUE_ADDED = (ctx) => {
  const t = choose(ctx, ctx.idx.ofKind('ENUM').map((n) => ({ type: n })));
  if (!t) return null;
  const i = ctx.idx.types.get(t.type);
  const used = new Set(ctx.doc.definitions[i].values.map((v) => v.name.value));
  const v = { kind: K.ENUM_VALUE_DEFINITION, name: nameN(freshEnumValue(ctx.rng, used)), directives: [], description: ctx.rng.chance(0.2) ? randomDescription(ctx.rng) : undefined };
  return { new: updateIn(ctx.doc, ['definitions', i, 'values'], (vs) => [...vs, v]), variant: ctx.idx.enumUsage(t.type) };
};

G.ENUM_VALUE_REMOVED = (ctx) => {
  const lits = ctx.idx.literalEnumNames();
  const cands = [];
  for (const n of ctx.idx.ofKind('ENUM')) {
    const d = ctx.idx.def(n);
    if (d.values.length < 2) continue;
    d.values.forEach((v, vi) => { if (!lits.has(v.name.value)) cands.push({ type: n, vi }); });
  }
  const c = choose(ctx, cands);
  if (!c) return null;
  const i = ctx.idx.types.get(c.type);
  return { new: updateIn(ctx.doc, ['definitions', i, 'values'], (vs) => vs.filter((_, k) => k !== c.vi)), variant: ctx.idx.enumUsage(c.type) };
};

G.UNION_MEMBER_ADDED = (ctx) => {
  const objs = ctx.idx.ofKind('OBJECT');
  const cands = ctx.idx.ofKind('UNION').map((n) => ({ type: n }))
    .filter((c) => objs.some((o) => !ctx.idx.def(c.type).types.some((t) => t.name.value === o)));
  const c = choose(ctx, cands);
  if (!c) return null;
  const d = ctx.idx.def(c.type);
  const free = objs.filter((o) => !d.types.some((t) => t.name.value === o));
  const nonRoot = free.filter((o) => !ctx.idx.rootSet.has(o));
  const m = ctx.rng.pick(nonRoot.length ? nonRoot : free);
  return { new: setDef(ctx.doc, ctx.idx.types.get(c.type), { ...d, types: [...d.types, namedT(m)] }), variant: null };
};

G.UNION_MEMBER_REMOVED = (ctx) => {
  const c = choose(ctx, ctx.idx.ofKind('UNION').filter((n) => ctx.idx.def(n).types.length > 1).map((n) => ({ type: n })));
  if (!c) return null;
  const d = ctx.idx.def(c.type);
  const k = ctx.rng.int(d.types.length);
  return { new: setDef(ctx.doc, ctx.idx.types.get(c.type), { ...d, types: d.types.filter((_, j) => j !== k) }), variant: null };
};

// ----- interfaces

G.INTERFACE_ADDED = (ctx) => {
  const { idx, rng } = ctx;
  const ifaces = idx.ofKind('INTERFACE');
  if (!ifaces.length) return null;
  // choose the interface first (focus applies to it), then an object not implementing it
  const I = choose(ctx, ifaces.map((n) => ({ type: n })));
  const objs = idx.ofKind('OBJECT').filter((o) => !(idx.def(o).interfaces || []).some((i) => i.name.value === I.type));
  const o = rng.pick(objs);
  if (!o) return null;
  const od = idx.def(o);
  const have = new Set((od.interfaces || []).map((i) => i.name.value));
  const added = interfaceClosure(idx, I.type).filter((n) => !have.has(n));
  const fields = od.fields.slice();
  let addedFields = 0;
  for (const n of added)
    for (const f of idx.def(n).fields || [])
      if (!fields.some((g) => g.name.value === f.name.value)) {
        fields.push({ ...f, directives: (f.directives || []).filter((u) => u.name.value !== 'deprecated') });
        addedFields++;
      }
  const nd = { ...od, interfaces: [...(od.interfaces || []), ...added.map(namedT)], fields };
  const variant = (addedFields ? 'fields-added' : 'fields-present') + (added.length > 1 ? '-with-inherited' : '');
  return { new: setDef(ctx.doc, idx.types.get(o), nd), variant };
};

G.INTERFACE_REMOVED = (ctx) => {
  const { idx } = ctx;
  const cands = [];
  for (const n of idx.types.keys()) {
    const d = idx.def(n);
    (d.interfaces || []).forEach((it, k) => cands.push({ type: n, k, iface: it.name.value }));
  }
  const c = choose(ctx, cands, (x) => (ctx.focus.has(x.iface) ? x.iface : x.type));
  if (!c) return null;
  const d = idx.def(c.type);
  const nd = { ...d, interfaces: d.interfaces.filter((_, j) => j !== c.k) };
  return { new: setDef(ctx.doc, idx.types.get(c.type), nd), variant: idx.kindOf(c.type).toLowerCase() };
};

// ----- directives

function customDirectives(ctx, pred = () => true) {
  return [...ctx.idx.dirs.keys()].filter((n) => !BUILTIN_DIRECTIVES.has(n)).map((n) => ({ type: '@' + n, name: n, def: ctx.idx.dirDef(n), i: ctx.idx.dirs.get(n) })).filter((c) => pred(c.def));
}
function removeUses(doc, dname, pred = () => true) {
  return mapDirectiveUses(doc, (dirs, loc) => {
    const nd = dirs.filter((u) => !(u.name.value === dname && pred(loc, u)));
    return nd.length === dirs.length ? dirs : nd;
  });
}

G.DIRECTIVE_ADDED = (ctx) => {
  const d = randomDirectiveDef(ctx, {});
  return { new: addDefs(ctx.doc, [d]), variant: locClass(dirLocs(d)) };
};

G.DIRECTIVE_REMOVED = (ctx) => {
  const c = choose(ctx, customDirectives(ctx));
  if (!c) return null;
  let doc = removeUses(ctx.doc, c.name);
  doc = { ...doc, definitions: doc.definitions.filter((_, k) => k !== c.i) };
  return { new: doc, variant: locClass(dirLocs(c.def)) };
};

G.DIRECTIVE_LOCATION_ADDED = (ctx) => {
  const all = [...EXEC_LOCATIONS, ...TS_LOCATIONS];
  const c = choose(ctx, customDirectives(ctx, (d) => dirLocs(d).length < all.length));
  if (!c) return null;
  const missing = all.filter((l) => !dirLocs(c.def).includes(l));
  const l = ctx.rng.pick(missing);
  const locs = all.filter((x) => x === l || dirLocs(c.def).includes(x));
  return { new: setDef(ctx.doc, c.i, { ...c.def, locations: locs.map(nameN) }), variant: locClass([l]) };
};

G.DIRECTIVE_LOCATION_REMOVED = (ctx) => {
  const c = choose(ctx, customDirectives(ctx, (d) => d.locations.length > 1));
  if (!c) return null;
  const l = ctx.rng.pick(dirLocs(c.def));
  let doc = setDef(ctx.doc, c.i, { ...c.def, locations: c.def.locations.filter((x) => x.value !== l) });
  doc = removeUses(doc, c.name, (loc) => loc === l);
  return { new: doc, variant: locClass([l]) };
};

function mapUsesOf(doc, dname, fn) {
  return mapDirectiveUses(doc, (dirs) => {
    let changed = false;
    const nd = dirs.map((u) => {
      if (u.name.value !== dname) return u;
      const r = fn(u);
      if (r !== u) changed = true;
      return r;
    });
    return changed ? nd : dirs;
  });
}

G.DIRECTIVE_ARGUMENT_ADDED = (ctx) => {
  const c = choose(ctx, customDirectives(ctx));
  if (!c) return null;
  const used = new Set((c.def.arguments || []).map((a) => a.name.value));
  const shape = ctx.rng.pick(ARG_SHAPES);
  const pool = ctx.rng.chance(0.7) ? BUILTIN_SCALARS : ctx.idx.inputNames();
  const a = makeInputValueRetry(ctx, freshFieldName(ctx.rng, used), shape, wrapPattern(ctx.rng.pick(pool), ctx.rng.pick(IN_PATTERNS)));
  if (!a) return null;
  let doc = setDef(ctx.doc, c.i, { ...c.def, arguments: [...(c.def.arguments || []), a] });
  if (shape === 'required') {
    doc = mapUsesOf(doc, c.name, (u) => {
      const v = randomValue(a.type, ctx.idx, ctx.rng);
      return { ...u, arguments: [...(u.arguments || []), { kind: K.ARGUMENT, name: nameN(a.name.value), value: v }] };
    });
  }
  return { new: doc, variant: shape };
};

G.DIRECTIVE_ARGUMENT_REMOVED = (ctx) => {
  const c = choose(ctx, customDirectives(ctx, (d) => (d.arguments || []).length > 0));
  if (!c) return null;
  const a = ctx.rng.pick(c.def.arguments);
  let doc = setDef(ctx.doc, c.i, { ...c.def, arguments: c.def.arguments.filter((x) => x !== a) });
  doc = stripDirectiveArgs(doc, [[c.name, a.name.value]]);
  return { new: doc, variant: argShape(a) };
};

G.DIRECTIVE_ARGUMENT_TYPE_CHANGED = (ctx) => {
  const c = choose(ctx, customDirectives(ctx, (d) => (d.arguments || []).length > 0));
  if (!c) return null;
  const ai = ctx.rng.int(c.def.arguments.length);
  const a = c.def.arguments[ai];
  const { v, fn } = typeChangeOf(ctx, a);
  const na = fn(a);
  let doc = setDef(ctx.doc, c.i, { ...c.def, arguments: c.def.arguments.map((x, k) => (k === ai ? na : x)) });
  // keep the uses valid for the new type
  doc = mapUsesOf(doc, c.name, (u) => {
    const args = u.arguments || [];
    const cur = args.find((x) => x.name.value === a.name.value);
    if (cur && isValidLiteral(cur.value, na.type, ctx.idx)) return u;
    if (!cur && !(isNN(na.type) && !na.defaultValue)) return u;
    const val = randomValue(na.type, ctx.idx, ctx.rng);
    const rest = args.filter((x) => x !== cur);
    return { ...u, arguments: val ? [...rest, { kind: K.ARGUMENT, name: nameN(a.name.value), value: val }] : rest };
  });
  return { new: doc, variant: v };
};

G.DIRECTIVE_REPEATABLE_ADDED = (ctx) => {
  const c = choose(ctx, customDirectives(ctx, (d) => !d.repeatable));
  if (!c) return null;
  return { new: setDef(ctx.doc, c.i, { ...c.def, repeatable: true }), variant: locClass(dirLocs(c.def)) };
};

G.DIRECTIVE_REPEATABLE_REMOVED = (ctx) => {
  const repeated = new Set();
  for (const s of sitesOf(ctx.doc)) {
    const seen = new Set();
    for (const u of s.node.directives || []) {
      if (seen.has(u.name.value)) repeated.add(u.name.value);
      seen.add(u.name.value);
    }
  }
  const c = choose(ctx, customDirectives(ctx, (d) => d.repeatable && !repeated.has(d.name.value)));
  if (!c) return null;
  return { new: setDef(ctx.doc, c.i, { ...c.def, repeatable: false }), variant: locClass(dirLocs(c.def)) };
};

G.DIRECTIVE_USAGE_ADDED = (ctx) => {
  const { idx, rng } = ctx;
  const sites = [...sitesOf(ctx.doc)];
  const options = [];
  const custom = customDirectives(ctx, (d) => dirLocs(d).some((l) => TS_LOCATIONS.includes(l)));
  if (custom.length) options.push('custom', 'custom');
  const notDep = (s) => !hasDirective(s.node, 'deprecated');
  const optionalIv = (s) => !(isNN(s.node.type) && !s.node.defaultValue);
  const dep = {
    'deprecated-field': sites.filter((s) => s.loc === 'FIELD_DEFINITION' && notDep(s)),
    'deprecated-enum-value': sites.filter((s) => s.loc === 'ENUM_VALUE' && notDep(s)),
    'deprecated-argument': sites.filter((s) => s.loc === 'ARGUMENT_DEFINITION' && notDep(s) && optionalIv(s) && s.path[2] === 'fields'),
    'deprecated-input-field': sites.filter((s) => s.loc === 'INPUT_FIELD_DEFINITION' && notDep(s) && optionalIv(s)),
    specifiedBy: sites.filter((s) => s.loc === 'SCALAR' && !hasDirective(s.node, 'specifiedBy')),
    oneOf: sites.filter((s) => s.loc === 'INPUT_OBJECT' && !hasDirective(s.node, 'oneOf') && s.node.fields.every((f) => !isNN(f.type) && !f.defaultValue)),
  };
  for (const [k, v] of Object.entries(dep)) if (v.length) options.push(k);
  const v = rng.pick(options);
  if (!v) return null;
  if (v === 'custom') {
    const c = choose(ctx, custom);
    const locs = dirLocs(c.def);
    const ok = sites.filter((s) => locs.includes(s.loc) && (c.def.repeatable || !hasDirective(s.node, c.name)));
    const s = choose(ctx, ok.map((x) => ({ ...x, type: idx.doc.definitions[x.path[1]].name?.value })));
    if (!s) return null;
    const u = makeUse(ctx, c.def);
    if (!u) return null;
    return { new: updateIn(ctx.doc, [...s.path, 'directives'], (ds) => [...(ds || []), u]), variant: 'custom-' + locClass(locs) };
  }
  const s = choose(ctx, dep[v].map((x) => ({ ...x, type: idx.doc.definitions[x.path[1]].name?.value })));
  let u;
  if (v === 'specifiedBy') u = directiveUse('specifiedBy', [['url', strV(`https://example.com/${rng.pick(WORDS)}`)]]);
  else if (v === 'oneOf') u = directiveUse('oneOf');
  else u = directiveUse('deprecated', rng.chance(0.6) ? [['reason', strV(randomText(rng))]] : []);
  return { new: updateIn(ctx.doc, [...s.path, 'directives'], (ds) => [...(ds || []), u]), variant: v };
};

G.DIRECTIVE_USAGE_REMOVED = (ctx) => {
  const uses = [];
  for (const s of sitesOf(ctx.doc))
    (s.node.directives || []).forEach((u, k) => uses.push({ s, k, name: u.name.value, type: '@' + u.name.value }));
  const byKind = (u) => (BUILTIN_DIRECTIVES.has(u.name) ? u.name : 'custom');
  const kinds = [...new Set(uses.map(byKind))];
  const kind = ctx.rng.pick(kinds);
  const c = choose(ctx, uses.filter((u) => byKind(u) === kind));
  if (!c) return null;
  const doc = updateIn(ctx.doc, [...c.s.path, 'directives'], (ds) => ds.filter((_, k) => k !== c.k));
  const variant = kind === 'custom' ? 'custom-' + locClass(dirLocs(ctx.idx.dirDef(c.name))) : kind;
  return { new: doc, variant };
};

// ----- root operation types

function schemaDefWith(idx, roots) {
  const old = idx.schemaIdx >= 0 ? idx.doc.definitions[idx.schemaIdx] : { kind: K.SCHEMA_DEFINITION, directives: [] };
  const ops = ['query', 'mutation', 'subscription'].filter((o) => roots[o]);
  return { ...old, operationTypes: ops.map((o) => ({ kind: K.OPERATION_TYPE_DEFINITION, operation: o, type: namedT(roots[o]) })) };
}
function withSchemaDef(doc, idx, roots) {
  const sd = schemaDefWith(idx, roots);
  if (idx.schemaIdx >= 0) return setDef(doc, idx.schemaIdx, sd);
  return { ...doc, definitions: [sd, ...doc.definitions] };
}

G.ROOT_TYPE_CHANGED = (ctx) => {
  const { idx, rng } = ctx;
  const roots = idx.roots;
  const others = idx.ofKind('OBJECT').filter((o) => !idx.rootSet.has(o));
  const variants = [];
  for (const op of ['query', 'mutation', 'subscription']) {
    if (roots[op] && ctx.allowOld) variants.push(op + '-copy');
    if (roots[op] && op !== 'query') variants.push(op + '-removed');
    if (!roots[op] && others.length) variants.push(op + '-added');
  }
  if (others.length) variants.push('query-replaced');
  const v = rng.pick(variants);
  if (!v) return null;
  const [op, what] = v.split('-');
  switch (what) {
    case 'copy': {
      const src = idx.def(roots[op]);
      const n = freshTypeName(ctx, cap(op));
      const oldDoc = addDefs(ctx.doc, [{ ...src, name: nameN(n) }]);
      const newDoc = withSchemaDef(oldDoc, idx, { ...roots, [op]: n });
      return { old: oldDoc, new: newDoc, variant: v };
    }
    case 'removed': {
      // drop the schema entry and the type (with its references)
      let doc = removeTypeAndRefs(ctx.doc, roots[op]);
      if (idx.schemaIdx < 0 && Object.keys(roots).length) {
        // default root names: nothing else to do, the type is gone
      }
      return { new: doc, variant: v };
    }
    case 'added':
    case 'replaced': {
      const t = rng.pick(others);
      return { new: withSchemaDef(ctx.doc, idx, { ...roots, [op]: t }), variant: v };
    }
  }
  return null;
};

const KINDS = [
  'TYPE_ADDED', 'TYPE_REMOVED', 'TYPE_KIND_CHANGED',
  'FIELD_ADDED', 'FIELD_REMOVED', 'FIELD_DEPRECATED_REMOVED', 'FIELD_TYPE_CHANGED', 'FIELD_DEPRECATION_ADDED', 'FIELD_DESCRIPTION_CHANGED',
  'ARGUMENT_ADDED', 'ARGUMENT_REMOVED', 'ARGUMENT_TYPE_CHANGED', 'ARGUMENT_DEFAULT_CHANGED',
  'INPUT_FIELD_ADDED', 'INPUT_FIELD_REMOVED', 'INPUT_FIELD_TYPE_CHANGED', 'INPUT_FIELD_DEFAULT_CHANGED',
  'ENUM_VALUE_ADDED', 'ENUM_VALUE_REMOVED',
  'UNION_MEMBER_ADDED', 'UNION_MEMBER_REMOVED',
  'INTERFACE_ADDED', 'INTERFACE_REMOVED',
  'DIRECTIVE_ADDED', 'DIRECTIVE_REMOVED', 'DIRECTIVE_LOCATION_ADDED', 'DIRECTIVE_LOCATION_REMOVED',
  'DIRECTIVE_ARGUMENT_ADDED', 'DIRECTIVE_ARGUMENT_REMOVED', 'DIRECTIVE_ARGUMENT_TYPE_CHANGED',
  'DIRECTIVE_REPEATABLE_ADDED', 'DIRECTIVE_REPEATABLE_REMOVED',
  'DIRECTIVE_USAGE_ADDED', 'DIRECTIVE_USAGE_REMOVED',
  'ROOT_TYPE_CHANGED',
];
// kinds that profit most from the size of the huge schemas get their few slots first
const HUGE_PREFERENCE = [
  'TYPE_REMOVED', 'FIELD_TYPE_CHANGED', 'ARGUMENT_DEFAULT_CHANGED', 'INPUT_FIELD_DEFAULT_CHANGED', 'UNION_MEMBER_REMOVED',
  'INTERFACE_REMOVED', 'ENUM_VALUE_REMOVED', 'TYPE_KIND_CHANGED', 'FIELD_DEPRECATED_REMOVED', 'ARGUMENT_TYPE_CHANGED',
  'INPUT_FIELD_TYPE_CHANGED', 'DIRECTIVE_USAGE_REMOVED', 'ROOT_TYPE_CHANGED',
];

// --------------------------------------------------------------------------
// corpus loading

function normalizeDoc(doc) {
  // drop later duplicate fields / enum values / input fields of the same type (keep the first)
  const seen = new Map();
  let removed = 0;
  const defs = doc.definitions.flatMap((d) => {
    if (!d.name || !(TYPE_KIND[d.kind] || d.kind.endsWith('Extension'))) return [d];
    const key = d.name.value;
    if (!seen.has(key)) seen.set(key, new Set());
    const s = seen.get(key);
    const dedupe = (list) =>
      list.filter((x) => {
        if (s.has(x.name.value)) {
          removed++;
          return false;
        }
        s.add(x.name.value);
        return true;
      });
    let nd = d;
    if (d.fields) nd = { ...d, fields: dedupe(d.fields) };
    else if (d.values) nd = { ...d, values: dedupe(d.values) };
    // an extension left with nothing to add would not print as valid SDL
    const empty = (x) => !x || !x.length;
    if (nd !== d && d.kind.endsWith('Extension') && empty(nd.fields) && empty(nd.values) && empty(nd.directives) && empty(nd.interfaces)) return [];
    return [nd];
  });
  return { doc: { ...doc, definitions: defs }, removed };
}

function buildValid(sdl) {
  let schema;
  try {
    schema = buildSchema(sdl);
  } catch (e) {
    return { err: e.message.split('\n')[0] };
  }
  const errs = validateSchema(schema);
  if (errs.length) return { err: errs[0].message.split('\n')[0] };
  return { schema };
}

function loadCorpus(dir) {
  const files = fs.readdirSync(dir).filter((f) => f.endsWith('.graphql')).sort();
  const bases = [];
  for (const file of files) {
    const src = fs.readFileSync(path.join(dir, file), 'utf8');
    let doc;
    try {
      doc = parse(src, { noLocation: true });
    } catch (e) {
      process.stderr.write(`skip ${file}: does not parse: ${e.message.split('\n')[0]}\n`);
      continue;
    }
    const { doc: norm, removed } = normalizeDoc(doc);
    const normalized = print(norm);
    let baseDoc;
    try {
      baseDoc = deepFreeze(parse(normalized, { noLocation: true }));
    } catch (e) {
      process.stderr.write(`skip ${file}: normalized SDL does not parse: ${e.message.split('\n')[0]}\n`);
      continue;
    }
    const sdl = print(baseDoc);
    const b = buildValid(sdl);
    if (b.err) {
      process.stderr.write(`skip ${file}: ${b.err}\n`);
      continue;
    }
    const idx = new Index(baseDoc);
    const problems = new Set(literalProblems(baseDoc, idx));
    const size = sdl.length;
    const cls = size >= 500_000 ? 'huge' : size >= 100_000 ? 'large' : size >= 10_000 ? 'medium' : 'small';
    process.stderr.write(`base ${file}: ${size} chars printed, class ${cls}` +
      (removed ? `, ${removed} duplicate definition(s) removed` : '') +
      (problems.size ? `, ${problems.size} pre-existing invalid literal(s)` : '') + '\n');
    bases.push({ file, doc: baseDoc, sdl, schema: b.schema, idx, cls, problems });
  }
  return bases;
}

// --------------------------------------------------------------------------
// main loop

function main() {
  const opt = parseArgs(process.argv.slice(2));
  const t0 = performance.now();
  const bases = loadCorpus(opt.corpus);
  const small = bases.filter((b) => b.cls === 'small');
  const fallback = small.length ? small : bases.filter((b) => b.cls === 'medium');
  if (!fallback.length) die('no small or medium schema to fall back on');
  const tLoad = performance.now();

  const fd = fs.openSync(opt.out, 'w');
  for (const b of bases) fs.writeSync(fd, JSON.stringify({ base: b.file, sdl: b.sdl }) + '\n');

  // per-kind slot counts on the non-small classes
  const avg = { huge: opt.huge, large: opt.large, medium: opt.medium };
  const capPerKind = { huge: 3, large: 15, medium: Infinity };
  const quota = new Map(); // kind -> [[base, count]]
  for (const k of KINDS) quota.set(k, []);
  for (const b of bases) {
    if (b.cls === 'small') continue;
    const total = Math.round(avg[b.cls] * KINDS.length);
    const each = Math.min(Math.floor(avg[b.cls]), capPerKind[b.cls]);
    const order = b.cls === 'huge'
      ? [...HUGE_PREFERENCE, ...KINDS.filter((k) => !HUGE_PREFERENCE.includes(k))]
      : new Rng(hashSeed(opt.seed, 'order:' + b.file)).shuffle(KINDS);
    let rest = total - each * KINDS.length;
    for (const k of order) {
      let n = each;
      if (rest > 0 && n < capPerKind[b.cls]) {
        n++;
        rest--;
      }
      if (n) quota.get(k).push([b, n]);
    }
  }

  const seen = new Set();
  const stats = { perKind: {}, perSchema: {}, variants: {}, rejected: {}, reasons: {}, threw: {} };
  const bump = (o, k, n = 1) => (o[k] = (o[k] || 0) + n);
  const timePerSchema = {};

  for (const kind of KINDS) {
    const rng = new Rng(hashSeed(opt.seed, kind));
    const slots = [];
    for (const [b, n] of quota.get(kind)) for (let i = 0; i < n && slots.length < opt.perKind; i++) slots.push(b);
    let rr = 0;
    while (slots.length < opt.perKind) slots.push(fallback[rr++ % fallback.length]);
    let n = 0;
    let fb = 0;
    for (const slot of slots) {
      let rec = attempt(kind, slot, rng, n + 1);
      // a slot that cannot be filled on its schema moves to a small one
      for (let k = 0; !rec && k < fallback.length; k++) rec = attempt(kind, fallback[fb++ % fallback.length], rng, n + 1);
      if (!rec) continue;
      fs.writeSync(fd, JSON.stringify(rec) + '\n');
      n++;
    }
    bump(stats.perKind, kind, n);
    if (n < opt.perKind) process.stderr.write(`note: ${kind} reached only ${n} of ${opt.perKind} valid edits\n`);
  }
  fs.closeSync(fd);

  function attempt(kind, base, rng, n) {
    const maxTries = { huge: 4, large: 8, medium: 15, small: 80 }[base.cls];
    const canAug = base.cls === 'small' || base.cls === 'medium';
    const tStart = performance.now();
    let forceAug = false;
    try {
      for (let t = 0; t < maxTries; t++) {
        const ctx = { rng, doc: base.doc, idx: base.idx, allowOld: canAug, focus: new Set(), taken: new Set(), schema: base.file };
        const reject = (why) => {
          bump(stats.rejected, kind);
          if (opt.verbose) bump(stats.reasons, `${kind}: ${why.replace(/"[^"]*"/g, '"…"').slice(0, 90)}`);
        };
        // OLD-side augmentation of small schemas
        const isDirKind = kind.startsWith('DIRECTIVE_');
        if (canAug && (forceAug || (base.cls === 'small' && rng.chance(opt.aug)))) {
          const preps = prepsFor(kind);
          let doc = base.doc;
          const steps = rng.chance(0.25) ? 2 : 1;
          for (let s = 0; s < steps && doc; s++) {
            const p = s === 0 ? rng.pick(preps) : rng.pick(['object', 'enum', 'input', 'args', 'union', 'interface']);
            const pctx = { ...ctx, doc, idx: doc === base.doc ? base.idx : new Index(doc) };
            doc = p === 'directives' ? PREP.directives(pctx, DIRECTIVE_HINTS[kind] || {}) : PREP[p](pctx);
          }
          if (!doc) {
            reject('prep failed');
            continue;
          }
          ctx.doc = doc;
          ctx.idx = new Index(doc);
        }
        if (isDirKind && kind !== 'DIRECTIVE_ADDED' && kind !== 'DIRECTIVE_USAGE_ADDED' && kind !== 'DIRECTIVE_USAGE_REMOVED' && !customDirectives(ctx).length) {
          if (!canAug) return null;
          forceAug = true;
          reject('no custom directive');
          continue;
        }
        const res = G[kind](ctx);
        if (!res) {
          if (!canAug) return null;
          forceAug = true;
          reject('no target');
          continue;
        }
        const oldDoc = res.old || ctx.doc;
        const oldIsBase = oldDoc === base.doc;
        const q = quickCheck(res.new);
        if (q) {
          reject(q);
          continue;
        }
        const oldSdl = oldIsBase ? base.sdl : print(oldDoc);
        const newSdl = print(res.new);
        if (oldSdl === newSdl) {
          reject('no textual change');
          continue;
        }
        const key = crypto.createHash('sha1').update(base.file).update('\0').update(oldSdl).update('\0').update(newSdl).digest('hex');
        if (seen.has(key)) {
          reject('duplicate');
          if (canAug) forceAug = rng.chance(0.5);
          continue;
        }
        let oldSchema = base.schema;
        if (!oldIsBase) {
          const o = buildValid(oldSdl);
          if (o.err) {
            reject('OLD: ' + o.err);
            continue;
          }
          oldSchema = o.schema;
          const lp = literalProblems(oldDoc, new Index(oldDoc)).filter((p) => !base.problems.has(p));
          if (lp.length) {
            reject('OLD literal: ' + lp[0]);
            continue;
          }
        }
        const nb = buildValid(newSdl);
        if (nb.err) {
          reject('NEW: ' + nb.err);
          continue;
        }
        const lp = literalProblems(res.new, new Index(res.new)).filter((p) => !base.problems.has(p));
        if (lp.length) {
          reject('NEW literal: ' + lp[0]);
          continue;
        }
        let breaking, dangerous;
        try {
          breaking = findBreakingChanges(oldSchema, nb.schema).map((c) => ({ type: c.type, description: c.description }));
          dangerous = findDangerousChanges(oldSchema, nb.schema).map((c) => ({ type: c.type, description: c.description }));
        } catch (e) {
          // e.g. astFromValue cannot print an object default of a custom scalar
          bump(stats.threw, `${kind} ${res.variant ?? '-'}: ${e.message.split('\n')[0].slice(0, 80)}`);
          reject('graphql-js threw: ' + e.message);
          continue;
        }
        seen.add(key);
        bump(stats.perSchema, base.file);
        bump(stats.variants, `${kind} ${res.variant ?? '-'}`);
        return {
          id: `${kind}-${n}`,
          kind,
          variant: res.variant ?? null,
          schema: base.file,
          old: oldIsBase ? null : oldSdl,
          new: newSdl,
          breaking,
          dangerous,
        };
      }
      return null;
    } finally {
      bump(timePerSchema, base.file, performance.now() - tStart);
    }
  }

  const t1 = performance.now();
  const size = fs.statSync(opt.out).size;
  const w = (s) => process.stderr.write(s + '\n');
  w(`graphql-js ${graphqlVersion}, seed ${opt.seed}, ${opt.perKind} per kind`);
  w('per kind (valid / rejected attempts):');
  for (const k of KINDS) w(`  ${k.padEnd(32)} ${String(stats.perKind[k] || 0).padStart(5)} / ${stats.rejected[k] || 0}`);
  w('per schema (cases, generation time):');
  for (const b of bases) w(`  ${b.file.padEnd(40)} ${String(stats.perSchema[b.file] || 0).padStart(6)}  ${((timePerSchema[b.file] || 0) / 1000).toFixed(1)} s`);
  const total = Object.values(stats.perKind).reduce((a, b) => a + b, 0);
  w(`total ${total} cases, ${(size / 1e6).toFixed(1)} MB written to ${opt.out}`);
  w(`time: load ${((tLoad - t0) / 1000).toFixed(1)} s, total ${((t1 - t0) / 1000).toFixed(1)} s`);
  for (const [k, v] of Object.entries(stats.threw)) w(`findBreakingChanges threw (case dropped) ${v}x: ${k}`);
  if (opt.verbose) {
    w('variants:');
    for (const [k, v] of Object.entries(stats.variants)) w(`  ${k}: ${v}`);
    w('rejection reasons:');
    for (const [k, v] of Object.entries(stats.reasons).sort((a, b) => b[1] - a[1]).slice(0, 80)) w(`  ${v}  ${k}`);
  }
}

main();
