//! `pyssl-client` / `pyssl-server --dump-context` against CPython building
//! the same context the way the command-line contract says
//! (`cli-contract.md`, "How the context is built" and "--dump-context").
//!
//! For every pyenv CPython 3.6 … 3.14 found, one Python process builds the
//! contexts of all the command lines below and describes each with
//! `oracle.py`'s own `describe_context` (or gives the exception as
//! `exc_info`); the binaries run once per command line with
//! `--compat 3.X`, and the two JSON objects are compared key by key
//! (machine fields included: same machine, same trust store). Where no
//! interpreter is there at all, the no-flag dumps are still compared with
//! the golden `contexts` entries (minus the machine fields); that comparison
//! runs in every case since it costs a few process starts.

#[path = "../../tests/common/mod.rs"]
mod common;

use std::collections::BTreeMap;
use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

use common::{golden, oracle_path, pyenv_python, python_command, root, MACHINE_FIELDS};
use pyssl::PythonVersion;
use serde_json::{json, Value};

#[derive(Clone, Copy, PartialEq, Eq, Debug)]
enum Side {
    Client,
    Server,
}

impl Side {
    fn exe(self) -> &'static str {
        match self {
            Side::Client => env!("CARGO_BIN_EXE_pyssl-client"),
            Side::Server => env!("CARGO_BIN_EXE_pyssl-server"),
        }
    }
    fn name(self) -> &'static str {
        match self {
            Side::Client => "client",
            Side::Server => "server",
        }
    }
}

/// One command line: the flags given to the binary, and the same request
/// as data for the Python side (`spec`, read by `build()` in [`SCRIPT`]).
struct Case {
    name: &'static str,
    side: Side,
    args: &'static [&'static str],
    spec: Value,
    /// Oldest CPython minor the case applies to.
    since: u8,
    /// The outcome CPython gives (checked, so that a case cannot silently
    /// stop testing what it is meant to): `Ok(())` or `Err(class name)`.
    expect: fn(PythonVersion) -> Result<(), &'static str>,
}

type Expect = fn(PythonVersion) -> Result<(), &'static str>;

