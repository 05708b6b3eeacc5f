//! Which CPython a context imitates.
//!
//! CPython's `ssl` defaults moved a lot between 3.6 and 3.14: the cipher
//! string, the minimum TLS version, `OP_IGNORE_UNEXPECTED_EOF`, the verify
//! flags of `create_default_context`, even the wording of error messages.
//! [`PythonVersion`] names one of those releases; every constructor takes one,
//! and [`PythonVersion::LATEST`] (3.14) is the default.
//!
//! The values below were observed on CPython 3.6.15 … 3.14.7 (the late patch
//! releases: 3.8.18 and 3.9.18 carry backports that 3.8.0 lacked) linked
//! against the same OpenSSL this crate links; `tests/golden/` keeps the proof.

use std::fmt;
use std::str::FromStr;

use crate::error::Error;

/// A CPython release whose `ssl` module behaviour is reproduced.
///
/// Pick the version the ported code ran on: `PythonVersion::Py39` makes a
/// context start with CPython 3.9's options, ciphers and verify settings.
#[doc(alias = "sys.version_info")]
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Default)]
#[non_exhaustive]
pub enum PythonVersion {
    /// CPython 3.6 (observed: 3.6.15).
    Py36,
    /// CPython 3.7 (observed: 3.7.16).
    Py37,
    /// CPython 3.8 (observed: 3.8.18).
    Py38,
    /// CPython 3.9 (observed: 3.9.18).
    Py39,
    /// CPython 3.10 (observed: 3.10.13).
    Py310,
    /// CPython 3.11 (observed: 3.11.7).
    Py311,
    /// CPython 3.12 (observed: 3.12.1).
    Py312,
    /// CPython 3.13 (observed: 3.13.0).
    Py313,
    /// CPython 3.14 (observed: 3.14.7); the default.
    #[default]
    Py314,
}

impl PythonVersion {
    /// The newest supported release, used when nothing else is asked for.
    pub const LATEST: PythonVersion = PythonVersion::Py314;

