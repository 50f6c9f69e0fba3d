//! Per-request scenarios for frontend tests, chosen by the `X-Mock-Scenario`
//! header: `error=Type.field` (or `error=Type.field:message`) fails that
//! field, `null=Type.field` nulls it, `delay=300` holds every root field
//! 300 ms and `delay=Type.field:300` just that field. Directives are
//! separated by `;`. A directive the mock cannot read fails every root
//! field with a message saying why, rather than being ignored.

use std::collections::{HashMap, HashSet};
use std::time::Duration;

use super::model::Model;

pub const HEADER: &str = "x-mock-scenario";

#[derive(Debug, Default)]
pub struct Scenario {
    errors: HashMap<String, String>,
    nulls: HashSet<String>,
    delays: HashMap<String, Duration>,
    delay: Option<Duration>,
    invalid: Option<String>,
}

/// What a scenario does to one field.
#[derive(Debug, Default)]
pub struct Effect {
    pub delay: Option<Duration>,
    pub outcome: Option<Outcome>,
}

#[derive(Debug, Clone)]
pub enum Outcome {
    Error(String),
    Null,
}

impl Scenario {
    pub fn parse(header: &str, model: &Model) -> Scenario {
        let mut scenario = Scenario::default();
        for directive in header.split(';').map(str::trim).filter(|d| !d.is_empty()) {
            if let Err(problem) = scenario.add(directive, model) {
                scenario.invalid = Some(format!("X-Mock-Scenario: `{directive}`: {problem}"));
                break;
            }
        }
        scenario
    }

    fn add(&mut self, directive: &str, model: &Model) -> Result<(), String> {
        let (kind, target) = directive
            .split_once('=')
            .ok_or("expected error=Type.field, null=Type.field or delay=[Type.field:]ms")?;
        let (coordinate, detail) = match target.split_once(':') {
            Some((coordinate, detail)) => (coordinate.trim(), Some(detail.trim())),
            None => (target.trim(), None),
        };
        let known = |coordinate: &str| {
            coordinate
                .split_once('.')
                .and_then(|(ty, field)| model.field(model.find(ty)?, field))
                .map(|_| coordinate.to_string())
                .ok_or_else(|| format!("the schema has no field `{coordinate}`"))
        };
        let millis = |text: &str| {
            text.trim_end_matches("ms")
                .parse::<u64>()
                .map(Duration::from_millis)
                .map_err(|_| format!("`{text}` is not a number of milliseconds"))
        };
        match kind.trim() {
            "error" => {
                let message =
                    detail.map_or_else(|| format!("Mock error on `{coordinate}`"), str::to_string);
                self.errors.insert(known(coordinate)?, message);
            }
            "null" => {
                self.nulls.insert(known(coordinate)?);
            }
            "delay" => match detail {
                Some(ms) => {
                    self.delays.insert(known(coordinate)?, millis(ms)?);
                }
                None => self.delay = Some(millis(coordinate)?),
            },
            other => {
                return Err(format!(
                    "unknown directive `{other}`: use error, null or delay"
                ));
            }
        }
        Ok(())
    }

    /// What the scenario does to the field at `coordinate`; `root` for the
    /// fields of an operation type.
    pub fn effect(&self, coordinate: &str, root: bool) -> Option<Effect> {
        let outcome = match (&self.invalid, root) {
            (Some(problem), true) => Some(Outcome::Error(problem.clone())),
            _ => self
                .errors
                .get(coordinate)
                .map(|m| Outcome::Error(m.clone()))
                .or_else(|| self.nulls.contains(coordinate).then_some(Outcome::Null)),
        };
        let delay = self
            .delays
            .get(coordinate)
            .copied()
            .or(if root { self.delay } else { None });
        (outcome.is_some() || delay.is_some()).then_some(Effect { delay, outcome })
    }
}
