//! Writes the seed corpora under `fuzz/corpus/<target>/` (run from `fuzz/`:
//! `cargo run --example make_seeds`). The seeds are committed; rerun this
//! only to refresh them. Everything comes from the repository: the
//! certificates in `certs/` and `tests/data/cpython/3.13/` (and 3.6's few
//! that differ), the keys of `set_ciphers` and the times of
//! `module_functions` in `tests/golden/oracle-3.13.json`, and ClientHellos
//! and whole client flights captured from real pyssl clients over
//! `MemoryBio`.

use std::collections::BTreeSet;
use std::fs;
use std::path::{Path, PathBuf};

use openssl::asn1::{Asn1Integer, Asn1Time, Asn1Type};
use openssl::bn::BigNum;
use openssl::ec::{EcGroup, EcKey};
use openssl::hash::MessageDigest;
use openssl::nid::Nid;
use openssl::pkey::PKey;
use openssl::x509::{X509Builder, X509Extension, X509NameBuilder, X509};
use pyssl::{MemoryBio, Options, Protocol, PythonVersion, SslContext, SslObject, TlsVersion};

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("..")
}

struct Corpus {
    dir: PathBuf,
    seen: BTreeSet<Vec<u8>>,
}

impl Corpus {
    fn new(target: &str) -> Corpus {
        let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR"))
            .join("corpus")
            .join(target);
        let _ = fs::remove_dir_all(&dir);
        fs::create_dir_all(&dir).unwrap();
        Corpus {
            dir,
            seen: BTreeSet::new(),
        }
    }

    fn add(&mut self, name: &str, data: &[u8]) {
        if !self.seen.insert(data.to_vec()) {
            return;
        }
        let clean: String = name
            .chars()
            .map(|c| {
                if c.is_ascii_alphanumeric() || c == '.' || c == '-' {
                    c
                } else {
                    '_'
                }
            })
            .take(60)
            .collect();
        let path = self.dir.join(format!("{:03}-{clean}", self.seen.len()));
        fs::write(path, data).unwrap();
    }
}

/// The PEM files the seeds come from.
fn pem_files() -> Vec<PathBuf> {
    let mut out = Vec::new();
    for dir in ["certs", "tests/data/cpython/3.13", "tests/data/cpython/3.6"] {
        let mut files: Vec<PathBuf> = fs::read_dir(root().join(dir))
            .unwrap()
            .map(|e| e.unwrap().path())
            .filter(|p| p.extension().is_some_and(|e| e == "pem"))
            .collect();
        files.sort();
        out.extend(files);
    }
    out
}

fn name_of(p: &Path) -> String {
    let parent = p.parent().unwrap().file_name().unwrap().to_string_lossy();
    format!("{parent}-{}", p.file_name().unwrap().to_string_lossy())
}

fn oracle() -> serde_json::Value {
    let text = fs::read_to_string(root().join("tests/golden/oracle-3.13.json")).unwrap();
    serde_json::from_str(&text).unwrap()
}

fn certs_and_pems() {
    let mut der = Corpus::new("decode_cert_der");
    let mut pem = Corpus::new("decode_cert_pem");
    let mut pd = Corpus::new("pem_der");
    for path in pem_files() {
        let bytes = fs::read(&path).unwrap();
        let name = name_of(&path);
        pem.add(&name, &bytes);
        if let Ok(stack) = X509::stack_from_pem(&bytes) {
            for (i, x) in stack.iter().enumerate() {
                let d = x.to_der().unwrap();
                der.add(&format!("{name}-{i}.der"), &d);
                if pd.seen.len() < 12 {
                    pd.add(&format!("{name}-{i}.pem"), x.to_pem().unwrap().as_slice());
                }
            }
        }
    }
    for (name, x) in crafted_certs() {
        der.add(&format!("crafted-{name}.der"), &x.to_der().unwrap());
        pem.add(&format!("crafted-{name}.pem"), &x.to_pem().unwrap());
    }
    // Edge cases of the PEM text.
    let b64 = "-----BEGIN CERTIFICATE-----\nYWI=\n-----END CERTIFICATE-----\n";
    for (n, t) in [
        ("empty", ""),
        (
            "markers-only",
            "-----BEGIN CERTIFICATE-----\n-----END CERTIFICATE-----\n",
        ),
        ("ab", b64),
        ("overlap", "-----BEGIN CERTIFICATE-----END CERTIFICATE-----"),
        ("no-footer", "-----BEGIN CERTIFICATE-----\nYWI=\n"),
        (
            "one-too-many",
            "-----BEGIN CERTIFICATE-----\nYWJjZ\n-----END CERTIFICATE-----",
        ),
        (
            "padding-mid",
            "-----BEGIN CERTIFICATE-----\nYQ==YWI=\n-----END CERTIFICATE-----",
        ),
        (
            "non-ascii",
            "-----BEGIN CERTIFICATE-----\nYWI\u{e9}=\n-----END CERTIFICATE-----",
        ),
        (
            "crlf-ws",
            "-----BEGIN CERTIFICATE-----\r\nYWI=\r\n-----END CERTIFICATE-----\r\n\x0b\x0c \t",
        ),
    ] {
        pd.add(n, t.as_bytes());
        pem.add(n, t.as_bytes());
    }
    println!(
        "decode_cert_der {}, decode_cert_pem {}, pem_der {}",
        der.seen.len(),
        pem.seen.len(),
        pd.seen.len()
    );
}

