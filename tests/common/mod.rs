//! Shared helpers of the golden tests: loading `tests/golden/oracle-3.X.json`
//! and comparing a pyssl result with what CPython recorded.
#![allow(dead_code)]

use std::path::{Path, PathBuf};

use pyssl::{Arg, Error, PythonVersion};
use serde_json::{json, Value};

/// The repository's root (where `certs/` and `tests/` are), from the
/// library's tests and from the command-line tools' (`cli/tests/`).
pub fn root() -> PathBuf {
    let here = PathBuf::from(env!("CARGO_MANIFEST_DIR"));
    if here.join("certs").is_dir() {
        here
    } else {
        here.parent().map(Path::to_path_buf).unwrap_or(here)
    }
}

/// The golden document of one CPython release. When it was recorded with a
/// CPython on another OpenSSL than the one these tests run on, says so on
/// stderr (once per test binary): the differences that follow may be
/// OpenSSL's rather than pyssl's.
///
/// `PYSSL_GOLDEN_DIR=DIR` reads `DIR/oracle-3.X.json` instead where that
/// file exists: goldens recorded (`tools/oracle.py`) with a CPython built on
/// another OpenSSL, to compare a pyssl built on that OpenSSL with it.
pub fn golden(v: PythonVersion) -> Value {
    let p = golden_file(&format!("oracle-{v}.json"));
    let text = std::fs::read_to_string(&p).unwrap_or_else(|e| panic!("{}: {e}", p.display()));
    let doc: Value = serde_json::from_str(&text).expect("golden JSON");
    warn_if_other_openssl(&doc);
    warn_if_error_table_elsewhere();
    doc
}

/// `tests/golden/NAME`, or `$PYSSL_GOLDEN_DIR/NAME` when that file exists
/// (see [`golden`]).
pub fn golden_file(name: &str) -> PathBuf {
    std::env::var_os("PYSSL_GOLDEN_DIR")
        .map(|d| PathBuf::from(d).join(name))
        .filter(|p| p.is_file())
        .unwrap_or_else(|| root().join("tests/golden").join(name))
}

/// The OpenSSL version number release `v`'s golden (`oracle-3.X.json`, see [`golden`]) was
/// recorded on, if it says.
pub fn golden_openssl(v: PythonVersion) -> Option<i64> {
    let p = golden_file(&format!("oracle-{v}.json"));
    let text = std::fs::read_to_string(p).ok()?;
    let doc: Value = serde_json::from_str(&text).ok()?;
    doc["openssl_version_number"].as_i64()
}

/// Says loudly that comparisons are skipped; under CI, where the system OpenSSL is the
/// one the repository's goldens come from, that is a failure instead (unless
/// `PYSSL_GOLDEN_DIR` says this run brought goldens of another OpenSSL:
/// tools/openssl-matrix.sh).
fn skip_loudly(what: &str) {
    let msg = format!("\n*** SKIP: {what} ***\n");
    if std::env::var_os("CI").is_some() && std::env::var_os("PYSSL_GOLDEN_DIR").is_none() {
        panic!("{msg}");
    }
    // Straight to the process's stderr: libtest captures `eprintln!` of passing tests.
    use std::io::Write;
    let _ = std::io::stderr().write_all(msg.as_bytes());
}

/// The releases whose goldens were recorded with a CPython on the OpenSSL these tests run
/// on: on the system OpenSSL all of them (tests/golden/); on another (tools/openssl-matrix.sh,
/// `PYSSL_GOLDEN_DIR`) those a CPython on that OpenSSL recorded. A CPython on another
/// OpenSSL is not the oracle of pyssl on this one (cipher lists, error texts, defaults), so
/// the golden and live comparisons of the other releases are skipped, said once per test
/// binary (a failure under CI on the system row, see [`skip_loudly`]).
pub fn releases() -> &'static [PythonVersion] {
    static R: std::sync::OnceLock<Vec<PythonVersion>> = std::sync::OnceLock::new();
    R.get_or_init(|| {
        let here = openssl::version::number();
        let (same, other): (Vec<PythonVersion>, Vec<PythonVersion>) = PythonVersion::ALL
            .iter()
            .partition(|&&v| golden_openssl(v) == Some(here));
        if !other.is_empty() {
            let names = |vs: &[PythonVersion]| {
                vs.iter()
                    .map(|v| v.to_string())
                    .collect::<Vec<_>>()
                    .join(", ")
            };
            skip_loudly(&format!(
                "these tests run on {} (0x{here:x}); the goldens of CPython {} were recorded \
                 on another OpenSSL, so their comparisons are skipped; compared: {} \
                 (goldens on this OpenSSL: tools/openssl-matrix.sh, vendor-notes.md)",
                openssl::version::version(),
                names(&other),
                if same.is_empty() {
                    "none".to_string()
                } else {
                    names(&same)
                },
            ));
        }
        same
    })
}

