//! "Did you mean …?" as graphql-js words it: the names within a lexical
//! distance of what was typed, closest first, at most five.

/// `Did you mean "a", "b", or "c"?`, or nothing when no name is close.
pub(crate) fn did_you_mean<'a>(
    typed: &str,
    names: impl IntoIterator<Item = &'a str>,
) -> Option<String> {
    let typed_lower = typed.to_lowercase();
    let threshold = typed.len() * 2 / 5 + 1;
    let mut close: Vec<(usize, &str)> = names
        .into_iter()
        .filter_map(|name| {
            let distance = if name.to_lowercase() == typed_lower {
                1
            } else {
                strsim::osa_distance(&typed_lower, &name.to_lowercase())
            };
            (distance <= threshold).then_some((distance, name))
        })
        .collect();
    if close.is_empty() {
        return None;
    }
    close.sort();
    let quoted: Vec<String> = close
        .iter()
        .take(5)
        .map(|(_, n)| format!("\"{n}\""))
        .collect();
    let list = match quoted.as_slice() {
        [one] => one.clone(),
        [first, second] => format!("{first} or {second}"),
        [rest @ .., last] => format!("{}, or {last}", rest.join(", ")),
        [] => unreachable!("at least one suggestion"),
    };
    Some(format!(" Did you mean {list}?"))
}

#[cfg(test)]
mod tests {
    use super::did_you_mean;

    #[test]
    fn words_suggestions_as_graphql_js() {
        let fields = ["links", "votes", "users", "me", "relayLink"];
        assert_eq!(
            did_you_mean("linkz", fields).unwrap(),
            " Did you mean \"links\"?"
        );
        assert_eq!(did_you_mean("zzzzzz", fields), None);
        assert_eq!(
            did_you_mean("a", ["b", "c", "d"]).unwrap(),
            " Did you mean \"b\", \"c\", or \"d\"?"
        );
    }
}
