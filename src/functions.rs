//! The module-level functions of CPython's `ssl`: certificate time and
//! PEM/DER conversion, the default verify paths, the RAND functions, the
//! OpenSSL version numbers, `get_protocol_name`, `_ssl._test_decode_cert` and
//! the `_ASN1Object` lookups.
//!
//! Each function behaves as the CPython release you name (the `*_for`
//! variants take a [`PythonVersion`]; the others behave as 3.13), down to
//! the text of the exceptions:
//!
//! ```
//! use pyssl::functions::{cert_time_to_seconds, der_cert_to_pem_cert, pem_cert_to_der_cert};
//!
//! assert_eq!(cert_time_to_seconds("Jan  5 09:34:43 2018 GMT")?, 1515144883);
//! let err = cert_time_to_seconds("Jan  5 09:34:43 2018 UTC").unwrap_err();
//! assert_eq!(
//!     err.to_string(),
//!     "time data '  5 09:34:43 2018 UTC' does not match format ' %d %H:%M:%S %Y GMT'"
//! );
//! let pem = der_cert_to_pem_cert(b"ab");
//! assert_eq!(pem, "-----BEGIN CERTIFICATE-----\nYWI=\n-----END CERTIFICATE-----\n");
//! assert_eq!(pem_cert_to_der_cert(&pem)?, b"ab");
//! # Ok::<(), pyssl::Error>(())
//! ```
//!
//! # Where the behaviour comes from
//!
//! * `cert_time_to_seconds` is Python code in `ssl.py` over `time.strptime`
//!   and `calendar.timegm`: the month is matched by `cert_time[:3].title()`,
//!   the rest by `strptime`'s regular expression for `' %d %H:%M:%S %Y GMT'`
//!   (case-insensitive, `\s` and `\d` in their Unicode meaning). That is
//!   reproduced here, including which Unicode digits each release's Unicode
//!   database knows and how `repr()` escapes the input in the message.
//! * `DER_cert_to_PEM_cert` / `PEM_cert_to_DER_cert` are `ssl.py` over
//!   `base64` / `binascii`, reproduced in Rust (`binascii.a2b_base64`'s
//!   lenient decoding included).
//! * The rest are thin wrappers over OpenSSL, as in `_ssl.c`.
//!
//! # Known differences
//!
//! * A `base64` decoding failure in [`pem_cert_to_der_cert`] is
//!   `binascii.Error` in CPython (a `ValueError` subclass); [`ErrorKind`]
//!   has no such class, so it is reported as [`ErrorKind::Value`] with
//!   CPython's message.
//! * If the buffer of [`rand_bytes`] cannot be allocated CPython raises
//!   `MemoryError`, which [`ErrorKind`] lacks: it is reported as
//!   [`ErrorKind::System`] with the text `"MemoryError"`.
//! * `PEM_cert_to_DER_cert(b'...')` (bytes instead of str, a `TypeError`)
//!   cannot be expressed: the argument is a `&str`.

use std::path::{Path, PathBuf};

#[cfg(feature = "serde")]
use serde_json::{json, Value};

use crate::cert::PeerCertificate;
use crate::error::{Arg, Error, ErrorKind, Result};
use crate::ffi::misc;
use crate::options::Protocol;
use crate::profile::PythonVersion;

// ---------------------------------------------------------------------------
// cert_time_to_seconds
// ---------------------------------------------------------------------------

/// The `strptime` format `ssl.py` applies to everything after the month.
const TIME_FORMAT: &str = " %d %H:%M:%S %Y GMT";

const MONTHS: [&str; 12] = [
    "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec",
];

/// Seconds since the Epoch (UTC) of a certificate's `notBefore` /
/// `notAfter` text, e.g. `"Jan  5 09:34:43 2018 GMT"` → `1515144883`, as
/// CPython 3.13 computes it.
///
/// CPython equivalent: `ssl.cert_time_to_seconds(cert_time)`. The month is
/// an English abbreviation in any case; the day may be space-padded;
/// seconds 60 and 61 are accepted (and roll over); only `GMT` (in any case)
/// is accepted as the zone. Errors are CPython's `ValueError`s, e.g.
/// `time data 'xyz' does not match format "%b %d %H:%M:%S %Y GMT"`,
/// `time data '  5 09:34 2018 GMT' does not match format ' %d %H:%M:%S %Y GMT'`,
/// `unconverted data remains: …` or `year 0 is out of range`.
pub fn cert_time_to_seconds(cert_time: &str) -> Result<i64> {
    cert_time_to_seconds_for(cert_time, PythonVersion::LATEST)
}

/// [`cert_time_to_seconds`] as CPython `version` computes it.
///
/// The releases differ only in their Unicode database: which non-ASCII
/// decimal digits `\d` accepts (e.g. Dives Akuru digits from 3.9, Nag
/// Mundari digits from 3.12) and which characters `repr()` escapes in the
/// error message.
///
/// CPython equivalent: `ssl.cert_time_to_seconds(cert_time)`.
#[doc(alias = "cert_time_to_seconds")]
pub fn cert_time_to_seconds_for(cert_time: &str, version: PythonVersion) -> Result<i64> {
    let chars: Vec<char> = cert_time.chars().collect();
    // months.index(cert_time[:3].title()) + 1
    let Some(month) = chars.get(..3).and_then(month_number) else {
        return Err(Error::value_error(format!(
            "time data {} does not match format \"%b{TIME_FORMAT}\"",
            crate::pyrepr::str_repr(cert_time, version)
        ))
        .for_version(version));
    };
    // time.strptime(cert_time[3:], ' %d %H:%M:%S %Y GMT')
    let rest = &chars[3..];
    let fields = strptime_fields(rest, version).map_err(|e| e.for_version(version))?;
    if fields.year == 0 {
        // datetime.date(0, 1, day) inside _strptime
        return Err(Error::value_error("year 0 is out of range").for_version(version));
    }
    // calendar.timegm((year, month_number, day, hour, minute, second))
    let days = days_from_civil(fields.year, month) - days_from_civil(1970, 1) + fields.day - 1;
    Ok(((days * 24 + fields.hour) * 60 + fields.minute) * 60 + fields.second)
}

