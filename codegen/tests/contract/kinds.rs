//! Every change kind, each with the level the spec's rule gives it, on small
//! contracts: the whole list of changes each edit makes is checked, so a
//! spurious change fails too. Includes the cases where graphql-inspector
//! is known to misclassify (its issues #2119, #2880, #2067 and #2888).

use weftql_codegen::diff::Level::{self, Breaking, Dangerous, Safe};

use crate::changes;

/// The contract each case edits.
const BASE: &str = r#"
"The root"
type Query {
  "All links"
  links(first: Int, filter: LinkFilter): [Link!]!
  link(id: ID!): Link
  node(id: ID!): Node
  search(text: String!): [SearchResult]
  old: String @deprecated(reason: "use links")
}
type Mutation { post(input: PostInput!): Link }
interface Node { id: ID! }
type Link implements Node {
  id: ID!
  url: String!
  title: String
  status: Status
  score(weight: Float = 1.0): Int @cost(complexity: 2)
}
type User implements Node { id: ID! name: String }
union SearchResult = Link | User
enum Status { OPEN CLOSED }
enum Order { ASC DESC }
input LinkFilter { text: String order: Order = ASC }
input PostInput { url: String! title: String }
scalar Url
directive @cost(complexity: Int!) on FIELD_DEFINITION
directive @trace(label: String) on FIELD | QUERY
"#;

struct Case {
    name: &'static str,
    /// Replacements applied to `BASE` to make the old contract (usually
    /// none) and the new one.
    old: &'static [(&'static str, &'static str)],
    new: &'static [(&'static str, &'static str)],
    expected: &'static [(&'static str, Level, &'static str)],
}

fn edited(edits: &[(&str, &str)]) -> String {
    let mut sdl = BASE.to_owned();
    for (from, to) in edits {
        assert!(sdl.contains(from), "`{from}` is not in the base contract");
        sdl = sdl.replacen(from, to, 1);
    }
    sdl
}

