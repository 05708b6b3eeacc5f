//! Shared helpers of the golden tests: loading `tests/golden/oracle-3.X.json`
//! and comparing a pyssl result with what CPython recorded.
#![allow(dead_code)]

use std::path::{Path, PathBuf};

use pyssl::{Arg, Error, PythonVersion};
use serde_json::{json, Value};

pub fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// The golden document of one CPython release.
pub fn golden(v: PythonVersion) -> Value {
    let p = root().join(format!("tests/golden/oracle-{v}.json"));
    let text = std::fs::read_to_string(&p).unwrap_or_else(|e| panic!("{}: {e}", p.display()));
    serde_json::from_str(&text).expect("golden JSON")
}

/// `tests/data/cpython/3.X/NAME`: that CPython's own test certificate.
pub fn cpython_cert(v: PythonVersion, name: &str) -> PathBuf {
    root().join(format!("tests/data/cpython/{v}/{name}"))
}

/// A path as `&Path`, for brevity.
pub fn p(s: &Path) -> &Path {
    s
}

/// `str_normalized` minus the build-specific ` (_ssl.c:N)` suffix.
pub fn strip_sslc(s: &str) -> String {
    s.replace(" (_ssl.c:N)", "")
}

/// A pyssl result in the oracle's `capture` shape.
pub fn outcome(r: Result<Value, Error>) -> Value {
    match r {
        Ok(v) => json!({ "ok": v }),
        Err(e) => json!({ "error": error_json(&e) }),
    }
}

pub fn error_json(e: &Error) -> Value {
    let args: Vec<Value> = e
        .args()
        .iter()
        .map(|a| match a {
            Arg::Int(n) => json!(n),
            Arg::Str(s) => json!(s),
        })
        .collect();
    json!({
        "type": e.python_type(),
        "str": e.message(),
        "args": args,
        "library": e.library(),
        "reason": e.reason(),
    })
}

/// Compares a pyssl outcome with the oracle's: `ok` values exactly; errors
/// by class, message (without the `_ssl.c` suffix), `library`, `reason`,
/// and `args[0]` when it is an int (`args[1]` carries the suffix).
/// Returns a description of each difference.
pub fn diff_outcome(label: &str, ours: &Value, theirs: &Value) -> Vec<String> {
    let mut out = Vec::new();
    match (
        ours.get("ok"),
        theirs.get("ok"),
        ours.get("error"),
        theirs.get("error"),
    ) {
        (Some(a), Some(b), _, _) => {
            if a != b {
                out.push(format!(
                    "{label}: ok value differs\n  ours:    {a}\n  cpython: {b}"
                ));
            }
        }
        (_, _, Some(a), Some(b)) => {
            let want_str = strip_sslc(b["str_normalized"].as_str().unwrap_or_default());
            let checks = [
                ("type", a["type"].clone(), b["type"].clone()),
                ("str", a["str"].clone(), json!(want_str)),
                (
                    "library",
                    a["library"].clone(),
                    b.get("library").cloned().unwrap_or(Value::Null),
                ),
                (
                    "reason",
                    a["reason"].clone(),
                    b.get("reason").cloned().unwrap_or(Value::Null),
                ),
            ];
            for (k, x, y) in checks {
                // UnicodeEncodeError.reason is the codec's text; not an SSL field.
                if k == "reason" && b["type"] == "UnicodeEncodeError" {
                    continue;
                }
                if x != y {
                    out.push(format!("{label}: error {k} differs: ours {x} cpython {y}"));
                }
            }
            if let (Some(x), Some(y)) = (a["args"].get(0), b["args"].get(0)) {
                if y.is_i64() && x != y {
                    out.push(format!(
                        "{label}: error args[0] differs: ours {x} cpython {y}"
                    ));
                }
            }
        }
        _ => out.push(format!(
            "{label}: outcome differs\n  ours:    {ours}\n  cpython: {theirs}"
        )),
    }
    out
}
