//! `ssl.match_hostname` (3.6–3.11) against the `match_hostname` cases that
//! oracle.py recorded for each CPython (tests/golden/oracle-3.X.json,
//! section `module_functions`), and its absence from 3.12.

mod common;

use common::{diff_outcome, golden, outcome};
use pyssl::cert::{AltNameValue, PeerCertificate};
use pyssl::functions::match_hostname;
use pyssl::warnings::take_warnings;
use serde_json::Value;

fn cert(cn: Option<&str>, san: &[(&str, &str)]) -> PeerCertificate {
    let mut c = PeerCertificate::default();
    c.subject = cn
        .map(|c| vec![vec![("commonName".to_string(), c.to_string())]])
        .unwrap_or_default();
    c.version = 3;
    c.subject_alt_name = (!san.is_empty()).then(|| {
        san.iter()
            .map(|(k, v)| (k.to_string(), AltNameValue::Text(v.to_string())))
            .collect()
    });
    c
}

/// The certificates and host names of oracle.py's `match_hostname` cases.
fn case(label: &str) -> Option<(Option<PeerCertificate>, &'static str)> {
    let localhost = || {
        cert(
            Some("localhost"),
            &[("DNS", "localhost"), ("IP Address", "127.0.0.1")],
        )
    };
    let wild = || cert(Some("x"), &[("DNS", "*.example.com")]);
    let cn_only = || cert(Some("cn.example.com"), &[]);
    Some(match label {
        "localhost" => (Some(localhost()), "localhost"),
        "LOCALHOST" => (Some(localhost()), "LOCALHOST"),
        "mismatch" => (Some(localhost()), "example.org"),
        "ip ok" => (Some(localhost()), "127.0.0.1"),
        "ip mismatch" => (Some(localhost()), "127.0.0.2"),
        "wildcard ok" => (Some(wild()), "www.example.com"),
        "wildcard 2 labels" => (Some(wild()), "a.b.example.com"),
        "wildcard bare" => (Some(wild()), "example.com"),
        "cn only" => (Some(cn_only()), "cn.example.com"),
        "cn only mismatch" => (Some(cn_only()), "other.example.com"),
        "empty cert" | "None cert" => (None, "example.com"),
        "multi SAN mismatch" => (
            Some(cert(None, &[("DNS", "a.example"), ("DNS", "b.example")])),
            "c.example",
        ),
        _ => return None,
    })
}

#[test]
fn match_hostname_matches_cpython() {
    let mut problems = Vec::new();
    let mut compared = 0;
    for &v in common::releases() {
        let g = golden(v);
        let Some(cases) = g["module_functions"].get("match_hostname") else {
            assert!(v.at_least(12), "{v} should have match_hostname");
            let e = match_hostname(None, "x", v).unwrap_err();
            assert_eq!(
                e.to_string(),
                "module 'ssl' has no attribute 'match_hostname'"
            );
            continue;
        };
        for (label, want) in cases.as_object().expect("cases") {
            let (c, host) = case(label).unwrap_or_else(|| panic!("unknown case {label}"));
            take_warnings();
            let ours = outcome(match_hostname(c.as_ref(), host, v).map(|()| Value::Null));
            // oracle.py silences the 3.10+ DeprecationWarning (quiet()).
            take_warnings();
            compared += 1;
            problems.extend(diff_outcome(
                &format!("{v} match_hostname {label}"),
                &ours,
                want,
            ));
        }
    }
    assert!(problems.is_empty(), "{}", problems.join("\n"));
    // match_hostname() is gone from 3.12 on.
    let with_it = common::releases()
        .iter()
        .filter(|v| !v.at_least(12))
        .count();
    assert!(compared >= with_it.min(6) * 13, "compared {compared}");
}
