//! `PEM_cert_to_DER_cert` on arbitrary text and `DER_cert_to_PEM_cert` on
//! arbitrary bytes, as CPython 3.6 and 3.7+ do them: no panic, and DER → PEM → DER
//! gives back the same bytes.
#![no_main]

use libfuzzer_sys::fuzz_target;
use pyssl::functions::{der_cert_to_pem_cert_for, pem_cert_to_der_cert_for};
use pyssl::PythonVersion;

// The releases differ only between 3.6 (an empty DER gives an empty line;
// every base64 length error reads "Incorrect padding"), 3.7+ (the same
// text from 3.7 to 3.13) and 3.14 (base64 decoding reads past padding).
const VERSIONS: [PythonVersion; 3] = [
    PythonVersion::Py36,
    PythonVersion::Py313,
    PythonVersion::Py314,
];

fuzz_target!(|data: &[u8]| {
    // The bytes as DER: the PEM text must decode back to them.
    for v in VERSIONS {
        let pem = der_cert_to_pem_cert_for(data, v);
        let back = pem_cert_to_der_cert_for(&pem, v)
            .unwrap_or_else(|e| panic!("DER->PEM->DER failed on {v}: {e} ({pem:?})"));
        assert_eq!(back, data, "DER->PEM->DER changed the bytes on {v}");
    }
    // The bytes as PEM text (when they are UTF-8): whatever decodes must
    // survive the round trip too.
    if let Ok(text) = std::str::from_utf8(data) {
        for v in VERSIONS {
            match pem_cert_to_der_cert_for(text, v) {
                Ok(der) => {
                    let pem = der_cert_to_pem_cert_for(&der, v);
                    let again = pem_cert_to_der_cert_for(&pem, v)
                        .unwrap_or_else(|e| panic!("re-encoded PEM failed on {v}: {e}"));
                    assert_eq!(again, der, "PEM->DER->PEM->DER changed the bytes on {v}");
                }
                Err(e) => {
                    let _ = (e.python_type(), e.to_string());
                }
            }
        }
    }
});
