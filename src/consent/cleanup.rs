//! Withdrawal clean-up: which cookies a withdrawn service leaves, and how to delete them.

use crate::prelude::*;
/// Whether cookie `name` matches `pattern`, where `*` matches any run of characters.
pub fn matches(pattern: &str, name: &str) -> bool {
    let (p, n) = (pattern.as_bytes(), name.as_bytes());
    let (mut pi, mut ni) = (0, 0);
    let (mut star, mut mark) = (None, 0);
    while ni < n.len() {
        if pi < p.len() && p[pi] == b'*' {
            star = Some(pi);
            mark = ni;
            pi += 1;
        } else if pi < p.len() && p[pi] == n[ni] {
            pi += 1;
            ni += 1;
        } else if let Some(s) = star {
            pi = s + 1;
            mark += 1;
            ni = mark;
        } else {
            return false;
        }
    }
    p[pi..].iter().all(|&c| c == b'*')
}

/// The `document.cookie` assignments that delete cookie `name` in every variant a script on
/// `host` at `path` may have set it: host-only and each parent domain, and every path a cookie
/// the page sees can have (RFC 6265's path-match): `/`, each directory with and without its
/// trailing slash (`/shop`, `/shop/`), and the page's own path.
pub fn deletions(name: &str, host: &str, path: &str) -> Vec<String> {
    let mut domains: Vec<&str> = vec![""];
    let is_ip = host.bytes().all(|b| b.is_ascii_digit() || b == b'.') || host.contains(':');
    if !is_ip {
        let mut rest = host;
        while rest.contains('.') {
            domains.push(rest);
            rest = rest.split_once('.').map_or("", |(_, r)| r);
        }
    }
    // Every prefix of the path that ends just before a `/` or at one, and the path itself (a
    // path that does not start with `/` is not one: `/` alone).
    let mut paths: Vec<&str> = Vec::new();
    let bytes = path.as_bytes();
    for end in 1..=bytes.len() {
        let boundary = end == bytes.len()
            || bytes.get(end) == Some(&b'/')
            || bytes.get(end - 1) == Some(&b'/');
        if let Some(p) = path
            .get(..end)
            .filter(|_| boundary && bytes.first() == Some(&b'/'))
        {
            paths.push(p);
        }
    }
    if paths.is_empty() {
        paths.push("/");
    }
    let mut out = Vec::with_capacity(domains.len() * paths.len());
    for d in &domains {
        for p in &paths {
            let mut s = String::with_capacity(name.len() + p.len() + d.len() + 40);
            s.push_str(name);
            s.push_str("=; Max-Age=0; Path=");
            s.push_str(p);
            if !d.is_empty() {
                s.push_str("; Domain=");
                s.push_str(d);
            }
            out.push(s);
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn wildcard_patterns() {
        assert!(matches("intercom-id-*", "intercom-id-abc"));
        assert!(matches("intercom-id-*", "intercom-id-"));
        assert!(!matches("intercom-id-*", "intercom-session-abc"));
        assert!(matches("_ga", "_ga"));
        assert!(!matches("_ga", "_gat"));
        assert!(matches("_ga*", "_gat"));
        assert!(matches("*_uid", "_adnet_uid"));
        assert!(matches("a*b*c", "aXXbYYc"));
        assert!(!matches("a*b*c", "aXXbYY"));
    }

    #[test]
    fn deletes_every_domain_and_path_variant() {
        assert_eq!(
            deletions("x", "www.example.com", "/blog/post"),
            [
                "x=; Max-Age=0; Path=/",
                "x=; Max-Age=0; Path=/blog",
                "x=; Max-Age=0; Path=/blog/",
                "x=; Max-Age=0; Path=/blog/post",
                "x=; Max-Age=0; Path=/; Domain=www.example.com",
                "x=; Max-Age=0; Path=/blog; Domain=www.example.com",
                "x=; Max-Age=0; Path=/blog/; Domain=www.example.com",
                "x=; Max-Age=0; Path=/blog/post; Domain=www.example.com",
                "x=; Max-Age=0; Path=/; Domain=example.com",
                "x=; Max-Age=0; Path=/blog; Domain=example.com",
                "x=; Max-Age=0; Path=/blog/; Domain=example.com",
                "x=; Max-Age=0; Path=/blog/post; Domain=example.com",
            ]
        );
        assert_eq!(deletions("x", "127.0.0.1", "/"), ["x=; Max-Age=0; Path=/"]);
    }

    /// The paths of the deletions for a cookie on host-only `127.0.0.1`.
    fn paths(path: &str) -> Vec<String> {
        deletions("x", "127.0.0.1", path)
            .iter()
            .map(|d| d.strip_prefix("x=; Max-Age=0; Path=").unwrap().to_owned())
            .collect()
    }

    #[test]
    fn deletes_the_directory_path_with_its_trailing_slash() {
        // Issue 14: a script on /shop/ or /shop/page that set `path=/shop/` kept its cookie.
        assert_eq!(paths("/shop/"), ["/", "/shop", "/shop/"]);
        assert_eq!(paths("/shop/page"), ["/", "/shop", "/shop/", "/shop/page"]);
        assert_eq!(paths("/a/b/"), ["/", "/a", "/a/", "/a/b", "/a/b/"]);
        assert_eq!(paths(""), ["/"]);
    }

    /// Whether a cookie of path `cookie` is sent to (and so visible on) page `page`: the
    /// path-match of RFC 6265, section 5.1.4.
    fn path_matches(cookie: &str, page: &str) -> bool {
        cookie == page
            || page.starts_with(cookie)
                && (cookie.ends_with('/') || page[cookie.len()..].starts_with('/'))
    }

    #[test]
    fn deletes_every_path_a_cookie_visible_on_the_page_can_have() {
        for page in [
            "/",
            "/shop",
            "/shop/",
            "/shop/page",
            "/a/b/c.html",
            "/a//b",
            "/a/b/",
        ] {
            let deleted = paths(page);
            for end in 1..=page.len() {
                let candidate = &page[..end];
                if path_matches(candidate, page) {
                    assert!(
                        deleted.iter().any(|d| d == candidate),
                        "a cookie of path {candidate:?} on page {page:?} is not deleted: {deleted:?}"
                    );
                }
            }
            let mut unique = deleted.clone();
            unique.dedup();
            assert_eq!(unique, deleted, "no path twice for {page:?}");
        }
    }
}
