// The graphql-ws and graphql-sse npm clients, subscribed to a GraphQL
// server as a frontend subscribes, reporting everything they see as JSON
// lines on stdout, so that a test can act on the server (post, shut down,
// restart) and check what the libraries made of it. Runs until killed.
//
//   node clients.mjs '<plan as JSON>'
//
// The plan: { "base": "http://127.0.0.1:PORT", "clients": [client…] }, each
// client {
//   "name": "ws",
//   "transport": "ws" | "sse",
//   "authorization": "JWT …",       // ws: the connection_init payload;
//                                   // sse: the Authorization header
//   "initDelayMs": 0,               // ws: connection_init this much later
//   "answerPings": true,            // ws: false answers no WebSocket ping
//   "retryAttempts": 0,             // both: how often to reconnect
//   "retryWaitMs": 200,             // both: the wait before each attempt
//   "operations": [{ "name": "links", "query": "…", "variables": {} }]
// }.
//
// Each line: { "client", "event": "connecting" | "connected" | "closed" |
// "next" | "error" | "complete", "operation"?, "retrying"?, "code"?,
// "reason"?, "payload"?, "errors"?, "message"? }.

import WebSocket from 'ws';
import { createClient as createWsClient } from 'graphql-ws';
import { createClient as createSseClient } from 'graphql-sse';

const plan = JSON.parse(process.argv[2]);

function report(line) {
  process.stdout.write(`${JSON.stringify(line)}\n`);
}

/// What a sink's error is, as a line: a close, GraphQL errors, or a failure.
function failure(error) {
  if (Array.isArray(error)) return { errors: error };
  if (error && typeof error === 'object' && 'code' in error && 'reason' in error) {
    return { code: error.code, reason: String(error.reason) };
  }
  return { message: String(error?.message ?? error) };
}

/// `ws`, answering no ping: the client of a frozen tab or a dead network.
class DeafWebSocket extends WebSocket {
  constructor(url, protocols) {
    super(url, protocols, { autoPong: false });
  }
}

function wsClient(client) {
  const name = client.name;
  return createWsClient({
    url: `${plan.base.replace(/^http/, 'ws')}/graphql/ws`,
    webSocketImpl: client.answerPings === false ? DeafWebSocket : WebSocket,
    lazy: false,
    retryAttempts: client.retryAttempts ?? 0,
    retryWait: () => new Promise((resolve) => setTimeout(resolve, client.retryWaitMs ?? 200)),
    shouldRetry: () => true,
    connectionParams: async () => {
      await new Promise((resolve) => setTimeout(resolve, client.initDelayMs ?? 0));
      return client.authorization ? { Authorization: client.authorization } : {};
    },
    on: {
      connecting: (retrying) => report({ client: name, event: 'connecting', retrying }),
      connected: () => report({ client: name, event: 'connected' }),
      closed: (event) =>
        report({ client: name, event: 'closed', code: event?.code, reason: String(event?.reason ?? '') }),
    },
    onNonLazyError: (error) => report({ client: name, event: 'error', ...failure(error) }),
  });
}

function sseClient(client) {
  const name = client.name;
  return createSseClient({
    url: `${plan.base}/graphql/stream`,
    headers: client.authorization ? { Authorization: client.authorization } : {},
    retryAttempts: client.retryAttempts ?? 0,
    retry: () => new Promise((resolve) => setTimeout(resolve, client.retryWaitMs ?? 200)),
    on: {
      connecting: (retrying) => report({ client: name, event: 'connecting', retrying }),
      connected: () => report({ client: name, event: 'connected' }),
    },
  });
}

for (const client of plan.clients) {
  const connection = client.transport === 'sse' ? sseClient(client) : wsClient(client);
  for (const operation of client.operations ?? []) {
    const where = { client: client.name, operation: operation.name };
    connection.subscribe(
      { query: operation.query, variables: operation.variables ?? {} },
      {
        next: (payload) => report({ ...where, event: 'next', payload }),
        error: (error) => report({ ...where, event: 'error', ...failure(error) }),
        complete: () => report({ ...where, event: 'complete' }),
      },
    );
  }
}
