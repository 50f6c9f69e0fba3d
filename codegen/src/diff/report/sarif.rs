//! `--format sarif`: a SARIF 2.1.0 log (what GitHub code scanning and most
//! review tools import): one rule per change kind, one result per change,
//! `error` for breaking, `warning` for dangerous, `note` for safe, located
//! in the new contract (a removal at what held it there; a removed type or
//! directive, which nothing holds, in the old contract), with its
//! coordinate as the logical location.

use serde_json::{Value, json};

use super::Report;
use crate::diff::{Level, Side};

pub(super) fn render(report: &Report<'_>) -> String {
    let mut kinds: Vec<_> = report.changes.iter().map(|c| c.kind).collect();
    kinds.sort();
    kinds.dedup();
    let rules: Vec<Value> = kinds
        .iter()
        .map(|kind| {
            json!({
                "id": kind.name(),
                "name": kind.name(),
                "shortDescription": { "text": kind.name().replace('_', " ").to_lowercase() },
            })
        })
        .collect();
    let results: Vec<Value> = report
        .changes
        .iter()
        .enumerate()
        .map(|(index, change)| {
            let (side, span) = change.primary();
            let contract = report.contract(side);
            let mut location = json!({
                "physicalLocation": {
                    "artifactLocation": { "uri": contract.file },
                },
                "logicalLocations": [ { "fullyQualifiedName": change.coordinate } ],
            });
            if span.line > 0 {
                location["physicalLocation"]["region"] = json!({
                    "startLine": span.line,
                    "startColumn": span.column,
                    "endColumn": span.column + span.len.max(1),
                });
            }
            let mut result = json!({
                "ruleId": change.kind.name(),
                "ruleIndex": kinds.binary_search(&change.kind).unwrap_or(0),
                "level": match change.level {
                    Level::Breaking => "error",
                    Level::Dangerous => "warning",
                    Level::Safe => "note",
                },
                "message": { "text": format!("{}: {}", change.message, change.reason) },
                "locations": [location],
                "properties": {
                    "level": change.level.as_str(),
                    "oldValue": change.old_value,
                    "newValue": change.new_value,
                    "inOldContract": side == Side::Old,
                },
            });
            if let Some(touched) = report.touched(index) {
                result["properties"]["operations"] = touched
                    .iter()
                    .map(|o| json!({ "name": o.name, "file": o.file, "line": o.line, "column": o.column }))
                    .collect();
            }
            result
        })
        .collect();
    let log = json!({
        "$schema": "https://json.schemastore.org/sarif-2.1.0.json",
        "version": "2.1.0",
        "runs": [{
            "tool": { "driver": {
                "name": "weftql-codegen",
                "version": env!("CARGO_PKG_VERSION"),
                "rules": rules,
            } },
            "results": results,
        }],
    });
    let mut out = serde_json::to_string_pretty(&log).unwrap_or_default();
    out.push('\n');
    out
}