/// DER: a tag, the definite length, the content.
fn tlv(tag: u8, content: &[u8]) -> Vec<u8> {
    let mut out = vec![tag];
    let n = content.len();
    if n < 0x80 {
        out.push(n as u8);
    } else {
        let bytes: Vec<u8> = n
            .to_be_bytes()
            .into_iter()
            .skip_while(|&b| b == 0)
            .collect();
        out.push(0x80 | bytes.len() as u8);
        out.extend(bytes);
    }
    out.extend_from_slice(content);
    out
}

fn hex(b: &[u8]) -> String {
    b.iter().map(|x| format!("{x:02x}")).collect()
}

/// An extension given as raw DER (OpenSSL's `DER:` syntax).
#[allow(deprecated)]
fn raw_ext(nid: Nid, der: &[u8]) -> X509Extension {
    X509Extension::new_nid(None, None, nid, &format!("DER:{}", hex(der))).unwrap()
}

/// A v3 certificate with the given subject entries (`(nid, type, value)`),
/// validity and extensions, signed by a throwaway EC key (nothing verifies
/// it: `_decode_certificate` only reads).
fn craft(subject: &[(Nid, Asn1Type, &str)], times: (&str, &str), exts: Vec<X509Extension>) -> X509 {
    let group = EcGroup::from_curve_name(Nid::X9_62_PRIME256V1).unwrap();
    let key = PKey::from_ec_key(EcKey::generate(&group).unwrap()).unwrap();
    let mut name = X509NameBuilder::new().unwrap();
    for (nid, ty, v) in subject {
        name.append_entry_by_nid_with_type(*nid, v, *ty).unwrap();
    }
    let name = name.build();
    let mut b = X509Builder::new().unwrap();
    b.set_version(2).unwrap();
    let serial = Asn1Integer::from_bn(
        &BigNum::from_hex_str("00FFEEDDCCBBAA99887766554433221100FFEEDDCC").unwrap(),
    )
    .unwrap();
    b.set_serial_number(&serial).unwrap();
    b.set_subject_name(&name).unwrap();
    b.set_issuer_name(&name).unwrap();
    b.set_not_before(&Asn1Time::from_str(times.0).unwrap())
        .unwrap();
    b.set_not_after(&Asn1Time::from_str(times.1).unwrap())
        .unwrap();
    b.set_pubkey(&key).unwrap();
    for e in exts {
        b.append_extension(e).unwrap();
    }
    b.sign(&key, MessageDigest::sha256()).unwrap();
    b.build()
}

/// Replaces `from` by `to` (same length) in the DER: values no builder
/// writes. The signature no longer matches, which decoding does not check.
/// `None` when OpenSSL refuses to parse the result (it rejects a name
/// entry that is not valid UTF-8, for one).
fn patch(x: &X509, from: &[u8], to: &[u8]) -> Option<X509> {
    assert_eq!(from.len(), to.len());
    let mut d = x.to_der().unwrap();
    let at = d.windows(from.len()).position(|w| w == from).unwrap();
    d[at..at + to.len()].copy_from_slice(to);
    X509::from_der(&d).ok()
}