fn cases() -> Vec<Case> {
    use Side::{Client, Server};
    let ok: Expect = |_| Ok(());
    let c = |name: &'static str,
             side: Side,
             args: &'static [&'static str],
             spec: Value,
             since: u8,
             expect: Expect| Case {
        name,
        side,
        args,
        spec,
        since,
        expect,
    };
    vec![
        c("client: no flags", Client, &[], json!({}), 6, ok),
        c(
            "client: --ciphers HIGH:!RC4:!MD5:!3DES --options=OP_NO_TICKET",
            Client,
            &[
                "--ciphers",
                "HIGH:!RC4:!MD5:!3DES",
                "--options=OP_NO_TICKET",
            ],
            json!({"ciphers": "HIGH:!RC4:!MD5:!3DES", "options": ["OP_NO_TICKET"]}),
            6,
            ok,
        ),
        c(
            "client: --options=OP_NO_TICKET,-OP_NO_COMPRESSION",
            Client,
            &["--options=OP_NO_TICKET,-OP_NO_COMPRESSION"],
            json!({"options": ["OP_NO_TICKET", "-OP_NO_COMPRESSION"]}),
            6,
            ok,
        ),
        // 3.6 has no minimum_version: the contract sets OP_NO_* there.
        c(
            "client: --min-version TLSv1_2 --max-version TLSv1_3",
            Client,
            &["--min-version", "TLSv1_2", "--max-version", "TLSv1_3"],
            json!({"min_version": "TLSv1_2", "max_version": "TLSv1_3"}),
            6,
            ok,
        ),
        c(
            "client: --max-version TLSv1_2",
            Client,
            &["--max-version", "TLSv1_2"],
            json!({"max_version": "TLSv1_2"}),
            6,
            ok,
        ),
        // 3.10+: DeprecationWarning "ssl.TLSVersion.TLSv1 is deprecated".
        c(
            "client: --min-version TLSv1",
            Client,
            &["--min-version", "TLSv1"],
            json!({"min_version": "TLSv1"}),
            6,
            ok,
        ),
        c(
            "client: --min-version MINIMUM_SUPPORTED --max-version MAXIMUM_SUPPORTED",
            Client,
            &[
                "--min-version",
                "MINIMUM_SUPPORTED",
                "--max-version",
                "MAXIMUM_SUPPORTED",
            ],
            json!({"min_version": "MINIMUM_SUPPORTED", "max_version": "MAXIMUM_SUPPORTED"}),
            6,
            ok,
        ),
        // 3.10+: DeprecationWarning for OP_NO_SSL*/OP_NO_TLS* options.
        c(
            "client: --options OP_NO_TLSv1",
            Client,
            &["--options", "OP_NO_TLSv1"],
            json!({"options": ["OP_NO_TLSv1"]}),
            6,
            ok,
        ),
        c(
            "client: --cafile certs/ca.pem",
            Client,
            &["--cafile", "certs/ca.pem"],
            json!({"cafile": "certs/ca.pem"}),
            6,
            ok,
        ),
        c(
            "client: --insecure",
            Client,
            &["--insecure"],
            json!({"insecure": true}),
            6,
            ok,
        ),
        c(
            "client: --protocol tls-server",
            Client,
            &["--protocol", "tls-server"],
            json!({"protocol": "tls-server"}),
            6,
            ok,
        ),
        c(
            "client: --protocol tls",
            Client,
            &["--protocol", "tls"],
            json!({"protocol": "tls"}),
            6,
            ok,
        ),
        c(
            "client: --cert certs/client.pem --key certs/client.key",
            Client,
            &["--cert", "certs/client.pem", "--key", "certs/client.key"],
            json!({"cert": "certs/client.pem", "key": "certs/client.key"}),
            6,
            ok,
        ),
        c("server: no flags", Server, &[], json!({}), 6, ok),
        // `ctx.num_tickets = 0`: AttributeError on 3.6 (no such attribute,
        // __slots__), a plain Python attribute on 3.7, and on 3.8/3.9
        // ValueError, create_default_context(CLIENT_AUTH) being a
        // PROTOCOL_TLS context there, not a server one.
        c(
            "server: --no-ticket --num-tickets 0",
            Server,
            &["--no-ticket", "--num-tickets", "0"],
            json!({"no_ticket": true, "num_tickets": 0}),
            6,
            |v| match v.minor() {
                6 => Err("AttributeError"),
                8 | 9 => Err("ValueError"),
                _ => Ok(()),
            },
        ),
        c(
            "server: --no-ticket",
            Server,
            &["--no-ticket"],
            json!({"no_ticket": true}),
            6,
            ok,
        ),
        c(
            "server: --client-ca certs/ca.pem --verify-client required",
            Server,
            &["--client-ca", "certs/ca.pem", "--verify-client", "required"],
            json!({"client_ca": "certs/ca.pem", "verify_client": "required"}),
            6,
            ok,
        ),
        c(
            "server: --verify-client optional",
            Server,
            &["--verify-client", "optional"],
            json!({"verify_client": "optional"}),
            6,
            ok,
        ),
        c(
            "server: --alpn h2,http/1.1",
            Server,
            &["--alpn", "h2,http/1.1"],
            json!({"alpn": ["h2", "http/1.1"]}),
            6,
            ok,
        ),
        c(
            "client: --ciphers RC4",
            Client,
            &["--ciphers", "RC4"],
            json!({"ciphers": "RC4"}),
            6,
            |_| Err("SSLError"),
        ),
        c(
            "server: --ciphers RC4",
            Server,
            &["--ciphers", "RC4"],
            json!({"ciphers": "RC4"}),
            6,
            |_| Err("SSLError"),
        ),
        c(
            "client: --options OP_BOGUS",
            Client,
            &["--options", "OP_BOGUS"],
            json!({"options": ["OP_BOGUS"]}),
            6,
            |_| Err("AttributeError"),
        ),
        c(
            "client: --min-version TLSv9",
            Client,
            &["--min-version", "TLSv9"],
            json!({"min_version": "TLSv9"}),
            6,
            |_| Err("KeyError"),
        ),
        c(
            "client: --cert certs/garbage.pem",
            Client,
            &["--cert", "certs/garbage.pem"],
            json!({"cert": "certs/garbage.pem"}),
            6,
            |_| Err("SSLError"),
        ),
        c(
            "client: --cert /nonexistent.pem",
            Client,
            &["--cert", "/nonexistent.pem"],
            json!({"cert": "/nonexistent.pem"}),
            6,
            |_| Err("FileNotFoundError"),
        ),
        c(
            "server: --cert /nonexistent.pem",
            Server,
            &["--cert", "/nonexistent.pem"],
            json!({"cert": "/nonexistent.pem"}),
            6,
            |_| Err("FileNotFoundError"),
        ),
    ]
}