/// The number of releases an "at least `full` releases × N compared" guard may expect:
/// `full` when every release is compared, else as many as [`releases`] kept (those guards
/// keep a test from passing by comparing nothing; what is skipped was said loudly).
pub fn floor_releases(full: usize) -> usize {
    if releases().len() == PythonVersion::ALL.len() {
        full
    } else {
        releases().len().min(full)
    }
}

/// True when these tests run on the OpenSSL the repository's own goldens (tests/golden/)
/// were recorded on, for expectations written down from observations on it; otherwise
/// skips loudly (see [`skip_loudly`]).
pub fn on_golden_openssl(what: &str) -> bool {
    let p = root().join("tests/golden/oracle-3.14.json");
    let recorded = std::fs::read_to_string(&p)
        .ok()
        .and_then(|t| serde_json::from_str::<Value>(&t).ok())
        .and_then(|d| d["openssl_version_number"].as_i64());
    if recorded == Some(openssl::version::number()) {
        return true;
    }
    skip_loudly(&format!(
        "{what}: observed on OpenSSL 0x{:x} (tests/golden/), these tests run on {}",
        recorded.unwrap_or(0),
        openssl::version::version()
    ));
    false
}

/// The loud note of [`golden`].
pub fn warn_if_other_openssl(doc: &Value) {
    static SAID: std::sync::Once = std::sync::Once::new();
    let recorded = doc["openssl_version_number"].as_i64();
    if recorded.is_some_and(|n| n != openssl::version::number()) {
        SAID.call_once(|| {
            eprintln!(
                "\n*** NOTE: tests/golden/ was recorded with CPython on {} (0x{:x}); these tests \
                 run on {} (0x{:x}). Differences in cipher lists, error texts and defaults \
                 may be OpenSSL's, not pyssl's: regenerate the goldens with a CPython built \
                 on this OpenSSL (tools/make-golden.sh, tools/openssl-matrix.sh, \
                 vendor-notes.md). Error mnemonics come from: {}. ***\n",
                doc["openssl_version"].as_str().unwrap_or("?"),
                recorded.unwrap_or(0),
                openssl::version::version(),
                openssl::version::number(),
                PythonVersion::ALL
                    .iter()
                    .map(|v| format!("{v}: {}", v.error_table_origin()))
                    .collect::<Vec<_>>()
                    .join("; "),
            );
        });
    }
}

