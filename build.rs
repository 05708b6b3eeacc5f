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

    if env::var("DEP_OPENSSL_LIBRESSL_VERSION_NUMBER").is_ok() {
        println!("cargo::rustc-cfg=libressl");
        return;
    }
    let Ok(hex) = env::var("DEP_OPENSSL_VERSION_NUMBER") else {
        println!("cargo::warning=openssl-sys did not report DEP_OPENSSL_VERSION_NUMBER");
        return;
    };
    let version = u64::from_str_radix(hex.trim(), 16).unwrap_or(0);
    let thresholds: &[(u64, &str)] = &[
        (0x1000_1000, "ossl101"),
        (0x1000_2000, "ossl102"),
        (0x1010_0000, "ossl110"),
        (0x1010_1000, "ossl111"),
        (0x3000_0000, "ossl300"),
        (0x3010_0000, "ossl310"),
        (0x3020_0000, "ossl320"),
    ];
    for (min, cfg) in thresholds {
        if version >= *min {
            println!("cargo::rustc-cfg={cfg}");
        }
    }
    println!("cargo::rustc-env=PYSSL_OPENSSL_BUILD_VERSION_NUMBER={version}");
}
