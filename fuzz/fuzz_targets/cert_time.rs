//! `cert_time_to_seconds` on arbitrary strings, as every CPython version
//! computes it: a value or a typed error, never a panic.
#![no_main]

use libfuzzer_sys::fuzz_target;
use pyssl::functions::cert_time_to_seconds_for;
use pyssl::PythonVersion;

fuzz_target!(|data: &[u8]| {
    // Lossy, so that every input reaches the parser as some string.
    let text = String::from_utf8_lossy(data);
    for &v in PythonVersion::ALL {
        match cert_time_to_seconds_for(&text, v) {
            Ok(_) => {}
            Err(e) => {
                let _ = (e.python_type(), e.to_string());
            }
        }
    }
});