/// Certificates for the corners of `_decode_certificate`: every kind of
/// subjectAltName entry, registeredIDs whose text is about 2047 characters
/// (the size of CPython's buffer), AIA and CRL distribution points with odd
/// entries, name entries in several string types, invalid UTF-8 and NUL
/// bytes, dates past 2049 (GeneralizedTime).
fn crafted_certs() -> Vec<(String, X509)> {
    use Asn1Type as T;
    let cn = |v: &'static str| vec![(Nid::COMMONNAME, T::UTF8STRING, v)];
    let times = ("20180829142316Z", "29690503000001Z");
    let san = |der: Vec<u8>| raw_ext(Nid::SUBJECT_ALT_NAME, &tlv(0x30, &der));
    let attr = |value: &[u8]| {
        tlv(
            0x30,
            &[&[0x06, 0x03, 0x55, 0x04, 0x03][..], &tlv(0x0c, value)].concat(),
        )
    };
    let dir = tlv(0x30, &tlv(0x31, &attr(b"dir")));
    let mut out = Vec::new();

    // Every GeneralName kind: otherName (UPN), email, DNS with a NUL, x400,
    // dirName, ediParty, URI with a NUL, IPv4, IPv6, a 5-byte IP,
    // registeredID.
    let upn_oid = [
        0x06, 0x0a, 0x2b, 0x06, 0x01, 0x04, 0x01, 0x82, 0x37, 0x14, 0x02, 0x03,
    ];
    let all = [
        tlv(
            0xa0,
            &[&upn_oid[..], &tlv(0xa0, &tlv(0x0c, b"u@r"))].concat(),
        ),
        tlv(0x81, b"user@example.org"),
        tlv(0x82, b"a\0b.example"),
        tlv(0xa3, &tlv(0x30, &[])),
        tlv(0xa4, &dir),
        tlv(0xa5, &tlv(0xa1, &tlv(0x0c, b"p"))),
        tlv(0x86, b"https://example.org/\0x"),
        tlv(0x87, &[127, 0, 0, 1]),
        tlv(
            0x87,
            &[0x20, 0x01, 0x0d, 0xb8, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1],
        ),
        tlv(0x87, &[1, 2, 3, 4, 5]),
        tlv(0x88, &[0x2b, 0x06, 0x01, 0x05, 0x05, 0x07, 0x03, 0x01]),
    ]
    .concat();
    out.push((
        "san-every-kind".to_string(),
        craft(&cn("all"), times, vec![san(all)]),
    ));

    // registeredIDs printing as "1.2" and N times ".127": 3 + 4N
    // characters, around the 2047 that fit CPython's buffer.
    for n in [510usize, 511, 512] {
        let mut oid = vec![0x2a];
        oid.extend(std::iter::repeat_n(0x7f, n));
        let ext = san(tlv(0x88, &oid));
        out.push((
            format!("registered-id-{}", 3 + 4 * n),
            craft(&cn("rid"), times, vec![ext]),
        ));
    }
    // Two subjectAltName extensions (3.7+ drop the key, 3.6 joins them).
    let twice = vec![san(tlv(0x82, b"one")), san(tlv(0x82, b"two"))];
    out.push(("san-twice".to_string(), craft(&cn("two"), times, twice)));

    // AIA: OCSP and caIssuers URIs, a non-URI entry, an empty URI. CRL
    // distribution points: a URI, a URI and a dirName, a relative name.
    let ad = |last: u8, name: Vec<u8>| {
        let oid = [0x06, 0x08, 0x2b, 0x06, 0x01, 0x05, 0x05, 0x07, 0x30, last];
        tlv(0x30, &[&oid[..], &name].concat())
    };
    let aia = tlv(
        0x30,
        &[
            ad(1, tlv(0x86, b"http://ocsp.example/")),
            ad(2, tlv(0x86, b"http://ca.example/ca.der")),
            ad(1, tlv(0x82, b"not-a-uri")),
            ad(2, tlv(0x86, b"")),
        ]
        .concat(),
    );
    let dp = |names: Vec<u8>| tlv(0x30, &tlv(0xa0, &tlv(0xa0, &names)));
    let crldp = tlv(
        0x30,
        &[
            dp(tlv(0x86, b"http://crl.example/a.crl")),
            dp([tlv(0x86, b"ldap://x"), tlv(0xa4, &dir)].concat()),
            tlv(0x30, &tlv(0xa0, &tlv(0xa1, &attr(b"r")))),
        ]
        .concat(),
    );
    let exts = vec![
        raw_ext(Nid::INFO_ACCESS, &aia),
        raw_ext(Nid::CRL_DISTRIBUTION_POINTS, &crldp),
    ];
    out.push(("aia-crldp".to_string(), craft(&cn("aia"), times, exts)));

    // Name entries in several string types (the builder copies the bytes
    // as they are: the BMPString has an odd length); dates as
    // GeneralizedTime.
    let names = craft(
        &[
            (Nid::COUNTRYNAME, T::PRINTABLESTRING, "XY"),
            (Nid::COMMONNAME, T::BMPSTRING, "bmp \u{e9}"),
            (Nid::ORGANIZATIONNAME, T::UNIVERSALSTRING, "\0\0\0u\0\0\0n"),
            (Nid::ORGANIZATIONALUNITNAME, T::T61STRING, "t61"),
            (Nid::PKCS9_EMAILADDRESS, T::IA5STRING, "a@b"),
            (Nid::SERIALNUMBER, T::PRINTABLESTRING, "0042"),
            (Nid::LOCALITYNAME, T::UTF8STRING, "PLACEHOLDER"),
        ],
        ("20500101000000Z", "99991231235959Z"),
        vec![],
    );
    out.push(("name-types-generalized-time".to_string(), names.clone()));
    let uri = craft(&cn("u"), times, vec![san(tlv(0x86, b"http://XXXX/"))]);
    let patched = [
        (
            "name-invalid-utf8",
            patch(&names, b"PLACEHOLDER", b"PLACE\xff\xfeOLDR"),
        ),
        ("name-nul", patch(&names, b"PLACEHOLDER", b"PLACE\x00HOLDR")),
        (
            "san-uri-invalid-utf8",
            patch(&uri, b"XXXX", b"\xc3\x28\xa0\xa1"),
        ),
        ("san-uri-latin1", patch(&uri, b"XXXX", b"\xe9t\xe9s")),
    ];
    for (name, x) in patched {
        if let Some(x) = x {
            out.push((name.to_string(), x));
        }
    }
    let old = craft(&cn("old"), ("19500101000000Z", "20491231235959Z"), vec![]);
    out.push(("utctime-1950-2049".to_string(), old));
    out
}

