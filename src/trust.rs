//! The system trust store, shared between contexts and parsed lazily.
//!
//! `load_default_certs()` / `set_default_verify_paths()` make OpenSSL parse
//! the whole CA bundle (~20 ms for 144 certificates here, nearly all of it
//! OpenSSL 3.0 decoding each certificate's public key): 99 % of the cost of
//! `create_default_context()`, and most of a command-line client's start-up.
//!
//! A freshly made context whose store is still empty instead takes a
//! reference to one shared `X509_STORE`. When the bundle is plain PEM
//! certificates, that store is the lazy one of [`crate::ffi::lookup`]: the
//! bundle is indexed by subject name (no certificate parsed), and a
//! certificate is parsed and added when verification asks for its subject,
//! as OpenSSL's hashed-directory lookup does. Verification therefore sees
//! the same issuers as with OpenSSL's loading. Listing the store
//! (`cert_store_stats()`, `get_ca_certs()`) first swaps in a shared store
//! built by `X509_STORE_set_default_paths` itself, so the listing is
//! CPython's. Any other bundle (CRLs, `TRUSTED CERTIFICATE`s, damage) is
//! loaded by OpenSSL as before.
//!
//! The shared stores are rebuilt when the bundle file, the hashed directory
//! or the `SSL_CERT_FILE`/`SSL_CERT_DIR` variables change. A context that
//! later adds CAs of its own first gets a private store of its own (built by
//! OpenSSL), so one context's `load_verify_locations` never shows in another.

use std::path::{Path, PathBuf};
use std::sync::Arc;

use crate::sync::{Mutex, MutexGuard};
use std::time::SystemTime;

use openssl::error::ErrorStack;
use openssl::x509::store::{X509Store, X509StoreBuilder, X509StoreBuilderRef};
use openssl::x509::X509Name;

use crate::ffi::lookup::Bundle;

/// What the default paths resolve to, and how they looked when loaded.
#[derive(Debug, Clone, PartialEq, Eq)]
struct Key {
    file: Option<PathBuf>,
    dir: Option<String>,
    file_stamp: Option<(SystemTime, u64)>,
    dir_stamp: Option<SystemTime>,
}

fn current_key() -> Key {
    let (file, dir) = effective_paths();
    let dir = dir.map(|d| d.to_string_lossy().into_owned());
    let file_stamp = file.as_ref().and_then(|f| {
        std::fs::metadata(f)
            .ok()
            .and_then(|m| Some((m.modified().ok()?, m.len())))
    });
    // A colon-separated list of directories: stamp the first (the usual case).
    let dir_stamp = dir
        .as_ref()
        .and_then(|d| d.split(':').next().map(str::to_owned))
        .and_then(|d| std::fs::metadata(d).ok())
        .and_then(|m| m.modified().ok());
    Key {
        file,
        dir,
        file_stamp,
        dir_stamp,
    }
}

struct Cached {
    key: Key,
    /// What contexts get: the lazy store when the bundle could be indexed
    /// ([`index_bundle`]), else OpenSSL's eager one.
    store: X509Store,
    lazy: bool,
    /// OpenSSL's eager store, for a context that must list what it trusts
    /// (`cert_store_stats`, `get_ca_certs`): built the first time one asks.
    eager: Option<X509Store>,
}

static CACHE: Mutex<Option<Cached>> = Mutex::new(None);

/// A store holding OpenSSL's default verify paths, exactly as
/// `SSL_CTX_set_default_verify_paths` fills a context's store.
pub(crate) fn fresh_default_store() -> Result<X509Store, ErrorStack> {
    let mut b = X509StoreBuilder::new()?;
    set_default_paths(&mut b)?;
    Ok(b.build())
}

/// `X509_STORE_set_default_paths(store)`. In a `vendored` build whose
/// compiled-in paths do not exist ([`vendored_defaults`]), the same two
/// lookups over the platform's file and directory instead, with
/// `SSL_CERT_FILE`/`SSL_CERT_DIR` still taking precedence, and errors
/// cleared as OpenSSL does.
pub(crate) fn set_default_paths(store: &mut X509StoreBuilderRef) -> Result<(), ErrorStack> {
    #[cfg(feature = "vendored")]
    if vendored_defaults().is_some() {
        use openssl::ssl::SslFiletype;
        use openssl::x509::store::X509Lookup;
        let (file, dir) = effective_paths();
        let lookup = store.add_lookup(X509Lookup::file())?;
        if let Some(f) = file {
            let _ = lookup.load_cert_file(f, SslFiletype::PEM);
        }
        let lookup = store.add_lookup(X509Lookup::hash_dir())?;
        if let Some(d) = dir.as_deref().and_then(|d| d.to_str()) {
            let _ = lookup.add_dir(d, SslFiletype::PEM);
        }
        crate::ffi::clear_errors();
        return Ok(());
    }
    store.set_default_paths()
}