    /// Every supported release, oldest first. A slice, so that a new
    /// CPython release is not a breaking change.
    pub const ALL: &'static [PythonVersion] = &[
        PythonVersion::Py36,
        PythonVersion::Py37,
        PythonVersion::Py38,
        PythonVersion::Py39,
        PythonVersion::Py310,
        PythonVersion::Py311,
        PythonVersion::Py312,
        PythonVersion::Py313,
        PythonVersion::Py314,
    ];

    /// The minor number: 6 for 3.6 … 14 for 3.14.
    pub fn minor(self) -> u8 {
        match self {
            PythonVersion::Py36 => 6,
            PythonVersion::Py37 => 7,
            PythonVersion::Py38 => 8,
            PythonVersion::Py39 => 9,
            PythonVersion::Py310 => 10,
            PythonVersion::Py311 => 11,
            PythonVersion::Py312 => 12,
            PythonVersion::Py313 => 13,
            PythonVersion::Py314 => 14,
        }
    }

    /// The release from its minor number (6 … 14).
    pub fn from_minor(minor: u8) -> Option<PythonVersion> {
        PythonVersion::ALL
            .iter()
            .copied()
            .find(|v| v.minor() == minor)
    }

    /// True when this release is 3.`minor` or newer.
    pub fn at_least(self, minor: u8) -> bool {
        self.minor() >= minor
    }

    /// The patch release whose behaviour was recorded, e.g. `"3.9.18"`.
    pub fn observed_release(self) -> &'static str {
        match self {
            PythonVersion::Py36 => "3.6.15",
            PythonVersion::Py37 => "3.7.16",
            PythonVersion::Py38 => "3.8.18",
            PythonVersion::Py39 => "3.9.18",
            PythonVersion::Py310 => "3.10.13",
            PythonVersion::Py311 => "3.11.7",
            PythonVersion::Py312 => "3.12.1",
            PythonVersion::Py313 => "3.13.0",
            PythonVersion::Py314 => "3.14.7",
        }
    }

    /// The cipher string a new `SSLContext` gets: `_DEFAULT_CIPHERS` on 3.6
    /// (set from Python), `PY_SSL_DEFAULT_CIPHER_STRING` in `_ssl.c` after.
    #[doc(alias = "_DEFAULT_CIPHERS")]
    pub fn default_ciphers(self) -> &'static str {
        match self {
            PythonVersion::Py36 => {
                "TLS13-AES-256-GCM-SHA384:TLS13-CHACHA20-POLY1305-SHA256:TLS13-AES-128-GCM-SHA256:\
                 ECDH+AESGCM:ECDH+CHACHA20:DH+AESGCM:DH+CHACHA20:ECDH+AES256:DH+AES256:\
                 ECDH+AES128:DH+AES:ECDH+HIGH:DH+HIGH:RSA+AESGCM:RSA+AES:RSA+HIGH:\
                 !aNULL:!eNULL:!MD5:!3DES"
            }
            PythonVersion::Py37 | PythonVersion::Py38 | PythonVersion::Py39 => {
                "DEFAULT:!aNULL:!eNULL:!MD5:!3DES:!DES:!RC4:!IDEA:!SEED:!aDSS:!SRP:!PSK"
            }
            _ => {
                "@SECLEVEL=2:ECDH+AESGCM:ECDH+CHACHA20:ECDH+AES:DHE+AES:\
                 !aNULL:!eNULL:!aDSS:!SHA1:!AESCCM"
            }
        }
    }

    /// `_RESTRICTED_SERVER_CIPHERS`: what 3.6's
    /// `create_default_context(Purpose.CLIENT_AUTH)` sets; equal to
    /// [`default_ciphers`](Self::default_ciphers) from 3.7 on.
    #[doc(alias = "_RESTRICTED_SERVER_CIPHERS")]
    pub fn restricted_server_ciphers(self) -> &'static str {
        match self {
            PythonVersion::Py36 => {
                "TLS13-AES-256-GCM-SHA384:TLS13-CHACHA20-POLY1305-SHA256:TLS13-AES-128-GCM-SHA256:\
                 ECDH+AESGCM:ECDH+CHACHA20:DH+AESGCM:DH+CHACHA20:ECDH+AES256:DH+AES256:\
                 ECDH+AES128:DH+AES:ECDH+HIGH:DH+HIGH:RSA+AESGCM:RSA+AES:RSA+HIGH:\
                 !aNULL:!eNULL:!MD5:!DSS:!RC4:!3DES"
            }
            v => v.default_ciphers(),
        }
    }

    /// 3.8.18 and 3.9.18 set `OP_IGNORE_UNEXPECTED_EOF` on every new context
    /// (bpo-43794 backport); 3.10.13 and later map the EOF to `SSLEOFError`
    /// instead.
    pub(crate) fn sets_ignore_unexpected_eof(self) -> bool {
        matches!(self, PythonVersion::Py38 | PythonVersion::Py39)
    }

    /// 3.10+ raise the floor of the flexible methods to TLS 1.2.
    pub(crate) fn min_tls12_by_default(self) -> bool {
        self.at_least(10)
    }

    /// Which `(library, reason) → mnemonic` table this release's `_ssl`
    /// was built with, on the OpenSSL pyssl was compiled against.
    ///
    /// CPython 3.10+ compiles in one table per OpenSSL series
    /// (`_ssl_data_111.h`, `_ssl_data_300.h`, …, chosen by
    /// `OPENSSL_VERSION_NUMBER`); 3.6–3.9 have a single table. On the system
    /// OpenSSL's series each release has its own table, read from its
    /// interpreter; on another series a 3.10+ release gets CPython 3.14.7's
    /// table for that series (the older releases' own series headers were
    /// not available to generate from: vendor-notes.md).
    pub(crate) fn error_table(self) -> crate::error_names::ErrorTable {
        self.error_table_for(crate::functions::openssl_api_version_number())
    }

    /// Which CPython build pyssl's error-name table for this release comes
    /// from, on the OpenSSL pyssl was compiled against: e.g. `"CPython 3.13.0
    /// on OpenSSL 3.0.19 (its compiled _ssl)"`, or `"CPython 3.14.7 on OpenSSL
    /// 1.1.1w (_ssl_data_111.h)"` where another release's or another patch
    /// level's table stands in (vendor-notes.md, "Supported and tested
    /// versions").
    ///
    /// CPython equivalent: none; CPython compiles its table in
    /// (`Modules/_ssl_data_*.h`). The table decides the `[LIB: REASON]`
    /// mnemonics of every [`Error`] message of class `SSLError`.
    pub fn error_table_origin(self) -> &'static str {
        crate::error_names::origin(self.error_table())
    }

    /// [`error_table`](Self::error_table) for OpenSSL `version`
    /// (`OPENSSL_VERSION_NUMBER`).
    pub(crate) fn error_table_for(self, version: u64) -> crate::error_names::ErrorTable {
        use crate::error_names::{series_table, ErrorTable};
        if self.at_least(10) {
            if let Some(table) = series_table(version) {
                return table;
            }
        }
        match self {
            PythonVersion::Py36 => ErrorTable::Py36,
            PythonVersion::Py37 => ErrorTable::Py37,
            PythonVersion::Py38 => ErrorTable::Py38,
            PythonVersion::Py39 => ErrorTable::Py39,
            PythonVersion::Py310 => ErrorTable::Py310,
            PythonVersion::Py311 => ErrorTable::Py311,
            PythonVersion::Py312 => ErrorTable::Py312,
            PythonVersion::Py313 => ErrorTable::Py313,
            PythonVersion::Py314 => ErrorTable::Py314,
        }
    }
}

impl fmt::Display for PythonVersion {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "3.{}", self.minor())
    }
}

impl FromStr for PythonVersion {
    type Err = Error;

