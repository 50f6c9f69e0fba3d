//! The limits every GraphQL request is held to, whatever its transport,
//! with defaults that refuse abuse while ordinary clients (GraphiQL, Relay
//! pages of up to 100 items, three hops through connections) pass. A server
//! reads them from its configuration (the Hackernews server: the `[limits]`
//! table).

use std::time::Duration;

use serde::Deserialize;

#[derive(Debug, Clone, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct Limits {
    /// Request body, or WebSocket message, in bytes (413 beyond).
    pub max_body_bytes: usize,
    /// Bytes of the document (UTF-8).
    #[serde(alias = "max_query_chars")]
    pub max_query_bytes: usize,
    /// Lexical tokens of the document (graphql-armor: 1,000; Apollo: 15,000).
    pub max_tokens: usize,
    /// Nesting of `{`, `[` and `(` in the text: selections, list and object
    /// values. Checked before parsing, so deep values cannot exhaust the stack.
    pub max_nesting: usize,
    /// Depth of the selection tree, introspection excepted. Relay spends two
    /// levels per hop through a connection (`edges { node`); 12 allows three
    /// hops with room for leaves, where graphql-armor's 6 allows barely one.
    pub max_depth: usize,
    /// Aliases, `__typename` ones included.
    pub max_aliases: usize,
    /// Fields at the root of the operation.
    pub max_root_fields: usize,
    /// Directives in the document, fragments expanded.
    pub max_directives: usize,
    /// Fields after every fragment spread is expanded: re-using a fragment
    /// cannot hide an exponential document.
    pub max_expanded_fields: u64,
    /// Cost: each field 1; a list multiplies its selection by its `first` or
    /// `last` argument, or by `default_list_size` without one.
    pub max_cost: u64,
    /// The largest `first` or `last` a request may ask for.
    pub max_page_size: u64,
    pub default_list_size: u64,
    /// Operations a JSON array may batch; 0 refuses batches.
    pub max_batch: usize,
    /// Seconds a query or mutation may run before it is answered with an
    /// error (subscriptions run until the client leaves).
    pub timeout_seconds: u64,
    /// Seconds a graphql-ws client has to send `connection_init` before the
    /// connection is closed with 4408.
    pub ws_init_timeout_seconds: u64,
    /// Seconds of silence from a graphql-ws client before the server pings it.
    pub ws_ping_interval_seconds: u64,
    /// Seconds a graphql-ws client may stay silent, pongs included, before
    /// its connection is closed with 3008.
    pub ws_idle_timeout_seconds: u64,
    /// Subscriptions one graphql-ws connection may have open; one more is
    /// refused with `TOO_MANY_SUBSCRIPTIONS`.
    pub ws_max_subscriptions_per_connection: usize,
    /// graphql-ws connections one client (by address, as the server tells
    /// it) may have open; one more is closed with 1008 as it opens.
    pub ws_max_connections_per_client: usize,
}

impl Default for Limits {
    fn default() -> Self {
        Limits {
            max_body_bytes: 1 << 20,
            max_query_bytes: 20_000,
            max_tokens: 2_000,
            max_nesting: 64,
            max_depth: 12,
            max_aliases: 15,
            max_root_fields: 20,
            max_directives: 50,
            max_expanded_fields: 5_000,
            max_cost: 5_000,
            max_page_size: 100,
            default_list_size: 10,
            max_batch: 0,
            timeout_seconds: 30,
            ws_init_timeout_seconds: 10,
            ws_ping_interval_seconds: 15,
            ws_idle_timeout_seconds: 45,
            ws_max_subscriptions_per_connection: 100,
            ws_max_connections_per_client: 64,
        }
    }
}

impl Limits {
    pub fn timeout(&self) -> Duration {
        Duration::from_secs(self.timeout_seconds.max(1))
    }
}
