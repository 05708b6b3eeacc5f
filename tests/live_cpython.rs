//! Where `python3` is on the PATH, pyssl is also compared against it live:
//! `oracle.py` runs under that interpreter and its `contexts` (machine
//! fields included: `cert_store_stats`, `get_ca_certs_len`,
//! `get_ca_certs_binary_len`), `set_ciphers`, `constants` and the
//! `set_default_verify_paths()` case are rebuilt with pyssl for the same
//! CPython release. A second test asks every pyenv-installed CPython 3.6 …
//! 3.14 for the trust-store numbers of `create_default_context()`, which the
//! golden files cannot hold (they depend on this machine).
//!
//! Without an interpreter (or the oracle) the tests print a note and pass:
//! the golden tests still run everywhere.

mod common;

use std::path::Path;
use std::process::Stdio;

use common::{
    diff_oracle_constants, diff_oracle_contexts, diff_oracle_set_ciphers, diff_outcome,
    oracle_path, outcome, pyenv_python, python_command,
};
use pyssl::{DefaultContext, Protocol, Purpose, PythonVersion, SslContext};
use serde_json::{json, Value};

/// Runs `python` on `script` (stdin closed), returning its stdout parsed as
/// JSON, or `None` with a note when the interpreter cannot be run at all.
fn run_python_json(python: &Path, args: &[&str]) -> Option<Value> {
    let out = match python_command(python)
        .args(args)
        .stdin(Stdio::null())
        .output()
    {
        Ok(o) => o,
        Err(e) => {
            eprintln!(
                "note: cannot run {}: {e}; live comparison skipped",
                python.display()
            );
            return None;
        }
    };
    assert!(
        out.status.success(),
        "{} {args:?} failed ({}):\n{}",
        python.display(),
        out.status,
        String::from_utf8_lossy(&out.stderr)
    );
    let doc: Value = serde_json::from_slice(&out.stdout).unwrap_or_else(|e| {
        panic!(
            "{} {args:?}: stdout is not JSON ({e}):\n{}",
            python.display(),
            String::from_utf8_lossy(&out.stdout)
        )
    });
    Some(doc)
}

/// `python3` from the PATH, when it runs and imports `ssl`.
fn path_python3() -> Option<&'static Path> {
    let p = Path::new("python3");
    let ok = python_command(p)
        .args(["-c", "import ssl"])
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .status()
        .map(|s| s.success())
        .unwrap_or(false);
    if ok {
        Some(p)
    } else {
        eprintln!("note: no python3 with ssl on the PATH; live comparison skipped");
        None
    }
}

/// The running OpenSSL must be the one the interpreter links: cipher lists
/// and error texts depend on it.
fn same_openssl(doc: &Value) -> bool {
    let theirs = doc["openssl_version_number"].as_i64();
    let ours = openssl::version::number();
    if theirs != Some(ours) {
        eprintln!(
            "note: python3 links OpenSSL {} ({theirs:?}), pyssl {} ({ours}); live comparison skipped",
            doc["openssl_version"],
            openssl::version::version()
        );
        return false;
    }
    true
}

/// pyssl reproduces CPython as built upstream (`--with-ssl-default-suites`
/// left at `python`, as pyenv builds it). A distribution build configured
/// otherwise, e.g. Debian's `/usr/bin/python3` (`openssl` suites, plus a
/// patch adding `OP_IGNORE_UNEXPECTED_EOF`), has other context defaults:
/// not an oracle for pyssl.
fn upstream_build(v: PythonVersion, default_ciphers: &Value, who: &str) -> bool {
    if default_ciphers != &json!(v.default_ciphers()) {
        eprintln!(
            "note: {who} has _DEFAULT_CIPHERS {default_ciphers}, not upstream CPython {v}'s \
             (a distribution build with other --with-ssl-default-suites); live comparison skipped"
        );
        return false;
    }
    true
}

/// `set_default_verify_paths()` of oracle.py's `misuse` section: the
/// `cert_store_stats()` of a `PROTOCOL_TLS_CLIENT` context before and after.
fn set_default_verify_paths(v: PythonVersion) -> Result<Value, pyssl::Error> {
    let c = SslContext::with_version(Protocol::TlsClient, v)?;
    let before = json!(c.cert_store_stats());
    c.set_default_verify_paths()?;
    Ok(json!({ "before": before, "after": c.cert_store_stats() }))
}