    /// Accepts `3.9`, `3.9.18`, `39` or `py39`.
    ///
    /// A release outside [`PythonVersion::ALL`] is a `ValueError` that names
    /// the supported releases and why the asked one is not among them: a
    /// release is supported only once its behaviour has been recorded from
    /// the interpreter itself (`tests/golden/`), so a newer CPython is not
    /// guessed from the newest known one.
    fn from_str(s: &str) -> Result<Self, Error> {
        let t = s.trim().trim_start_matches("py").trim_start_matches("Py");
        let minor = if let Some(rest) = t.strip_prefix("3.") {
            rest.split('.').next().and_then(|m| m.parse::<u8>().ok())
        } else if let Some(rest) = t.strip_prefix('3') {
            rest.parse::<u8>().ok()
        } else {
            None
        };
        if let Some(v) = minor.and_then(PythonVersion::from_minor) {
            return Ok(v);
        }
        let oldest = PythonVersion::ALL[0];
        let newest = PythonVersion::LATEST;
        let supported = PythonVersion::ALL
            .iter()
            .map(|v| v.to_string())
            .collect::<Vec<_>>()
            .join(", ");
        let why = match minor {
            Some(m) if m > newest.minor() => format!(
                "CPython 3.{m} is newer than the newest release pyssl has verified ({newest}, \
                 observed as {}); a release is supported only once its defaults, error texts \
                 and test certificates have been recorded from that interpreter, and 3.{m} \
                 has not been",
                newest.observed_release()
            ),
            Some(m) => {
                format!("CPython 3.{m} is older than {oldest}, the oldest release pyssl reproduces")
            }
            None => "expected a CPython 3.X release such as \"3.14\"".to_string(),
        };
        Err(Error::value_error(format!(
            "unsupported CPython version {s:?}: {why}; supported: {supported} (default {newest})"
        )))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// CPython 3.10+ compile in their OpenSSL series' table; 3.6-3.9 have one
    /// table whatever the OpenSSL; on the system series every release keeps
    /// its own (read from its interpreter).
    #[test]
    fn error_table_follows_the_openssl_series() {
        use crate::error_names::{reason_name, ErrorTable};
        const OSSL_1_1_1W: u64 = 0x1010_117f;
        const OSSL_3_0_19: u64 = 0x3000_0130;
        const OSSL_3_6_3: u64 = 0x3060_0030;
        assert_eq!(
            PythonVersion::Py314.error_table_for(OSSL_3_0_19),
            ErrorTable::Py314
        );
        assert_eq!(
            PythonVersion::Py313.error_table_for(OSSL_3_0_19),
            ErrorTable::Py313
        );
        assert_eq!(
            PythonVersion::Py314.error_table_for(OSSL_1_1_1W),
            ErrorTable::Openssl111
        );
        assert_eq!(
            PythonVersion::Py310.error_table_for(OSSL_1_1_1W),
            ErrorTable::Openssl111
        );
        assert_eq!(
            PythonVersion::Py39.error_table_for(OSSL_1_1_1W),
            ErrorTable::Py39
        );
        assert_eq!(
            PythonVersion::Py36.error_table_for(OSSL_3_6_3),
            ErrorTable::Py36
        );
        assert_eq!(
            PythonVersion::Py314.error_table_for(OSSL_3_6_3),
            ErrorTable::Openssl36
        );
        // SSL reason 294 is UNEXPECTED_EOF_WHILE_READING from OpenSSL 3.0 on; in
        // 1.1.1w's sslerr.h it is SSL_R_OCSP_CALLBACK_FAILURE.
        let on_111 = PythonVersion::Py314.error_table_for(OSSL_1_1_1W);
        assert_eq!(reason_name(on_111, 20, 294), Some("OCSP_CALLBACK_FAILURE"));
        let on_300 = PythonVersion::Py314.error_table_for(OSSL_3_0_19);
        assert_eq!(
            reason_name(on_300, 20, 294),
            Some("UNEXPECTED_EOF_WHILE_READING")
        );
    }

    #[test]
    fn every_release_parses_and_prints_back() {
        for &v in PythonVersion::ALL {
            assert_eq!(v.to_string().parse::<PythonVersion>().unwrap(), v);
            assert_eq!(v.observed_release().parse::<PythonVersion>().unwrap(), v);
        }
        assert_eq!(PythonVersion::default(), PythonVersion::LATEST);
        assert_eq!(PythonVersion::LATEST, *PythonVersion::ALL.last().unwrap());
    }

    #[test]
    fn a_release_not_yet_verified_is_a_clear_error() {
        let e = "3.15".parse::<PythonVersion>().unwrap_err();
        let text = e.to_string();
        assert_eq!(e.python_type(), "ValueError");
        assert!(text.contains("3.15 is newer than the newest release pyssl has verified (3.14"));
        assert!(text.contains("supported: 3.6, 3.7, 3.8, 3.9, 3.10, 3.11, 3.12, 3.13, 3.14"));
        let e = "3.5".parse::<PythonVersion>().unwrap_err().to_string();
        assert!(e.contains("older than 3.6"), "{e}");
        let e = "two".parse::<PythonVersion>().unwrap_err().to_string();
        assert!(e.contains("expected a CPython 3.X release"), "{e}");
    }
}
