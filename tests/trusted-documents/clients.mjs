// Real clients of a Hackernews server that runs only trusted documents:
// Apollo Client with its persisted-query link, ids from Apollo's manifest by
// operation name (@apollo/persisted-query-lists), and urql with
// @urql/exchange-persisted, ids from GraphQL Codegen's persisted documents.
// Each posts a link and reads the feed by id; the same documents are then
// sent as text, and one unlisted query is sent as text.
//
//   node clients.mjs <base-url> <apollo-manifest.json> <codegen-persisted-documents.json>
//
// Prints one JSON object: each client's answers, the answers by text, and
// the unlisted query's status and error code.

import fs from 'node:fs';
import { ApolloClient, HttpLink, InMemoryCache, gql as apolloGql } from '@apollo/client';
import { createPersistedQueryLink } from '@apollo/client/link/persisted-queries';
import { generatePersistedQueryIdsFromManifest } from '@apollo/persisted-query-lists';
import { Client, fetchExchange, gql as urqlGql } from '@urql/core';
import { persistedExchange } from '@urql/exchange-persisted';

const [base, apolloManifestFile, codegenDocumentsFile] = process.argv.slice(2);
const url = `${base}/graphql`;
const apolloManifest = JSON.parse(fs.readFileSync(apolloManifestFile, 'utf8'));
const codegenDocuments = JSON.parse(fs.readFileSync(codegenDocumentsFile, 'utf8'));

/// The body the manifest lists for an operation of Apollo's.
const apolloBody = (name) => apolloManifest.operations.find((o) => o.name === name).body;

/// GraphQL Codegen's id and document of an operation, by its name.
function codegenEntry(name) {
  const entry = Object.entries(codegenDocuments).find(([, body]) =>
    new RegExp(`(query|mutation|subscription) ${name}\\b`).test(body),
  );
  if (!entry) throw new Error(`no persisted document for ${name}`);
  return { id: entry[0], body: entry[1] };
}

async function byText(body, variables) {
  const response = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ query: body, variables }),
  });
  return { status: response.status, body: await response.json() };
}

const apollo = new ApolloClient({
  cache: new InMemoryCache(),
  link: createPersistedQueryLink(
    generatePersistedQueryIdsFromManifest({ loadManifest: async () => apolloManifest }),
  ).concat(new HttpLink({ uri: url })),
});

const urql = new Client({
  url,
  exchanges: [
    persistedExchange({
      enforcePersistedQueries: true,
      enableForMutation: true,
      // The id GraphQL Codegen's generated document carries (`__meta__.hash`).
      generateHash: async (_query, document) => document.__meta__.hash,
    }),
    fetchExchange,
  ],
});

/// urql's document for an operation: Codegen's text, with its id.
function urqlDocument(name) {
  const { id, body } = codegenEntry(name);
  const document = urqlGql(body);
  document.__meta__ = { hash: id.replace(/^sha256:/, '') };
  return document;
}

const feedVariables = { first: 10, skip: 0 };
const result = {};

const posted = await apollo.mutate({
  mutation: apolloGql(apolloBody('PostLink')),
  variables: { url: 'https://www.apollographql.com', description: 'Apollo' },
});
result.apolloPosted = posted.data;
const feed = await apollo.query({
  query: apolloGql(apolloBody('FeedPage')),
  variables: feedVariables,
  fetchPolicy: 'network-only',
});
result.apolloFeed = feed.data;
result.apolloFeedByText = (await byText(apolloBody('FeedPage'), feedVariables)).body.data;

const urqlPosted = await urql
  .mutation(urqlDocument('PostLink'), { url: 'https://urql.dev', description: 'urql' })
  .toPromise();
if (urqlPosted.error) throw urqlPosted.error;
result.urqlPosted = urqlPosted.data;
const urqlFeed = await urql
  .query(urqlDocument('FeedPage'), feedVariables, { requestPolicy: 'network-only' })
  .toPromise();
if (urqlFeed.error) throw urqlFeed.error;
result.urqlFeed = urqlFeed.data;
result.urqlFeedByText = (await byText(codegenEntry('FeedPage').body, feedVariables)).body.data;

const unlisted = await byText('{ links { id url } }', {});
result.unlisted = { status: unlisted.status, code: unlisted.body.errors?.[0]?.extensions?.code };

process.stdout.write(JSON.stringify(result) + '\n');
