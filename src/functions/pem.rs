//! `ssl.DER_cert_to_PEM_cert` and `ssl.PEM_cert_to_DER_cert`, with
//! CPython's base64 and its errors.

use super::*;

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
/// three); stray `=` are skipped. From 3.14 on (RFC 4648 §3.3, "MAY ignore
/// the pad character … before the end") padding no longer ends the input:
/// every `=` is skipped, data after it goes on filling quads, and only the
/// `=` since the last data character count towards completing the last quad.
fn a2b_base64(data: &[u8], version: PythonVersion) -> Result<Vec<u8>> {
    let mut out = Vec::with_capacity(data.len() / 4 * 3 + 3);
    let mut quad_pos = 0u8;
    let mut pads = 0u8;
    let mut left = 0u8;
    let pad_ends_input = !version.at_least(14);
    for &c in data {
        if c == b'=' {
            if !pad_ends_input {
                pads = pads.saturating_add(1);
            } else if quad_pos >= 2 {
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
        2 | 3 if !pad_ends_input && quad_pos + pads >= 4 => Ok(out),
        1 if version.at_least(7) => Err(Error::value_error(format!(
            "Invalid base64-encoded string: number of data characters ({}) cannot be 1 more than a multiple of 4",
            out.len() / 3 * 4 + 1
        ))),
        _ => Err(Error::value_error("Incorrect padding")),
    }
}