const CASES: &[Case] = &[
    Case {
        name: "type added",
        old: &[],
        new: &[("scalar Url", "scalar Url\ntype Tag { name: String }")],
        expected: &[("TYPE_ADDED", Safe, "Tag")],
    },
    Case {
        name: "type removed",
        old: &[],
        new: &[("scalar Url\n", "")],
        expected: &[("TYPE_REMOVED", Breaking, "Url")],
    },
    Case {
        name: "type kind changed",
        old: &[],
        new: &[
            ("enum Order { ASC DESC }", "scalar Order"),
            ("order: Order = ASC", "order: Order"),
        ],
        expected: &[
            ("TYPE_KIND_CHANGED", Breaking, "Order"),
            ("INPUT_FIELD_DEFAULT_CHANGED", Dangerous, "LinkFilter.order"),
        ],
    },
    Case {
        name: "field added",
        old: &[],
        new: &[("  title: String\n", "  title: String\n  tags: [String]\n")],
        expected: &[("FIELD_ADDED", Safe, "Link.tags")],
    },
    Case {
        name: "field removed",
        old: &[],
        new: &[("  title: String\n", "")],
        expected: &[("FIELD_REMOVED", Breaking, "Link.title")],
    },
    Case {
        name: "deprecated field removed is still breaking",
        old: &[],
        new: &[("  old: String @deprecated(reason: \"use links\")\n", "")],
        expected: &[("FIELD_REMOVED", Breaking, "Query.old")],
    },
    Case {
        name: "output field made non-null",
        old: &[],
        new: &[("  title: String\n", "  title: String!\n")],
        expected: &[("FIELD_TYPE_CHANGED", Safe, "Link.title")],
    },
    Case {
        name: "output field made nullable",
        old: &[],
        new: &[("  url: String!\n", "  url: String\n")],
        expected: &[("FIELD_TYPE_CHANGED", Breaking, "Link.url")],
    },
    Case {
        name: "output list item made nullable",
        old: &[],
        new: &[("): [Link!]!", "): [Link]!")],
        expected: &[("FIELD_TYPE_CHANGED", Breaking, "Query.links")],
    },
    Case {
        name: "output field type replaced",
        old: &[],
        new: &[("  title: String\n", "  title: Int\n")],
        expected: &[("FIELD_TYPE_CHANGED", Breaking, "Link.title")],
    },
    Case {
        name: "optional argument added",
        old: &[],
        new: &[("link(id: ID!)", "link(id: ID!, fresh: Boolean)")],
        expected: &[("ARGUMENT_ADDED", Dangerous, "Query.link(fresh:)")],
    },
    Case {
        name: "required argument added",
        old: &[],
        new: &[("link(id: ID!)", "link(id: ID!, fresh: Boolean!)")],
        expected: &[("ARGUMENT_ADDED", Breaking, "Query.link(fresh:)")],
    },
    Case {
        name: "non-null argument with a default added (inspector #2119)",
        old: &[],
        new: &[("link(id: ID!)", "link(id: ID!, fresh: Boolean! = false)")],
        expected: &[("ARGUMENT_ADDED", Dangerous, "Query.link(fresh:)")],
    },
    Case {
        name: "argument removed",
        old: &[],
        new: &[(
            "links(first: Int, filter: LinkFilter)",
            "links(filter: LinkFilter)",
        )],
        expected: &[("ARGUMENT_REMOVED", Breaking, "Query.links(first:)")],
    },
    Case {
        name: "argument made nullable (inspector #2067)",
        old: &[],
        new: &[("link(id: ID!)", "link(id: ID)")],
        expected: &[("ARGUMENT_TYPE_CHANGED", Safe, "Query.link(id:)")],
    },
    Case {
        name: "argument made non-null",
        old: &[],
        new: &[("links(first: Int,", "links(first: Int!,")],
        expected: &[("ARGUMENT_TYPE_CHANGED", Breaking, "Query.links(first:)")],
    },
    Case {
        name: "argument type replaced",
        old: &[],
        new: &[("links(first: Int,", "links(first: Float,")],
        expected: &[("ARGUMENT_TYPE_CHANGED", Breaking, "Query.links(first:)")],
    },
    Case {
        name: "argument default changed",
        old: &[],
        new: &[("weight: Float = 1.0", "weight: Float = 2.0")],
        expected: &[("ARGUMENT_DEFAULT_CHANGED", Dangerous, "Link.score(weight:)")],
    },
    Case {
        name: "non-null argument loses its default",
        old: &[("weight: Float = 1.0", "weight: Float! = 1.0")],
        new: &[("weight: Float = 1.0", "weight: Float!")],
        expected: &[("ARGUMENT_DEFAULT_CHANGED", Breaking, "Link.score(weight:)")],
    },
    Case {
        name: "required argument gains a default",
        old: &[],
        new: &[("link(id: ID!)", "link(id: ID! = \"1\")")],
        expected: &[("ARGUMENT_DEFAULT_CHANGED", Safe, "Query.link(id:)")],
    },
    Case {
        name: "optional input field added",
        old: &[],
        new: &[(
            "input PostInput { url: String! title: String }",
            "input PostInput { url: String! title: String tags: [String] }",
        )],
        expected: &[("INPUT_FIELD_ADDED", Dangerous, "PostInput.tags")],
    },
    Case {
        name: "required input field added",
        old: &[],
        new: &[(
            "input PostInput { url: String! title: String }",
            "input PostInput { url: String! title: String tags: [String]! }",
        )],
        expected: &[("INPUT_FIELD_ADDED", Breaking, "PostInput.tags")],
    },
    Case {
        name: "non-null input field with a default added (inspector #2880)",
        old: &[],
        new: &[(
            "input PostInput { url: String! title: String }",
            "input PostInput { url: String! title: String draft: Boolean! = false }",
        )],
        expected: &[("INPUT_FIELD_ADDED", Dangerous, "PostInput.draft")],
    },
    Case {
        name: "input field removed",
        old: &[],
        new: &[(
            "input PostInput { url: String! title: String }",
            "input PostInput { url: String! }",
        )],
        expected: &[("INPUT_FIELD_REMOVED", Breaking, "PostInput.title")],
    },
    Case {
        name: "input field made nullable",
        old: &[],
        new: &[(
            "input PostInput { url: String! title",
            "input PostInput { url: String title",
        )],
        expected: &[("INPUT_FIELD_TYPE_CHANGED", Safe, "PostInput.url")],
    },
    Case {
        name: "input field made non-null",
        old: &[],
        new: &[(
            "url: String! title: String }",
            "url: String! title: String! }",
        )],
        expected: &[("INPUT_FIELD_TYPE_CHANGED", Breaking, "PostInput.title")],
    },
    Case {
        name: "input field default changed",
        old: &[],
        new: &[("order: Order = ASC", "order: Order = DESC")],
        expected: &[("INPUT_FIELD_DEFAULT_CHANGED", Dangerous, "LinkFilter.order")],
    },
    Case {
        name: "enum value added to an output enum",
        old: &[],
        new: &[(
            "enum Status { OPEN CLOSED }",
            "enum Status { OPEN CLOSED HIDDEN }",
        )],
        expected: &[("ENUM_VALUE_ADDED", Dangerous, "Status.HIDDEN")],
    },
    Case {
        name: "enum value added to an input-only enum",
        old: &[],
        new: &[("enum Order { ASC DESC }", "enum Order { ASC DESC RANDOM }")],
        expected: &[("ENUM_VALUE_ADDED", Safe, "Order.RANDOM")],
    },
    Case {
        name: "enum value removed",
        old: &[],
        new: &[("enum Status { OPEN CLOSED }", "enum Status { OPEN }")],
        expected: &[("ENUM_VALUE_REMOVED", Breaking, "Status.CLOSED")],
    },
    Case {
        name: "union member added",
        old: &[],
        new: &[
            ("scalar Url", "scalar Url\ntype Tag { name: String }"),
            ("= Link | User", "= Link | User | Tag"),
        ],
        expected: &[
            ("TYPE_ADDED", Safe, "Tag"),
            ("UNION_MEMBER_ADDED", Dangerous, "SearchResult"),
        ],
    },
    Case {
        name: "union member removed",
        old: &[],
        new: &[("= Link | User", "= Link")],
        expected: &[("UNION_MEMBER_REMOVED", Breaking, "SearchResult")],
    },
    Case {
        name: "interface added to an object",
        old: &[(
            "type Mutation {",
            "interface Named { name: String }\ntype Mutation {",
        )],
        new: &[
            (
                "type Mutation {",
                "interface Named { name: String }\ntype Mutation {",
            ),
            (
                "type User implements Node {",
                "type User implements Node & Named {",
            ),
        ],
        expected: &[("IMPLEMENTED_INTERFACE_ADDED", Dangerous, "User")],
    },
    Case {
        name: "interface removed from an object",
        old: &[],
        new: &[("type User implements Node {", "type User {")],
        expected: &[("IMPLEMENTED_INTERFACE_REMOVED", Breaking, "User")],
    },
    Case {
        name: "input object became oneOf",
        old: &[],
        new: &[
            ("input LinkFilter {", "input LinkFilter @oneOf {"),
            ("order: Order = ASC", "order: Order"),
        ],
        expected: &[
            ("ONE_OF_ADDED", Breaking, "LinkFilter"),
            ("INPUT_FIELD_DEFAULT_CHANGED", Dangerous, "LinkFilter.order"),
        ],
    },
    Case {
        name: "input object no longer oneOf",
        old: &[
            ("input LinkFilter {", "input LinkFilter @oneOf {"),
            ("order: Order = ASC", "order: Order"),
        ],
        new: &[("order: Order = ASC", "order: Order")],
        expected: &[("ONE_OF_REMOVED", Safe, "LinkFilter")],
    },
    Case {
        name: "scalar specification changed",
        old: &[],
        new: &[(
            "scalar Url",
            "scalar Url @specifiedBy(url: \"https://url.spec.whatwg.org\")",
        )],
        expected: &[("SPECIFIED_BY_CHANGED", Dangerous, "Url")],
    },
    Case {
        name: "directive added",
        old: &[],
        new: &[(
            "directive @cost",
            "directive @live on QUERY\ndirective @cost",
        )],
        expected: &[("DIRECTIVE_ADDED", Safe, "@live")],
    },
    Case {
        name: "executable directive removed",
        old: &[],
        new: &[("directive @trace(label: String) on FIELD | QUERY\n", "")],
        expected: &[("DIRECTIVE_REMOVED", Breaking, "@trace")],
    },
    Case {
        name: "type-system directive removed with its uses",
        old: &[],
        new: &[
            (
                "directive @cost(complexity: Int!) on FIELD_DEFINITION\n",
                "",
            ),
            (" @cost(complexity: 2)", ""),
        ],
        expected: &[
            ("DIRECTIVE_REMOVED", Safe, "@cost"),
            ("DIRECTIVE_USAGE_REMOVED", Dangerous, "Link.score"),
        ],
    },
    Case {
        name: "directive location added",
        old: &[],
        new: &[("on FIELD | QUERY", "on FIELD | QUERY | MUTATION")],
        expected: &[("DIRECTIVE_LOCATION_ADDED", Safe, "@trace")],
    },
    Case {
        name: "executable directive location removed",
        old: &[],
        new: &[("on FIELD | QUERY", "on FIELD")],
        expected: &[("DIRECTIVE_LOCATION_REMOVED", Breaking, "@trace")],
    },
    Case {
        name: "type-system directive location removed",
        old: &[("on FIELD_DEFINITION", "on FIELD_DEFINITION | OBJECT")],
        new: &[],
        expected: &[("DIRECTIVE_LOCATION_REMOVED", Safe, "@cost")],
    },
    Case {
        name: "optional directive argument added",
        old: &[],
        new: &[(
            "@trace(label: String)",
            "@trace(label: String, sample: Float)",
        )],
        expected: &[("DIRECTIVE_ARGUMENT_ADDED", Dangerous, "@trace(sample:)")],
    },
    Case {
        name: "required directive argument added",
        old: &[],
        new: &[(
            "@trace(label: String)",
            "@trace(label: String, sample: Float!)",
        )],
        expected: &[("DIRECTIVE_ARGUMENT_ADDED", Breaking, "@trace(sample:)")],
    },
    Case {
        name: "directive argument removed",
        old: &[],
        new: &[("directive @trace(label: String)", "directive @trace")],
        expected: &[("DIRECTIVE_ARGUMENT_REMOVED", Breaking, "@trace(label:)")],
    },
    Case {
        name: "directive argument type changed",
        old: &[],
        new: &[("@trace(label: String)", "@trace(label: Int)")],
        expected: &[(
            "DIRECTIVE_ARGUMENT_TYPE_CHANGED",
            Breaking,
            "@trace(label:)",
        )],
    },
    Case {
        name: "directive argument default changed",
        old: &[],
        new: &[("@trace(label: String)", "@trace(label: String = \"all\")")],
        expected: &[(
            "DIRECTIVE_ARGUMENT_DEFAULT_CHANGED",
            Dangerous,
            "@trace(label:)",
        )],
    },
    Case {
        name: "directive became repeatable",
        old: &[],
        new: &[(
            "@trace(label: String) on",
            "@trace(label: String) repeatable on",
        )],
        expected: &[("DIRECTIVE_REPEATABLE_ADDED", Safe, "@trace")],
    },
    Case {
        name: "directive no longer repeatable",
        old: &[(
            "@trace(label: String) on",
            "@trace(label: String) repeatable on",
        )],
        new: &[],
        expected: &[("DIRECTIVE_REPEATABLE_REMOVED", Breaking, "@trace")],
    },
    Case {
        name: "directive applied",
        old: &[],
        new: &[(
            "  title: String\n",
            "  title: String @cost(complexity: 1)\n",
        )],
        expected: &[("DIRECTIVE_USAGE_ADDED", Dangerous, "Link.title")],
    },
    Case {
        name: "directive's arguments changed where applied (inspector #2888)",
        old: &[],
        new: &[("@cost(complexity: 2)", "@cost(complexity: 5)")],
        expected: &[("DIRECTIVE_USAGE_ARGUMENTS_CHANGED", Dangerous, "Link.score")],
    },
    Case {
        name: "directive removed where applied",
        old: &[],
        new: &[(" @cost(complexity: 2)", "")],
        expected: &[("DIRECTIVE_USAGE_REMOVED", Dangerous, "Link.score")],
    },
    Case {
        name: "field deprecated",
        old: &[],
        new: &[("  title: String\n", "  title: String @deprecated\n")],
        expected: &[("DEPRECATION_ADDED", Safe, "Link.title")],
    },
    Case {
        name: "field no longer deprecated",
        old: &[],
        new: &[(
            "old: String @deprecated(reason: \"use links\")",
            "old: String",
        )],
        expected: &[("DEPRECATION_REMOVED", Safe, "Query.old")],
    },
    Case {
        name: "deprecation reason changed",
        old: &[],
        new: &[("reason: \"use links\"", "reason: \"use link\"")],
        expected: &[("DEPRECATION_REASON_CHANGED", Safe, "Query.old")],
    },
    Case {
        name: "the default deprecation reason written out",
        old: &[("links(first: Int,", "links(first: Int @deprecated,")],
        new: &[(
            "links(first: Int,",
            "links(first: Int @deprecated(reason: \"No longer supported\"),",
        )],
        expected: &[],
    },
    Case {
        name: "argument deprecated",
        old: &[],
        new: &[("links(first: Int,", "links(first: Int @deprecated,")],
        expected: &[("DEPRECATION_ADDED", Safe, "Query.links(first:)")],
    },
    Case {
        name: "enum value deprecated",
        old: &[],
        new: &[("{ OPEN CLOSED }", "{ OPEN CLOSED @deprecated }")],
        expected: &[("DEPRECATION_ADDED", Safe, "Status.CLOSED")],
    },
    Case {
        name: "descriptions changed",
        old: &[],
        new: &[("\"All links\"", "\"Every link\""), ("\"The root\"\n", "")],
        expected: &[
            ("DESCRIPTION_CHANGED", Safe, "Query"),
            ("DESCRIPTION_CHANGED", Safe, "Query.links"),
        ],
    },
    Case {
        name: "query root changed",
        old: &[(
            "type Mutation {",
            "schema { query: Query mutation: Mutation }\ntype Root { links: [Link!]! }\ntype Mutation {",
        )],
        new: &[(
            "type Mutation {",
            "schema { query: Root mutation: Mutation }\ntype Root { links: [Link!]! }\ntype Mutation {",
        )],
        expected: &[("ROOT_TYPE_CHANGED", Breaking, "schema")],
    },
    Case {
        name: "mutation root removed",
        old: &[],
        new: &[("type Mutation { post(input: PostInput!): Link }\n", "")],
        expected: &[
            ("TYPE_REMOVED", Breaking, "Mutation"),
            ("ROOT_TYPE_CHANGED", Breaking, "schema"),
        ],
    },
    Case {
        name: "subscription root added",
        old: &[],
        new: &[(
            "scalar Url",
            "scalar Url\ntype Subscription { linkPosted: Link }",
        )],
        expected: &[
            ("TYPE_ADDED", Safe, "Subscription"),
            ("ROOT_TYPE_CHANGED", Safe, "schema"),
        ],
    },
    Case {
        name: "nothing changed",
        old: &[],
        new: &[],
        expected: &[],
    },
];

