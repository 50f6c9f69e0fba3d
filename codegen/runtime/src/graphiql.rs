//! The GraphiQL IDE that browsers get at the GraphQL endpoint, served fully
//! offline. This module owns the HTML page and the four vendored static
//! assets it loads (GraphiQL 4.x's UMD bundle and stylesheet, React 18 and
//! ReactDOM 18; see `assets/graphiql/README.md` for versions, licences and how
//! to refresh them). The files are embedded in the binary, so the page needs
//! nothing but this server: no CDN, no web fonts from elsewhere. Routing
//! (which requests get the page, and serving [`asset`] at `/graphiql/<name>`)
//! belongs to the caller.

const JS: &str = "text/javascript; charset=utf-8";
const CSS: &str = "text/css; charset=utf-8";

/// The vendored files: (name, bytes, content type).
const ASSETS: [(&str, &[u8], &str); 4] = [
    (
        "react.production.min.js",
        include_bytes!("../assets/graphiql/react.production.min.js"),
        JS,
    ),
    (
        "react-dom.production.min.js",
        include_bytes!("../assets/graphiql/react-dom.production.min.js"),
        JS,
    ),
    (
        "graphiql.min.js",
        include_bytes!("../assets/graphiql/graphiql.min.js"),
        JS,
    ),
    (
        "graphiql.min.css",
        include_bytes!("../assets/graphiql/graphiql.min.css"),
        CSS,
    ),
];

/// The bytes and `Content-Type` of the vendored asset called `name` (a bare
/// file name such as `graphiql.min.js`, as in `/graphiql/graphiql.min.js`),
/// or `None` for any other name.
pub fn asset(name: &str) -> Option<(&'static [u8], &'static str)> {
    ASSETS
        .iter()
        .find(|(n, _, _)| *n == name)
        .map(|&(_, bytes, content_type)| (bytes, content_type))
}

/// The page, with `__ENDPOINT__` standing for the JSON-encoded endpoint.
/// The fetcher sends the headers typed into GraphiQL's header editor (for
/// example `{"Authorization": "JWT <token>"}`) on top of its own defaults.
const PAGE: &str = r#"<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>GraphiQL</title>
<link rel="stylesheet" href="/graphiql/graphiql.min.css">
<style>body{margin:0}#graphiql{height:100vh}</style>
</head>
<body>
<div id="graphiql">Loading…</div>
<script src="/graphiql/react.production.min.js"></script>
<script src="/graphiql/react-dom.production.min.js"></script>
<script src="/graphiql/graphiql.min.js"></script>
<script>
"use strict";
(function () {
  var endpoint = __ENDPOINT__;
  function fetcher(params, opts) {
    var headers = new Headers({
      "Content-Type": "application/json",
      "Accept": "application/graphql-response+json, application/json"
    });
    var extra = (opts && opts.headers) || {};
    Object.keys(extra).forEach(function (k) { headers.set(k, String(extra[k])); });
    return fetch(endpoint, { method: "POST", headers: headers, body: JSON.stringify(params) })
      .then(function (res) {
        return res.text().then(function (text) {
          try { return JSON.parse(text); } catch (e) {
            return { errors: [{ message: "HTTP " + res.status + ": " + text }] };
          }
        });
      });
  }
  ReactDOM.createRoot(document.getElementById("graphiql"))
    .render(React.createElement(GraphiQL, { fetcher: fetcher }));
})();
</script>
</body>
</html>
"#;

/// The GraphiQL page, querying `endpoint` (a URL or path such as `/graphql`)
/// with `fetch` POSTs of JSON. Its assets load from `/graphiql/<name>` on the
/// same server (see [`asset`]).
pub fn page(endpoint: &str) -> String {
    PAGE.replace("__ENDPOINT__", &script_string(endpoint))
}

/// `s` as a JavaScript string literal that is safe inside an inline
/// `<script>`: JSON, with `<`, `>` and `&` escaped so that no `</script>` or
/// `<!--` can appear, and U+2028/U+2029 escaped for older engines.
fn script_string(s: &str) -> String {
    serde_json::Value::from(s)
        .to_string()
        .replace('<', "\\u003c")
        .replace('>', "\\u003e")
        .replace('&', "\\u0026")
        .replace('\u{2028}', "\\u2028")
        .replace('\u{2029}', "\\u2029")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn assets_are_embedded_and_referenced_by_the_page() {
        let html = page("/graphql");
        for (name, _, _) in ASSETS {
            let (bytes, content_type) = asset(name).expect(name);
            assert!(!bytes.is_empty(), "{name} is empty");
            assert!(content_type.starts_with("text/"), "{name}: {content_type}");
            let path = format!("/graphiql/{name}");
            assert!(html.contains(&path), "page does not reference {path}");
        }
        assert!(asset("nope.js").is_none());
        assert!(asset("../graphiql.min.js").is_none());
        assert!(html.contains(r#"var endpoint = "/graphql";"#));
    }

    #[test]
    fn endpoint_cannot_break_out_of_the_script() {
        let html = page("</script><script>alert(1)</script>\"\\");
        assert!(!html.contains("alert(1)</script>"));
        assert_eq!(html.matches("</script>").count(), 4);
        assert!(html.contains(
            r#"var endpoint = "\u003c/script\u003e\u003cscript\u003ealert(1)\u003c/script\u003e\"\\";"#
        ));
    }
}
