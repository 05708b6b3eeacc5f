//! `ssl.get_default_verify_paths`: OpenSSL's compiled-in CA file and
//! directory and the environment variables that override them.

use super::*;

/// `ssl.DefaultVerifyPaths`: where OpenSSL looks for trusted CAs by default.
///
/// CPython equivalent: the named tuple `ssl.get_default_verify_paths()`
/// returns.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DefaultVerifyPaths {
    /// `cafile`: the file named by the environment variable
    /// [`openssl_cafile_env`](Self::openssl_cafile_env) if set, else
    /// [`openssl_cafile`](Self::openssl_cafile); `None` unless it is a file.
    pub cafile: Option<PathBuf>,
    /// `capath`: likewise for the directory
    /// ([`openssl_capath_env`](Self::openssl_capath_env), else
    /// [`openssl_capath`](Self::openssl_capath)); `None` unless it is a
    /// directory.
    pub capath: Option<PathBuf>,
    /// `openssl_cafile_env`: e.g. `"SSL_CERT_FILE"`.
    pub openssl_cafile_env: String,
    /// `openssl_cafile`: OpenSSL's compiled-in file, e.g. `/usr/lib/ssl/cert.pem`.
    pub openssl_cafile: PathBuf,
    /// `openssl_capath_env`: e.g. `"SSL_CERT_DIR"`.
    pub openssl_capath_env: String,
    /// `openssl_capath`: OpenSSL's compiled-in directory, e.g. `/usr/lib/ssl/certs`.
    pub openssl_capath: PathBuf,
}

impl DefaultVerifyPaths {
    /// `dict(paths._asdict())` as JSON, fields in CPython's order.
    #[cfg(feature = "serde")]
    pub fn to_json(&self) -> Value {
        let path = |p: &Path| Value::from(p.to_string_lossy().into_owned());
        json!({
            "cafile": self.cafile.as_deref().map(path),
            "capath": self.capath.as_deref().map(path),
            "openssl_cafile_env": self.openssl_cafile_env,
            "openssl_cafile": path(&self.openssl_cafile),
            "openssl_capath_env": self.openssl_capath_env,
            "openssl_capath": path(&self.openssl_capath),
        })
    }
}

/// The default CA file and directory, as CPython computes them now: the
/// environment variables OpenSSL honours (`SSL_CERT_FILE`, `SSL_CERT_DIR`)
/// override OpenSSL's compiled-in paths, and each is reported only if it
/// is an existing file (`os.path.isfile`) or directory (`os.path.isdir`).
///
/// CPython equivalent: `ssl.get_default_verify_paths()` (the same on every
/// release 3.6–3.14).
pub fn get_default_verify_paths() -> DefaultVerifyPaths {
    let (cafile_env, cafile, capath_env, capath) = openssl_default_verify_paths();
    // os.environ.get(name, default)
    let pick = |env: &str, default: &Path| {
        std::env::var_os(env)
            .map(PathBuf::from)
            .unwrap_or_else(|| default.to_path_buf())
    };
    let chosen_file = pick(&cafile_env, &cafile);
    let chosen_dir = pick(&capath_env, &capath);
    DefaultVerifyPaths {
        cafile: chosen_file.is_file().then_some(chosen_file),
        capath: chosen_dir.is_dir().then_some(chosen_dir),
        openssl_cafile_env: cafile_env,
        openssl_cafile: cafile,
        openssl_capath_env: capath_env,
        openssl_capath: capath,
    }
}

/// OpenSSL's compiled-in answers, unfiltered: `(cafile_env, cafile,
/// capath_env, capath)`, e.g. `("SSL_CERT_FILE", "/usr/lib/ssl/cert.pem",
/// "SSL_CERT_DIR", "/usr/lib/ssl/certs")`.
///
/// CPython equivalent: `_ssl.get_default_verify_paths()` (over
/// `X509_get_default_cert_file_env()`, `X509_get_default_cert_file()`,
/// `X509_get_default_cert_dir_env()`, `X509_get_default_cert_dir()`).
#[doc(alias = "_ssl.get_default_verify_paths")]
#[doc(alias = "X509_get_default_cert_file")]
pub fn openssl_default_verify_paths() -> (String, PathBuf, String, PathBuf) {
    let [file_env, file, dir_env, dir] = misc::default_verify_paths();
    let name = |p: Option<PathBuf>| {
        p.map(|p| p.to_string_lossy().into_owned())
            .unwrap_or_default()
    };
    (
        name(file_env),
        file.unwrap_or_default(),
        name(dir_env),
        dir.unwrap_or_default(),
    )
}
