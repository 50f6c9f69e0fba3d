#!/usr/bin/env node
// GraphQL-over-HTTP conformance audit of a running GraphQL endpoint, using
// the `serverAudits` of the `graphql-http` package (the audits its authors
// run against servers for the GraphQL-over-HTTP spec).
//
// Usage: node audit.mjs http://127.0.0.1:PORT/graphql
//
// Prints one line per audit (status, id, name); for each that did not pass,
// the reason and the response it got (status, content type, body). Then a
// summary. Exit code: 0 when no audit is "error" or "warn" (a "notice" is a
// failed MAY and does not fail the run), 1 otherwise, 2 on bad usage.
//
// Environment:
//   AUDIT_ALLOW    audit ids (comma or space separated) whose "error" or
//                  "warn" is tolerated: still printed, but not counted
//                  against the exit code. Empty by default.
//   AUDIT_TIMEOUT  per-request timeout in milliseconds (default 10000).

import { serverAudits } from 'graphql-http';

const USAGE = 'usage: node audit.mjs http://127.0.0.1:PORT/graphql';
const BODY_LIMIT = 600;

function usage(message) {
  if (message) console.error(`audit: ${message}`);
  console.error(USAGE);
  process.exit(2);
}

const args = process.argv.slice(2);
if (args.length !== 1 || args[0] === '-h' || args[0] === '--help') usage();
let url;
try {
  url = new URL(args[0]);
} catch {
  usage(`not a URL: ${args[0]}`);
}
if (url.protocol !== 'http:' && url.protocol !== 'https:') {
  usage(`not an http(s) URL: ${args[0]}`);
}

const timeout = Number(process.env.AUDIT_TIMEOUT ?? 10000);
if (!Number.isFinite(timeout) || timeout <= 0) usage('AUDIT_TIMEOUT must be a positive number of milliseconds');

const allowed = new Set(
  (process.env.AUDIT_ALLOW ?? '')
    .split(/[\s,]+/)
    .map((id) => id.trim())
    .filter(Boolean),
);

// Node 20's global fetch, with a timeout on every request so that a hung
// server fails the audit instead of hanging the run. Each response is also
// cloned so that its body can still be shown after an audit has read it.
const copies = new WeakMap();
const fetchFn = async (input, init = {}) => {
  const response = await fetch(input, { ...init, signal: AbortSignal.timeout(timeout) });
  copies.set(response, response.clone());
  return response;
};

/** Describes the response a failed audit got, as far as it can be read. */
async function describe(response) {
  if (!response || typeof response.status !== 'number') return '    (no response)';
  const lines = [
    `    response: ${response.status} ${response.statusText ?? ''}`.trimEnd(),
    `    content-type: ${response.headers.get('content-type') ?? '(none)'}`,
  ];
  const allow = response.headers.get('allow');
  if (allow) lines.push(`    allow: ${allow}`);
  const readable = response.bodyUsed ? copies.get(response) : response;
  if (!readable || readable.bodyUsed) {
    lines.push('    body: (already read by the audit)');
  } else {
    try {
      let text = await readable.text();
      if (text.length > BODY_LIMIT) text = `${text.slice(0, BODY_LIMIT)}… (${text.length} chars)`;
      lines.push(`    body: ${text === '' ? '(empty)' : text}`);
    } catch (err) {
      lines.push(`    body: (unreadable: ${err?.message ?? err})`);
    }
  }
  return lines.join('\n');
}

const audits = serverAudits({ url: url.toString(), fetchFn });
const known = new Set(audits.map((a) => a.id));
const counts = { ok: 0, notice: 0, warn: 0, error: 0 };
const failing = []; // { id, status } counted against the exit code
const tolerated = []; // { id, status } failing but listed in AUDIT_ALLOW

console.log(`graphql-http server audits against ${url} (${audits.length} audits)`);

// One at a time, in the package's order: deterministic output, and no burst
// of concurrent requests against the server.
for (const audit of audits) {
  let result;
  try {
    result = await audit.fn();
  } catch (err) {
    // The audit threw something other than an assertion failure: fatal for
    // this audit (connection refused, timeout, ...). Count it as an error.
    const cause = err?.cause?.code ?? err?.cause?.message;
    result = {
      id: audit.id,
      name: audit.name,
      status: 'error',
      reason: `fatal: ${err?.message ?? err}${cause ? ` (${cause})` : ''}`,
      response: undefined,
    };
  }
  const status = result.status;
  counts[status] = (counts[status] ?? 0) + 1;
  const isFailure = status === 'error' || status === 'warn';
  const isAllowed = isFailure && allowed.has(result.id);
  const tag = isAllowed ? `${status.toUpperCase()} (allowed)` : status.toUpperCase();
  console.log(`${tag.padEnd(6)} ${result.id} ${result.name}`);
  if (status !== 'ok') {
    console.log(`    reason: ${result.reason}`);
    console.log(await describe(result.response));
  }
  if (isFailure) (isAllowed ? tolerated : failing).push({ id: result.id, status });
}

console.log('');
console.log(
  `summary: ${audits.length} audits: ${counts.ok} ok, ${counts.notice} notice, ` +
    `${counts.warn} warn, ${counts.error} error` +
    (tolerated.length ? ` (${tolerated.length} of them allowed by AUDIT_ALLOW)` : ''),
);
const list = (items) => items.map((f) => `${f.id}(${f.status})`).join(' ');
if (failing.length) console.log(`failing: ${list(failing)}`);
if (tolerated.length) console.log(`allowed: ${list(tolerated)}`);
const unknown = [...allowed].filter((id) => !known.has(id));
if (unknown.length) console.log(`note: AUDIT_ALLOW names unknown audit ids: ${unknown.join(' ')}`);
const stale = [...allowed].filter((id) => known.has(id) && !tolerated.some((t) => t.id === id));
if (stale.length) console.log(`note: AUDIT_ALLOW names audits that did not fail: ${stale.join(' ')}`);

console.log(failing.length ? 'audit: FAILED' : 'audit: PASSED');
process.exit(failing.length ? 1 : 0);