/// The CPython side. It runs `oracle.py`'s own helper definitions
/// (`describe_context`, `exc_info`, `jsonable`, …) picked out of its syntax
/// tree and executed alone: importing the file would run every section of
/// the oracle (~2 s of handshakes per interpreter, 8 interpreters) for
/// nothing, and a copy of `describe_context` could drift from the one that
/// made the golden files. Reads `{"oracle": path, "cases": [...]}` on stdin,
/// prints `{"version": ..., "results": {name: {"ok"|"error": ...}}}`.
/// Python 3.6 syntax (no f-strings).
const SCRIPT: &str = r#"
import ast, io, json, os, sys, warnings
os.environ.pop("SSLKEYLOGFILE", None)
import ssl

req = json.load(sys.stdin)
WANT_FUNCS = ("jsonable", "norm", "exc_info", "capture", "quiet", "option_names",
              "verify_flag_names", "describe_context")
WANT_VARS = ("_SSLC_RE", "CTX_ATTRS")
with io.open(req["oracle"], encoding="utf-8") as f:
    tree = ast.parse(f.read(), req["oracle"])
body, found = [], set()
for node in tree.body:
    if isinstance(node, (ast.Import, ast.ImportFrom)):
        body.append(node)
    elif isinstance(node, ast.FunctionDef) and node.name in WANT_FUNCS:
        body.append(node)
        found.add(node.name)
    elif isinstance(node, ast.Assign):
        names = [t.id for t in node.targets if isinstance(t, ast.Name)]
        if any(n in WANT_VARS for n in names):
            body.append(node)
            found.update(names)
missing = set(WANT_FUNCS + WANT_VARS) - found
if missing:
    raise SystemExit("oracle.py lacks %s" % sorted(missing))
tree.body = body
O = {"__name__": "oracle_helpers"}
exec(compile(tree, req["oracle"], "exec"), O)

PROTOCOLS = {"tls": "PROTOCOL_TLS", "tls-client": "PROTOCOL_TLS_CLIENT",
             "tls-server": "PROTOCOL_TLS_SERVER", "tlsv1": "PROTOCOL_TLSv1",
             "tlsv1_1": "PROTOCOL_TLSv1_1", "tlsv1_2": "PROTOCOL_TLSv1_2"}
# 3.6 has no TLSVersion: the same member names, bounds set as OP_NO_* bits.
ORDER_36 = [("SSLv3", "OP_NO_SSLv3"), ("TLSv1", "OP_NO_TLSv1"),
            ("TLSv1_1", "OP_NO_TLSv1_1"), ("TLSv1_2", "OP_NO_TLSv1_2"),
            ("TLSv1_3", "OP_NO_TLSv1_3")]
RANK_36 = dict((n, i) for i, (n, _) in enumerate(ORDER_36))
RANK_36["MINIMUM_SUPPORTED"] = None
RANK_36["MAXIMUM_SUPPORTED"] = None