/// `months.index(first3.title()) + 1`, or `None`.
///
/// `str.title()` gives the first character its titlecase and lowercases
/// the next two (each follows a cased character). The only characters
/// whose titlecase is one ASCII capital are the two ASCII letters and, for
/// `S`, U+017F LATIN SMALL LETTER LONG S; the only ones whose lowercase is
/// one of the ASCII letters used in month names are the two ASCII letters.
fn month_number(first3: &[char]) -> Option<i64> {
    let [c0, c1, c2] = first3 else { return None };
    MONTHS.iter().zip(1..).find_map(|(name, n)| {
        let b = name.as_bytes();
        let (up, l1, l2) = (char::from(b[0]), char::from(b[1]), char::from(b[2]));
        let first = *c0 == up || *c0 == up.to_ascii_lowercase() || (up == 'S' && *c0 == '\u{17f}');
        let lower = |c: char, want: char| c == want || c == want.to_ascii_uppercase();
        (first && lower(*c1, l1) && lower(*c2, l2)).then_some(n)
    })
}

/// The numbers `strptime` extracted.
struct TimeFields {
    year: i64,
    day: i64,
    hour: i64,
    minute: i64,
    second: i64,
}

/// One character class of `strptime`'s regular expression.
#[derive(Clone, Copy)]
enum Class {
    /// An ASCII range such as `[0-5]`.
    Ascii(u8, u8),
    /// `\d`: any Unicode decimal digit the release knows.
    Digit,
    /// A literal space (the `' [1-9]'` alternative of `%d`).
    Space,
}

/// One element of the pattern `strptime` compiles for
/// `' %d %H:%M:%S %Y GMT'` (with `re.IGNORECASE`).
#[derive(Clone, Copy)]
enum Token {
    /// `\s+` (greedy).
    Spaces,
    /// A named group: `(?P<x>alt1|alt2|…)`; the index says which field.
    Group(usize, &'static [&'static [Class]]),
    /// A literal character, case-insensitive (`:`, `G`, `M`, `T`).
    Literal(char),
}

use Class::{Ascii as A, Digit as D, Space as SP};

/// `(?P<d>3[0-1]|[1-2]\d|0[1-9]|[1-9]| [1-9])`
const DAY: &[&[Class]] = &[
    &[A(b'3', b'3'), A(b'0', b'1')],
    &[A(b'1', b'2'), D],
    &[A(b'0', b'0'), A(b'1', b'9')],
    &[A(b'1', b'9')],
    &[SP, A(b'1', b'9')],
];
/// `(?P<H>2[0-3]|[0-1]\d|\d)`
const HOUR: &[&[Class]] = &[&[A(b'2', b'2'), A(b'0', b'3')], &[A(b'0', b'1'), D], &[D]];
/// `(?P<M>[0-5]\d|\d)`
const MINUTE: &[&[Class]] = &[&[A(b'0', b'5'), D], &[D]];
/// `(?P<S>6[0-1]|[0-5]\d|\d)`
const SECOND: &[&[Class]] = &[&[A(b'6', b'6'), A(b'0', b'1')], &[A(b'0', b'5'), D], &[D]];
/// `(?P<Y>\d\d\d\d)`
const YEAR: &[&[Class]] = &[&[D, D, D, D]];

/// `\s+(?P<d>…)\s+(?P<H>…):(?P<M>…):(?P<S>…)\s+(?P<Y>…)\s+GMT`
const PATTERN: &[Token] = &[
    Token::Spaces,
    Token::Group(0, DAY),
    Token::Spaces,
    Token::Group(1, HOUR),
    Token::Literal(':'),
    Token::Group(2, MINUTE),
    Token::Literal(':'),
    Token::Group(3, SECOND),
    Token::Spaces,
    Token::Group(4, YEAR),
    Token::Spaces,
    Token::Literal('G'),
    Token::Literal('M'),
    Token::Literal('T'),
];

/// `str.isspace()` / regex `\s` (the same set on every release 3.6–3.13).
fn py_is_space(c: char) -> bool {
    matches!(
        c as u32,
        0x09..=0x0D
            | 0x1C..=0x20
            | 0x85
            | 0xA0
            | 0x1680
            | 0x2000..=0x200A
            | 0x2028
            | 0x2029
            | 0x202F
            | 0x205F
            | 0x3000
    )
}

/// The value of a decimal digit (`Nd`) as CPython 3.`minor` knows it.
fn digit_value(c: char, minor: u8) -> Option<i64> {
    let cp = c as u32;
    if c.is_ascii_digit() {
        return Some(i64::from(cp - u32::from(b'0')));
    }
    let i = crate::unicode_data::tables::DIGIT_ZEROS.partition_point(|&(zero, _)| zero <= cp);
    let (zero, since) = *crate::unicode_data::tables::DIGIT_ZEROS.get(i.checked_sub(1)?)?;
    (cp - zero < 10 && since <= minor).then(|| i64::from(cp - zero))
}

