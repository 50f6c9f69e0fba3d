//! The schema the server serves, read by introspection over HTTP, equals
//! `schema.graphql`: the same types, fields, arguments, defaults,
//! descriptions and deprecations, compared semantically, and the schema's
//! own description and directives.

use std::collections::BTreeMap;

use serde_json::{Value, json};
use weftql_codegen::ir;

use crate::helpers::{Backend, TestApp, run};

const INTROSPECTION: &str = r#"
query {
  __schema {
    description
    directives { name locations args { name } }
    queryType { name } mutationType { name } subscriptionType { name }
    types {
      kind name description specifiedByURL
      fields(includeDeprecated: true) { name description args { ...Arg } type { ...Ref } isDeprecated deprecationReason }
      inputFields { ...Arg }
      interfaces { name }
      possibleTypes { name }
      enumValues(includeDeprecated: true) { name description isDeprecated deprecationReason }
    }
  }
}
fragment Arg on __InputValue { name description type { ...Ref } defaultValue }
fragment Ref on __Type { kind name ofType { kind name ofType { kind name ofType { kind name ofType { kind name } } } } }
"#;

#[tokio::test]
async fn the_served_schema_is_the_contract() {
    run(
        async |app: &TestApp| {
            let body = app.gql(INTROSPECTION, json!({})).await;
            assert!(body["errors"].is_null(), "{body}");
            let served = from_introspection(&body["data"]["__schema"]);
            let contract = from_sdl(include_str!("../../schema.graphql"));
            assert_eq!(
                served.keys().collect::<Vec<_>>(),
                contract.keys().collect::<Vec<_>>()
            );
            for (name, expected) in &contract {
                assert_eq!(&served[name], expected, "type {name} differs");
            }
            let roots = &body["data"]["__schema"];
            assert_eq!(roots["queryType"]["name"], "Query");
            assert_eq!(roots["mutationType"]["name"], "Mutation");
            let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
            let config = weftql_codegen::Config::default();
            let (ir, _) =
                weftql_codegen::check(include_str!("../../schema.graphql"), &config, root)
                    .expect("schema.graphql is valid");
            assert_eq!(roots["description"].as_str(), ir.description.as_deref());
            let directives: Vec<&str> = roots["directives"]
                .as_array()
                .unwrap()
                .iter()
                .filter_map(|d| d["name"].as_str())
                .collect();
            // graphql-js lists `@oneOf` (built in since the September 2025
            // spec) whether or not the schema uses it; so does the engine.
            for built_in in ["include", "skip", "deprecated", "specifiedBy", "oneOf"] {
                assert!(directives.contains(&built_in), "{directives:?}");
            }
            let one_of = roots["directives"]
                .as_array()
                .unwrap()
                .iter()
                .find(|d| d["name"] == "oneOf")
                .unwrap();
            assert_eq!(one_of["locations"], json!(["INPUT_OBJECT"]));
        },
        Backend::Sqlite,
    )
    .await;
}

/// One canonical text per type.
type Canonical = BTreeMap<String, String>;

fn describe(description: Option<&str>) -> String {
    description.map_or_else(String::new, |d| format!(" {d:?}"))
}

fn deprecation(deprecated: Option<&str>) -> String {
    deprecated.map_or_else(String::new, |r| format!(" @deprecated({r:?})"))
}

/// A default value as graphql-parser prints it, whatever its source formatting.
fn normal_value(text: &str) -> String {
    let source = format!("{{ f(a: {text}) }}");
    let document = graphql_parser::parse_query::<String>(&source).expect("a GraphQL value");
    let graphql_parser::query::Definition::Operation(
        graphql_parser::query::OperationDefinition::SelectionSet(set),
    ) = &document.definitions[0]
    else {
        unreachable!()
    };
    let graphql_parser::query::Selection::Field(field) = &set.items[0] else {
        unreachable!()
    };
    field.arguments[0].1.to_string()
}

fn ir_input(value: &ir::InputValue) -> String {
    let default = value.default.as_ref().map_or_else(String::new, |v| {
        format!(" = {}", normal_value(&v.to_string()))
    });
    format!(
        "{}: {}{default}{}",
        value.name,
        value.ty,
        describe(value.description.as_deref())
    )
}

fn ir_deprecation(deprecated: Option<&ir::Deprecated>) -> String {
    deprecated.map_or_else(String::new, |d| {
        deprecation(Some(d.reason.as_deref().unwrap_or("No longer supported")))
    })
}

fn ir_fields(fields: &[ir::Field]) -> String {
    fields
        .iter()
        .map(|f| {
            let args: Vec<String> = f.args.iter().map(ir_input).collect();
            let description = describe(f.description.as_deref());
            format!(
                "  {}({}): {}{description}{}\n",
                f.name,
                args.join(", "),
                f.ty,
                ir_deprecation(f.deprecated.as_ref())
            )
        })
        .collect()
}

fn named(list: &[ir::Named]) -> Vec<String> {
    list.iter().map(|n| n.name.clone()).collect()
}