#[test]
fn every_change_kind_has_the_level_the_spec_gives_it() {
    let mut failures = Vec::new();
    for case in CASES {
        let mut found: Vec<(String, Level, String)> = changes(&edited(case.old), &edited(case.new))
            .into_iter()
            .map(|c| (c.kind.name(), c.level, c.coordinate))
            .collect();
        found.sort();
        let mut expected: Vec<(String, Level, String)> = case
            .expected
            .iter()
            .map(|(kind, level, coordinate)| ((*kind).to_owned(), *level, (*coordinate).to_owned()))
            .collect();
        expected.sort();
        if found != expected {
            failures.push(format!(
                "{}:\n  expected {expected:?}\n  found    {found:?}",
                case.name
            ));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

#[test]
fn the_table_covers_every_change_kind() {
    let covered: std::collections::BTreeSet<&str> = CASES
        .iter()
        .flat_map(|c| c.expected.iter().map(|(kind, _, _)| *kind))
        .collect();
    let all = weftql_codegen::diff::ChangeKind::ALL.map(|k| k.name());
    let missing: Vec<&String> = all
        .iter()
        .filter(|k| !covered.contains(k.as_str()))
        .collect();
    assert!(missing.is_empty(), "no case for {missing:?}");
}

#[test]
fn a_removed_deprecated_field_says_it_was_deprecated() {
    let removed = changes(
        &edited(&[]),
        &edited(&[("  old: String @deprecated(reason: \"use links\")\n", "")]),
    );
    assert_eq!(removed.len(), 1);
    assert!(
        removed[0].reason.contains("deprecated") && removed[0].reason.contains("use links"),
        "{}",
        removed[0].reason
    );
}