def build(side, s):
    if s.get("protocol"):
        ctx = ssl.SSLContext(getattr(ssl, PROTOCOLS[s["protocol"]]))
        if s.get("cafile"):
            ctx.load_verify_locations(s["cafile"])
    elif side == "client":
        ctx = ssl.create_default_context(cafile=s.get("cafile"))
    else:
        ctx = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
    if s.get("insecure"):
        ctx.check_hostname = False
        ctx.verify_mode = ssl.CERT_NONE
    if "ciphers" in s:
        ctx.set_ciphers(s["ciphers"])
    for name in s.get("options", []):
        if name.startswith("-"):
            ctx.options &= ~getattr(ssl, name[1:])
        else:
            ctx.options |= getattr(ssl, name)
    if s.get("no_ticket"):
        ctx.options |= ssl.OP_NO_TICKET
    if "num_tickets" in s:
        ctx.num_tickets = s["num_tickets"]
    if hasattr(ssl, "TLSVersion"):
        if "min_version" in s:
            ctx.minimum_version = ssl.TLSVersion[s["min_version"]]
        if "max_version" in s:
            ctx.maximum_version = ssl.TLSVersion[s["max_version"]]
    elif "min_version" in s or "max_version" in s:
        lo = RANK_36[s["min_version"]] if "min_version" in s else None
        hi = RANK_36[s["max_version"]] if "max_version" in s else None
        for i, (_, bit) in enumerate(ORDER_36):
            if (lo is not None and i < lo) or (hi is not None and i > hi):
                ctx.options |= getattr(ssl, bit)
    if "alpn" in s:
        ctx.set_alpn_protocols(s["alpn"])
    if s.get("cert"):
        ctx.load_cert_chain(s["cert"], s.get("key"))
    elif side == "server":
        ctx.load_cert_chain("certs/server.pem", "certs/server.key")
    if side == "server":
        if s.get("client_ca"):
            ctx.load_verify_locations(s["client_ca"])
        if s.get("verify_client") == "optional":
            ctx.verify_mode = ssl.CERT_OPTIONAL
        elif s.get("verify_client") == "required":
            ctx.verify_mode = ssl.CERT_REQUIRED
    return ctx


results = {}
for case in req["cases"]:
    with warnings.catch_warnings(record=True) as w:
        warnings.simplefilter("always")
        try:
            ctx = build(case["side"], case["spec"])
        except Exception as e:  # noqa
            results[case["name"]] = {"error": O["exc_info"](e)}
            continue
    d = O["describe_context"](ctx)
    d["construct_warnings"] = [
        {"category": x.category.__name__, "message": str(x.message)}
        for x in w if not issubclass(x.category, ResourceWarning)]
    results[case["name"]] = {"ok": d}
json.dump({"version": "%d.%d.%d" % sys.version_info[:3],
           "openssl_version_number": ssl.OPENSSL_VERSION_NUMBER,
           "_DEFAULT_CIPHERS": ssl._DEFAULT_CIPHERS,
           "results": results}, sys.stdout)
"#;

/// What one binary run gave: exit status, stdout as JSON.
struct Dump {
    success: bool,
    json: Value,
    stdout: String,
    stderr: String,
}

fn run_dump(side: Side, v: PythonVersion, args: &[&str]) -> Dump {
    let compat = v.to_string();
    let out = Command::new(side.exe())
        .arg("--dump-context")
        .args(["--compat", &compat])
        .args(args)
        .current_dir(root())
        .env_remove("SSLKEYLOGFILE")
        .env_remove("RUST_LOG")
        .stdin(Stdio::null())
        .output()
        .unwrap_or_else(|e| panic!("{}: {e}", side.exe()));
    let stdout = String::from_utf8_lossy(&out.stdout).into_owned();
    let json = serde_json::from_str(&stdout).unwrap_or(Value::Null);
    Dump {
        success: out.status.success(),
        json,
        stdout,
        stderr: String::from_utf8_lossy(&out.stderr).into_owned(),
    }
}