/// The CA file and directory OpenSSL's default loading reads: the
/// environment variables when set and not empty, else the defaults.
pub(crate) fn effective_paths() -> (Option<PathBuf>, Option<PathBuf>) {
    let [file_env, file, dir_env, dir] = crate::ffi::misc::default_verify_paths();
    let env = |name: &Option<PathBuf>| {
        name.as_ref()
            .and_then(std::env::var_os)
            .filter(|v| !v.is_empty())
            .map(PathBuf::from)
    };
    (env(&file_env).or(file), env(&dir_env).or(dir))
}

/// Under the `vendored` feature: the platform's CA file and directory
/// (`openssl-probe`, the way native-tls and curl's crates find them) when
/// the vendored OpenSSL's compiled-in ones (under its own build prefix,
/// where no distribution puts certificates) do not exist; `None` when they
/// do, or nothing was found. A system OpenSSL keeps its own answers.
#[cfg(feature = "vendored")]
pub(crate) fn vendored_defaults() -> Option<(Option<PathBuf>, Option<PathBuf>)> {
    static PROBED: std::sync::OnceLock<Option<(Option<PathBuf>, Option<PathBuf>)>> =
        std::sync::OnceLock::new();
    PROBED
        .get_or_init(|| {
            let [_, file, _, dir] = crate::ffi::misc::compiled_verify_paths();
            if file.as_deref().is_some_and(Path::is_file)
                || dir.as_deref().is_some_and(Path::is_dir)
            {
                return None;
            }
            let found = openssl_probe::probe();
            if found.cert_file.is_none() && found.cert_dir.is_none() {
                return None;
            }
            Some((found.cert_file.or(file), found.cert_dir.or(dir)))
        })
        .clone()
}

/// The cache, (re)built if the default paths changed.
fn cached() -> Result<MutexGuard<'static, Option<Cached>>, ErrorStack> {
    let key = current_key();
    let mut cache = CACHE.lock();
    if cache.as_ref().is_none_or(|c| c.key != key) {
        let lazy = key
            .file
            .as_deref()
            .and_then(index_bundle)
            .and_then(|b| crate::ffi::lookup::lazy_default_store(Arc::new(b)).ok());
        *cache = Some(match lazy {
            Some(store) => Cached {
                key,
                store,
                lazy: true,
                eager: None,
            },
            None => Cached {
                key,
                store: fresh_default_store()?,
                lazy: false,
                eager: None,
            },
        });
    }
    Ok(cache)
}

/// Runs `f` with the shared default store (built or rebuilt if needed) and
/// whether it is the lazy one.
pub(crate) fn with_shared_default_store<R>(
    f: impl FnOnce(&X509Store, bool) -> R,
) -> Result<R, ErrorStack> {
    let cache = cached()?;
    let c = cache.as_ref().expect("cached() fills it");
    Ok(f(&c.store, c.lazy))
}

/// Runs `f` with the shared default store as OpenSSL loads it (every
/// certificate of the bundle parsed and in the store).
pub(crate) fn with_shared_eager_store<R>(f: impl FnOnce(&X509Store) -> R) -> Result<R, ErrorStack> {
    let mut cache = cached()?;
    let c = cache.as_mut().expect("cached() fills it");
    if !c.lazy {
        return Ok(f(&c.store));
    }
    if c.eager.is_none() {
        c.eager = Some(fresh_default_store()?);
    }
    Ok(f(c.eager.as_ref().expect("just filled")))
}