#[test]
fn oracle_on_path_python3_matches_pyssl() {
    let Some(python) = path_python3() else {
        return;
    };
    let oracle = oracle_path();
    if !oracle.is_file() {
        eprintln!(
            "note: {} not found; live comparison skipped",
            oracle.display()
        );
        return;
    }
    let Some(doc) = run_python_json(python, &[&oracle.to_string_lossy()]) else {
        return;
    };
    let release = doc["python_version"].as_str().expect("python_version");
    let v: PythonVersion = match release.parse() {
        Ok(v) => v,
        Err(_) => {
            eprintln!(
                "note: python3 is {release}, outside {} … {}; live comparison skipped",
                PythonVersion::ALL[0],
                PythonVersion::LATEST
            );
            return;
        }
    };
    if !same_openssl(&doc) || !upstream_build(v, &doc["constants"]["_DEFAULT_CIPHERS"], "python3") {
        return;
    }
    for section in ["contexts", "set_ciphers", "constants", "misuse"] {
        assert!(
            doc[section].is_object() && doc[section].get("section_failed").is_none(),
            "oracle section {section} failed under python3 {release}: {}",
            doc[section]
        );
    }

    let (mut problems, fields) = diff_oracle_contexts(&doc, v, true);
    let (p, strings) = diff_oracle_set_ciphers(&doc, v);
    problems.extend(p);
    let constants = diff_oracle_constants(&doc, v);
    problems.extend(constants);

    let want = &doc["misuse"]["set_default_verify_paths()"];
    assert!(
        want.is_object(),
        "oracle has no set_default_verify_paths() case"
    );
    problems.extend(diff_outcome(
        &format!("{v} set_default_verify_paths()"),
        &outcome(set_default_verify_paths(v)),
        want,
    ));
    // The case only means something if the system store has certificates.
    if want["ok"]["after"]["x509"].as_u64() == Some(0) {
        eprintln!("note: set_default_verify_paths() loads no certificate on this machine");
    }

    eprintln!(
        "live python3 {release} (as {v}): {} contexts / {fields} fields, {strings} cipher strings, \
         constants, set_default_verify_paths() compared",
        doc["contexts"].as_object().map_or(0, |m| m.len()),
    );
    assert!(
        problems.is_empty(),
        "{} differences from live python3 {release}:\n{}",
        problems.len(),
        problems.join("\n")
    );
    assert!(fields > 9 * 20, "compared only {fields} context fields");
    assert!(strings >= 20, "compared only {strings} cipher strings");
}

/// What the interpreter says about the machine's trust store; the same
/// numbers pyssl gives are computed in `ours_machine_fields`.
const MACHINE_SNIPPET: &str = r#"
import json, sys, ssl
def stats(ctx):
    return {"cert_store_stats": ctx.cert_store_stats(),
            "get_ca_certs_len": len(ctx.get_ca_certs()),
            "get_ca_certs_binary_len": len(ctx.get_ca_certs(True))}
c = ssl.SSLContext(ssl.PROTOCOL_TLS_CLIENT)
before = c.cert_store_stats()
c.set_default_verify_paths()
print(json.dumps({
    "version": "%d.%d.%d" % sys.version_info[:3],
    "openssl_version_number": ssl.OPENSSL_VERSION_NUMBER,
    "_DEFAULT_CIPHERS": ssl._DEFAULT_CIPHERS,
    "create_default_context()": stats(ssl.create_default_context()),
    "create_default_context(Purpose.CLIENT_AUTH)":
        stats(ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)),
    "set_default_verify_paths()": {"before": before, "after": c.cert_store_stats()},
}))
"#;

fn ours_machine_fields(v: PythonVersion) -> Value {
    let stats = |p| {
        let c = DefaultContext::new(p)
            .version(v)
            .keylog_env(None)
            .build()
            .expect("context");
        json!({
            "cert_store_stats": c.cert_store_stats(),
            "get_ca_certs_len": c.get_ca_certs().expect("get_ca_certs").len(),
            "get_ca_certs_binary_len": c.get_ca_certs_der().len(),
        })
    };
    json!({
        "create_default_context()": stats(Purpose::ServerAuth),
        "create_default_context(Purpose.CLIENT_AUTH)": stats(Purpose::ClientAuth),
        "set_default_verify_paths()": set_default_verify_paths(v).expect("set_default_verify_paths"),
    })
}

#[test]
fn machine_fields_match_every_pyenv_cpython() {
    let found: Vec<(PythonVersion, std::path::PathBuf)> = PythonVersion::ALL
        .iter()
        .copied()
        .filter_map(|v| match pyenv_python(v) {
            Some(p) => Some((v, p)),
            None => {
                eprintln!("note: no pyenv CPython {v}; skipped");
                None
            }
        })
        .collect();
    let mut problems = Vec::new();
    let mut compared = Vec::new();
    let results: Vec<(PythonVersion, Option<Value>)> = std::thread::scope(|s| {
        let handles: Vec<_> = found
            .iter()
            .map(|(v, p)| {
                (
                    *v,
                    s.spawn(move || run_python_json(p, &["-c", MACHINE_SNIPPET])),
                )
            })
            .collect();
        handles
            .into_iter()
            .map(|(v, h)| (v, h.join().expect("python thread")))
            .collect()
    });
    for (v, theirs) in results {
        let Some(theirs) = theirs else { continue };
        let release = theirs["version"].as_str().unwrap_or("?").to_string();
        if release.parse::<PythonVersion>().ok() != Some(v) {
            problems.push(format!("pyenv gave CPython {release} for {v}"));
            continue;
        }
        if theirs["openssl_version_number"].as_i64() != Some(openssl::version::number()) {
            eprintln!("note: CPython {release} links another OpenSSL; skipped");
            continue;
        }
        if !upstream_build(
            v,
            &theirs["_DEFAULT_CIPHERS"],
            &format!("CPython {release}"),
        ) {
            continue;
        }
        let ours = ours_machine_fields(v);
        for (label, ours_value) in ours.as_object().expect("object") {
            if &theirs[label] != ours_value {
                problems.push(format!(
                    "{v} {label}: ours {ours_value} cpython {release} {}",
                    theirs[label]
                ));
            }
        }
        compared.push(release);
    }
    eprintln!("machine fields compared against CPython {compared:?}");
    assert!(
        problems.is_empty(),
        "{} differences:\n{}",
        problems.len(),
        problems.join("\n")
    );
}