/// Says once when pyssl's error-name table (the newest profile's) was not read
/// from a CPython on the OpenSSL these tests run on: a table of the same series
/// resolved on another patch level stands in (vendor-notes.md).
pub fn warn_if_error_table_elsewhere() {
    static SAID: std::sync::Once = std::sync::Once::new();
    let running = openssl::version::version();
    let release = running.split_whitespace().nth(1).unwrap_or(running);
    let origin = PythonVersion::LATEST.error_table_origin();
    if !origin.contains(&format!("OpenSSL {release} ")) {
        SAID.call_once(|| {
            eprintln!(
                "\n*** NOTE: these tests run on {running}; pyssl's error-name table for it \
                 is that of {origin}: [LIB: REASON] mnemonics may differ where the two \
                 OpenSSLs define different codes (vendor-notes.md). ***\n"
            );
        });
    }
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

/// An exception's `args` as JSON values.
pub fn args_json(e: &Error) -> Vec<Value> {
    e.args()
        .iter()
        .map(|a| match a {
            Arg::Int(n) => json!(n),
            Arg::Str(s) => json!(s),
            other => panic!("an exception argument these tests do not know: {other:?}"),
        })
        .collect()
}

pub fn error_json(e: &Error) -> Value {
    let args = args_json(e);
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

// ---------------------------------------------------------------------------
// Shared by live_cpython.rs and cli_dump.rs: comparing pyssl with an oracle
// document produced live, and finding CPython interpreters.
// ---------------------------------------------------------------------------

/// Context fields that depend on this machine's trust store, not on CPython.
pub const MACHINE_FIELDS: [&str; 3] = [
    "cert_store_stats",
    "get_ca_certs_len",
    "get_ca_certs_binary_len",
];

/// The context an oracle.py `contexts` label names, built with pyssl for `v`
/// (SSLKEYLOGFILE ignored, as oracle.py removes it).
pub fn build_oracle_context(label: &str, v: PythonVersion) -> Result<pyssl::SslContext, Error> {
    use pyssl::{DefaultContext, Protocol, Purpose, SslContext};
    let default = |p| DefaultContext::new(p).version(v).keylog_env(None).build();
    match label {
        "create_default_context()" => default(Purpose::ServerAuth),
        "create_default_context(Purpose.CLIENT_AUTH)" => default(Purpose::ClientAuth),
        "_create_unverified_context()" => pyssl::create_unverified_context(v),
        "SSLContext()" => SslContext::without_protocol(v),
        other => {
            let name = other
                .strip_prefix("SSLContext(")
                .and_then(|s| s.strip_suffix(')'))
                .unwrap_or_else(|| panic!("unknown context label {other}"));
            SslContext::with_version(Protocol::from_name(name)?, v)
        }
    }
}

/// Every `contexts` entry of an oracle document against pyssl for `v`, field
/// by field (the machine fields only with `machine_fields`, else only for
/// contexts that load no CA). Returns the differences and the number of
/// fields compared.
pub fn diff_oracle_contexts(
    doc: &Value,
    v: PythonVersion,
    machine_fields: bool,
) -> (Vec<String>, usize) {
    let mut problems = Vec::new();
    let mut compared = 0;
    for (label, want) in doc["contexts"].as_object().expect("contexts") {
        pyssl::warnings::take_warnings();
        let ctx = match build_oracle_context(label, v) {
            Ok(c) => c,
            Err(e) => {
                problems.push(format!("{v} {label}: pyssl failed to build it: {e}"));
                continue;
            }
        };
        let warnings = pyssl::warnings::take_warnings();
        let ours = pyssl::report::context_report(&ctx, &warnings);
        for (key, want_value) in want.as_object().expect("entry") {
            if !machine_fields && MACHINE_FIELDS.contains(&key.as_str()) {
                continue;
            }
            let ours_value = if key == "cipher_dicts" {
                serde_json::to_value(ctx.get_ciphers()).expect("json")
            } else {
                ours.get(key).cloned().unwrap_or(Value::Null)
            };
            compared += 1;
            if &ours_value != want_value {
                problems.push(format!(
                    "{v} {label} {key}: ours {ours_value} cpython {want_value}"
                ));
            }
        }
        if !machine_fields && want["cert_store_stats"]["ok"]["x509"] == 0 {
            compared += 1;
            if ours["cert_store_stats"] != want["cert_store_stats"] {
                problems.push(format!(
                    "{v} {label} cert_store_stats: ours {} cpython {}",
                    ours["cert_store_stats"], want["cert_store_stats"]
                ));
            }
        }
    }
    (problems, compared)
}

/// Every `set_ciphers` entry of an oracle document against pyssl for `v`.
/// Returns the differences and the number of cipher strings compared.
pub fn diff_oracle_set_ciphers(doc: &Value, v: PythonVersion) -> (Vec<String>, usize) {
    let mut problems = Vec::new();
    let mut compared = 0;
    let names = |c: &pyssl::SslContext| {
        json!(c
            .get_ciphers()
            .into_iter()
            .map(|c| c.name)
            .collect::<Vec<_>>())
    };
    for (s, want) in doc["set_ciphers"].as_object().expect("set_ciphers") {
        let ctx = pyssl::DefaultContext::new(pyssl::Purpose::ServerAuth)
            .version(v)
            .keylog_env(None)
            .build()
            .expect("context");
        compared += 1;
        let label = format!("{v} set_ciphers({s:?})");
        match ctx.set_ciphers(s) {
            Ok(()) => {
                problems.extend(diff_outcome(&label, &json!({ "ok": names(&ctx) }), want));
            }
            Err(e) => {
                problems.extend(diff_outcome(&label, &outcome(Err(e)), want));
                if let Some(after) = want["error"].get("ciphers_after_failure") {
                    if &names(&ctx) != after {
                        problems.push(format!(
                            "{label}: ciphers after failure: ours {} cpython {after}",
                            names(&ctx)
                        ));
                    }
                }
            }
        }
    }
    (problems, compared)
}

/// The `constants` section of an oracle document against pyssl for `v`:
/// every `OP_`, `VERIFY_`, … constant of `ssl` and `_ssl`, `HAS_*`,
/// `CHANNEL_BINDING_TYPES`, the default cipher strings and the enums'
/// members.
pub fn diff_oracle_constants(doc: &Value, v: PythonVersion) -> Vec<String> {
    use pyssl::constants::{has_flags, python_constants, ConstantModule};
    use pyssl::{Purpose, TlsVersion};
    let mut problems = Vec::new();
    let c = &doc["constants"];
    let mut want = serde_json::Map::new();
    for group in [
        "OP",
        "VERIFY",
        "CERT",
        "PROTOCOL",
        "ALERT_DESCRIPTION",
        "SSL_ERROR",
        "HOSTFLAG",
        "ENCODING",
        "PROTO",
    ] {
        for (k, val) in c[group].as_object().expect("group") {
            want.insert(format!("ssl.{k}"), val.clone());
        }
    }
    for (k, val) in c["_ssl_only"].as_object().expect("_ssl_only") {
        want.insert(format!("_ssl.{k}"), val.clone());
    }
    let mut ours = serde_json::Map::new();
    for k in python_constants(v) {
        let module = match k.module {
            ConstantModule::Ssl => "ssl",
            _ => "_ssl",
        };
        ours.insert(format!("{module}.{}", k.name), json!(k.value));
    }
    for (k, w) in &want {
        match ours.get(k) {
            Some(o) if o == w => {}
            o => problems.push(format!("{v} constant {k}: ours {o:?} cpython {w}")),
        }
    }
    for k in ours.keys().filter(|k| !want.contains_key(*k)) {
        problems.push(format!("{v} constant {k}: ours has it, cpython does not"));
    }
    let has: serde_json::Map<String, Value> = has_flags(v)
        .into_iter()
        .map(|(n, b)| (n.to_string(), json!(b)))
        .collect();
    if Value::Object(has.clone()) != c["HAS"] {
        problems.push(format!(
            "{v} HAS_* differ: ours {has:?} cpython {}",
            c["HAS"]
        ));
    }
    let private: serde_json::Map<String, Value> = pyssl::constants::private_has_flags(v)
        .into_iter()
        .map(|(n, b)| (n.to_string(), json!(b)))
        .collect();
    if Value::Object(private.clone()) != c["_ssl_HAS"] {
        problems.push(format!(
            "{v} _ssl HAS_* differ: ours {private:?} cpython {}",
            c["_ssl_HAS"]
        ));
    }
    if c["CHANNEL_BINDING_TYPES"] != json!(pyssl::constants::CHANNEL_BINDING_TYPES) {
        problems.push(format!("{v} CHANNEL_BINDING_TYPES differ"));
    }
    for (field, ours) in [
        ("_DEFAULT_CIPHERS", v.default_ciphers()),
        ("_RESTRICTED_SERVER_CIPHERS", v.restricted_server_ciphers()),
    ] {
        if c[field] != json!(ours) {
            problems.push(format!("{v} {field}: ours {ours:?} cpython {}", c[field]));
        }
    }
    let tls: Vec<Value> = TlsVersion::ALL
        .iter()
        .map(|t| json!([t.name(), t.value()]))
        .collect();
    if v.at_least(7) && c["enums"]["TLSVersion"]["members"] != json!(tls) {
        problems.push(format!("{v} TLSVersion members differ"));
    }
    let purposes: Vec<Value> = [Purpose::ServerAuth, Purpose::ClientAuth]
        .iter()
        .zip(["SERVER_AUTH", "CLIENT_AUTH"])
        .map(|(p, n)| {
            let (nid, sn, ln, oid) = p.asn1();
            json!([n, [nid, sn, ln, oid]])
        })
        .collect();
    if c["enums"]["Purpose"]["members"] != json!(purposes) {
        problems.push(format!("{v} Purpose members differ"));
    }
    problems
}

/// The repository's CPython oracle (`tools/oracle.py`).
pub fn oracle_path() -> PathBuf {
    root().join("tools/oracle.py")
}

/// A `Command` for a Python interpreter with a deterministic environment:
/// no SSLKEYLOGFILE, no user site or PYTHON* tweaks.
pub fn python_command(python: &Path) -> std::process::Command {
    let mut c = std::process::Command::new(python);
    c.env_remove("SSLKEYLOGFILE")
        .env_remove("PYTHONWARNINGS")
        .env_remove("PYTHONSTARTUP")
        .env("PYTHONNOUSERSITE", "1")
        .env("PYTHONIOENCODING", "utf-8")
        .current_dir(root());
    c
}

/// The pyenv-installed CPython of release `v` (`pyenv prefix 3.X.Y`, then
/// `pyenv prefix 3.X`), if pyenv and that release are there. The
/// interpreter's own version is checked by the caller's script.
///
/// For the newest release, `PYSSL_SAME_OPENSSL_PYTHON` (tools/openssl-matrix.sh: a
/// CPython 3.14 built on the OpenSSL these tests run on) takes the place of pyenv's, so
/// that live comparisons meet a CPython on the same OpenSSL.
pub fn pyenv_python(v: PythonVersion) -> Option<PathBuf> {
    if v == PythonVersion::LATEST {
        if let Some(p) = std::env::var_os("PYSSL_SAME_OPENSSL_PYTHON") {
            return Some(PathBuf::from(p));
        }
    }
    let short = v.to_string();
    for want in [v.observed_release(), short.as_str()] {
        let out = std::process::Command::new("pyenv")
            .args(["prefix", want])
            .stdin(std::process::Stdio::null())
            .stderr(std::process::Stdio::null())
            .output()
            .ok()?;
        if !out.status.success() {
            continue;
        }
        let prefix = String::from_utf8_lossy(&out.stdout).trim().to_string();
        // `pyenv prefix` may print several prefixes, one a line.
        let prefix = prefix.lines().next().unwrap_or_default().to_string();
        let exe = PathBuf::from(prefix).join("bin/python3");
        if exe.is_file() {
            return Some(exe);
        }
    }
    None
}

// ---------------------------------------------------------------------------
// Shared by bio_golden.rs: oracle.py's `exc_info`/`jsonable` shapes and a
// field-by-field comparison of a whole result tree with the golden one.
// ---------------------------------------------------------------------------

/// A pyssl error in the shape of oracle.py's `exc_info(e)`: type, str,
/// str_normalized, args, errno/strerror (OSError family), library, reason
/// (SSLError family), verify_code/verify_message (when set).
pub fn exc_info_json(e: &Error) -> Value {
    let args = args_json(e);
    let mut d = serde_json::Map::new();
    d.insert("type".into(), json!(e.python_type()));
    d.insert("str".into(), json!(e.message()));
    d.insert("str_normalized".into(), json!(e.message()));
    d.insert("args".into(), Value::Array(args));
    if e.kind().is_os_error() {
        d.insert("errno".into(), json!(e.errno()));
        d.insert("strerror".into(), json!(e.strerror()));
    }
    if e.kind().is_ssl_error() {
        d.insert("library".into(), json!(e.library()));
        d.insert("reason".into(), json!(e.reason()));
    }
    if let Some(c) = e.verify_code() {
        d.insert("verify_code".into(), json!(c));
        d.insert("verify_message".into(), json!(e.verify_message()));
    }
    Value::Object(d)
}

/// oracle.py's `jsonable(bytes)`: length, and the hex (up to 64 bytes) or
/// the SHA-256.
pub fn bytes_json(b: &[u8]) -> Value {
    use std::fmt::Write;
    let hex = |d: &[u8]| {
        let mut h = String::new();
        for x in d {
            let _ = write!(h, "{x:02x}");
        }
        h
    };
    if b.len() <= 64 {
        json!({"__bytes__": true, "len": b.len(), "hex": hex(b)})
    } else {
        json!({"__bytes__": true, "len": b.len(), "sha256": hex(&openssl::sha::sha256(b))})
    }
}

/// True for an oracle.py `exc_info` object.
pub fn is_exc_info(v: &Value) -> bool {
    v.get("mro").is_some() && v.get("type").is_some() && v.get("args").is_some()
}

/// Compares one exception (`exc_info` shapes) the way `diff_outcome` does:
/// class, message minus ` (_ssl.c:N)`, library, reason, `args[0]` when an
/// int; plus `verify_code` / `verify_message` where CPython has them.
pub fn diff_exc(label: &str, ours: &Value, theirs: &Value) -> Vec<String> {
    let mut out = Vec::new();
    let want_str = strip_sslc(theirs["str_normalized"].as_str().unwrap_or_default());
    let mut checks = vec![
        ("type", ours["type"].clone(), theirs["type"].clone()),
        ("str", ours["str"].clone(), json!(want_str)),
        (
            "library",
            ours.get("library").cloned().unwrap_or(Value::Null),
            theirs.get("library").cloned().unwrap_or(Value::Null),
        ),
        (
            "reason",
            ours.get("reason").cloned().unwrap_or(Value::Null),
            theirs.get("reason").cloned().unwrap_or(Value::Null),
        ),
    ];
    for k in ["verify_code", "verify_message"] {
        if let Some(t) = theirs.get(k) {
            checks.push((k, ours.get(k).cloned().unwrap_or(Value::Null), t.clone()));
        }
    }
    for (k, x, y) in checks {
        // UnicodeEncodeError.reason is the codec's text; not an SSL field.
        if k == "reason" && theirs["type"] == "UnicodeEncodeError" {
            continue;
        }
        if x != y {
            out.push(format!("{label}: error {k}: ours {x} cpython {y}"));
        }
    }
    if let Some(y) = theirs["args"].get(0) {
        if y.is_i64() {
            let x = ours["args"].get(0).cloned().unwrap_or(Value::Null);
            if &x != y {
                out.push(format!("{label}: error args[0]: ours {x} cpython {y}"));
            }
        }
    }
    out
}

/// Counters of [`diff_tree`].
#[derive(Debug, Default)]
pub struct TreeStats {
    /// Leaves (scalars, whole arrays, exceptions) compared.
    pub compared: usize,
    /// Golden fields left out on purpose (their key is in the skip list).
    pub skipped: Vec<String>,
}

fn short(v: &Value) -> String {
    // An exception is shown by its class and text only.
    let v = if is_exc_info(v) || (v.get("type").is_some() && v.get("args").is_some()) {
        let text = v
            .get("str_normalized")
            .or_else(|| v.get("str"))
            .and_then(Value::as_str)
            .map(strip_sslc);
        json!({"type": v["type"], "str": text})
    } else {
        v.clone()
    };
    let s = v.to_string();
    if s.chars().count() > 400 {
        let cut: String = s.chars().take(400).collect();
        format!("{cut}…")
    } else {
        s
    }
}

/// Walks CPython's result tree `theirs` and compares ours with it field by
/// field: exceptions with [`diff_exc`], arrays and scalars exactly. A golden
/// key missing from ours is a difference unless it is in `skip_keys` (a
/// Python-only input); a key only ours has is a difference too.
pub fn diff_tree(
    path: &str,
    ours: &Value,
    theirs: &Value,
    skip_keys: &[&str],
    stats: &mut TreeStats,
) -> Vec<String> {
    let mut out = Vec::new();
    if is_exc_info(theirs) {
        stats.compared += 1;
        if ours.get("type").is_some() && ours.get("args").is_some() {
            out.extend(diff_exc(path, ours, theirs));
        } else {
            out.push(format!(
                "{path}: ours {} cpython raises {}",
                short(ours),
                short(theirs)
            ));
        }
        return out;
    }
    match (ours, theirs) {
        (Value::Object(o), Value::Object(t)) => {
            let capture_keys = |m: &serde_json::Map<String, Value>| {
                !m.is_empty()
                    && m.keys()
                        .all(|k| ["ok", "error", "warnings"].contains(&k.as_str()))
            };
            if capture_keys(o) && capture_keys(t) && (o.contains_key("ok") != t.contains_key("ok"))
            {
                stats.compared += 1;
                let show = |m: &serde_json::Map<String, Value>| match m.get("ok") {
                    Some(v) => format!("ok {}", short(v)),
                    None => format!("raises {}", short(&m["error"])),
                };
                out.push(format!("{path}: ours {} cpython {}", show(o), show(t)));
                return out;
            }
            for (k, tv) in t {
                let sub = format!("{path} / {k}");
                match o.get(k) {
                    Some(ov) => out.extend(diff_tree(&sub, ov, tv, skip_keys, stats)),
                    None if skip_keys.contains(&k.as_str()) => stats.skipped.push(sub),
                    None => {
                        stats.compared += 1;
                        out.push(format!("{sub}: missing from ours; cpython {}", short(tv)));
                    }
                }
            }
            for (k, ov) in o {
                if !t.contains_key(k) {
                    stats.compared += 1;
                    out.push(format!("{path} / {k}: only ours has it: {}", short(ov)));
                }
            }
        }
        (Value::Array(o), Value::Array(t)) if o.len() == t.len() && o != t => {
            if t.iter().any(|x| x.is_object() || x.is_array()) {
                for (i, (a, b)) in o.iter().zip(t).enumerate() {
                    out.extend(diff_tree(&format!("{path}[{i}]"), a, b, skip_keys, stats));
                }
            } else {
                stats.compared += 1;
                out.push(format!(
                    "{path}: ours {} cpython {}",
                    short(ours),
                    short(theirs)
                ));
            }
        }
        _ => {
            stats.compared += 1;
            if ours != theirs {
                out.push(format!(
                    "{path}: ours {} cpython {}",
                    short(ours),
                    short(theirs)
                ));
            }
        }
    }
    out
}

// ---------------------------------------------------------------------------
// Shared by socket_golden.rs and stall_and_junk.rs: the OSError attributes
// (`errno`, `strerror`) that `diff_exc` leaves out.
// ---------------------------------------------------------------------------

/// `s` without any ` (_ssl.c:NNN)` (the line number of the C file that
/// raised it, which `strerror` keeps even in the golden files).
pub fn strip_sslc_line(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut rest = s;
    while let Some(i) = rest.find(" (_ssl.c:") {
        out.push_str(&rest[..i]);
        let tail = &rest[i + " (_ssl.c:".len()..];
        let digits = tail
            .find(|c: char| !c.is_ascii_digit() && c != 'N')
            .unwrap_or(tail.len());
        if digits > 0 && tail[digits..].starts_with(')') {
            rest = &tail[digits + 1..];
        } else {
            out.push_str(" (_ssl.c:");
            rest = tail;
        }
    }
    out.push_str(rest);
    out
}

/// For one exception (`exc_info` shapes): `errno` exactly and `strerror`
/// minus ` (_ssl.c:NNN)`, where CPython's has them (the `OSError` family).
pub fn diff_os_attrs(label: &str, ours: &Value, theirs: &Value) -> Vec<String> {
    let mut out = Vec::new();
    if theirs.get("errno").is_some() {
        let o = ours.get("errno").cloned().unwrap_or(Value::Null);
        if o != theirs["errno"] {
            out.push(format!(
                "{label}: error errno: ours {o} cpython {}",
                theirs["errno"]
            ));
        }
    }
    if let Some(t) = theirs.get("strerror") {
        let norm = |v: &Value| match v.as_str() {
            Some(s) => json!(strip_sslc_line(s)),
            None => v.clone(),
        };
        let o = norm(ours.get("strerror").unwrap_or(&Value::Null));
        if o != norm(t) {
            out.push(format!(
                "{label}: error strerror: ours {o} cpython {}",
                norm(t)
            ));
        }
    }
    out
}

/// Walks CPython's tree as [`diff_tree`] does and applies [`diff_os_attrs`]
/// to every exception found at the same place in ours (the rest of the
/// comparison, missing keys included, is `diff_tree`'s). `compared` counts
/// the exceptions checked.
pub fn diff_os_attrs_tree(
    path: &str,
    ours: &Value,
    theirs: &Value,
    compared: &mut usize,
) -> Vec<String> {
    let mut out = Vec::new();
    if is_exc_info(theirs) {
        if ours.get("type").is_some() && ours.get("args").is_some() {
            *compared += 1;
            out.extend(diff_os_attrs(path, ours, theirs));
        }
        return out;
    }
    match (ours, theirs) {
        (Value::Object(o), Value::Object(t)) => {
            for (k, tv) in t {
                if let Some(ov) = o.get(k) {
                    out.extend(diff_os_attrs_tree(
                        &format!("{path} / {k}"),
                        ov,
                        tv,
                        compared,
                    ));
                }
            }
        }
        (Value::Array(o), Value::Array(t)) if o.len() == t.len() => {
            for (i, (a, b)) in o.iter().zip(t).enumerate() {
                out.extend(diff_os_attrs_tree(&format!("{path}[{i}]"), a, b, compared));
            }
        }
        _ => {}
    }
    out
}

/// Two `SslObject`s joined by MemoryBio pairs, driven like oracle.py's
/// `Pair`: each side steps its handshake, bytes are moved, until both are
/// done or failed.
pub struct BioPair {
    pub c_in: pyssl::MemoryBio,
    pub c_out: pyssl::MemoryBio,
    pub s_in: pyssl::MemoryBio,
    pub s_out: pyssl::MemoryBio,
    pub client: pyssl::SslObject,
    pub server: pyssl::SslObject,
}

impl BioPair {
    pub fn new(
        client: &pyssl::SslContext,
        server: &pyssl::SslContext,
        host: Option<&str>,
    ) -> Result<BioPair, Error> {
        BioPair::with_session(client, server, host, None)
    }

    /// [`BioPair::new`], the client offering `session`.
    pub fn with_session(
        client: &pyssl::SslContext,
        server: &pyssl::SslContext,
        host: Option<&str>,
        session: Option<&pyssl::SslSession>,
    ) -> Result<BioPair, Error> {
        let bio = pyssl::MemoryBio::new;
        let (c_in, c_out, s_in, s_out) = (bio()?, bio()?, bio()?, bio()?);
        let client = client.wrap_bio(&c_in, &c_out, false, host, session)?;
        let server = server.wrap_bio(&s_in, &s_out, true, None, None)?;
        Ok(BioPair {
            c_in,
            c_out,
            s_in,
            s_out,
            client,
            server,
        })
    }

    /// Moves pending bytes both ways; the number moved.
    pub fn flush(&self) -> usize {
        let a = self.c_out.read(None);
        let b = self.s_out.read(None);
        if !a.is_empty() {
            self.s_in.write(&a).expect("bio write");
        }
        if !b.is_empty() {
            self.c_in.write(&b).expect("bio write");
        }
        a.len() + b.len()
    }

    /// Drives both handshakes (30 rounds at most); (client error, server error).
    pub fn handshake(&mut self) -> (Option<Error>, Option<Error>) {
        let (mut c_done, mut s_done) = (false, false);
        let (mut c_err, mut s_err) = (None, None);
        for _ in 0..30 {
            if !c_done && c_err.is_none() {
                match self.client.do_handshake() {
                    Ok(()) => c_done = true,
                    Err(e) if e.kind() == pyssl::ErrorKind::WantRead => {}
                    Err(e) => c_err = Some(e),
                }
            }
            self.flush();
            if !s_done && s_err.is_none() {
                match self.server.do_handshake() {
                    Ok(()) => s_done = true,
                    Err(e) if e.kind() == pyssl::ErrorKind::WantRead => {}
                    Err(e) => s_err = Some(e),
                }
            }
            let moved = self.flush();
            if (c_done || c_err.is_some()) && (s_done || s_err.is_some()) && moved == 0 {
                break;
            }
        }
        (c_err, s_err)
    }
}