/// The certificates of the PEM bundle at `path` as (subject, DER) pairs, if
/// the file is one OpenSSL's file lookup would load whole and the lazy one
/// can stand in for: only `CERTIFICATE` blocks, no PEM headers, valid
/// base64, a subject name that parses. Anything else (a CRL, a `TRUSTED
/// CERTIFICATE`, a key, damage, an unreadable or empty file) leaves the
/// loading to OpenSSL.
fn index_bundle(path: &Path) -> Option<Bundle> {
    let text = std::fs::read(path).ok()?;
    let mut certs = Vec::new();
    let mut body: Option<String> = None;
    for line in text.split(|&b| b == b'\n') {
        let line = line.strip_suffix(b"\r").unwrap_or(line);
        match body.as_mut() {
            None if line == b"-----BEGIN CERTIFICATE-----" => body = Some(String::new()),
            None if line.starts_with(b"-----") => return None,
            None => {}
            Some(_) if line == b"-----END CERTIFICATE-----" => {
                let der = openssl::base64::decode_block(&body.take()?).ok()?;
                let subject = X509Name::from_der(cert_subject(&der)?).ok()?;
                certs.push((subject, der));
            }
            Some(b) => {
                // A blank line would end PEM headers or the data: OpenSSL's
                // own reader decides what that means.
                if line.is_empty()
                    || !line
                        .iter()
                        .all(|c| c.is_ascii_alphanumeric() || matches!(c, b'+' | b'/' | b'='))
                {
                    return None;
                }
                b.push_str(std::str::from_utf8(line).ok()?);
            }
        }
    }
    (body.is_none() && !certs.is_empty()).then(|| Bundle::new(certs))
}

/// One DER element at the start of `der`: (tag, whole element, contents).
fn der_element(der: &[u8]) -> Option<(u8, &[u8], &[u8])> {
    let (&tag, rest) = der.split_first()?;
    if tag & 0x1f == 0x1f {
        return None;
    }
    let (&first, rest) = rest.split_first()?;
    let (len, head) = if first < 0x80 {
        (usize::from(first), 2)
    } else {
        let n = usize::from(first & 0x7f);
        if n == 0 || n > 4 || rest.len() < n {
            return None;
        }
        let len = rest[..n]
            .iter()
            .fold(0usize, |a, &b| (a << 8) | usize::from(b));
        (len, 2 + n)
    };
    let end = head.checked_add(len)?;
    (der.len() >= end).then(|| (tag, &der[..end], &der[head..end]))
}

/// Takes the next DER element off `der` if its tag is `tag`.
fn take<'a>(der: &mut &'a [u8], tag: u8) -> Option<&'a [u8]> {
    let (t, whole, _) = der_element(der)?;
    if t != tag {
        return None;
    }
    *der = &der[whole.len()..];
    Some(whole)
}

/// The subject `Name` (whole DER element) of a certificate's DER:
/// Certificate → tbsCertificate → [version] serial signature issuer
/// validity subject.
fn cert_subject(der: &[u8]) -> Option<&[u8]> {
    let (0x30, _, cert) = der_element(der)? else {
        return None;
    };
    let (0x30, _, mut tbs) = der_element(cert)? else {
        return None;
    };
    if tbs.first() == Some(&0xa0) {
        take(&mut tbs, 0xa0)?; // [0] version
    }
    take(&mut tbs, 0x02)?; // serialNumber
    take(&mut tbs, 0x30)?; // signature
    take(&mut tbs, 0x30)?; // issuer
    take(&mut tbs, 0x30)?; // validity
    take(&mut tbs, 0x30) // subject
}

#[cfg(test)]
mod tests {
    use super::*;
    use openssl::stack::Stack;
    use openssl::x509::store::X509StoreRef;
    use openssl::x509::{X509StoreContext, X509};
    use std::path::PathBuf;

    fn cert(name: &str) -> X509 {
        let path = PathBuf::from(env!("CARGO_MANIFEST_DIR"))
            .join("certs")
            .join(name);
        X509::from_pem(&std::fs::read(path).unwrap()).unwrap()
    }

    fn bundle_file(tag: &str, text: &[u8]) -> PathBuf {
        let path =
            std::env::temp_dir().join(format!("pyssl-trust-{tag}-{}.pem", std::process::id()));
        std::fs::write(&path, text).unwrap();
        path
    }

    /// Verifies `leaf` against `store`: the chain's length, or the error code.
    fn verify(store: &X509StoreRef, leaf: &X509) -> Result<usize, i32> {
        let mut ctx = X509StoreContext::new().unwrap();
        let chain = Stack::new().unwrap();
        ctx.init(store, leaf, &chain, |c| {
            Ok(if c.verify_cert()? {
                Ok(c.chain().map_or(0, |s| s.len()))
            } else {
                Err(c.error().as_raw())
            })
        })
        .unwrap()
    }

    /// `objects()` rather than `all_certificates()`, which is OpenSSL 3.0+
    /// only; these stores hold certificates only. `objects()` is deprecated
    /// because it reads the stack without the store's lock, which cannot
    /// matter here: no other thread has these test stores.
    #[allow(deprecated)]
    fn object_count(store: &X509StoreRef) -> usize {
        store.objects().len()
    }