/// The contract as the generator reads it.
fn from_sdl(sdl: &str) -> Canonical {
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
    let (schema, _) = weftql_codegen::check(sdl, &weftql_codegen::Config::default(), root)
        .expect("schema.graphql is valid");
    let mut types = Canonical::new();
    for def in &schema.types {
        let (name, description) = (&def.name, describe(def.description.as_deref()));
        let text = match &def.kind {
            ir::TypeKind::Scalar(_) => format!("SCALAR {name}{description}"),
            ir::TypeKind::Object(o) => format!(
                "OBJECT {name} {:?}{description}\n{}",
                named(&o.implements),
                ir_fields(&o.fields)
            ),
            ir::TypeKind::Interface(i) => format!(
                "INTERFACE {name} {:?}{description}\n{}",
                named(&i.implements),
                ir_fields(&i.fields)
            ),
            ir::TypeKind::Union(u) => {
                let mut members: Vec<String> = u.members.iter().map(|m| m.name.clone()).collect();
                members.sort();
                format!("UNION {name} {members:?}{description}")
            }
            ir::TypeKind::Enum(e) => {
                let values: String = e
                    .values
                    .iter()
                    .map(|v| {
                        format!(
                            "  {}{}{}\n",
                            v.name,
                            describe(v.description.as_deref()),
                            ir_deprecation(v.deprecated.as_ref())
                        )
                    })
                    .collect();
                format!("ENUM {name}{description}\n{values}")
            }
            ir::TypeKind::InputObject(i) => {
                let fields: Vec<String> = i.fields.iter().map(ir_input).collect();
                format!("INPUT_OBJECT {name}{description}\n  {}", fields.join(", "))
            }
        };
        types.insert(name.clone(), text);
    }
    types
}

fn ref_text(ty: &Value) -> String {
    match ty["kind"].as_str() {
        Some("NON_NULL") => format!("{}!", ref_text(&ty["ofType"])),
        Some("LIST") => format!("[{}]", ref_text(&ty["ofType"])),
        _ => ty["name"].as_str().unwrap_or_default().to_string(),
    }
}

fn introspected_input(value: &Value) -> String {
    let default = value["defaultValue"]
        .as_str()
        .map_or_else(String::new, |d| format!(" = {}", normal_value(d)));
    format!(
        "{}: {}{default}{}",
        value["name"].as_str().unwrap(),
        ref_text(&value["type"]),
        describe(value["description"].as_str())
    )
}

fn introspected_deprecation(value: &Value) -> String {
    if value["isDeprecated"] == true {
        deprecation(Some(
            value["deprecationReason"]
                .as_str()
                .unwrap_or("No longer supported"),
        ))
    } else {
        String::new()
    }
}

fn names(list: &Value) -> Vec<String> {
    list.as_array().map_or_else(Vec::new, |l| {
        l.iter()
            .map(|t| t["name"].as_str().unwrap().to_string())
            .collect()
    })
}

fn from_introspection(schema: &Value) -> Canonical {
    let mut types = Canonical::new();
    for ty in schema["types"].as_array().unwrap() {
        let name = ty["name"].as_str().unwrap();
        if name.starts_with("__") || ["String", "Int", "Float", "Boolean", "ID"].contains(&name) {
            continue;
        }
        let description = describe(ty["description"].as_str());
        let fields = || -> String {
            ty["fields"]
                .as_array()
                .unwrap()
                .iter()
                .map(|f| {
                    let args: Vec<String> = f["args"]
                        .as_array()
                        .unwrap()
                        .iter()
                        .map(introspected_input)
                        .collect();
                    format!(
                        "  {}({}): {}{}{}\n",
                        f["name"].as_str().unwrap(),
                        args.join(", "),
                        ref_text(&f["type"]),
                        describe(f["description"].as_str()),
                        introspected_deprecation(f)
                    )
                })
                .collect()
        };
        let text = match ty["kind"].as_str().unwrap() {
            "SCALAR" => format!("SCALAR {name}{description}"),
            "OBJECT" => format!(
                "OBJECT {name} {:?}{description}\n{}",
                names(&ty["interfaces"]),
                fields()
            ),
            "INTERFACE" => format!(
                "INTERFACE {name} {:?}{description}\n{}",
                names(&ty["interfaces"]),
                fields()
            ),
            "UNION" => {
                let mut members = names(&ty["possibleTypes"]);
                members.sort();
                format!("UNION {name} {members:?}{description}")
            }
            "ENUM" => {
                let values: String = ty["enumValues"]
                    .as_array()
                    .unwrap()
                    .iter()
                    .map(|v| {
                        format!(
                            "  {}{}{}\n",
                            v["name"].as_str().unwrap(),
                            describe(v["description"].as_str()),
                            introspected_deprecation(v)
                        )
                    })
                    .collect();
                format!("ENUM {name}{description}\n{values}")
            }
            _ => {
                let fields: Vec<String> = ty["inputFields"]
                    .as_array()
                    .unwrap()
                    .iter()
                    .map(introspected_input)
                    .collect();
                format!("INPUT_OBJECT {name}{description}\n  {}", fields.join(", "))
            }
        };
        types.insert(name.to_string(), text);
    }
    types
}
