//! A context described as one JSON object, with the keys and values of the
//! `contexts` entries of `oracle.py` (`describe_context`), so it can be
//! diffed against a CPython process. Both binaries print it for
//! `--dump-context`.

use std::collections::BTreeMap;

use serde_json::{json, Value};

use crate::constants::python_constants;
use crate::context::SslContext;
use crate::warnings::Warning;

/// Names of the `PREFIX*` constants of `ctx`'s CPython whose bits are all
/// set in `value` (zero-valued ones and `skip` excluded), sorted.
fn flag_names(ctx: &SslContext, prefix: &str, skip: &str, value: u64) -> Vec<&'static str> {
    let mut v: Vec<&'static str> = python_constants(ctx.python_version())
        .filter(|c| c.name.starts_with(prefix) && c.name != skip && c.value != 0)
        .filter(|c| value & (c.value as u64) == c.value as u64)
        .map(|c| c.name)
        .collect();
    v.sort_unstable();
    v
}

/// `describe_context(ctx)` of `oracle.py`: every attribute CPython has for
/// this context's version (the others listed in `missing_attributes`),
/// cipher names in OpenSSL's order, `cert_store_stats` and the CA counts.
/// `construct_warnings` are the warnings recorded while building it.
#[doc(alias = "--dump-context")]
pub fn context_report(ctx: &SslContext, construct_warnings: &[Warning]) -> Value {
    let mut d: BTreeMap<&'static str, Value> = BTreeMap::new();
    let mut missing: Vec<&'static str> = Vec::new();
    let protocol = ctx.protocol();
    d.insert("protocol", json!(protocol.value()));
    d.insert("protocol_name", json!(protocol.name()));
    let options = ctx.options().bits();
    d.insert("options", json!(ctx.options_value()));
    d.insert("options_hex", json!(format!("0x{:x}", ctx.options_value())));
    d.insert(
        "options_names",
        json!(flag_names(ctx, "OP_", "OP_ALL", options)),
    );
    let mode = ctx.verify_mode();
    d.insert("verify_mode", json!(mode as i64));
    d.insert("verify_mode_name", json!(mode.name()));
    let vf = ctx.verify_flags().bits();
    d.insert("verify_flags", json!(vf));
    d.insert("verify_flags_hex", json!(format!("0x{vf:x}")));
    d.insert(
        "verify_flags_names",
        json!(flag_names(ctx, "VERIFY_", "VERIFY_DEFAULT", vf)),
    );
    d.insert("check_hostname", json!(ctx.check_hostname()));
    match (ctx.minimum_version(), ctx.maximum_version()) {
        (Ok(lo), Ok(hi)) => {
            d.insert("minimum_version", json!(lo.value()));
            d.insert("minimum_version_name", json!(lo.name()));
            d.insert("maximum_version", json!(hi.value()));
            d.insert("maximum_version_name", json!(hi.name()));
        }
        _ => missing.extend(["minimum_version", "maximum_version"]),
    }
    match ctx.security_level() {
        Ok(l) => {
            d.insert("security_level", json!(l));
        }
        Err(_) => missing.push("security_level"),
    }
    d.insert("post_handshake_auth", json!(ctx.post_handshake_auth()));
    match ctx.num_tickets() {
        Ok(n) => {
            d.insert("num_tickets", json!(n));
        }
        Err(_) => missing.push("num_tickets"),
    }
    match (ctx.hostname_checks_common_name(), ctx.host_flags()) {
        (Ok(h), Ok(f)) => {
            d.insert("hostname_checks_common_name", json!(h));
            d.insert("_host_flags", json!(f.bits()));
        }
        _ => missing.extend(["hostname_checks_common_name", "_host_flags"]),
    }
    match ctx.keylog_filename() {
        Ok(k) => {
            d.insert(
                "keylog_filename",
                json!(k.map(|p| p.to_string_lossy().into_owned())),
            );
        }
        Err(_) => missing.push("keylog_filename"),
    }
    if ctx.python_version().at_least(7) {
        d.insert("sni_callback", Value::Null);
    } else {
        missing.push("sni_callback");
    }
    let ciphers: Vec<String> = ctx.get_ciphers().into_iter().map(|c| c.name).collect();
    d.insert("cipher_count", json!(ciphers.len()));
    d.insert("ciphers", json!(ciphers));
    d.insert("cert_store_stats", json!({ "ok": ctx.cert_store_stats() }));
    d.insert(
        "get_ca_certs_len",
        json!(ctx.get_ca_certs().map(|v| v.len()).unwrap_or(0)),
    );
    d.insert(
        "get_ca_certs_binary_len",
        json!(ctx.get_ca_certs_der().len()),
    );
    d.insert("type", json!("ssl.SSLContext"));
    // oracle.py lists missing attributes in CTX_ATTRS order.
    const ORDER: [&str; 8] = [
        "minimum_version",
        "maximum_version",
        "security_level",
        "num_tickets",
        "hostname_checks_common_name",
        "_host_flags",
        "keylog_filename",
        "sni_callback",
    ];
    let missing: Vec<&str> = ORDER.into_iter().filter(|n| missing.contains(n)).collect();
    d.insert("missing_attributes", json!(missing));
    d.insert(
        "construct_warnings",
        Value::Array(
            construct_warnings
                .iter()
                .map(|w| json!({"category": w.category, "message": w.message}))
                .collect(),
        ),
    );
    Value::Object(d.into_iter().map(|(k, v)| (k.to_string(), v)).collect())
}