/// Runs [`SCRIPT`] under `python` for `cases`; `None` when the interpreter
/// is not the release asked for or links another OpenSSL.
fn cpython_side(python: &Path, v: PythonVersion, cases: &[&Case]) -> Option<Value> {
    let req = json!({
        "oracle": oracle_path(),
        "cases": cases.iter().map(|c| json!({
            "name": c.name, "side": c.side.name(), "spec": c.spec,
        })).collect::<Vec<_>>(),
    });
    let mut child = python_command(python)
        .args(["-c", SCRIPT])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap_or_else(|e| panic!("{}: {e}", python.display()));
    child
        .stdin
        .take()
        .expect("stdin")
        .write_all(req.to_string().as_bytes())
        .expect("write request");
    let out = child.wait_with_output().expect("python");
    assert!(
        out.status.success(),
        "CPython {v} ({}) script failed:\n{}",
        python.display(),
        String::from_utf8_lossy(&out.stderr)
    );
    let doc: Value = serde_json::from_slice(&out.stdout).expect("CPython side JSON");
    let release = doc["version"].as_str().unwrap_or("?");
    if release.parse::<PythonVersion>().ok() != Some(v) {
        panic!("pyenv gave CPython {release} for {v}");
    }
    if doc["openssl_version_number"].as_i64() != Some(openssl::version::number()) {
        eprintln!("note: CPython {release} links another OpenSSL; {v} skipped");
        return None;
    }
    // pyssl reproduces upstream builds (`--with-ssl-default-suites=python`);
    // a distribution build configured otherwise is not an oracle for it.
    if doc["_DEFAULT_CIPHERS"] != json!(v.default_ciphers()) {
        eprintln!(
            "note: CPython {release} has _DEFAULT_CIPHERS {}, not upstream's; {v} skipped",
            doc["_DEFAULT_CIPHERS"]
        );
        return None;
    }
    Some(doc)
}

/// The contract's error object: these keys, `message` = `str(e)` without
/// the ` (_ssl.c:NNN)` suffix, attributes CPython lacks as null.
fn expected_error(exc: &Value) -> Value {
    let s = exc["str"].as_str().unwrap_or_default();
    let message = match s.rfind(" (_ssl.c:") {
        Some(i) if s.ends_with(')') => &s[..i],
        _ => s,
    };
    let attr = |k: &str| exc.get(k).cloned().unwrap_or(Value::Null);
    json!({
        "type": exc["type"],
        "library": attr("library"),
        "reason": attr("reason"),
        "verify_code": attr("verify_code"),
        "verify_message": attr("verify_message"),
        "message": message,
    })
}

/// Compares one binary run with CPython's outcome for the same case.
fn compare(v: PythonVersion, case: &Case, dump: &Dump, theirs: &Value) -> Vec<String> {
    let label = format!("{v} pyssl-{} {}", case.side.name(), case.args.join(" "));
    let mut problems = Vec::new();
    let ctx_line = || {
        format!(
            "\n  stdout: {}\n  stderr: {}",
            dump.stdout.trim(),
            dump.stderr.trim()
        )
    };
    if dump.json.is_null() {
        problems.push(format!(
            "{label}: stdout is not one JSON object{}",
            ctx_line()
        ));
        return problems;
    }
    match (theirs.get("ok"), theirs.get("error")) {
        (Some(want), _) => {
            if (case.expect)(v).is_err() {
                problems.push(format!(
                    "{label}: CPython succeeded where the test expects {:?}",
                    (case.expect)(v)
                ));
            }
            if !dump.success {
                problems.push(format!("{label}: exit status non-zero{}", ctx_line()));
            }
            let want = want.as_object().expect("describe_context");
            let ours = dump.json.as_object().cloned().unwrap_or_default();
            for (key, w) in want {
                let o = ours.get(key).cloned().unwrap_or(Value::Null);
                if &o != w {
                    problems.push(format!("{label}: {key}: ours {o} cpython {w}"));
                }
            }
            for key in ours.keys().filter(|k| !want.contains_key(*k)) {
                problems.push(format!(
                    "{label}: key {key} in the dump, not in CPython's describe_context"
                ));
            }
        }
        (None, Some(exc)) => {
            if (case.expect)(v) != Err(exc["type"].as_str().unwrap_or_default()) {
                problems.push(format!(
                    "{label}: CPython raised {} {}, the test expects {:?}",
                    exc["type"],
                    exc["str"],
                    (case.expect)(v)
                ));
            }
            if dump.success {
                problems.push(format!("{label}: exit status 0 on an error{}", ctx_line()));
            }
            let want = expected_error(exc);
            if dump.json.as_object().map(|o| o.len()) != Some(1) || dump.json["error"] != want {
                problems.push(format!(
                    "{label}: error object\n  ours:    {}\n  cpython: {}",
                    dump.json,
                    json!({ "error": want })
                ));
            }
        }
        _ => problems.push(format!("{label}: bad CPython result {theirs}")),
    }
    problems
}