fn cert_times() {
    let mut c = Corpus::new("cert_time");
    let o = oracle();
    for key in o["module_functions"].as_object().unwrap().keys() {
        if let Some(arg) = key
            .strip_prefix("cert_time_to_seconds('")
            .and_then(|s| s.strip_suffix("')"))
        {
            c.add(arg, arg.as_bytes());
        }
    }
    for v in o["test_decode_cert"].as_object().unwrap().values() {
        for k in ["notBefore", "notAfter"] {
            if let Some(t) = v["ok"][k].as_str() {
                c.add(t, t.as_bytes());
            }
        }
    }
    // Non-ASCII digits and spaces, which \d and \s accept.
    for t in [
        "Jan \u{0661}\u{0662} 09:34:43 2018 GMT",
        "Jan  5 09:34:43 \u{ff12}\u{ff10}\u{ff11}\u{ff18} GMT",
        "Jan\u{a0}5 09:34:43 2018 GMT",
        "Feb 29 00:00:00 2019 GMT",
        "Dec 31 23:59:59 9999 GMT",
        "Jan  1 00:00:00 0 GMT",
    ] {
        c.add(t, t.as_bytes());
    }
    println!("cert_time {}", c.seen.len());
}

/// The selector byte of `cipher_and_options` for `kind` (0 ciphers,
/// 1 option names, 2 version names, 3 Python versions, 4 host names) and
/// context `which`.
fn sel(kind: u8, which: u8) -> u8 {
    (0..=255u8)
        .find(|s| s % 5 == kind && s >> 4 == which)
        .unwrap()
}

