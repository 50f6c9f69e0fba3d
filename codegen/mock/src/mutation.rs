//! Mutations whose name says what they do: `createLink`, `addUser`,
//! `relayCreateLink`, `updateLink`, `deleteLink`, … A verb word and a noun
//! naming an entity (or, with no noun, the returned type's) make an
//! [`Action`]; applying it changes the store, so later queries see it.
//! Every other mutation returns a consistent mock payload.

use async_graphql::indexmap::IndexMap;
use async_graphql::{Name, Value};

use super::handle::{Handle, Key, decode};
use super::model::{Action, Model, TypeId, Verb};
use super::store::Store;

const VERBS: [(&str, Verb); 13] = [
    ("create", Verb::Create),
    ("add", Verb::Create),
    ("insert", Verb::Create),
    ("new", Verb::Create),
    ("post", Verb::Create),
    ("update", Verb::Update),
    ("edit", Verb::Update),
    ("change", Verb::Update),
    ("modify", Verb::Update),
    ("patch", Verb::Update),
    ("delete", Verb::Delete),
    ("remove", Verb::Delete),
    ("destroy", Verb::Delete),
];

/// What the mutation field `name`, returning `returns`, does, if its name says.
pub fn classify(name: &str, returns: Option<TypeId>, model: &Model) -> Option<Action> {
    let words = camel_words(name);
    let at = words
        .iter()
        .position(|w| VERBS.iter().any(|(v, _)| w.eq_ignore_ascii_case(v)))?;
    let verb = VERBS
        .iter()
        .find(|(v, _)| words[at].eq_ignore_ascii_case(v))
        .map(|(_, verb)| *verb)?;
    let noun: String = words[at + 1..].concat();
    let entity = if noun.is_empty() {
        model.ty(returns?).entity
    } else {
        model
            .entity_named(&noun)
            .or_else(|| model.entity_named(noun.strip_suffix('s')?))?
    };
    Some(Action { verb, entity })
}

fn camel_words(name: &str) -> Vec<&str> {
    let mut words = Vec::new();
    let mut start = 0;
    for (i, c) in name.char_indices().skip(1) {
        if c.is_uppercase() || c == '_' {
            words.push(&name[start..i]);
            start = i + usize::from(c == '_');
        }
    }
    words.push(&name[start..]);
    words.retain(|w| !w.is_empty());
    words
}

/// Applies `action` with the field's arguments; returns the object it created,
/// changed or deleted, to be viewed as the payload. `None` when an update or
/// delete names no object.
pub fn apply(
    model: &Model,
    store: &Store,
    action: Action,
    target: TypeId,
    id_arg: Option<&str>,
    args: &IndexMap<Name, Value>,
) -> Option<Handle> {
    let salt = model.entity_salt(action.entity);
    let fields = flattened(args);
    if action.verb == Verb::Create {
        let index = store.create(salt, fields);
        return Some(Handle::viewing(target, action.entity, Key::Index(index)));
    }
    let id = id_arg
        .and_then(|name| args.get(name))
        .or_else(|| fields.iter().find(|(name, _)| name == "id").map(|(_, v)| v))
        .and_then(|v| match v {
            Value::String(s) => Some(s.clone()),
            Value::Number(n) => Some(n.to_string()),
            _ => None,
        })?;
    let key = match decode(model, &id) {
        Some((ty, key)) if model.ty(ty).entity == action.entity => key,
        _ => Key::Named(id.into()),
    };
    let object = Handle::viewing(target, action.entity, key);
    match action.verb {
        Verb::Update => {
            let changes = fields
                .into_iter()
                .filter(|(name, v)| name != "id" && *v != Value::Null)
                .collect();
            store.update(salt, object.digest, changes);
        }
        _ => store.delete(salt, object.digest),
    }
    Some(object)
}

/// Arguments as field values: an input-object argument (`input: {url}`)
/// gives its fields.
fn flattened(args: &IndexMap<Name, Value>) -> Vec<(String, Value)> {
    let mut fields = Vec::new();
    for (name, value) in args {
        match value {
            Value::Object(inner) => {
                fields.extend(inner.iter().map(|(k, v)| (k.to_string(), v.clone())));
            }
            other => fields.push((name.to_string(), other.clone())),
        }
    }
    fields
}

#[cfg(test)]
mod tests {
    #[test]
    fn camel_words_split_verbs_from_nouns() {
        assert_eq!(
            super::camel_words("relayCreateLink"),
            ["relay", "Create", "Link"]
        );
        assert_eq!(super::camel_words("delete_user"), ["delete", "user"]);
    }
}
