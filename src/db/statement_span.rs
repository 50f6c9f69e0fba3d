//! The span of one SQL statement, by OpenTelemetry's database conventions
//! (`SELECT link`: `db.system.name`, `db.operation.name`,
//! `db.collection.name`, and `db.query.text`, which holds placeholders,
//! never values: sea-orm sends the values apart). It is made from
//! sea-orm's report once the statement is done (its start is the end less
//! the time it took) beneath the current context: the field whose
//! resolver ran it. A statement outside a recorded trace gets none.

use std::time::SystemTime;

use sea_orm::DatabaseBackend;
use sea_orm::metric::Info;
use weftql_runtime::traces::opentelemetry::trace::{
    Span, SpanKind, Status, TraceContextExt, Tracer,
};
use weftql_runtime::traces::opentelemetry::{Context, KeyValue};
use weftql_runtime::traces::opentelemetry_sdk::trace::SdkTracer;

/// Records the span of the statement `info` reports.
pub(super) fn record(tracer: &SdkTracer, info: &Info<'_>) {
    let parent = Context::current();
    if !parent.span().is_recording() {
        return;
    }
    let end = SystemTime::now();
    let start = end.checked_sub(info.elapsed).unwrap_or(end);
    let sql = info.statement.sql.as_str();
    let operation = sql
        .split_whitespace()
        .next()
        .unwrap_or_default()
        .to_ascii_uppercase();
    let table = collection(sql, &operation);
    let system = match info.statement.db_backend {
        DatabaseBackend::Postgres => "postgresql",
        DatabaseBackend::Sqlite => "sqlite",
        _ => "other_sql",
    };
    let mut attributes = vec![
        KeyValue::new("db.system.name", system),
        KeyValue::new("db.operation.name", operation.clone()),
        KeyValue::new("db.query.text", sql.to_string()),
    ];
    let name = match table {
        Some(table) => {
            attributes.push(KeyValue::new("db.collection.name", table.to_string()));
            format!("{operation} {table}")
        }
        None => operation,
    };
    let mut span = tracer
        .span_builder(name)
        .with_kind(SpanKind::Client)
        .with_start_time(start)
        .with_attributes(attributes)
        .start_with_context(tracer, &parent);
    if info.failed {
        span.set_status(Status::error("the statement failed"));
    }
    span.end_with_timestamp(end);
}

/// The table a statement reads or writes first, as sea-orm quotes it:
/// after `FROM` (SELECT, DELETE), `INTO` (INSERT) or `UPDATE`.
fn collection<'s>(sql: &'s str, operation: &str) -> Option<&'s str> {
    let keyword = match operation {
        "SELECT" | "DELETE" => "FROM",
        "INSERT" => "INTO",
        "UPDATE" => "UPDATE",
        _ => return None,
    };
    let mut words = sql.split_whitespace();
    words.find(|word| word.eq_ignore_ascii_case(keyword))?;
    let table = words.next()?.trim_matches(|c| c == '"' || c == '`');
    (!table.is_empty() && !table.starts_with('(')).then_some(table)
}

#[cfg(test)]
mod tests {
    use super::collection;

    #[test]
    fn the_table_is_read_from_the_statement() {
        for (sql, operation, table) in [
            (
                r#"SELECT "link"."id" FROM "link" WHERE "link"."id" = $1"#,
                "SELECT",
                Some("link"),
            ),
            (
                r#"INSERT INTO "vote" ("user_id") VALUES (?)"#,
                "INSERT",
                Some("vote"),
            ),
            (r#"UPDATE "user" SET "x" = $1"#, "UPDATE", Some("user")),
            (r#"DELETE FROM "vote" WHERE 1"#, "DELETE", Some("vote")),
            ("SELECT 1", "SELECT", None),
            ("SELECT * FROM (SELECT 1)", "SELECT", None),
            ("BEGIN", "BEGIN", None),
        ] {
            assert_eq!(collection(sql, operation), table, "{sql}");
        }
    }
}