fn strings() {
    let mut c = Corpus::new("cipher_and_options");
    let mut add = |kind: u8, which: u8, text: &str| {
        let mut v = vec![sel(kind, which)];
        v.extend_from_slice(text.as_bytes());
        c.add(&format!("{kind}-{text}"), &v);
    };
    let o = oracle();
    for (i, key) in o["set_ciphers"].as_object().unwrap().keys().enumerate() {
        add(0, (i % 3) as u8, key);
    }
    let mut names: Vec<&str> = pyssl::constants::python_constants(PythonVersion::Py313)
        .map(|c| c.name)
        .filter(|n| n.starts_with("OP_"))
        .collect();
    names.sort();
    for n in &names {
        add(1, 0, n);
    }
    add(1, 0, "OP_NO_TICKET,-OP_NO_COMPRESSION");
    add(1, 0, " +OP_ALL , OP_NO_SSLv2,, -OP_NO_TLSv1");
    add(1, 0, "OP_ENABLE_KTLS");
    add(1, 0, "OP_BOGUS");
    for v in TlsVersion::ALL {
        add(2, 0, v.name());
    }
    for p in [
        "PROTOCOL_TLS",
        "tls-client",
        "TLSv1_2",
        "PROTOCOL_SSLv23",
        "PROTOCOL_SSLv2",
    ] {
        add(2, 0, p);
    }
    for &v in PythonVersion::ALL {
        add(3, 0, &v.to_string());
    }
    for v in ["3.9.18", "py310", "Py36", "313", "3.14", "2.7", " 3.8 "] {
        add(3, 0, v);
    }
    let long = "a".repeat(64) + ".example";
    let long_name = vec!["label"; 60].join(".");
    for (i, h) in [
        "localhost",
        "example.com",
        "127.0.0.1",
        "::1",
        "[::1]",
        "xn--nxasmq6b.example",
        "b\u{fc}cher.example",
        "\u{2603}.net",
        "a\0b",
        ".leading.dot",
        "trailing.dot.",
        "",
        "xn--",
        "ex ample.com",
        "EXAMPLE.COM",
        long.as_str(),
        long_name.as_str(),
    ]
    .iter()
    .enumerate()
    {
        add(4, (i % 3) as u8, h);
    }
    println!("cipher_and_options {}", c.seen.len());
}

fn cert(n: &str) -> PathBuf {
    root().join("certs").join(n)
}

struct Pair {
    c_in: MemoryBio,
    c_out: MemoryBio,
    s_in: MemoryBio,
    s_out: MemoryBio,
    client: SslObject,
    server: SslObject,
    sent: Vec<u8>,
}

impl Pair {
    fn new(client: &SslContext, server: &SslContext, host: Option<&str>) -> Pair {
        let (c_in, c_out, s_in, s_out) = (
            MemoryBio::new().unwrap(),
            MemoryBio::new().unwrap(),
            MemoryBio::new().unwrap(),
            MemoryBio::new().unwrap(),
        );
        let client = client.wrap_bio(&c_in, &c_out, false, host, None).unwrap();
        let server = server.wrap_bio(&s_in, &s_out, true, None, None).unwrap();
        Pair {
            c_in,
            c_out,
            s_in,
            s_out,
            client,
            server,
            sent: Vec::new(),
        }
    }

    fn flush(&mut self) -> usize {
        let a = self.c_out.read(None);
        let b = self.s_out.read(None);
        self.sent.extend_from_slice(&a);
        if !a.is_empty() {
            self.s_in.write(&a).unwrap();
        }
        if !b.is_empty() {
            self.c_in.write(&b).unwrap();
        }
        a.len() + b.len()
    }

    /// The ClientHello alone.
    fn hello(&mut self) -> Vec<u8> {
        let _ = self.client.do_handshake();
        self.c_out.read(None)
    }