    #[test]
    fn the_subject_found_in_the_der_is_the_one_openssl_parses() {
        for name in [
            "ca.pem",
            "server.pem",
            "server-ecdsa.pem",
            "other-ca.pem",
            "expired.pem",
        ] {
            let x = cert(name);
            let der = x.to_der().unwrap();
            let subject = cert_subject(&der).expect(name);
            assert_eq!(subject, x.subject_name().to_der().unwrap(), "{name}");
        }
        assert_eq!(cert_subject(b"\x30\x03\x02\x01\x00"), None);
        assert_eq!(cert_subject(b""), None);
    }

    #[test]
    fn damaged_der_gives_none_not_a_panic() {
        let der = cert("server.pem").to_der().unwrap();
        // Every truncation: the outer length no longer fits.
        for n in 0..der.len() {
            assert_eq!(cert_subject(&der[..n]), None, "{n} bytes");
        }
        // Every single byte set to each of a few values: never a panic, and
        // whatever is returned lies inside the input.
        for i in 0..der.len().min(400) {
            for v in [0x00, 0x1f, 0x30, 0x7f, 0x80, 0x84, 0x85, 0xa0, 0xff] {
                let mut d = der.clone();
                d[i] = v;
                if let Some(sub) = cert_subject(&d) {
                    assert!(sub.len() <= d.len());
                }
            }
        }
    }

    #[test]
    fn the_lazy_store_verifies_as_the_eager_one_and_parses_only_what_it_needs() {
        let mut text =
            std::fs::read(PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("certs/other-ca.pem"))
                .unwrap();
        text.extend(
            std::fs::read(PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("certs/ca.pem")).unwrap(),
        );
        let path = bundle_file("lazy", &text);
        let bundle = index_bundle(&path).expect("a plain bundle is indexed");
        let lazy = crate::ffi::lookup::lazy_default_store(Arc::new(bundle)).unwrap();
        let mut b = X509StoreBuilder::new().unwrap();
        b.add_lookup(openssl::x509::store::X509Lookup::file())
            .unwrap()
            .load_cert_file(&path, openssl::ssl::SslFiletype::PEM)
            .unwrap();
        let eager = b.build();
        assert_eq!(object_count(&lazy), 0, "nothing parsed up front");
        assert_eq!(verify(&lazy, &cert("server.pem")), Ok(2));
        assert_eq!(object_count(&lazy), 1, "only the CA that was asked for");
        for leaf in [
            "server.pem",
            "untrusted.pem",
            "expired.pem",
            "selfsigned.pem",
        ] {
            assert_eq!(
                verify(&lazy, &cert(leaf)),
                verify(&eager, &cert(leaf)),
                "{leaf}"
            );
        }
        // Without the CA: the same "unable to get local issuer certificate" (20).
        let other =
            std::fs::read(PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("certs/other-ca.pem"))
                .unwrap();
        let only_other = bundle_file("other", &other);
        let b = index_bundle(&only_other).expect("indexed");
        let lazy = crate::ffi::lookup::lazy_default_store(Arc::new(b)).unwrap();
        assert_eq!(verify(&lazy, &cert("server.pem")), Err(20));
        let _ = std::fs::remove_file(path);
        let _ = std::fs::remove_file(only_other);
    }

    #[test]
    fn anything_but_plain_certificates_is_left_to_openssl() {
        let ca =
            std::fs::read(PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("certs/ca.pem")).unwrap();
        let ca = String::from_utf8(ca).unwrap();
        let cases = [
            ("trusted", ca.replace("CERTIFICATE", "TRUSTED CERTIFICATE")),
            (
                "crl",
                format!("{ca}-----BEGIN X509 CRL-----\nAAAA\n-----END X509 CRL-----\n"),
            ),
            (
                "header",
                ca.replacen("-----\n", "-----\nProc-Type: 4,ENCRYPTED\n\n", 1),
            ),
            ("base64", ca.replacen('M', "!", 1)),
            ("blank", ca.replacen("-----\n", "-----\n\n", 1)),
            ("open", ca.replace("-----END CERTIFICATE-----\n", "")),
            ("empty", String::new()),
        ];
        for (tag, text) in cases {
            let path = bundle_file(tag, text.as_bytes());
            assert!(index_bundle(&path).is_none(), "{tag}");
            let _ = std::fs::remove_file(path);
        }
        let path = bundle_file("plain", format!("comment\n{ca}\r\n").as_bytes());
        assert_eq!(index_bundle(&path).map(|b| b.len()), Some(1));
        let _ = std::fs::remove_file(path);
    }
}
