//! Arbitrary bytes as a PEM file: `_ssl._test_decode_cert(path)` as CPython
//! 3.6 (which reads with `PEM_read_bio_X509_AUX`), 3.13 and 3.14 do it. One
//! temporary file per process, rewritten for every input: in
//! `$PYSSL_FUZZ_TMPDIR`, else `/dev/shm` (tmpfs: rewriting a file on ext4
//! flushes it to disk at every close), else the temporary directory.
#![no_main]

use std::path::PathBuf;
use std::sync::OnceLock;

mod common;

use libfuzzer_sys::fuzz_target;
use pyssl::PythonVersion;

fn path() -> &'static PathBuf {
    static PATH: OnceLock<PathBuf> = OnceLock::new();
    PATH.get_or_init(|| {
        let dir = std::env::var_os("PYSSL_FUZZ_TMPDIR")
            .map(PathBuf::from)
            .or_else(|| Some(PathBuf::from("/dev/shm")).filter(|d| d.is_dir()))
            .unwrap_or_else(std::env::temp_dir);
        dir.join(format!("pyssl-fuzz-decode-{}.pem", std::process::id()))
    })
}

// 3.6 reads the file differently; 3.7 to 3.14 read and decode it alike
// (their exception text differs; 3.14 words an unnamed OpenSSL error as
// "unknown error (0x0)", which this target and decode_cert_der cover).
const VERSIONS: [PythonVersion; 3] = [
    PythonVersion::Py36,
    PythonVersion::Py313,
    PythonVersion::Py314,
];

fuzz_target!(|data: &[u8]| {
    let p = path();
    std::fs::write(p, data).expect("write the temporary PEM file");
    for v in VERSIONS {
        match pyssl::functions::decode_cert_for(p, v) {
            Ok(cert) => {
                let _ = cert.to_json().to_string();
            }
            Err(e) => {
                let _ = (e.python_type(), e.to_string());
            }
        }
    }
    common::release_thread_state();
});