fn class_matches(class: Class, c: char, minor: u8) -> bool {
    match class {
        Class::Ascii(lo, hi) => c.is_ascii() && (lo..=hi).contains(&(c as u8)),
        Class::Digit => digit_value(c, minor).is_some(),
        Class::Space => c == ' ',
    }
}

/// Backtracking match of `PATTERN[ti..]` at `pos` (Python `re` order:
/// greedy `\s+`, alternatives left to right). Returns the end of the match.
fn match_from(
    s: &[char],
    ti: usize,
    pos: usize,
    groups: &mut [(usize, usize); 5],
    minor: u8,
) -> Option<usize> {
    let Some(token) = PATTERN.get(ti) else {
        return Some(pos);
    };
    match *token {
        Token::Spaces => {
            let run = s
                .get(pos..)?
                .iter()
                .take_while(|c| py_is_space(**c))
                .count();
            (1..=run)
                .rev()
                .find_map(|k| match_from(s, ti + 1, pos + k, groups, minor))
        }
        Token::Group(g, alternatives) => alternatives.iter().find_map(|alt| {
            let end = pos + alt.len();
            let text = s.get(pos..end)?;
            if !alt
                .iter()
                .zip(text)
                .all(|(class, c)| class_matches(*class, *c, minor))
            {
                return None;
            }
            let saved = groups[g];
            groups[g] = (pos, end);
            let r = match_from(s, ti + 1, end, groups, minor);
            if r.is_none() {
                groups[g] = saved;
            }
            r
        }),
        Token::Literal(want) => {
            let c = *s.get(pos)?;
            (c == want || c == want.to_ascii_lowercase())
                .then(|| match_from(s, ti + 1, pos + 1, groups, minor))
                .flatten()
        }
    }
}

/// `time.strptime(rest, ' %d %H:%M:%S %Y GMT')`, down to its errors.
fn strptime_fields(rest: &[char], version: PythonVersion) -> Result<TimeFields> {
    let minor = version.minor();
    let mut groups = [(0usize, 0usize); 5];
    let Some(end) = match_from(rest, 0, 0, &mut groups, minor) else {
        let text: String = rest.iter().collect();
        return Err(Error::value_error(format!(
            "time data {} does not match format {}",
            crate::pyrepr::str_repr(&text, version),
            crate::pyrepr::str_repr(TIME_FORMAT, version)
        )));
    };
    if end != rest.len() {
        let tail: String = rest[end..].iter().collect();
        return Err(Error::value_error(format!(
            "unconverted data remains: {tail}"
        )));
    }
    // int(found_dict[...]): digits in any script, surrounding spaces ignored.
    let value = |g: usize| -> i64 {
        let (a, b) = groups[g];
        rest[a..b]
            .iter()
            .filter_map(|c| digit_value(*c, minor))
            .fold(0, |acc, d| acc * 10 + d)
    };
    Ok(TimeFields {
        day: value(0),
        hour: value(1),
        minute: value(2),
        second: value(3),
        year: value(4),
    })
}

/// Days from 1970-01-01 to the first of `month` in `year` (proleptic
/// Gregorian), i.e. `datetime.date(year, month, 1).toordinal() - 719163`.
fn days_from_civil(year: i64, month: i64) -> i64 {
    let y = if month <= 2 { year - 1 } else { year };
    let era = y.div_euclid(400);
    let yoe = y - era * 400;
    let mp = (month + 9) % 12;
    let doy = (153 * mp + 2) / 5;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era * 146097 + doe - 719468
}

// ---------------------------------------------------------------------------
// PEM / DER
// ---------------------------------------------------------------------------

/// `ssl.PEM_HEADER`.
pub const PEM_HEADER: &str = "-----BEGIN CERTIFICATE-----";
/// `ssl.PEM_FOOTER`.
pub const PEM_FOOTER: &str = "-----END CERTIFICATE-----";

/// A DER certificate (any bytes, in fact) as PEM text: the header, the
/// base64 text in lines of 64 characters, the footer, each line ending in
/// `\n`, as CPython 3.7–3.13 write it.
///
/// CPython equivalent: `ssl.DER_cert_to_PEM_cert(der_cert_bytes)`.
/// `der_cert_to_pem_cert(b"")` is `"-----BEGIN CERTIFICATE-----\n-----END CERTIFICATE-----\n"`.
#[doc(alias = "DER_cert_to_PEM_cert")]
pub fn der_cert_to_pem_cert(der: &[u8]) -> String {
    der_cert_to_pem_cert_for(der, PythonVersion::LATEST)
}

/// [`der_cert_to_pem_cert`] as CPython `version` writes it: 3.6 used
/// `textwrap.fill(b64, 64)`, which for empty input leaves an empty line
/// between header and footer.
///
/// CPython equivalent: `ssl.DER_cert_to_PEM_cert(der_cert_bytes)`.
#[doc(alias = "DER_cert_to_PEM_cert")]
pub fn der_cert_to_pem_cert_for(der: &[u8], version: PythonVersion) -> String {
    let b64 = base64_encode(der);
    let mut out = String::new();
    out.push_str(PEM_HEADER);
    out.push('\n');
    if b64.is_empty() {
        if !version.at_least(7) {
            out.push('\n');
        }
    } else {
        for line in b64.as_bytes().chunks(64) {
            // base64 output is ASCII, so every chunk is valid UTF-8.
            out.push_str(std::str::from_utf8(line).unwrap_or_default());
            out.push('\n');
        }
    }
    out.push_str(PEM_FOOTER);
    out.push('\n');
    out
}