    /// A whole handshake and one write; everything the client sent.
    fn run(&mut self) -> Vec<u8> {
        let (mut c_done, mut s_done) = (false, false);
        for _ in 0..30 {
            if !c_done {
                match self.client.do_handshake() {
                    Ok(()) => c_done = true,
                    Err(e) if e.kind() == pyssl::ErrorKind::WantRead => {}
                    Err(e) => panic!("client: {e}"),
                }
            }
            self.flush();
            if !s_done {
                match self.server.do_handshake() {
                    Ok(()) => s_done = true,
                    Err(e) if e.kind() == pyssl::ErrorKind::WantRead => {}
                    Err(e) => panic!("server: {e}"),
                }
            }
            if self.flush() == 0 && c_done && s_done {
                break;
            }
        }
        assert!(c_done && s_done, "handshake did not finish");
        self.client.write(b"GET / HTTP/1.0\r\n\r\n").unwrap();
        let _ = self.client.unwrap();
        self.flush();
        std::mem::take(&mut self.sent)
    }
}

fn client(version: PythonVersion, protocol: Protocol) -> SslContext {
    let c = SslContext::with_version(protocol, version).unwrap();
    if protocol == Protocol::TlsClient {
        c.load_verify_locations(Some(&cert("ca.pem")), None, None)
            .unwrap();
    }
    c
}

fn server(version: PythonVersion, protocol: Protocol) -> SslContext {
    let s = SslContext::with_version(protocol, version).unwrap();
    s.load_cert_chain(cert("server.pem"), Some(&cert("server.key")), None)
        .unwrap();
    s
}

