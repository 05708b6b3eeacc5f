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
    let minor = version.minor();
    let chars: Vec<char> = cert_time.chars().collect();
    // months.index(cert_time[:3].title()) + 1
    let Some(month) = chars.get(..3).and_then(month_number) else {
        return Err(Error::value_error(format!(
            "time data {} does not match format \"%b{TIME_FORMAT}\"",
            py_repr(cert_time, minor)
        ))
        .for_version(version));
    };
    // time.strptime(cert_time[3:], ' %d %H:%M:%S %Y GMT')
    let rest = &chars[3..];
    let fields = strptime_fields(rest, minor).map_err(|e| e.for_version(version))?;
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
    let i = tables::DIGIT_ZEROS.partition_point(|&(zero, _)| zero <= cp);
    let (zero, since) = *tables::DIGIT_ZEROS.get(i.checked_sub(1)?)?;
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
fn strptime_fields(rest: &[char], minor: u8) -> Result<TimeFields> {
    let mut groups = [(0usize, 0usize); 5];
    let Some(end) = match_from(rest, 0, 0, &mut groups, minor) else {
        let text: String = rest.iter().collect();
        return Err(Error::value_error(format!(
            "time data {} does not match format {}",
            py_repr(&text, minor),
            py_repr(TIME_FORMAT, minor)
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

/// `repr(s)` of a Python `str` as CPython 3.`minor` prints it: quotes
/// chosen as CPython chooses them, and every character that is not
/// printable in that release's Unicode database escaped.
fn py_repr(s: &str, minor: u8) -> String {
    let quote = if s.contains('\'') && !s.contains('"') {
        '"'
    } else {
        '\''
    };
    let mut out = String::with_capacity(s.len().saturating_add(2));
    out.push(quote);
    for c in s.chars() {
        let cp = c as u32;
        match c {
            '\\' => out.push_str("\\\\"),
            c if c == quote => {
                out.push('\\');
                out.push(c);
            }
            '\t' => out.push_str("\\t"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            _ if cp < 0x20 || cp == 0x7f => out.push_str(&format!("\\x{cp:02x}")),
            c if cp < 0x7f => out.push(c),
            c if is_printable(c, minor) => out.push(c),
            _ if cp <= 0xff => out.push_str(&format!("\\x{cp:02x}")),
            _ if cp <= 0xffff => out.push_str(&format!("\\u{cp:04x}")),
            _ => out.push_str(&format!("\\U{cp:08x}")),
        }
    }
    out.push(quote);
    out
}

/// `str.isprintable()` for one character on CPython 3.`minor`.
fn is_printable(c: char, minor: u8) -> bool {
    let cp = c as u32;
    let i = tables::NON_PRINTABLE_313.partition_point(|&(lo, _)| lo <= cp);
    if let Some(&(_, hi)) = i
        .checked_sub(1)
        .and_then(|i| tables::NON_PRINTABLE_313.get(i))
    {
        if cp <= hi {
            return false;
        }
    }
    let i = tables::PRINTABLE_SINCE.partition_point(|&(lo, _, _)| lo <= cp);
    match i
        .checked_sub(1)
        .and_then(|i| tables::PRINTABLE_SINCE.get(i))
    {
        Some(&(_, hi, since)) if cp <= hi => minor >= since,
        _ => true,
    }
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
    fn repr_like_python() {
        assert_eq!(py_repr("it's", 13), "\"it's\"");
        assert_eq!(py_repr("a'b\"", 13), "'a\\'b\"'");
        assert_eq!(
            py_repr("\u{0}\u{7f}\u{85}\u{a0}\u{e9}", 13),
            "'\\x00\\x7f\\x85\\xa0\u{e9}'"
        );
        assert_eq!(
            py_repr("\u{378}\u{e0001}\u{2028}", 13),
            "'\\u0378\\U000e0001\\u2028'"
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

/// Unicode data of CPython's `unicodedata`, generated with the installed
/// CPython 3.6.15 … 3.13.0 (`str.isprintable()` and `re.match(r'\d', c)`
/// over every code point of each release).
#[rustfmt::skip]
mod tables {
    /// Code points for which `str.isprintable()` is false on CPython 3.13
    /// (Unicode 15.1): categories Cc, Cf, Cs, Co, Cn, Zl, Zp and Zs except
    /// the space. Sorted, inclusive ranges.
    pub(super) const NON_PRINTABLE_313: &[(u32, u32)] = &[
        (0x0000, 0x001F), (0x007F, 0x00A0), (0x00AD, 0x00AD), (0x0378, 0x0379),
        (0x0380, 0x0383), (0x038B, 0x038B), (0x038D, 0x038D), (0x03A2, 0x03A2),
        (0x0530, 0x0530), (0x0557, 0x0558), (0x058B, 0x058C), (0x0590, 0x0590),
        (0x05C8, 0x05CF), (0x05EB, 0x05EE), (0x05F5, 0x0605), (0x061C, 0x061C),
        (0x06DD, 0x06DD), (0x070E, 0x070F), (0x074B, 0x074C), (0x07B2, 0x07BF),
        (0x07FB, 0x07FC), (0x082E, 0x082F), (0x083F, 0x083F), (0x085C, 0x085D),
        (0x085F, 0x085F), (0x086B, 0x086F), (0x088F, 0x0897), (0x08E2, 0x08E2),
        (0x0984, 0x0984), (0x098D, 0x098E), (0x0991, 0x0992), (0x09A9, 0x09A9),
        (0x09B1, 0x09B1), (0x09B3, 0x09B5), (0x09BA, 0x09BB), (0x09C5, 0x09C6),
        (0x09C9, 0x09CA), (0x09CF, 0x09D6), (0x09D8, 0x09DB), (0x09DE, 0x09DE),
        (0x09E4, 0x09E5), (0x09FF, 0x0A00), (0x0A04, 0x0A04), (0x0A0B, 0x0A0E),
        (0x0A11, 0x0A12), (0x0A29, 0x0A29), (0x0A31, 0x0A31), (0x0A34, 0x0A34),
        (0x0A37, 0x0A37), (0x0A3A, 0x0A3B), (0x0A3D, 0x0A3D), (0x0A43, 0x0A46),
        (0x0A49, 0x0A4A), (0x0A4E, 0x0A50), (0x0A52, 0x0A58), (0x0A5D, 0x0A5D),
        (0x0A5F, 0x0A65), (0x0A77, 0x0A80), (0x0A84, 0x0A84), (0x0A8E, 0x0A8E),
        (0x0A92, 0x0A92), (0x0AA9, 0x0AA9), (0x0AB1, 0x0AB1), (0x0AB4, 0x0AB4),
        (0x0ABA, 0x0ABB), (0x0AC6, 0x0AC6), (0x0ACA, 0x0ACA), (0x0ACE, 0x0ACF),
        (0x0AD1, 0x0ADF), (0x0AE4, 0x0AE5), (0x0AF2, 0x0AF8), (0x0B00, 0x0B00),
        (0x0B04, 0x0B04), (0x0B0D, 0x0B0E), (0x0B11, 0x0B12), (0x0B29, 0x0B29),
        (0x0B31, 0x0B31), (0x0B34, 0x0B34), (0x0B3A, 0x0B3B), (0x0B45, 0x0B46),
        (0x0B49, 0x0B4A), (0x0B4E, 0x0B54), (0x0B58, 0x0B5B), (0x0B5E, 0x0B5E),
        (0x0B64, 0x0B65), (0x0B78, 0x0B81), (0x0B84, 0x0B84), (0x0B8B, 0x0B8D),
        (0x0B91, 0x0B91), (0x0B96, 0x0B98), (0x0B9B, 0x0B9B), (0x0B9D, 0x0B9D),
        (0x0BA0, 0x0BA2), (0x0BA5, 0x0BA7), (0x0BAB, 0x0BAD), (0x0BBA, 0x0BBD),
        (0x0BC3, 0x0BC5), (0x0BC9, 0x0BC9), (0x0BCE, 0x0BCF), (0x0BD1, 0x0BD6),
        (0x0BD8, 0x0BE5), (0x0BFB, 0x0BFF), (0x0C0D, 0x0C0D), (0x0C11, 0x0C11),
        (0x0C29, 0x0C29), (0x0C3A, 0x0C3B), (0x0C45, 0x0C45), (0x0C49, 0x0C49),
        (0x0C4E, 0x0C54), (0x0C57, 0x0C57), (0x0C5B, 0x0C5C), (0x0C5E, 0x0C5F),
        (0x0C64, 0x0C65), (0x0C70, 0x0C76), (0x0C8D, 0x0C8D), (0x0C91, 0x0C91),
        (0x0CA9, 0x0CA9), (0x0CB4, 0x0CB4), (0x0CBA, 0x0CBB), (0x0CC5, 0x0CC5),
        (0x0CC9, 0x0CC9), (0x0CCE, 0x0CD4), (0x0CD7, 0x0CDC), (0x0CDF, 0x0CDF),
        (0x0CE4, 0x0CE5), (0x0CF0, 0x0CF0), (0x0CF4, 0x0CFF), (0x0D0D, 0x0D0D),
        (0x0D11, 0x0D11), (0x0D45, 0x0D45), (0x0D49, 0x0D49), (0x0D50, 0x0D53),
        (0x0D64, 0x0D65), (0x0D80, 0x0D80), (0x0D84, 0x0D84), (0x0D97, 0x0D99),
        (0x0DB2, 0x0DB2), (0x0DBC, 0x0DBC), (0x0DBE, 0x0DBF), (0x0DC7, 0x0DC9),
        (0x0DCB, 0x0DCE), (0x0DD5, 0x0DD5), (0x0DD7, 0x0DD7), (0x0DE0, 0x0DE5),
        (0x0DF0, 0x0DF1), (0x0DF5, 0x0E00), (0x0E3B, 0x0E3E), (0x0E5C, 0x0E80),
        (0x0E83, 0x0E83), (0x0E85, 0x0E85), (0x0E8B, 0x0E8B), (0x0EA4, 0x0EA4),
        (0x0EA6, 0x0EA6), (0x0EBE, 0x0EBF), (0x0EC5, 0x0EC5), (0x0EC7, 0x0EC7),
        (0x0ECF, 0x0ECF), (0x0EDA, 0x0EDB), (0x0EE0, 0x0EFF), (0x0F48, 0x0F48),
        (0x0F6D, 0x0F70), (0x0F98, 0x0F98), (0x0FBD, 0x0FBD), (0x0FCD, 0x0FCD),
        (0x0FDB, 0x0FFF), (0x10C6, 0x10C6), (0x10C8, 0x10CC), (0x10CE, 0x10CF),
        (0x1249, 0x1249), (0x124E, 0x124F), (0x1257, 0x1257), (0x1259, 0x1259),
        (0x125E, 0x125F), (0x1289, 0x1289), (0x128E, 0x128F), (0x12B1, 0x12B1),
        (0x12B6, 0x12B7), (0x12BF, 0x12BF), (0x12C1, 0x12C1), (0x12C6, 0x12C7),
        (0x12D7, 0x12D7), (0x1311, 0x1311), (0x1316, 0x1317), (0x135B, 0x135C),
        (0x137D, 0x137F), (0x139A, 0x139F), (0x13F6, 0x13F7), (0x13FE, 0x13FF),
        (0x1680, 0x1680), (0x169D, 0x169F), (0x16F9, 0x16FF), (0x1716, 0x171E),
        (0x1737, 0x173F), (0x1754, 0x175F), (0x176D, 0x176D), (0x1771, 0x1771),
        (0x1774, 0x177F), (0x17DE, 0x17DF), (0x17EA, 0x17EF), (0x17FA, 0x17FF),
        (0x180E, 0x180E), (0x181A, 0x181F), (0x1879, 0x187F), (0x18AB, 0x18AF),
        (0x18F6, 0x18FF), (0x191F, 0x191F), (0x192C, 0x192F), (0x193C, 0x193F),
        (0x1941, 0x1943), (0x196E, 0x196F), (0x1975, 0x197F), (0x19AC, 0x19AF),
        (0x19CA, 0x19CF), (0x19DB, 0x19DD), (0x1A1C, 0x1A1D), (0x1A5F, 0x1A5F),
        (0x1A7D, 0x1A7E), (0x1A8A, 0x1A8F), (0x1A9A, 0x1A9F), (0x1AAE, 0x1AAF),
        (0x1ACF, 0x1AFF), (0x1B4D, 0x1B4F), (0x1B7F, 0x1B7F), (0x1BF4, 0x1BFB),
        (0x1C38, 0x1C3A), (0x1C4A, 0x1C4C), (0x1C89, 0x1C8F), (0x1CBB, 0x1CBC),
        (0x1CC8, 0x1CCF), (0x1CFB, 0x1CFF), (0x1F16, 0x1F17), (0x1F1E, 0x1F1F),
        (0x1F46, 0x1F47), (0x1F4E, 0x1F4F), (0x1F58, 0x1F58), (0x1F5A, 0x1F5A),
        (0x1F5C, 0x1F5C), (0x1F5E, 0x1F5E), (0x1F7E, 0x1F7F), (0x1FB5, 0x1FB5),
        (0x1FC5, 0x1FC5), (0x1FD4, 0x1FD5), (0x1FDC, 0x1FDC), (0x1FF0, 0x1FF1),
        (0x1FF5, 0x1FF5), (0x1FFF, 0x200F), (0x2028, 0x202F), (0x205F, 0x206F),
        (0x2072, 0x2073), (0x208F, 0x208F), (0x209D, 0x209F), (0x20C1, 0x20CF),
        (0x20F1, 0x20FF), (0x218C, 0x218F), (0x2427, 0x243F), (0x244B, 0x245F),
        (0x2B74, 0x2B75), (0x2B96, 0x2B96), (0x2CF4, 0x2CF8), (0x2D26, 0x2D26),
        (0x2D28, 0x2D2C), (0x2D2E, 0x2D2F), (0x2D68, 0x2D6E), (0x2D71, 0x2D7E),
        (0x2D97, 0x2D9F), (0x2DA7, 0x2DA7), (0x2DAF, 0x2DAF), (0x2DB7, 0x2DB7),
        (0x2DBF, 0x2DBF), (0x2DC7, 0x2DC7), (0x2DCF, 0x2DCF), (0x2DD7, 0x2DD7),
        (0x2DDF, 0x2DDF), (0x2E5E, 0x2E7F), (0x2E9A, 0x2E9A), (0x2EF4, 0x2EFF),
        (0x2FD6, 0x2FEF), (0x3000, 0x3000), (0x3040, 0x3040), (0x3097, 0x3098),
        (0x3100, 0x3104), (0x3130, 0x3130), (0x318F, 0x318F), (0x31E4, 0x31EE),
        (0x321F, 0x321F), (0xA48D, 0xA48F), (0xA4C7, 0xA4CF), (0xA62C, 0xA63F),
        (0xA6F8, 0xA6FF), (0xA7CB, 0xA7CF), (0xA7D2, 0xA7D2), (0xA7D4, 0xA7D4),
        (0xA7DA, 0xA7F1), (0xA82D, 0xA82F), (0xA83A, 0xA83F), (0xA878, 0xA87F),
        (0xA8C6, 0xA8CD), (0xA8DA, 0xA8DF), (0xA954, 0xA95E), (0xA97D, 0xA97F),
        (0xA9CE, 0xA9CE), (0xA9DA, 0xA9DD), (0xA9FF, 0xA9FF), (0xAA37, 0xAA3F),
        (0xAA4E, 0xAA4F), (0xAA5A, 0xAA5B), (0xAAC3, 0xAADA), (0xAAF7, 0xAB00),
        (0xAB07, 0xAB08), (0xAB0F, 0xAB10), (0xAB17, 0xAB1F), (0xAB27, 0xAB27),
        (0xAB2F, 0xAB2F), (0xAB6C, 0xAB6F), (0xABEE, 0xABEF), (0xABFA, 0xABFF),
        (0xD7A4, 0xD7AF), (0xD7C7, 0xD7CA), (0xD7FC, 0xF8FF), (0xFA6E, 0xFA6F),
        (0xFADA, 0xFAFF), (0xFB07, 0xFB12), (0xFB18, 0xFB1C), (0xFB37, 0xFB37),
        (0xFB3D, 0xFB3D), (0xFB3F, 0xFB3F), (0xFB42, 0xFB42), (0xFB45, 0xFB45),
        (0xFBC3, 0xFBD2), (0xFD90, 0xFD91), (0xFDC8, 0xFDCE), (0xFDD0, 0xFDEF),
        (0xFE1A, 0xFE1F), (0xFE53, 0xFE53), (0xFE67, 0xFE67), (0xFE6C, 0xFE6F),
        (0xFE75, 0xFE75), (0xFEFD, 0xFF00), (0xFFBF, 0xFFC1), (0xFFC8, 0xFFC9),
        (0xFFD0, 0xFFD1), (0xFFD8, 0xFFD9), (0xFFDD, 0xFFDF), (0xFFE7, 0xFFE7),
        (0xFFEF, 0xFFFB), (0xFFFE, 0xFFFF), (0x1000C, 0x1000C), (0x10027, 0x10027),
        (0x1003B, 0x1003B), (0x1003E, 0x1003E), (0x1004E, 0x1004F), (0x1005E, 0x1007F),
        (0x100FB, 0x100FF), (0x10103, 0x10106), (0x10134, 0x10136), (0x1018F, 0x1018F),
        (0x1019D, 0x1019F), (0x101A1, 0x101CF), (0x101FE, 0x1027F), (0x1029D, 0x1029F),
        (0x102D1, 0x102DF), (0x102FC, 0x102FF), (0x10324, 0x1032C), (0x1034B, 0x1034F),
        (0x1037B, 0x1037F), (0x1039E, 0x1039E), (0x103C4, 0x103C7), (0x103D6, 0x103FF),
        (0x1049E, 0x1049F), (0x104AA, 0x104AF), (0x104D4, 0x104D7), (0x104FC, 0x104FF),
        (0x10528, 0x1052F), (0x10564, 0x1056E), (0x1057B, 0x1057B), (0x1058B, 0x1058B),
        (0x10593, 0x10593), (0x10596, 0x10596), (0x105A2, 0x105A2), (0x105B2, 0x105B2),
        (0x105BA, 0x105BA), (0x105BD, 0x105FF), (0x10737, 0x1073F), (0x10756, 0x1075F),
        (0x10768, 0x1077F), (0x10786, 0x10786), (0x107B1, 0x107B1), (0x107BB, 0x107FF),
        (0x10806, 0x10807), (0x10809, 0x10809), (0x10836, 0x10836), (0x10839, 0x1083B),
        (0x1083D, 0x1083E), (0x10856, 0x10856), (0x1089F, 0x108A6), (0x108B0, 0x108DF),
        (0x108F3, 0x108F3), (0x108F6, 0x108FA), (0x1091C, 0x1091E), (0x1093A, 0x1093E),
        (0x10940, 0x1097F), (0x109B8, 0x109BB), (0x109D0, 0x109D1), (0x10A04, 0x10A04),
        (0x10A07, 0x10A0B), (0x10A14, 0x10A14), (0x10A18, 0x10A18), (0x10A36, 0x10A37),
        (0x10A3B, 0x10A3E), (0x10A49, 0x10A4F), (0x10A59, 0x10A5F), (0x10AA0, 0x10ABF),
        (0x10AE7, 0x10AEA), (0x10AF7, 0x10AFF), (0x10B36, 0x10B38), (0x10B56, 0x10B57),
        (0x10B73, 0x10B77), (0x10B92, 0x10B98), (0x10B9D, 0x10BA8), (0x10BB0, 0x10BFF),
        (0x10C49, 0x10C7F), (0x10CB3, 0x10CBF), (0x10CF3, 0x10CF9), (0x10D28, 0x10D2F),
        (0x10D3A, 0x10E5F), (0x10E7F, 0x10E7F), (0x10EAA, 0x10EAA), (0x10EAE, 0x10EAF),
        (0x10EB2, 0x10EFC), (0x10F28, 0x10F2F), (0x10F5A, 0x10F6F), (0x10F8A, 0x10FAF),
        (0x10FCC, 0x10FDF), (0x10FF7, 0x10FFF), (0x1104E, 0x11051), (0x11076, 0x1107E),
        (0x110BD, 0x110BD), (0x110C3, 0x110CF), (0x110E9, 0x110EF), (0x110FA, 0x110FF),
        (0x11135, 0x11135), (0x11148, 0x1114F), (0x11177, 0x1117F), (0x111E0, 0x111E0),
        (0x111F5, 0x111FF), (0x11212, 0x11212), (0x11242, 0x1127F), (0x11287, 0x11287),
        (0x11289, 0x11289), (0x1128E, 0x1128E), (0x1129E, 0x1129E), (0x112AA, 0x112AF),
        (0x112EB, 0x112EF), (0x112FA, 0x112FF), (0x11304, 0x11304), (0x1130D, 0x1130E),
        (0x11311, 0x11312), (0x11329, 0x11329), (0x11331, 0x11331), (0x11334, 0x11334),
        (0x1133A, 0x1133A), (0x11345, 0x11346), (0x11349, 0x1134A), (0x1134E, 0x1134F),
        (0x11351, 0x11356), (0x11358, 0x1135C), (0x11364, 0x11365), (0x1136D, 0x1136F),
        (0x11375, 0x113FF), (0x1145C, 0x1145C), (0x11462, 0x1147F), (0x114C8, 0x114CF),
        (0x114DA, 0x1157F), (0x115B6, 0x115B7), (0x115DE, 0x115FF), (0x11645, 0x1164F),
        (0x1165A, 0x1165F), (0x1166D, 0x1167F), (0x116BA, 0x116BF), (0x116CA, 0x116FF),
        (0x1171B, 0x1171C), (0x1172C, 0x1172F), (0x11747, 0x117FF), (0x1183C, 0x1189F),
        (0x118F3, 0x118FE), (0x11907, 0x11908), (0x1190A, 0x1190B), (0x11914, 0x11914),
        (0x11917, 0x11917), (0x11936, 0x11936), (0x11939, 0x1193A), (0x11947, 0x1194F),
        (0x1195A, 0x1199F), (0x119A8, 0x119A9), (0x119D8, 0x119D9), (0x119E5, 0x119FF),
        (0x11A48, 0x11A4F), (0x11AA3, 0x11AAF), (0x11AF9, 0x11AFF), (0x11B0A, 0x11BFF),
        (0x11C09, 0x11C09), (0x11C37, 0x11C37), (0x11C46, 0x11C4F), (0x11C6D, 0x11C6F),
        (0x11C90, 0x11C91), (0x11CA8, 0x11CA8), (0x11CB7, 0x11CFF), (0x11D07, 0x11D07),
        (0x11D0A, 0x11D0A), (0x11D37, 0x11D39), (0x11D3B, 0x11D3B), (0x11D3E, 0x11D3E),
        (0x11D48, 0x11D4F), (0x11D5A, 0x11D5F), (0x11D66, 0x11D66), (0x11D69, 0x11D69),
        (0x11D8F, 0x11D8F), (0x11D92, 0x11D92), (0x11D99, 0x11D9F), (0x11DAA, 0x11EDF),
        (0x11EF9, 0x11EFF), (0x11F11, 0x11F11), (0x11F3B, 0x11F3D), (0x11F5A, 0x11FAF),
        (0x11FB1, 0x11FBF), (0x11FF2, 0x11FFE), (0x1239A, 0x123FF), (0x1246F, 0x1246F),
        (0x12475, 0x1247F), (0x12544, 0x12F8F), (0x12FF3, 0x12FFF), (0x13430, 0x1343F),
        (0x13456, 0x143FF), (0x14647, 0x167FF), (0x16A39, 0x16A3F), (0x16A5F, 0x16A5F),
        (0x16A6A, 0x16A6D), (0x16ABF, 0x16ABF), (0x16ACA, 0x16ACF), (0x16AEE, 0x16AEF),
        (0x16AF6, 0x16AFF), (0x16B46, 0x16B4F), (0x16B5A, 0x16B5A), (0x16B62, 0x16B62),
        (0x16B78, 0x16B7C), (0x16B90, 0x16E3F), (0x16E9B, 0x16EFF), (0x16F4B, 0x16F4E),
        (0x16F88, 0x16F8E), (0x16FA0, 0x16FDF), (0x16FE5, 0x16FEF), (0x16FF2, 0x16FFF),
        (0x187F8, 0x187FF), (0x18CD6, 0x18CFF), (0x18D09, 0x1AFEF), (0x1AFF4, 0x1AFF4),
        (0x1AFFC, 0x1AFFC), (0x1AFFF, 0x1AFFF), (0x1B123, 0x1B131), (0x1B133, 0x1B14F),
        (0x1B153, 0x1B154), (0x1B156, 0x1B163), (0x1B168, 0x1B16F), (0x1B2FC, 0x1BBFF),
        (0x1BC6B, 0x1BC6F), (0x1BC7D, 0x1BC7F), (0x1BC89, 0x1BC8F), (0x1BC9A, 0x1BC9B),
        (0x1BCA0, 0x1CEFF), (0x1CF2E, 0x1CF2F), (0x1CF47, 0x1CF4F), (0x1CFC4, 0x1CFFF),
        (0x1D0F6, 0x1D0FF), (0x1D127, 0x1D128), (0x1D173, 0x1D17A), (0x1D1EB, 0x1D1FF),
        (0x1D246, 0x1D2BF), (0x1D2D4, 0x1D2DF), (0x1D2F4, 0x1D2FF), (0x1D357, 0x1D35F),
        (0x1D379, 0x1D3FF), (0x1D455, 0x1D455), (0x1D49D, 0x1D49D), (0x1D4A0, 0x1D4A1),
        (0x1D4A3, 0x1D4A4), (0x1D4A7, 0x1D4A8), (0x1D4AD, 0x1D4AD), (0x1D4BA, 0x1D4BA),
        (0x1D4BC, 0x1D4BC), (0x1D4C4, 0x1D4C4), (0x1D506, 0x1D506), (0x1D50B, 0x1D50C),
        (0x1D515, 0x1D515), (0x1D51D, 0x1D51D), (0x1D53A, 0x1D53A), (0x1D53F, 0x1D53F),
        (0x1D545, 0x1D545), (0x1D547, 0x1D549), (0x1D551, 0x1D551), (0x1D6A6, 0x1D6A7),
        (0x1D7CC, 0x1D7CD), (0x1DA8C, 0x1DA9A), (0x1DAA0, 0x1DAA0), (0x1DAB0, 0x1DEFF),
        (0x1DF1F, 0x1DF24), (0x1DF2B, 0x1DFFF), (0x1E007, 0x1E007), (0x1E019, 0x1E01A),
        (0x1E022, 0x1E022), (0x1E025, 0x1E025), (0x1E02B, 0x1E02F), (0x1E06E, 0x1E08E),
        (0x1E090, 0x1E0FF), (0x1E12D, 0x1E12F), (0x1E13E, 0x1E13F), (0x1E14A, 0x1E14D),
        (0x1E150, 0x1E28F), (0x1E2AF, 0x1E2BF), (0x1E2FA, 0x1E2FE), (0x1E300, 0x1E4CF),
        (0x1E4FA, 0x1E7DF), (0x1E7E7, 0x1E7E7), (0x1E7EC, 0x1E7EC), (0x1E7EF, 0x1E7EF),
        (0x1E7FF, 0x1E7FF), (0x1E8C5, 0x1E8C6), (0x1E8D7, 0x1E8FF), (0x1E94C, 0x1E94F),
        (0x1E95A, 0x1E95D), (0x1E960, 0x1EC70), (0x1ECB5, 0x1ED00), (0x1ED3E, 0x1EDFF),
        (0x1EE04, 0x1EE04), (0x1EE20, 0x1EE20), (0x1EE23, 0x1EE23), (0x1EE25, 0x1EE26),
        (0x1EE28, 0x1EE28), (0x1EE33, 0x1EE33), (0x1EE38, 0x1EE38), (0x1EE3A, 0x1EE3A),
        (0x1EE3C, 0x1EE41), (0x1EE43, 0x1EE46), (0x1EE48, 0x1EE48), (0x1EE4A, 0x1EE4A),
        (0x1EE4C, 0x1EE4C), (0x1EE50, 0x1EE50), (0x1EE53, 0x1EE53), (0x1EE55, 0x1EE56),
        (0x1EE58, 0x1EE58), (0x1EE5A, 0x1EE5A), (0x1EE5C, 0x1EE5C), (0x1EE5E, 0x1EE5E),
        (0x1EE60, 0x1EE60), (0x1EE63, 0x1EE63), (0x1EE65, 0x1EE66), (0x1EE6B, 0x1EE6B),
        (0x1EE73, 0x1EE73), (0x1EE78, 0x1EE78), (0x1EE7D, 0x1EE7D), (0x1EE7F, 0x1EE7F),
        (0x1EE8A, 0x1EE8A), (0x1EE9C, 0x1EEA0), (0x1EEA4, 0x1EEA4), (0x1EEAA, 0x1EEAA),
        (0x1EEBC, 0x1EEEF), (0x1EEF2, 0x1EFFF), (0x1F02C, 0x1F02F), (0x1F094, 0x1F09F),
        (0x1F0AF, 0x1F0B0), (0x1F0C0, 0x1F0C0), (0x1F0D0, 0x1F0D0), (0x1F0F6, 0x1F0FF),
        (0x1F1AE, 0x1F1E5), (0x1F203, 0x1F20F), (0x1F23C, 0x1F23F), (0x1F249, 0x1F24F),
        (0x1F252, 0x1F25F), (0x1F266, 0x1F2FF), (0x1F6D8, 0x1F6DB), (0x1F6ED, 0x1F6EF),
        (0x1F6FD, 0x1F6FF), (0x1F777, 0x1F77A), (0x1F7DA, 0x1F7DF), (0x1F7EC, 0x1F7EF),
        (0x1F7F1, 0x1F7FF), (0x1F80C, 0x1F80F), (0x1F848, 0x1F84F), (0x1F85A, 0x1F85F),
        (0x1F888, 0x1F88F), (0x1F8AE, 0x1F8AF), (0x1F8B2, 0x1F8FF), (0x1FA54, 0x1FA5F),
        (0x1FA6E, 0x1FA6F), (0x1FA7D, 0x1FA7F), (0x1FA89, 0x1FA8F), (0x1FABE, 0x1FABE),
        (0x1FAC6, 0x1FACD), (0x1FADC, 0x1FADF), (0x1FAE9, 0x1FAEF), (0x1FAF9, 0x1FAFF),
        (0x1FB93, 0x1FB93), (0x1FBCB, 0x1FBEF), (0x1FBFA, 0x1FFFF), (0x2A6E0, 0x2A6FF),
        (0x2B73A, 0x2B73F), (0x2B81E, 0x2B81F), (0x2CEA2, 0x2CEAF), (0x2EBE1, 0x2EBEF),
        (0x2EE5E, 0x2F7FF), (0x2FA1E, 0x2FFFF), (0x3134B, 0x3134F), (0x323B0, 0xE00FF),
        (0xE01F0, 0x10FFFF),
    ];
    /// Printable on 3.13 but unassigned (so escaped by `repr`) before
    /// CPython 3.`minor`: `(first, last, minor)`. Sorted, inclusive ranges.
    pub(super) const PRINTABLE_SINCE: &[(u32, u32, u8)] = &[
        (0x0560, 0x0560, 7), (0x0588, 0x0588, 7), (0x05EF, 0x05EF, 7),
        (0x061D, 0x061D, 11), (0x07FD, 0x07FF, 7), (0x0860, 0x086A, 7),
        (0x0870, 0x088E, 11), (0x0898, 0x089F, 11), (0x08B5, 0x08B5, 11),
        (0x08BE, 0x08C7, 9), (0x08C8, 0x08D2, 11), (0x08D3, 0x08D3, 7),
        (0x09FC, 0x09FE, 7), (0x0A76, 0x0A76, 7), (0x0AFA, 0x0AFF, 7),
        (0x0B55, 0x0B55, 9), (0x0C04, 0x0C04, 7), (0x0C3C, 0x0C3C, 11),
        (0x0C5D, 0x0C5D, 11), (0x0C77, 0x0C77, 8), (0x0C84, 0x0C84, 7),
        (0x0CDD, 0x0CDD, 11), (0x0CF3, 0x0CF3, 12), (0x0D00, 0x0D00, 7),
        (0x0D04, 0x0D04, 9), (0x0D3B, 0x0D3C, 7), (0x0D81, 0x0D81, 9),
        (0x0E86, 0x0E86, 8), (0x0E89, 0x0E89, 8), (0x0E8C, 0x0E8C, 8),
        (0x0E8E, 0x0E93, 8), (0x0E98, 0x0E98, 8), (0x0EA0, 0x0EA0, 8),
        (0x0EA8, 0x0EA9, 8), (0x0EAC, 0x0EAC, 8), (0x0EBA, 0x0EBA, 8),
        (0x0ECE, 0x0ECE, 12), (0x170D, 0x170D, 11), (0x1715, 0x1715, 11),
        (0x171F, 0x171F, 11), (0x180F, 0x180F, 11), (0x1878, 0x1878, 7),
        (0x1ABF, 0x1AC0, 9), (0x1AC1, 0x1ACE, 11), (0x1B4C, 0x1B4C, 11),
        (0x1B7D, 0x1B7E, 11), (0x1C90, 0x1CBA, 7), (0x1CBD, 0x1CBF, 7),
        (0x1CF7, 0x1CF7, 7), (0x1CFA, 0x1CFA, 8), (0x1DF6, 0x1DF9, 7),
        (0x1DFA, 0x1DFA, 11), (0x20BF, 0x20BF, 7), (0x20C0, 0x20C0, 11),
        (0x23FF, 0x23FF, 7), (0x2B97, 0x2B97, 9), (0x2BBA, 0x2BBC, 7),
        (0x2BC9, 0x2BC9, 8), (0x2BD2, 0x2BEB, 7), (0x2BF0, 0x2BFE, 7),
        (0x2BFF, 0x2BFF, 8), (0x2C2F, 0x2C2F, 11), (0x2C5F, 0x2C5F, 11),
        (0x2E45, 0x2E4E, 7), (0x2E4F, 0x2E4F, 8), (0x2E50, 0x2E52, 9),
        (0x2E53, 0x2E5D, 11), (0x2FFC, 0x2FFF, 13), (0x312E, 0x312F, 7),
        (0x31BB, 0x31BF, 9), (0x31EF, 0x31EF, 13), (0x32FF, 0x32FF, 8),
        (0x4DB6, 0x4DBF, 9), (0x9FD6, 0x9FEF, 7), (0x9FF0, 0x9FFC, 9),
        (0x9FFD, 0x9FFF, 11), (0xA7AF, 0xA7AF, 7), (0xA7B8, 0xA7B9, 7),
        (0xA7BA, 0xA7BF, 8), (0xA7C0, 0xA7C1, 11), (0xA7C2, 0xA7C6, 8),
        (0xA7C7, 0xA7CA, 9), (0xA7D0, 0xA7D1, 11), (0xA7D3, 0xA7D3, 11),
        (0xA7D5, 0xA7D9, 11), (0xA7F2, 0xA7F4, 11), (0xA7F5, 0xA7F6, 9),
        (0xA82C, 0xA82C, 9), (0xA8FE, 0xA8FF, 7), (0xAB66, 0xAB67, 8),
        (0xAB68, 0xAB6B, 9), (0xFBC2, 0xFBC2, 11), (0xFD40, 0xFD4F, 11),
        (0xFDCF, 0xFDCF, 11), (0xFDFE, 0xFDFF, 11), (0x1019C, 0x1019C, 9),
        (0x1032D, 0x1032F, 7), (0x10570, 0x1057A, 11), (0x1057C, 0x1058A, 11),
        (0x1058C, 0x10592, 11), (0x10594, 0x10595, 11), (0x10597, 0x105A1, 11),
        (0x105A3, 0x105B1, 11), (0x105B3, 0x105B9, 11), (0x105BB, 0x105BC, 11),
        (0x10780, 0x10785, 11), (0x10787, 0x107B0, 11), (0x107B2, 0x107BA, 11),
        (0x10A34, 0x10A35, 7), (0x10A48, 0x10A48, 7), (0x10D00, 0x10D27, 7),
        (0x10D30, 0x10D39, 7), (0x10E80, 0x10EA9, 9), (0x10EAB, 0x10EAD, 9),
        (0x10EB0, 0x10EB1, 9), (0x10EFD, 0x10EFF, 12), (0x10F00, 0x10F27, 7),
        (0x10F30, 0x10F59, 7), (0x10F70, 0x10F89, 11), (0x10FB0, 0x10FCB, 9),
        (0x10FE0, 0x10FF6, 8), (0x11070, 0x11075, 11), (0x110C2, 0x110C2, 11),
        (0x11144, 0x11146, 7), (0x11147, 0x11147, 9), (0x111CE, 0x111CF, 9),
        (0x1123F, 0x11241, 12), (0x1133B, 0x1133B, 7), (0x1145A, 0x1145A, 9),
        (0x1145E, 0x1145E, 7), (0x1145F, 0x1145F, 8), (0x11460, 0x11461, 9),
        (0x116B8, 0x116B8, 8), (0x116B9, 0x116B9, 11), (0x1171A, 0x1171A, 7),
        (0x11740, 0x11746, 11), (0x11800, 0x1183B, 7), (0x11900, 0x11906, 9),
        (0x11909, 0x11909, 9), (0x1190C, 0x11913, 9), (0x11915, 0x11916, 9),
        (0x11918, 0x11935, 9), (0x11937, 0x11938, 9), (0x1193B, 0x11946, 9),
        (0x11950, 0x11959, 9), (0x119A0, 0x119A7, 8), (0x119AA, 0x119D7, 8),
        (0x119DA, 0x119E4, 8), (0x11A00, 0x11A47, 7), (0x11A50, 0x11A83, 7),
        (0x11A84, 0x11A85, 8), (0x11A86, 0x11AA2, 7), (0x11AB0, 0x11ABF, 11),
        (0x11B00, 0x11B09, 12), (0x11D00, 0x11D06, 7), (0x11D08, 0x11D09, 7),
        (0x11D0B, 0x11D36, 7), (0x11D3A, 0x11D3A, 7), (0x11D3C, 0x11D3D, 7),
        (0x11D3F, 0x11D47, 7), (0x11D50, 0x11D59, 7), (0x11D60, 0x11D65, 7),
        (0x11D67, 0x11D68, 7), (0x11D6A, 0x11D8E, 7), (0x11D90, 0x11D91, 7),
        (0x11D93, 0x11D98, 7), (0x11DA0, 0x11DA9, 7), (0x11EE0, 0x11EF8, 7),
        (0x11F00, 0x11F10, 12), (0x11F12, 0x11F3A, 12), (0x11F3E, 0x11F59, 12),
        (0x11FB0, 0x11FB0, 9), (0x11FC0, 0x11FF1, 8), (0x11FFF, 0x11FFF, 8),
        (0x12F90, 0x12FF2, 11), (0x1342F, 0x1342F, 12), (0x13440, 0x13455, 12),
        (0x16A70, 0x16ABE, 11), (0x16AC0, 0x16AC9, 11), (0x16E40, 0x16E9A, 7),
        (0x16F45, 0x16F4A, 8), (0x16F4F, 0x16F4F, 8), (0x16F7F, 0x16F87, 8),
        (0x16FE1, 0x16FE1, 7), (0x16FE2, 0x16FE3, 8), (0x16FE4, 0x16FE4, 9),
        (0x16FF0, 0x16FF1, 9), (0x187ED, 0x187F1, 7), (0x187F2, 0x187F7, 8),
        (0x18AF3, 0x18CD5, 9), (0x18D00, 0x18D08, 9), (0x1AFF0, 0x1AFF3, 11),
        (0x1AFF5, 0x1AFFB, 11), (0x1AFFD, 0x1AFFE, 11), (0x1B002, 0x1B11E, 7),
        (0x1B11F, 0x1B122, 11), (0x1B132, 0x1B132, 12), (0x1B150, 0x1B152, 8),
        (0x1B155, 0x1B155, 12), (0x1B164, 0x1B167, 8), (0x1B170, 0x1B2FB, 7),
        (0x1CF00, 0x1CF2D, 11), (0x1CF30, 0x1CF46, 11), (0x1CF50, 0x1CFC3, 11),
        (0x1D1E9, 0x1D1EA, 11), (0x1D2C0, 0x1D2D3, 12), (0x1D2E0, 0x1D2F3, 7),
        (0x1D372, 0x1D378, 7), (0x1DF00, 0x1DF1E, 11), (0x1DF25, 0x1DF2A, 12),
        (0x1E030, 0x1E06D, 12), (0x1E08F, 0x1E08F, 12), (0x1E100, 0x1E12C, 8),
        (0x1E130, 0x1E13D, 8), (0x1E140, 0x1E149, 8), (0x1E14E, 0x1E14F, 8),
        (0x1E290, 0x1E2AE, 11), (0x1E2C0, 0x1E2F9, 8), (0x1E2FF, 0x1E2FF, 8),
        (0x1E4D0, 0x1E4F9, 12), (0x1E7E0, 0x1E7E6, 11), (0x1E7E8, 0x1E7EB, 11),
        (0x1E7ED, 0x1E7EE, 11), (0x1E7F0, 0x1E7FE, 11), (0x1E94B, 0x1E94B, 8),
        (0x1EC71, 0x1ECB4, 7), (0x1ED01, 0x1ED3D, 8), (0x1F10D, 0x1F10F, 9),
        (0x1F12F, 0x1F12F, 7), (0x1F16C, 0x1F16C, 8), (0x1F16D, 0x1F16F, 9),
        (0x1F1AD, 0x1F1AD, 9), (0x1F260, 0x1F265, 7), (0x1F6D3, 0x1F6D4, 7),
        (0x1F6D5, 0x1F6D5, 8), (0x1F6D6, 0x1F6D7, 9), (0x1F6DC, 0x1F6DC, 12),
        (0x1F6DD, 0x1F6DF, 11), (0x1F6F7, 0x1F6F9, 7), (0x1F6FA, 0x1F6FA, 8),
        (0x1F6FB, 0x1F6FC, 9), (0x1F774, 0x1F776, 12), (0x1F77B, 0x1F77F, 12),
        (0x1F7D5, 0x1F7D8, 7), (0x1F7D9, 0x1F7D9, 12), (0x1F7E0, 0x1F7EB, 8),
        (0x1F7F0, 0x1F7F0, 11), (0x1F8B0, 0x1F8B1, 9), (0x1F900, 0x1F90B, 7),
        (0x1F90C, 0x1F90C, 9), (0x1F90D, 0x1F90F, 8), (0x1F91F, 0x1F91F, 7),
        (0x1F928, 0x1F92F, 7), (0x1F931, 0x1F932, 7), (0x1F93F, 0x1F93F, 8),
        (0x1F94C, 0x1F94F, 7), (0x1F95F, 0x1F970, 7), (0x1F971, 0x1F971, 8),
        (0x1F972, 0x1F972, 9), (0x1F973, 0x1F976, 7), (0x1F977, 0x1F978, 9),
        (0x1F979, 0x1F979, 11), (0x1F97A, 0x1F97A, 7), (0x1F97B, 0x1F97B, 8),
        (0x1F97C, 0x1F97F, 7), (0x1F992, 0x1F9A2, 7), (0x1F9A3, 0x1F9A4, 9),
        (0x1F9A5, 0x1F9AA, 8), (0x1F9AB, 0x1F9AD, 9), (0x1F9AE, 0x1F9AF, 8),
        (0x1F9B0, 0x1F9B9, 7), (0x1F9BA, 0x1F9BF, 8), (0x1F9C1, 0x1F9C2, 7),
        (0x1F9C3, 0x1F9CA, 8), (0x1F9CB, 0x1F9CB, 9), (0x1F9CC, 0x1F9CC, 11),
        (0x1F9CD, 0x1F9CF, 8), (0x1F9D0, 0x1F9FF, 7), (0x1FA00, 0x1FA53, 8),
        (0x1FA60, 0x1FA6D, 7), (0x1FA70, 0x1FA73, 8), (0x1FA74, 0x1FA74, 9),
        (0x1FA75, 0x1FA77, 12), (0x1FA78, 0x1FA7A, 8), (0x1FA7B, 0x1FA7C, 11),
        (0x1FA80, 0x1FA82, 8), (0x1FA83, 0x1FA86, 9), (0x1FA87, 0x1FA88, 12),
        (0x1FA90, 0x1FA95, 8), (0x1FA96, 0x1FAA8, 9), (0x1FAA9, 0x1FAAC, 11),
        (0x1FAAD, 0x1FAAF, 12), (0x1FAB0, 0x1FAB6, 9), (0x1FAB7, 0x1FABA, 11),
        (0x1FABB, 0x1FABD, 12), (0x1FABF, 0x1FABF, 12), (0x1FAC0, 0x1FAC2, 9),
        (0x1FAC3, 0x1FAC5, 11), (0x1FACE, 0x1FACF, 12), (0x1FAD0, 0x1FAD6, 9),
        (0x1FAD7, 0x1FAD9, 11), (0x1FADA, 0x1FADB, 12), (0x1FAE0, 0x1FAE7, 11),
        (0x1FAE8, 0x1FAE8, 12), (0x1FAF0, 0x1FAF6, 11), (0x1FAF7, 0x1FAF8, 12),
        (0x1FB00, 0x1FB92, 9), (0x1FB94, 0x1FBCA, 9), (0x1FBF0, 0x1FBF9, 9),
        (0x2A6D7, 0x2A6DD, 9), (0x2A6DE, 0x2A6DF, 11), (0x2B735, 0x2B738, 11),
        (0x2B739, 0x2B739, 12), (0x2CEB0, 0x2EBE0, 7), (0x2EBF0, 0x2EE5D, 13),
        (0x30000, 0x3134A, 9), (0x31350, 0x323AF, 12),
    ];
    /// The digit zero of every run of ten `Nd` characters (what `\d` and
    /// `int()` accept), with the first CPython minor release that knows it.
    pub(super) const DIGIT_ZEROS: &[(u32, u8)] = &[
        (0x0030, 6), (0x0660, 6), (0x06F0, 6), (0x07C0, 6), (0x0966, 6), (0x09E6, 6),
        (0x0A66, 6), (0x0AE6, 6), (0x0B66, 6), (0x0BE6, 6), (0x0C66, 6), (0x0CE6, 6),
        (0x0D66, 6), (0x0DE6, 6), (0x0E50, 6), (0x0ED0, 6), (0x0F20, 6), (0x1040, 6),
        (0x1090, 6), (0x17E0, 6), (0x1810, 6), (0x1946, 6), (0x19D0, 6), (0x1A80, 6),
        (0x1A90, 6), (0x1B50, 6), (0x1BB0, 6), (0x1C40, 6), (0x1C50, 6), (0xA620, 6),
        (0xA8D0, 6), (0xA900, 6), (0xA9D0, 6), (0xA9F0, 6), (0xAA50, 6), (0xABF0, 6),
        (0xFF10, 6), (0x104A0, 6), (0x10D30, 7), (0x11066, 6), (0x110F0, 6), (0x11136, 6),
        (0x111D0, 6), (0x112F0, 6), (0x11450, 6), (0x114D0, 6), (0x11650, 6), (0x116C0, 6),
        (0x11730, 6), (0x118E0, 6), (0x11950, 9), (0x11C50, 6), (0x11D50, 7), (0x11DA0, 7),
        (0x11F50, 12), (0x16A60, 6), (0x16AC0, 11), (0x16B50, 6), (0x1D7CE, 6), (0x1D7D8, 6),
        (0x1D7E2, 6), (0x1D7EC, 6), (0x1D7F6, 6), (0x1E140, 8), (0x1E2F0, 8), (0x1E4F0, 12),
        (0x1E950, 6), (0x1FBF0, 9),
    ];
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