/// The DER bytes of a PEM certificate, as CPython 3.13 decodes them.
///
/// CPython equivalent: `ssl.PEM_cert_to_DER_cert(pem_cert_string)`: the
/// text must start with [`PEM_HEADER`] (no leading whitespace) and, once
/// stripped, end with [`PEM_FOOTER`]; what lies between is decoded with
/// `base64.decodebytes`, which skips characters outside the base64
/// alphabet and stops at the first complete padding.
///
/// Errors: `ValueError("Invalid PEM encoding; must start with -----BEGIN CERTIFICATE-----")`,
/// `ValueError("Invalid PEM encoding; must end with -----END CERTIFICATE-----")`,
/// `UnicodeEncodeError` for non-ASCII text between the markers, and
/// `binascii.Error` (here [`ErrorKind::Value`]) such as `"Incorrect padding"`.
#[doc(alias = "PEM_cert_to_DER_cert")]
pub fn pem_cert_to_der_cert(pem: &str) -> Result<Vec<u8>> {
    pem_cert_to_der_cert_for(pem, PythonVersion::LATEST)
}

/// [`pem_cert_to_der_cert`] as CPython `version` decodes it: on 3.6 every
/// base64 length error reads `"Incorrect padding"`; from 3.7 on, one
/// character too many reads `"Invalid base64-encoded string: number of
/// data characters (N) cannot be 1 more than a multiple of 4"`.
///
/// CPython equivalent: `ssl.PEM_cert_to_DER_cert(pem_cert_string)`.
#[doc(alias = "PEM_cert_to_DER_cert")]
pub fn pem_cert_to_der_cert_for(pem: &str, version: PythonVersion) -> Result<Vec<u8>> {
    if !pem.starts_with(PEM_HEADER) {
        return Err(Error::value_error(format!(
            "Invalid PEM encoding; must start with {PEM_HEADER}"
        ))
        .for_version(version));
    }
    let stripped = pem.trim_matches(py_is_space);
    if !stripped.ends_with(PEM_FOOTER) {
        return Err(Error::value_error(format!(
            "Invalid PEM encoding; must end with {PEM_FOOTER}"
        ))
        .for_version(version));
    }
    // stripped[len(PEM_HEADER):-len(PEM_FOOTER)]: both markers are ASCII, so
    // the byte offsets are character offsets; an overlap slices to ''.
    let start = PEM_HEADER.len();
    let end = stripped.len() - PEM_FOOTER.len();
    let body = stripped.get(start..end).unwrap_or("");
    ascii_encode_check(body).map_err(|e| e.for_version(version))?;
    a2b_base64(body.as_bytes(), version).map_err(|e| e.for_version(version))
}

/// `s.encode('ascii', 'strict')`'s `UnicodeEncodeError`, if any.
fn ascii_encode_check(s: &str) -> Result<()> {
    let Some((byte_start, _)) = s.char_indices().find(|(_, c)| !c.is_ascii()) else {
        return Ok(());
    };
    let start = s[..byte_start].chars().count();
    let run: Vec<char> = s[byte_start..]
        .chars()
        .take_while(|c| !c.is_ascii())
        .collect();
    let end = start + run.len();
    const REASON: &str = "ordinal not in range(128)";
    let text = match run.as_slice() {
        [c] => {
            let cp = *c as u32;
            let esc = if cp <= 0xff {
                format!("\\x{cp:02x}")
            } else if cp <= 0xffff {
                format!("\\u{cp:04x}")
            } else {
                format!("\\U{cp:08x}")
            };
            format!("'ascii' codec can't encode character '{esc}' in position {start}: {REASON}")
        }
        _ => format!(
            "'ascii' codec can't encode characters in position {start}-{}: {REASON}",
            end - 1
        ),
    };
    let args = vec![
        Arg::Str("ascii".to_owned()),
        Arg::Str(s.to_owned()),
        Arg::Int(start as i64),
        Arg::Int(end as i64),
        Arg::Str(REASON.to_owned()),
    ];
    Err(Error::new(ErrorKind::UnicodeEncode, args).with_text(text))
}

const B64_ALPHABET: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";

/// `base64.standard_b64encode(data)` as text.
fn base64_encode(data: &[u8]) -> String {
    let mut out = String::new();
    for chunk in data.chunks(3) {
        let b = [
            chunk[0],
            chunk.get(1).copied().unwrap_or(0),
            chunk.get(2).copied().unwrap_or(0),
        ];
        let n = (u32::from(b[0]) << 16) | (u32::from(b[1]) << 8) | u32::from(b[2]);
        let sextet = |shift: u32| char::from(B64_ALPHABET[((n >> shift) & 63) as usize]);
        out.push(sextet(18));
        out.push(sextet(12));
        out.push(if chunk.len() > 1 { sextet(6) } else { '=' });
        out.push(if chunk.len() > 2 { sextet(0) } else { '=' });
    }
    out
}

/// The value of a base64 alphabet byte.
fn b64_value(c: u8) -> Option<u8> {
    match c {
        b'A'..=b'Z' => Some(c - b'A'),
        b'a'..=b'z' => Some(c - b'a' + 26),
        b'0'..=b'9' => Some(c - b'0' + 52),
        b'+' => Some(62),
        b'/' => Some(63),
        _ => None,
    }
}

