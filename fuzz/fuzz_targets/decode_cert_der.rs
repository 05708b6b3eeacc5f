//! Arbitrary bytes as a DER certificate: `X509::from_der`, then pyssl's
//! `_decode_certificate` (the `getpeercert()` dict) as several CPython
//! versions build it, its JSON form, and the exception text of a failure.
#![no_main]

mod common;

use libfuzzer_sys::fuzz_target;
use openssl::x509::X509;
use pyssl::{PeerCertificate, PythonVersion};

// 3.6 decodes subjectAltName its own way; from 3.7 on the dict is built the
// same way, and only a failure's exception differs (its type from 3.10, its
// `_ssl.c` line in every release), so one failure is printed as each
// release would print it.
/// 3.6 decodes its own way; 3.7 and later decode as the newest release.
fn decode_as() -> [(PythonVersion, &'static [PythonVersion]); 2] {
    let all = PythonVersion::ALL;
    [(all[0], &all[..1]), (PythonVersion::LATEST, &all[1..])]
}

fuzz_target!(|data: &[u8]| {
    decode(data);
    common::release_thread_state();
});

fn decode(data: &[u8]) {
    let Ok(x) = X509::from_der(data) else {
        return;
    };
    for (version, printed_as) in decode_as() {
        match PeerCertificate::from_x509_for(&x, version) {
            Ok(cert) => {
                let json = cert.to_json();
                assert!(json.get("subject").is_some() && json.get("issuer").is_some());
                let _ = json.to_string();
            }
            Err(e) => {
                let _ = (e.to_string(), e.python_type());
                // The decoding failure itself renders as each release would.
                let cause = std::error::Error::source(&e)
                    .and_then(|s| s.downcast_ref::<pyssl::cert::CertDecodeError>())
                    .expect("a decoding error carries its cause");
                for &m in printed_as {
                    let _ = (cause.python_type(m), cause.python_str(m));
                }
            }
        }
    }
}