fn handshakes() {
    let mut c = Corpus::new("server_handshake");
    // The control byte (see fuzz_targets/server_handshake.rs): 0x00 all at
    // once into 3.13's context, 0x40 3.6's context, 0x23 chunks of 21 bytes
    // through read(), 0x81 chunks of 7 then EOF.
    let mut add = |name: &str, flight: &[u8], ctrls: &[u8]| {
        for &ctrl in ctrls {
            let mut v = vec![ctrl];
            v.extend_from_slice(flight);
            c.add(&format!("{name}-{ctrl:02x}"), &v);
        }
    };
    let v13 = PythonVersion::Py313;
    let srv = server(v13, Protocol::TlsServer);

    let cl = client(v13, Protocol::TlsClient);
    cl.set_alpn_protocols(&["h2", "http/1.1"]).unwrap();
    add(
        "ch-313-sni-alpn",
        &Pair::new(&cl, &srv, Some("localhost")).hello(),
        &[0x00, 0x40, 0x23, 0x81],
    );
    add(
        "ch-313-sni-e",
        &Pair::new(&cl, &srv, Some("example.com")).hello(),
        &[0x00],
    );
    add(
        "ch-313-sni-x",
        &Pair::new(&cl, &srv, Some("xn--nxasmq6b.example")).hello(),
        &[0x00],
    );

    let cl36 = client(PythonVersion::Py36, Protocol::Tls);
    add(
        "ch-36-nosni",
        &Pair::new(&cl36, &srv, None).hello(),
        &[0x00, 0x40],
    );

    let cl12 = client(v13, Protocol::TlsClient);
    cl12.set_maximum_version(TlsVersion::TlsV1_2).unwrap();
    add(
        "ch-313-tls12",
        &Pair::new(&cl12, &srv, Some("localhost")).hello(),
        &[0x00, 0x40],
    );

    let cl10 = client(PythonVersion::Py36, Protocol::Tls);
    cl10.set_options(
        cl10.options() | Options::NO_TLSV1_3 | Options::NO_TLSV1_2 | Options::NO_TLSV1_1,
    );
    let _ = cl10.set_ciphers("ALL:@SECLEVEL=0");
    add(
        "ch-36-tls10",
        &Pair::new(&cl10, &srv, None).hello(),
        &[0x40],
    );

    // Whole client flights of real handshakes (the server's randoms differ
    // in the fuzzer, so these end in a MAC or Finished failure there).
    let flight13 = Pair::new(&cl, &srv, Some("localhost")).run();
    add("flight-313", &flight13, &[0x00, 0x05]);

    let legacy = server(PythonVersion::Py36, Protocol::Tls);
    legacy
        .load_verify_locations(Some(&cert("ca.pem")), None, None)
        .unwrap();
    legacy
        .set_verify_mode(pyssl::VerifyMode::CertOptional)
        .unwrap();
    let clc = client(v13, Protocol::TlsClient);
    clc.set_maximum_version(TlsVersion::TlsV1_2).unwrap();
    clc.load_cert_chain(cert("client.pem"), Some(&cert("client.key")), None)
        .unwrap();
    let flight12 = Pair::new(&clc, &legacy, Some("localhost")).run();
    add("flight-tls12-clientcert", &flight12, &[0x40, 0x4a]);

    // Resumption: a TLS 1.3 ClientHello with a PSK from an earlier session.
    let mut first = Pair::new(&cl, &srv, Some("localhost"));
    first.run();
    let _ = first.client.read(1024);
    if let Some(session) = first.client.session() {
        let mut again = Pair::new(&cl, &srv, Some("localhost"));
        again.client.set_session(&session).unwrap();
        add("ch-313-psk", &again.hello(), &[0x00]);
    }

    // TLS-PSK (3.13): a ClientHello with an external PSK identity, for the
    // target's PSK server callback ("client": a 32-byte key, "long…": an
    // over-long key, "e…": an error), and a whole flight.
    for id in ["client", "long-key", "error"] {
        let psk = client(v13, Protocol::TlsClient);
        let ident = id.to_string();
        psk.set_psk_client_callback(Some(std::sync::Arc::new(move |_hint: Option<&str>| {
            Ok((Some(ident.clone()), vec![0x42; 32]))
        })))
        .unwrap();
        add(
            &format!("ch-psk-{id}"),
            &Pair::new(&psk, &srv, None).hello(),
            &[0x00],
        );
    }
    let psk_srv = server(v13, Protocol::TlsServer);
    psk_srv
        .set_psk_server_callback(
            Some(std::sync::Arc::new(|_id: Option<&str>| Ok(vec![0x42; 32]))),
            Some("pyssl-fuzz"),
        )
        .unwrap();
    let psk = client(v13, Protocol::TlsClient);
    psk.set_psk_client_callback(Some(std::sync::Arc::new(|_hint: Option<&str>| {
        Ok((Some("client".to_string()), vec![0x42; 32]))
    })))
    .unwrap();
    psk.set_check_hostname(false).unwrap();
    psk.set_verify_mode(pyssl::VerifyMode::CertNone).unwrap();
    let flight_psk = Pair::new(&psk, &psk_srv, None).run();
    add("flight-psk", &flight_psk, &[0x00]);

    // Not TLS at all, and records that end early.
    add(
        "http",
        b"GET / HTTP/1.1\r\nHost: localhost\r\n\r\n",
        &[0x00],
    );
    add(
        "sslv2-hello",
        &[
            0x80, 0x2e, 0x01, 0x00, 0x02, 0x00, 0x15, 0x00, 0x00, 0x00, 0x10, 0x07, 0x00, 0xc0,
            0x05, 0x00, 0x80, 0x03, 0x00, 0x80, 0x01, 0x00, 0x80, 0x06, 0x00, 0x40, 0x04, 0x00,
            0x80, 0x02, 0x00, 0x80, 0x5c, 0x2a, 0x1f, 0x3b, 0x8e, 0x11, 0xc0, 0x6a, 0x9d, 0x70,
            0x2f, 0x55, 0x13, 0x40, 0x81, 0x9e,
        ],
        &[0x00],
    );
    add(
        "alert",
        &[0x15, 0x03, 0x03, 0x00, 0x02, 0x02, 0x28],
        &[0x00],
    );
    add(
        "empty-handshake-record",
        &[0x16, 0x03, 0x01, 0x00, 0x00],
        &[0x00],
    );
    add(
        "oversized-record",
        &[0x16, 0x03, 0x01, 0xff, 0xff, 0x01],
        &[0x00],
    );
    let hello = Pair::new(&cl, &srv, Some("localhost")).hello();
    add("ch-truncated", &hello[..hello.len() / 2], &[0x80]);
    pyssl::warnings::take_warnings();
    println!("server_handshake {}", c.seen.len());
}

/// `cargo run --example make_seeds [GROUP...]`: all corpora, or only the
/// groups named (`certs`: decode_cert_der, decode_cert_pem and pem_der;
/// `times`; `strings`; `handshakes`).
fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let want = |g: &str| args.is_empty() || args.iter().any(|a| a == g);
    if want("certs") {
        certs_and_pems();
    }
    if want("times") {
        cert_times();
    }
    if want("strings") {
        strings();
    }
    if want("handshakes") {
        handshakes();
    }
}