/// `binascii.a2b_base64(data)` (non-strict, what `base64.decodebytes`
/// uses): bytes outside the alphabet are skipped; `=` ends the input once
/// it completes a quad (two of them after two data characters, one after
/// three); stray `=` are skipped.
fn a2b_base64(data: &[u8], version: PythonVersion) -> Result<Vec<u8>> {
    let mut out = Vec::with_capacity(data.len() / 4 * 3 + 3);
    let mut quad_pos = 0u8;
    let mut pads = 0u8;
    let mut left = 0u8;
    for &c in data {
        if c == b'=' {
            if quad_pos >= 2 {
                pads += 1;
                if quad_pos + pads >= 4 {
                    return Ok(out);
                }
            }
            continue;
        }
        let Some(v) = b64_value(c) else { continue };
        pads = 0;
        match quad_pos {
            0 => {
                quad_pos = 1;
                left = v;
            }
            1 => {
                quad_pos = 2;
                out.push((left << 2) | (v >> 4));
                left = v & 0x0f;
            }
            2 => {
                quad_pos = 3;
                out.push((left << 4) | (v >> 2));
                left = v & 0x03;
            }
            _ => {
                quad_pos = 0;
                out.push((left << 6) | v);
                left = 0;
            }
        }
    }
    match quad_pos {
        0 => Ok(out),
        1 if version.at_least(7) => Err(Error::value_error(format!(
            "Invalid base64-encoded string: number of data characters ({}) cannot be 1 more than a multiple of 4",
            out.len() / 3 * 4 + 1
        ))),
        _ => Err(Error::value_error("Incorrect padding")),
    }
}

// ---------------------------------------------------------------------------
// get_default_verify_paths
// ---------------------------------------------------------------------------

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
/// release 3.6–3.13).
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

// ---------------------------------------------------------------------------
// RAND
// ---------------------------------------------------------------------------

/// An `int` argument converted to C `int` as CPython's argument parser does.
fn c_int_arg(n: i64, version: PythonVersion) -> Result<i32> {
    i32::try_from(n).map_err(|_| {
        let msg = if version.at_least(8) {
            "Python int too large to convert to C int"
        } else if n > 0 {
            "signed integer is greater than maximum"
        } else {
            "signed integer is less than minimum"
        };
        Error::overflow_error(msg).for_version(version)
    })
}

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

// ---------------------------------------------------------------------------
// OpenSSL version
// ---------------------------------------------------------------------------

/// `(major, minor, fix, patch, status)` from an `OPENSSL_VERSION_NUMBER`,
/// as `_ssl.c`'s `parse_openssl_version` splits it.
fn parse_openssl_version(n: u64) -> (u32, u32, u32, u32, u32) {
    let n = n as u32;
    (
        (n >> 28) & 0xff,
        (n >> 20) & 0xff,
        (n >> 12) & 0xff,
        (n >> 4) & 0xff,
        n & 0xf,
    )
}

/// The version text of the OpenSSL library in use, e.g.
/// `"OpenSSL 3.0.19 27 Jan 2026"`.
///
/// CPython equivalent: `ssl.OPENSSL_VERSION` (`OpenSSL_version(OPENSSL_VERSION)`).
#[doc(alias = "OPENSSL_VERSION")]
pub fn openssl_version() -> &'static str {
    openssl::version::version()
}

/// The version number of the OpenSSL library in use, e.g. `0x30000130`.
///
/// CPython equivalent: `ssl.OPENSSL_VERSION_NUMBER` (`OpenSSL_version_num()`).
#[doc(alias = "OPENSSL_VERSION_NUMBER")]
pub fn openssl_version_number() -> u64 {
    openssl::version::number() as u64
}

/// The version of the OpenSSL library in use as `(major, minor, fix,
/// patch, status)`, e.g. `(3, 0, 0, 19, 0)` for 3.0.19.
///
/// CPython equivalent: `ssl.OPENSSL_VERSION_INFO`.
#[doc(alias = "OPENSSL_VERSION_INFO")]
pub fn openssl_version_info() -> (u32, u32, u32, u32, u32) {
    parse_openssl_version(openssl_version_number())
}

/// The OpenSSL headers this crate was compiled against, as
/// `(major, minor, fix, patch, status)`.
///
/// CPython equivalent: `_ssl._OPENSSL_API_VERSION` (from the
/// `OPENSSL_VERSION_NUMBER` macro at build time). If the build script could
/// not learn the number (it is told by `openssl-sys`), the library in use
/// answers instead.
#[doc(alias = "_OPENSSL_API_VERSION")]
pub fn openssl_api_version() -> (u32, u32, u32, u32, u32) {
    let built =
        option_env!("PYSSL_OPENSSL_BUILD_VERSION_NUMBER").and_then(|s| s.parse::<u64>().ok());
    parse_openssl_version(built.unwrap_or_else(openssl_version_number))
}

// ---------------------------------------------------------------------------
// get_protocol_name
// ---------------------------------------------------------------------------

/// The `PROTOCOL_*` name of a protocol number, or `"<unknown>"`.
///
/// CPython equivalent: `ssl.get_protocol_name(protocol_code)`: `2` gives
/// `"PROTOCOL_TLS"` (never the alias `PROTOCOL_SSLv23`), `16`
/// `"PROTOCOL_TLS_CLIENT"`, and so on.
pub fn get_protocol_name(code: i64) -> &'static str {
    [
        Protocol::Tls,
        Protocol::TlsV1,
        Protocol::TlsV1_1,
        Protocol::TlsV1_2,
        Protocol::TlsClient,
        Protocol::TlsServer,
    ]
    .into_iter()
    .find(|p| p.value() == code)
    .map_or("<unknown>", Protocol::name)
}

