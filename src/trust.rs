//! The system trust store, parsed once and shared between contexts.
//!
//! `load_default_certs()` / `set_default_verify_paths()` make OpenSSL parse
//! the whole CA bundle (~20 ms for 144 certificates here) — 99 % of the cost
//! of `create_default_context()`. A freshly made context whose store is
//! still empty instead takes a reference to one shared `X509_STORE` built by
//! the very same call (`X509_STORE_set_default_paths`), so it trusts exactly
//! what it would have trusted, with the same `cert_store_stats()`. The shared
//! store is rebuilt when the bundle file, the hashed directory or the
//! `SSL_CERT_FILE`/`SSL_CERT_DIR` variables change. A context that later
//! adds CAs of its own first gets a private store of its own (built the same
//! way), so one context's `load_verify_locations` never shows in another.

use std::path::PathBuf;
use std::sync::Mutex;
use std::time::SystemTime;

use openssl::error::ErrorStack;
use openssl::x509::store::{X509Store, X509StoreBuilder};

/// What the default paths resolve to, and how they looked when loaded.
#[derive(Debug, Clone, PartialEq, Eq)]
struct Key {
    file: Option<PathBuf>,
    dir: Option<String>,
    file_stamp: Option<(SystemTime, u64)>,
    dir_stamp: Option<SystemTime>,
}

fn current_key() -> Key {
    let [file_env, file_default, dir_env, dir_default] = crate::ffi::misc::default_verify_paths();
    let env = |name: &Option<PathBuf>| {
        name.as_ref()
            .and_then(std::env::var_os)
            .filter(|v| !v.is_empty())
    };
    let file = env(&file_env).map(PathBuf::from).or(file_default);
    let dir = env(&dir_env)
        .map(|d| d.to_string_lossy().into_owned())
        .or_else(|| dir_default.map(|d| d.to_string_lossy().into_owned()));
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
    store: X509Store,
}

static CACHE: Mutex<Option<Cached>> = Mutex::new(None);

/// A store holding OpenSSL's default verify paths, exactly as
/// `SSL_CTX_set_default_verify_paths` fills a context's store.
pub(crate) fn fresh_default_store() -> Result<X509Store, ErrorStack> {
    let mut b = X509StoreBuilder::new()?;
    b.set_default_paths()?;
    Ok(b.build())
}

/// Runs `f` with the shared default store (built or rebuilt if needed).
pub(crate) fn with_shared_default_store<R>(
    f: impl FnOnce(&X509Store) -> R,
) -> Result<R, ErrorStack> {
    let key = current_key();
    let mut cache = CACHE.lock().unwrap_or_else(|e| e.into_inner());
    if cache.as_ref().is_none_or(|c| c.key != key) {
        *cache = Some(Cached {
            key,
            store: fresh_default_store()?,
        });
    }
    let c = cache.as_ref().expect("just filled");
    Ok(f(&c.store))
}
