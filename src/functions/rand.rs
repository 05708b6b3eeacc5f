//! `ssl.RAND_bytes`, `RAND_status` and `RAND_add`.

use super::*;

/// `n` cryptographically strong random bytes from OpenSSL.
///
/// CPython equivalent: `ssl.RAND_bytes(num)`. A negative `n` is
/// `ValueError("num must be positive")`; one outside C `int` is an
/// `OverflowError` (`"Python int too large to convert to C int"`); an
/// OpenSSL failure is `SSLError(code, reason)`.
#[doc(alias = "RAND_bytes")]
pub fn rand_bytes(n: i64) -> Result<Vec<u8>> {
    rand_bytes_for(n, PythonVersion::LATEST)
}

/// [`rand_bytes`] as CPython `version` words its errors (3.6 and 3.7 say
/// `"signed integer is greater than maximum"` / `"… less than minimum"`).
///
/// CPython equivalent: `ssl.RAND_bytes(num)`.
#[doc(alias = "RAND_bytes")]
pub fn rand_bytes_for(n: i64, version: PythonVersion) -> Result<Vec<u8>> {
    let n = c_int_arg(n, version)?;
    let Ok(len) = usize::try_from(n) else {
        return Err(Error::value_error("num must be positive").for_version(version));
    };
    let mut buf = Vec::new();
    if buf.try_reserve_exact(len).is_err() {
        return Err(Error::new(ErrorKind::System, Vec::new())
            .with_text("MemoryError".to_owned())
            .for_version(version));
    }
    buf.resize(len, 0);
    match misc::rand_bytes(&mut buf) {
        Ok(()) => Ok(buf),
        Err(code) => {
            // PyErr_SetObject(SSLError, (errcode, ERR_reason_error_string(errcode)))
            #[allow(clippy::unnecessary_cast)]
            let code = code as u64;
            let e = match crate::ffi::reason_error_string(code as _) {
                Some(reason) => Error::new(
                    ErrorKind::Ssl,
                    vec![Arg::Int(code as i64), Arg::Str(reason)],
                ),
                None => Error::new(ErrorKind::Ssl, vec![Arg::Int(code as i64)])
                    .with_text(format!("({code}, None)")),
            };
            Err(e.for_version(version))
        }
    }
}

/// True when OpenSSL's random generator has been seeded enough.
///
/// CPython equivalent: `ssl.RAND_status()`, which returns `True`/`False`
/// from 3.10 on and the `int` `1`/`0` on 3.6–3.9 (same truth value).
#[doc(alias = "RAND_status")]
pub fn rand_status() -> bool {
    misc::rand_status() != 0
}

/// Mixes `data` into OpenSSL's random generator, crediting `entropy`
/// bytes of randomness.
///
/// CPython equivalent: `ssl.RAND_add(string, entropy)`; a Python `str` is
/// passed as its UTF-8 bytes (`s.as_bytes()`). Never fails.
#[doc(alias = "RAND_add")]
pub fn rand_add(data: &[u8], entropy: f64) {
    misc::rand_add(data, entropy);
}

/// `n` random bytes and whether they are cryptographically strong (always,
/// with OpenSSL 1.1+, which draws them from the same generator as
/// [`rand_bytes`]).
///
/// CPython equivalent: `ssl.RAND_pseudo_bytes(num)` → `(bytes, True)`, on
/// 3.6–3.11 (removed in 3.12). 3.10 and 3.11 record a `DeprecationWarning`
/// (`ssl.RAND_pseudo_bytes() is deprecated`, see [`crate::warnings`]); on
/// 3.12+ it is `AttributeError`, as the function is gone.
#[doc(alias = "RAND_pseudo_bytes")]
pub fn rand_pseudo_bytes_for(n: i64, version: PythonVersion) -> Result<(Vec<u8>, bool)> {
    if version.at_least(12) {
        return Err(Error::module_attribute("RAND_pseudo_bytes").for_version(version));
    }
    if version.at_least(10) {
        crate::warnings::deprecation("ssl.RAND_pseudo_bytes() is deprecated");
    }
    rand_bytes_for(n, version).map(|b| (b, true))
}