// ---------------------------------------------------------------------------
// _test_decode_cert
// ---------------------------------------------------------------------------

/// Decodes the first certificate of a PEM file into the dict
/// `getpeercert()` returns, as CPython 3.13 does.
///
/// CPython equivalent: `_ssl._test_decode_cert(path)`. Errors are CPython's:
/// `SSLError("Can't open file")` (printed `("Can't open file",)`),
/// `SSLError("Error decoding PEM-encoded file")`, `ValueError("embedded
/// null byte")`, `UnicodeDecodeError` for a value that is not UTF-8, …
/// (see [`crate::cert::CertDecodeError`]).
#[doc(alias = "_test_decode_cert")]
pub fn decode_cert(path: impl AsRef<Path>) -> Result<PeerCertificate> {
    decode_cert_for(path, PythonVersion::LATEST)
}

/// [`decode_cert`] as CPython `version` does it (3.6 reads the file with
/// `PEM_read_bio_X509_AUX` and decodes subjectAltName its own way; see
/// [`crate::cert`]).
///
/// CPython equivalent: `_ssl._test_decode_cert(path)`.
#[doc(alias = "_test_decode_cert")]
pub fn decode_cert_for(path: impl AsRef<Path>, version: PythonVersion) -> Result<PeerCertificate> {
    crate::cert::decode_cert_file_for(path.as_ref(), version)
        .map_err(|e| crate::error::from_cert_decode(&e, version))
}

// ---------------------------------------------------------------------------
// _ASN1Object
// ---------------------------------------------------------------------------

/// An ASN.1 object identifier known to OpenSSL: `(nid, shortname,
/// longname, oid)`.
///
/// CPython equivalent: `ssl._ASN1Object`, the named tuple behind
/// `ssl.Purpose`. `Purpose.SERVER_AUTH` is
/// `(129, 'serverAuth', 'TLS Web Server Authentication', '1.3.6.1.5.5.7.3.1')`.
#[doc(alias = "_ASN1Object")]
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Asn1Object {
    /// `nid`: OpenSSL's numeric identifier.
    pub nid: i32,
    /// `shortname`, e.g. `"serverAuth"`.
    pub shortname: String,
    /// `longname`, e.g. `"TLS Web Server Authentication"`.
    pub longname: String,
    /// `oid` in dotted form; `None` for the few OpenSSL objects without one
    /// (e.g. nid 855, `HMAC`).
    pub oid: Option<String>,
}

impl Asn1Object {
    /// Looks up a dotted OID, e.g. `"1.3.6.1.5.5.7.3.1"`.
    ///
    /// CPython equivalent: `ssl._ASN1Object(oid)` (`_ssl.txt2obj(oid,
    /// name=False)`). Names are not accepted: `ValueError("unknown object
    /// 'serverAuth'")`; an OID OpenSSL has no entry for is
    /// `ValueError("Unknown object")`.
    #[doc(alias = "txt2obj")]
    pub fn from_oid(oid: &str) -> Result<Asn1Object> {
        Asn1Object::from_text(oid, false, PythonVersion::LATEST)
    }

    /// Looks up a short name, long name or dotted OID, e.g. `"serverAuth"`,
    /// `"commonName"` or `"2.5.4.3"`.
    ///
    /// CPython equivalent: `ssl._ASN1Object.fromname(name)`. Errors:
    /// `ValueError("unknown object 'NAME'")` (the name cut to 100 bytes),
    /// `ValueError("Unknown object")`, `ValueError("embedded null
    /// character")`.
    #[doc(alias = "fromname")]
    pub fn from_name(name: &str) -> Result<Asn1Object> {
        Asn1Object::from_text(name, true, PythonVersion::LATEST)
    }

    /// Looks up OpenSSL's numeric identifier, e.g. `129`.
    ///
    /// CPython equivalent: `ssl._ASN1Object.fromnid(nid)`. Errors:
    /// `ValueError("NID must be positive.")`, `ValueError("unknown NID
    /// 99999")`, `ValueError("Unknown object")` (nid 0), `OverflowError`
    /// outside C `int`.
    #[doc(alias = "fromnid")]
    pub fn from_nid(nid: i64) -> Result<Asn1Object> {
        Asn1Object::from_nid_for(nid, PythonVersion::LATEST)
    }

    /// [`Asn1Object::from_nid`] with CPython `version`'s wording of the
    /// `OverflowError`.
    ///
    /// CPython equivalent: `ssl._ASN1Object.fromnid(nid)`.
    #[doc(alias = "fromnid")]
    pub fn from_nid_for(nid: i64, version: PythonVersion) -> Result<Asn1Object> {
        let nid = c_int_arg(nid, version)?;
        if nid < 0 {
            return Err(Error::value_error("NID must be positive.").for_version(version));
        }
        Asn1Object::from_lookup(misc::nid2obj(nid), version)
            .map_err(|e| e.unwrap_or_else(|| Error::value_error(format!("unknown NID {nid}"))))
            .map_err(|e| e.for_version(version))
    }

    /// The `(nid, shortname, longname, oid)` tuple as JSON.
    #[cfg(feature = "serde")]
    pub fn to_json(&self) -> Value {
        json!([self.nid, self.shortname, self.longname, self.oid])
    }

