//! Reads the OpenSSL version that `openssl-sys` found and turns it into cfgs
//! (`ossl111`, `ossl300`, …, or `libressl`), so code can follow the library
//! it is really linked against. See vendor-notes.md.

use std::env;

const CFGS: &[&str] = &[
    "ossl101", "ossl102", "ossl110", "ossl111", "ossl300", "ossl310", "ossl320", "libressl",
];

fn main() {
    for cfg in CFGS {
        println!("cargo::rustc-check-cfg=cfg({cfg})");
    }
    println!("cargo::rerun-if-env-changed=DEP_OPENSSL_VERSION_NUMBER");
    println!("cargo::rerun-if-env-changed=DEP_OPENSSL_LIBRESSL_VERSION_NUMBER");

    if let Ok(v) = env::var("DEP_OPENSSL_LIBRESSL_VERSION_NUMBER") {
        let _ = v;
        println!("cargo::rustc-cfg=libressl");
        return;
    }
    let Ok(hex) = env::var("DEP_OPENSSL_VERSION_NUMBER") else {
        println!("cargo::warning=openssl-sys did not report DEP_OPENSSL_VERSION_NUMBER");
        return;
    };
    let version = u64::from_str_radix(hex.trim(), 16).unwrap_or(0);
    let thresholds: &[(u64, &str)] = &[
        (0x1_00_01_00_0, "ossl101"),
        (0x1_00_02_00_0, "ossl102"),
        (0x1_01_00_00_0, "ossl110"),
        (0x1_01_01_00_0, "ossl111"),
        (0x3_00_00_00_0, "ossl300"),
        (0x3_01_00_00_0, "ossl310"),
        (0x3_02_00_00_0, "ossl320"),
    ];
    for (min, cfg) in thresholds {
        if version >= *min {
            println!("cargo::rustc-cfg={cfg}");
        }
    }
    println!("cargo::rustc-env=PYSSL_OPENSSL_BUILD_VERSION_NUMBER={version}");
}