#[test]
fn dump_context_matches_cpython_building_the_same_context() {
    let oracle = oracle_path();
    if !oracle.is_file() {
        eprintln!(
            "note: {} not found; live CLI comparison skipped",
            oracle.display()
        );
        return;
    }
    let all = cases();
    let pythons: Vec<(PythonVersion, PathBuf)> = common::releases()
        .iter()
        .copied()
        .filter_map(|v| match pyenv_python(v) {
            Some(p) => Some((v, p)),
            None => {
                eprintln!("note: no pyenv CPython {v}; its CLI comparison skipped");
                None
            }
        })
        .collect();
    if pythons.is_empty() {
        eprintln!("note: no CPython at all; only the golden no-flag comparison runs");
        return;
    }
    let started = std::time::Instant::now();
    // One thread per interpreter: one Python process, then the binaries.
    let per_version: Vec<(PythonVersion, usize, Vec<String>)> = std::thread::scope(|s| {
        let handles: Vec<_> = pythons
            .iter()
            .map(|(v, python)| {
                let v = *v;
                let cases: Vec<&Case> = all.iter().filter(|c| v.at_least(c.since)).collect();
                s.spawn(move || {
                    let Some(doc) = cpython_side(python, v, &cases) else {
                        return (v, 0, Vec::new());
                    };
                    let mut problems = Vec::new();
                    for case in &cases {
                        let dump = run_dump(case.side, v, case.args);
                        let theirs = &doc["results"][case.name];
                        problems.extend(compare(v, case, &dump, theirs));
                        // The contract's explicit promises, beyond equality.
                        if case.args == ["--protocol", "tls"] && v.at_least(10) {
                            let warned =
                                dump.json["construct_warnings"].as_array().is_some_and(|w| {
                                    w.iter().any(|w| {
                                        w["category"] == "DeprecationWarning"
                                            && w["message"] == "ssl.PROTOCOL_TLS is deprecated"
                                    })
                                });
                            if !warned {
                                problems.push(format!(
                                    "{v} --protocol tls: no DeprecationWarning in {}",
                                    dump.json["construct_warnings"]
                                ));
                            }
                        }
                        if case.args == ["--ciphers", "RC4"] {
                            let e = &dump.json["error"];
                            if e["message"] != "('No cipher can be selected.',)"
                                || e["library"] != Value::Null
                            {
                                problems.push(format!("{v} --ciphers RC4: {e}"));
                            }
                        }
                    }
                    (v, cases.len(), problems)
                })
            })
            .collect();
        handles
            .into_iter()
            .map(|h| h.join().expect("version thread"))
            .collect()
    });
    let mut problems = Vec::new();
    let mut summary = BTreeMap::new();
    for (v, n, p) in per_version {
        summary.insert(v.to_string(), n);
        problems.extend(p);
    }
    eprintln!(
        "--dump-context vs CPython: cases per version {summary:?} in {:.1?}",
        started.elapsed()
    );
    assert!(
        problems.is_empty(),
        "{} differences:\n{}",
        problems.len(),
        problems.join("\n")
    );
}