    fn from_text(text: &str, by_name: bool, version: PythonVersion) -> Result<Asn1Object> {
        let Ok(c) = std::ffi::CString::new(text) else {
            return Err(Error::value_error("embedded null character").for_version(version));
        };
        Asn1Object::from_lookup(misc::txt2obj(&c, !by_name), version)
            .map_err(|e| {
                e.unwrap_or_else(|| {
                    // PyErr_Format("unknown object '%.100s'", txt): 100 bytes,
                    // a cut character decoded as U+FFFD.
                    let cut = &text.as_bytes()[..text.len().min(100)];
                    Error::value_error(format!("unknown object '{}'", String::from_utf8_lossy(cut)))
                })
            })
            .map_err(|e| e.for_version(version))
    }

    /// `asn1obj2py`; `Err(None)` when the lookup itself failed.
    fn from_lookup(
        found: misc::ObjectLookup,
        version: PythonVersion,
    ) -> std::result::Result<Asn1Object, Option<Error>> {
        match found {
            misc::ObjectLookup::NotFound => Err(None),
            misc::ObjectLookup::Undefined => Err(Some(Error::value_error("Unknown object"))),
            misc::ObjectLookup::TextFailed => {
                Err(Some(crate::error::ssl_error_from_queue(version, None)))
            }
            misc::ObjectLookup::Found {
                nid,
                short_name,
                long_name,
                oid,
            } => Ok(Asn1Object {
                nid,
                shortname: short_name.unwrap_or_default(),
                longname: long_name.unwrap_or_default(),
                oid,
            }),
        }
    }
}

impl From<crate::options::Purpose> for Asn1Object {
    /// `ssl.Purpose.SERVER_AUTH` / `CLIENT_AUTH` as their `_ASN1Object`.
    fn from(p: crate::options::Purpose) -> Asn1Object {
        let (nid, sn, ln, oid) = p.asn1();
        Asn1Object {
            nid,
            shortname: sn.to_owned(),
            longname: ln.to_owned(),
            oid: Some(oid.to_owned()),
        }
    }
}

pub use crate::hostname::match_hostname;

