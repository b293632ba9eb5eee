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
/// `host` at `path` may have set it: host-only and each parent domain, `/` and each path prefix.
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
    let mut paths = vec!["/".to_owned()];
    let mut acc = String::new();
    for seg in path.split('/').filter(|s| !s.is_empty()) {
        acc.push('/');
        acc.push_str(seg);
        paths.push(acc.clone());
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
                "x=; Max-Age=0; Path=/blog/post",
                "x=; Max-Age=0; Path=/; Domain=www.example.com",
                "x=; Max-Age=0; Path=/blog; Domain=www.example.com",
                "x=; Max-Age=0; Path=/blog/post; Domain=www.example.com",
                "x=; Max-Age=0; Path=/; Domain=example.com",
                "x=; Max-Age=0; Path=/blog; Domain=example.com",
                "x=; Max-Age=0; Path=/blog/post; Domain=example.com",
            ]
        );
        assert_eq!(deletions("x", "127.0.0.1", "/"), ["x=; Max-Age=0; Path=/"]);
    }
}