/// The no-flag dumps against the golden `contexts` entries (minus the
/// machine fields): the fallback when no CPython is installed, and cheap
/// enough to run always.
#[test]
fn no_flag_dumps_match_golden_contexts() {
    let mut problems = Vec::new();
    let mut compared = 0;
    for &v in common::releases() {
        let g = golden(v);
        for (side, label) in [
            (Side::Client, "create_default_context()"),
            (Side::Server, "create_default_context(Purpose.CLIENT_AUTH)"),
        ] {
            let dump = run_dump(side, v, &[]);
            if !dump.success {
                problems.push(format!(
                    "{v} pyssl-{} --dump-context failed: {}",
                    side.name(),
                    dump.stdout
                ));
                continue;
            }
            let want = g["contexts"][label].as_object().expect("golden context");
            for (key, w) in want {
                if MACHINE_FIELDS.contains(&key.as_str()) {
                    continue;
                }
                compared += 1;
                if &dump.json[key] != w {
                    problems.push(format!(
                        "{v} pyssl-{} (golden {label}) {key}: ours {} cpython {w}",
                        side.name(),
                        dump.json[key]
                    ));
                }
            }
        }
    }
    assert!(
        problems.is_empty(),
        "{} differences:\n{}",
        problems.len(),
        problems.join("\n")
    );
    assert!(
        compared > 2 * common::floor_releases(8) * 20,
        "compared only {compared} fields"
    );
}

/// Without `SSL_CERT_FILE`/`SSL_CERT_DIR`, the client's default context
/// trusts what CPython's `create_default_context()` trusts on this machine
/// (`cert_store_stats()`): OpenSSL's default paths on a system build, the
/// platform's (found by `openssl-probe`) on a `vendored` one, whose own
/// compiled-in paths point into its build prefix (issue 18: 0 CAs before).
#[test]
fn default_trust_without_env_matches_cpython() {
    let v = PythonVersion::LATEST;
    let Some(python) = pyenv_python(v) else {
        panic!("CPython {v} is not installed (pyenv); the comparison cannot run");
    };
    let out = python_command(&python)
        .args([
            "-c",
            "import json, ssl; print(json.dumps(ssl.create_default_context().cert_store_stats()))",
        ])
        .env_remove("SSL_CERT_FILE")
        .env_remove("SSL_CERT_DIR")
        .output()
        .expect("run CPython");
    let theirs: Value = serde_json::from_slice(&out.stdout).expect("CPython's JSON");
    let ours = Command::new(Side::Client.exe())
        .arg("--dump-context")
        .env_remove("SSL_CERT_FILE")
        .env_remove("SSL_CERT_DIR")
        .env_remove("RUST_LOG")
        .stdin(Stdio::null())
        .output()
        .expect("run pyssl-client");
    let ours: Value = serde_json::from_slice(&ours.stdout).expect("the dump's JSON");
    assert_eq!(
        ours["cert_store_stats"]["ok"],
        theirs,
        "pyssl-client on {}",
        openssl::version::version()
    );
    // Not vacuous on the system OpenSSL: its CPython trusts the machine's bundle. A CPython
    // built by tools/openssl-matrix.sh looks in that OpenSSL's own empty directory, as
    // pyssl built on it does, so there the two agree on nothing.
    if std::env::var_os("PYSSL_SAME_OPENSSL_PYTHON").is_some() {
        eprintln!(
            "note: default trust compared with {} on {}: {theirs}",
            python.display(),
            openssl::version::version()
        );
    } else {
        assert!(
            theirs["x509_ca"].as_u64().unwrap_or(0) > 0,
            "this machine has a CA bundle"
        );
    }
}
