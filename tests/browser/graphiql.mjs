// Browser test of the GraphiQL page: opens <base>/graphql in Debian's
// Chromium as a person would, types headers into GraphiQL's header editor,
// runs `{ links { id url } }` and checks the result pane shows "links" and
// that the POST carried the JSON content type, the GraphQL Accept and the
// typed headers. Fails if the page is stuck, throws, or asks any host other
// than <base>'s for anything (the IDE must work offline).
//
//   npm ci && node graphiql.mjs http://127.0.0.1:PORT
//
// GRAPHIQL_AUTH, if set, is typed in as the Authorization header (e.g.
// "JWT <token>") for a server that wants one for `links`; a harmless
// X-GraphiQL-Test header is always typed in, to check the header editor.
// Exit 0 on success (screenshot in /tmp/graphiql-ok.png); 1 on failure
// (screenshot in /tmp/graphiql-failure.png); 2 on bad usage.
import { chromium } from 'playwright-core';

const QUERY = '{ links { id url } }';
const AUTH = process.env.GRAPHIQL_AUTH || '';
const HEADERS = { 'X-GraphiQL-Test': 'header-editor', ...(AUTH ? { Authorization: AUTH } : {}) };
const TIMEOUT_MS = 30_000;

if (!process.argv[2]) {
  console.error('usage: node graphiql.mjs BASE_URL   (e.g. http://127.0.0.1:8080)');
  process.exit(2);
}
const base = new URL(process.argv[2]);
const target = new URL('graphql', base.href.endsWith('/') ? base : base.href + '/');

const foreign = []; // requests to any other host: none are allowed
const pageErrors = [];

const browser = await chromium.launch({
  executablePath: '/usr/bin/chromium',
  args: [
    '--headless',
    '--no-sandbox',
    '--disable-gpu',
    '--disable-quic',
    '--no-first-run',
    '--disable-background-networking',
    '--disable-component-update',
    '--disable-sync',
  ],
});
const page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
page.setDefaultTimeout(TIMEOUT_MS);

// Record every request; refuse, and remember, those to other hosts.
await page.route('**/*', (route) => {
  const url = new URL(route.request().url());
  if (url.origin !== base.origin) {
    foreign.push(`${route.request().method()} ${url.href}`);
    return route.abort('blockedbyclient');
  }
  return route.continue();
});
page.on('pageerror', (err) => pageErrors.push(String(err)));
page.on('console', (msg) => {
  if (msg.type() === 'error') console.error(`console error: ${msg.text()}`);
});

function check(ok, message) {
  if (!ok) throw new Error(message);
}

// The text of the CodeMirror editor inside `selector`.
function editorValue(selector) {
  return page.evaluate((sel) => {
    const cm = document.querySelector(`${sel} .CodeMirror`);
    return cm && cm.CodeMirror ? cm.CodeMirror.getValue() : null;
  }, selector);
}

function setEditorValue(selector, value) {
  return page.evaluate(
    ([sel, val]) => document.querySelector(`${sel} .CodeMirror`).CodeMirror.setValue(val),
    [selector, value],
  );
}

let failed = false;
try {
  // A normal navigation: Chromium sends Accept: text/html,...
  const response = await page.goto(target.href, { waitUntil: 'load' });
  check(response && response.ok(), `GET ${target.href}: HTTP ${response && response.status()}`);
  const contentType = response.headers()['content-type'] || '';
  check(contentType.startsWith('text/html'), `GET ${target.href}: content-type ${contentType}`);

  // Rendered: the editor is up and "Loading…" is gone.
  await page.waitForSelector('.graphiql-container .graphiql-query-editor .CodeMirror');
  await page.waitForFunction(() => !document.body.innerText.includes('Loading…'));

  // The header editor: open its tab and type the headers.
  await page.click('.graphiql-editor-tools button[data-name="headers"]');
  const headerEditor = 'section.graphiql-editor-tool[aria-label="Headers"] .graphiql-editor:not(.hidden)';
  await page.waitForSelector(`${headerEditor} .CodeMirror`, { state: 'visible' });
  await setEditorValue(headerEditor, JSON.stringify(HEADERS, null, 2));

  await setEditorValue('.graphiql-query-editor', QUERY);
  const before = await editorValue('.graphiql-response');
  check(!(before || '').includes('"links"'), `result pane shows "links" before the query ran:\n${before}`);

  const isQueryPost = (req) =>
    req.method() === 'POST' && req.url() === target.href && (req.postData() || '').includes('links');
  const [queryResponse] = await Promise.all([
    page.waitForResponse((res) => isQueryPost(res.request())),
    page.click('.graphiql-execute-button'),
  ]);

  await page
    .waitForFunction(() => {
      const cm = document.querySelector('.graphiql-response .CodeMirror');
      return cm && cm.CodeMirror && cm.CodeMirror.getValue().includes('"links"');
    })
    .catch(async () => {
      throw new Error(`result pane lacks "links" (HTTP ${queryResponse.status()}):\n${await editorValue('.graphiql-response')}`);
    });
  console.log(`result pane:\n${await editorValue('.graphiql-response')}`);

  const post = queryResponse.request();
  const sent = await post.allHeaders();
  check(sent['content-type'] === 'application/json', `POST content-type: ${sent['content-type']}`);
  check(
    sent.accept === 'application/graphql-response+json, application/json',
    `POST accept: ${sent.accept}`,
  );
  for (const [name, value] of Object.entries(HEADERS)) {
    check(sent[name.toLowerCase()] === value, `POST ${name}: ${sent[name.toLowerCase()]} (typed ${value})`);
  }
  check(JSON.parse(post.postData()).query === QUERY, `POST body: ${post.postData()}`);

  check(foreign.length === 0, `requests to other hosts:\n  ${foreign.join('\n  ')}`);
  check(pageErrors.length === 0, `uncaught errors in the page:\n  ${pageErrors.join('\n  ')}`);

  await page.screenshot({ path: '/tmp/graphiql-ok.png' });
  console.log('PASS: GraphiQL rendered offline and ran the query (screenshot /tmp/graphiql-ok.png)');
} catch (err) {
  failed = true;
  console.error(`FAIL: ${err.message}`);
  if (foreign.length) console.error(`requests to other hosts:\n  ${foreign.join('\n  ')}`);
  if (pageErrors.length) console.error(`uncaught errors in the page:\n  ${pageErrors.join('\n  ')}`);
  await page.screenshot({ path: '/tmp/graphiql-failure.png' }).catch(() => {});
  console.error('screenshot: /tmp/graphiql-failure.png');
} finally {
  await browser.close();
}
process.exit(failed ? 1 : 0);