/// `ssl.get_server_certificate(addr, ssl_version=…, ca_certs=None,
/// timeout=…)`: connects, takes the server's certificate (verified against
/// `ca_certs` when given, otherwise not at all) and returns it as PEM.
///
/// `ssl_version` defaults as in CPython (`PROTOCOL_TLS_CLIENT` from 3.10,
/// `PROTOCOL_TLS` before); 3.10+ also send `host` as SNI. `timeout` bounds
/// the connection and the handshake (3.10+ has the argument; before, pass
/// `None`).
pub fn get_server_certificate(
    addr: (&str, u16),
    ssl_version: Option<crate::Protocol>,
    ca_certs: Option<&Path>,
    timeout: Option<std::time::Duration>,
    version: PythonVersion,
) -> Result<String> {
    use std::net::ToSocketAddrs;
    let (host, port) = addr;
    let cert_reqs = if ca_certs.is_some() {
        crate::VerifyMode::CertRequired
    } else {
        crate::VerifyMode::CertNone
    };
    let ctx =
        crate::context::create_stdlib_context(version, ssl_version, Some(cert_reqs), ca_certs)?;
    // socket.create_connection: every resolved address in turn, the last
    // error if none connects.
    let mut last: Option<std::io::Error> = None;
    let mut sock = None;
    for a in (host, port).to_socket_addrs()? {
        let r = match timeout {
            Some(t) => std::net::TcpStream::connect_timeout(&a, t),
            None => std::net::TcpStream::connect(a),
        };
        match r {
            Ok(s) => {
                sock = Some(s);
                break;
            }
            Err(e) => last = Some(e),
        }
    }
    let sock = match (sock, last) {
        (Some(s), _) => s,
        (None, Some(e)) => return Err(e.into()),
        (None, None) => return Err(Error::os_error(libc::EADDRNOTAVAIL, None).for_version(version)),
    };
    let mut opts = crate::WrapOptions::new().do_handshake_on_connect(false);
    if version.at_least(10) {
        opts = opts.server_hostname(host);
    }
    let mut s = ctx.wrap_socket(sock, opts)?;
    s.settimeout(timeout)?;
    s.do_handshake()?;
    let der = s.getpeercert_der()?.unwrap_or_default();
    Ok(der_cert_to_pem_cert_for(&der, version))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cert_time_examples() {
        assert_eq!(
            cert_time_to_seconds("Jan  5 09:34:43 2018 GMT"),
            Ok(1515144883)
        );
        assert_eq!(
            cert_time_to_seconds("jan 5 09:34:43 2018 gmt"),
            Ok(1515144883)
        );
        assert_eq!(
            cert_time_to_seconds("Dec 31 23:59:60 2008 GMT"),
            Ok(1230768000)
        );
        assert_eq!(
            cert_time_to_seconds("Mar  1 00:00:00 9999 GMT"),
            Ok(253375862400)
        );
        assert_eq!(
            cert_time_to_seconds("Jan 1 0:0:0 0001 GMT"),
            Ok(-62135596800)
        );
        assert_eq!(
            cert_time_to_seconds("\u{17f}ep  5 09:34:43 2018 GMT"),
            Ok(1536140083)
        );
        let e = cert_time_to_seconds("xyz").unwrap_err();
        assert_eq!(e.python_type(), "ValueError");
        assert_eq!(
            e.to_string(),
            "time data 'xyz' does not match format \"%b %d %H:%M:%S %Y GMT\""
        );
        let e = cert_time_to_seconds("Jan  5 09:34:43 2018 GMTxyz").unwrap_err();
        assert_eq!(e.to_string(), "unconverted data remains: xyz");
        let e = cert_time_to_seconds("Jan  5 09:34:43 0000 GMT").unwrap_err();
        assert_eq!(e.to_string(), "year 0 is out of range");
    }

    #[test]
    fn unicode_digits_follow_the_release() {
        let s = "Jan 5 09:34:43 \u{11950}\u{11951}\u{11952}\u{11953} GMT";
        assert_eq!(
            cert_time_to_seconds_for(s, PythonVersion::Py39),
            Ok(-58285319117)
        );
        let e = cert_time_to_seconds_for(s, PythonVersion::Py38).unwrap_err();
        assert_eq!(
            e.to_string(),
            "time data ' 5 09:34:43 \\U00011950\\U00011951\\U00011952\\U00011953 GMT' \
             does not match format ' %d %H:%M:%S %Y GMT'"
        );
    }

    #[test]
    fn pem_and_der() {
        assert_eq!(
            der_cert_to_pem_cert_for(b"", PythonVersion::Py36),
            "-----BEGIN CERTIFICATE-----\n\n-----END CERTIFICATE-----\n"
        );
        assert_eq!(
            der_cert_to_pem_cert(b""),
            "-----BEGIN CERTIFICATE-----\n-----END CERTIFICATE-----\n"
        );
        let data: Vec<u8> = (0..=255u8).cycle().take(1000).collect();
        let pem = der_cert_to_pem_cert(&data);
        assert!(pem.lines().all(|l| l.len() <= 64));
        assert_eq!(pem_cert_to_der_cert(&pem), Ok(data));
        assert_eq!(
            pem_cert_to_der_cert("-----BEGIN CERTIFICATE-----END CERTIFICATE-----"),
            Ok(Vec::new())
        );
        let body = |b: &str| format!("{PEM_HEADER}\n{b}\n{PEM_FOOTER}");
        assert_eq!(pem_cert_to_der_cert(&body("AB=C=")), Ok(vec![0, 0x10]));
        assert_eq!(pem_cert_to_der_cert(&body("YWI=YWI=")), Ok(b"ab".to_vec()));
        let e = pem_cert_to_der_cert(&body("AAAAA")).unwrap_err();
        assert_eq!(
            e.to_string(),
            "Invalid base64-encoded string: number of data characters (5) cannot be 1 more than a multiple of 4"
        );
        let e = pem_cert_to_der_cert_for(&body("AAAAA"), PythonVersion::Py36).unwrap_err();
        assert_eq!(e.to_string(), "Incorrect padding");
        let e = pem_cert_to_der_cert(&body("A\u{e9}\u{e9}B")).unwrap_err();
        assert_eq!(e.python_type(), "UnicodeEncodeError");
        assert_eq!(
            e.to_string(),
            "'ascii' codec can't encode characters in position 2-3: ordinal not in range(128)"
        );
    }

    #[test]
    fn rand_and_versions() {
        assert_eq!(rand_bytes(0), Ok(Vec::new()));
        assert_eq!(rand_bytes(16).map(|b| b.len()), Ok(16));
        assert_eq!(
            rand_bytes(-1).unwrap_err().to_string(),
            "num must be positive"
        );
        let e = rand_bytes_for(1 << 31, PythonVersion::Py37).unwrap_err();
        assert_eq!(e.python_type(), "OverflowError");
        assert_eq!(e.to_string(), "signed integer is greater than maximum");
        assert!(rand_status());
        rand_add(b"x", 1.5);
        rand_add(b"", 0.0);
        let (major, ..) = openssl_version_info();
        assert!(openssl_version().starts_with(&format!("OpenSSL {major}.")));
        assert_eq!(get_protocol_name(2), "PROTOCOL_TLS");
        assert_eq!(get_protocol_name(999), "<unknown>");
    }

    #[test]
    fn asn1_objects() {
        let server = Asn1Object::from(crate::options::Purpose::ServerAuth);
        assert_eq!(Asn1Object::from_nid(129), Ok(server.clone()));
        assert_eq!(Asn1Object::from_name("serverAuth"), Ok(server.clone()));
        assert_eq!(Asn1Object::from_oid("1.3.6.1.5.5.7.3.1"), Ok(server));
        assert_eq!(Asn1Object::from_nid(855).map(|o| o.oid), Ok(None));
        let msg = |r: Result<Asn1Object>| r.unwrap_err().to_string();
        assert_eq!(msg(Asn1Object::from_oid("1.2.3")), "Unknown object");
        assert_eq!(
            msg(Asn1Object::from_oid("garbage")),
            "unknown object 'garbage'"
        );
        assert_eq!(msg(Asn1Object::from_nid(0)), "Unknown object");
        assert_eq!(msg(Asn1Object::from_nid(-1)), "NID must be positive.");
        assert_eq!(msg(Asn1Object::from_nid(99999)), "unknown NID 99999");
        assert_eq!(
            msg(Asn1Object::from_name("a\0b")),
            "embedded null character"
        );
        assert_eq!(
            msg(Asn1Object::from_name(&"\u{20ac}".repeat(50))),
            format!("unknown object '{}\u{fffd}'", "\u{20ac}".repeat(33))
        );
    }
}
