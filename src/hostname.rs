//! `SSLContext._encode_hostname`: a `server_hostname` as CPython passes it
//! to OpenSSL, through Python's `'idna'` codec (IDNA 2003, per label).

use unicode_normalization::UnicodeNormalization;

use crate::error::{Arg, Error, ErrorKind, Result};
use crate::profile::PythonVersion;

/// Python's `dots`: the label separators of the `'idna'` codec.
fn is_dot(c: char) -> bool {
    matches!(c, '.' | '\u{3002}' | '\u{FF0E}' | '\u{FF61}')
}

/// A codec failure: where (in characters) and why.
struct Failure {
    start: usize,
    end: usize,
    reason: &'static str,
}

/// `ToASCII(label)`. Nameprep (RFC 3491) is approximated by Unicode
/// lower-casing plus NFKC, which agrees with it for ordinary names.
fn to_ascii(label: &str) -> std::result::Result<String, Failure> {
    let n = label.chars().count();
    let check = |s: String, len: usize| {
        if (1..64).contains(&s.len()) {
            Ok(s)
        } else if len == 0 {
            Err(Failure {
                start: 0,
                end: 1,
                reason: "label empty",
            })
        } else {
            Err(Failure {
                start: 0,
                end: len,
                reason: "label too long",
            })
        }
    };
    if label.is_ascii() {
        return check(label.to_string(), n);
    }
    let prepped: String = label.to_lowercase().nfkc().collect();
    if prepped.is_ascii() {
        let len = prepped.chars().count();
        return check(prepped, len);
    }
    if prepped.to_lowercase().starts_with("xn--") {
        return Err(Failure {
            start: 0,
            end: 4,
            reason: "Label starts with ACE prefix",
        });
    }
    let puny = idna::punycode::encode_str(&prepped).ok_or(Failure {
        start: 0,
        end: n,
        reason: "label too long",
    })?;
    let out = format!("xn--{puny}");
    if out.len() < 64 {
        Ok(out)
    } else {
        Err(Failure {
            start: 0,
            end: n,
            reason: "label too long",
        })
    }
}

/// `hostname.encode('idna').decode('ascii')`, with the error each CPython
/// release raises.
pub(crate) fn encode_hostname(input: &str, version: PythonVersion) -> Result<String> {
    idna_encode(input).map_err(|f| idna_error(input, f, version))
}

fn idna_encode(input: &str) -> std::result::Result<String, Failure> {
    if input.is_empty() {
        return Ok(String::new());
    }
    if input.is_ascii() {
        let labels: Vec<&str> = input.split('.').collect();
        let offset = |i: usize| labels[..i].iter().map(|l| l.len()).sum::<usize>() + i;
        for (i, l) in labels[..labels.len() - 1].iter().enumerate() {
            if l.is_empty() {
                let o = offset(i);
                return Err(Failure {
                    start: o,
                    end: o + 1,
                    reason: "label empty",
                });
            }
        }
        for (i, l) in labels.iter().enumerate() {
            if l.len() >= 64 {
                let o = offset(i);
                return Err(Failure {
                    start: o,
                    end: o + l.len(),
                    reason: "label too long",
                });
            }
        }
        return Ok(input.to_string());
    }
    let mut labels: Vec<&str> = input.split(is_dot).collect();
    let trailing_dot = labels.last().is_some_and(|l| l.is_empty());
    if trailing_dot {
        labels.pop();
    }
    let mut out = String::new();
    for (i, label) in labels.iter().enumerate() {
        if !out.is_empty() {
            out.push('.');
        }
        let offset = labels[..i].iter().map(|l| l.chars().count()).sum::<usize>() + i;
        match to_ascii(label) {
            Ok(a) => out.push_str(&a),
            Err(f) => {
                return Err(Failure {
                    start: offset + f.start,
                    end: offset + f.end,
                    reason: f.reason,
                })
            }
        }
    }
    if trailing_dot {
        out.push('.');
    }
    Ok(out)
}

fn idna_error(input: &str, f: Failure, version: PythonVersion) -> Error {
    // Before 3.13 the codec raised a bare UnicodeError with a shorter reason.
    let old_reason = match f.reason {
        "label empty" | "label too long" => "label empty or too long",
        r => r,
    };
    if version.at_least(13) {
        let chars: Vec<char> = input.chars().collect();
        let text = if f.end - f.start == 1 {
            let c = chars.get(f.start).copied().unwrap_or('\0');
            format!(
                "'idna' codec can't encode character {} in position {}: {}",
                char_repr(c),
                f.start,
                f.reason
            )
        } else {
            format!(
                "'idna' codec can't encode characters in position {}-{}: {}",
                f.start,
                f.end - 1,
                f.reason
            )
        };
        Error::new(ErrorKind::UnicodeEncode, vec![Arg::Str(text.clone())])
            .with_text(text)
            .for_version(version)
    } else if version.at_least(12) {
        Error::new(ErrorKind::Unicode, vec![Arg::Str(old_reason.into())]).for_version(version)
    } else {
        Error::new(
            ErrorKind::Unicode,
            vec![Arg::Str(format!(
                "encoding with 'idna' codec failed (UnicodeError: {old_reason})"
            ))],
        )
        .for_version(version)
    }
}

/// How `UnicodeEncodeError.__str__` shows one character: `'\x2e'`.
fn char_repr(c: char) -> String {
    format!("'{}'", crate::pyrepr::codepoint_escape(c))
}

/// `ssl.CertificateError(msg)`: `SSLCertVerificationError` with one argument
/// from 3.7 (its `str()` is then the tuple repr), a `ValueError` subclass of
/// its own on 3.6.
fn certificate_error(msg: String, version: PythonVersion) -> Error {
    let kind = if version.at_least(7) {
        ErrorKind::CertVerification
    } else {
        ErrorKind::Certificate
    };
    Error::new(kind, vec![Arg::Str(msg)]).for_version(version)
}

/// 3.6's `_dnsname_match` (a regex built from the certificate name).
fn dnsname_match_36(dn: &str, hostname: &str, version: PythonVersion) -> Result<bool> {
    if dn.is_empty() {
        return Ok(false);
    }
    let mut parts = dn.split('.');
    let leftmost = parts.next().unwrap_or_default();
    let remainder: Vec<&str> = parts.collect();
    let wildcards = leftmost.matches('*').count();
    if wildcards > 1 {
        return Err(certificate_error(
            format!(
                "too many wildcards in certificate DNS name: {}",
                crate::pyrepr::repr(dn)
            ),
            version,
        ));
    }
    if wildcards == 0 {
        return Ok(dn.to_lowercase() == hostname.to_lowercase());
    }
    let host_labels: Vec<&str> = hostname.split('.').collect();
    if host_labels.len() != remainder.len() + 1 {
        return Ok(false);
    }
    let eq = |a: &str, b: &str| a.to_lowercase() == b.to_lowercase();
    if !remainder
        .iter()
        .zip(&host_labels[1..])
        .all(|(a, b)| eq(a, b))
    {
        return Ok(false);
    }
    let first = host_labels[0];
    Ok(if leftmost == "*" {
        !first.is_empty()
    } else if leftmost.starts_with("xn--") || hostname.starts_with("xn--") {
        eq(leftmost, first)
    } else {
        let (pre, post) = leftmost.split_once('*').unwrap_or((leftmost, ""));
        let f = first.to_lowercase();
        f.len() >= pre.len() + post.len()
            && f.starts_with(&pre.to_lowercase())
            && f.ends_with(&post.to_lowercase())
    })
}

/// 3.7+'s `_dnsname_match` (RFC 6125 6.4.3, whole left-most wildcard only).
fn dnsname_match(dn: &str, hostname: &str, version: PythonVersion) -> Result<bool> {
    if dn.is_empty() {
        return Ok(false);
    }
    let wildcards = dn.matches('*').count();
    if wildcards == 0 {
        return Ok(dn.to_lowercase() == hostname.to_lowercase());
    }
    let r = crate::pyrepr::repr(dn);
    if wildcards > 1 {
        return Err(certificate_error(
            format!("too many wildcards in certificate DNS name: {r}."),
            version,
        ));
    }
    let (dn_left, dn_rest) = match dn.split_once('.') {
        Some((l, r)) => (l, Some(r)),
        None => (dn, None),
    };
    if dn_rest.is_some_and(|r| r.contains('*')) {
        return Err(certificate_error(
            format!("wildcard can only be present in the leftmost label: {r}."),
            version,
        ));
    }
    let Some(dn_rest) = dn_rest else {
        return Err(certificate_error(
            format!("sole wildcard without additional labels are not support: {r}."),
            version,
        ));
    };
    if dn_left != "*" {
        return Err(certificate_error(
            format!("partial wildcards in leftmost label are not supported: {r}."),
            version,
        ));
    }
    match hostname.split_once('.') {
        Some((left, rest)) if !left.is_empty() => Ok(dn_rest.to_lowercase() == rest.to_lowercase()),
        _ => Ok(false),
    }
}

/// `_inet_paton` (3.7+) / `ipaddress.ip_address` (3.6): the address, if
/// `s` is a strict IPv4 dotted quad or an IPv6 address.
fn parse_ip(s: &str) -> Option<std::net::IpAddr> {
    s.parse::<std::net::IpAddr>().ok()
}

/// `ssl.match_hostname(cert, hostname)` (3.6–3.11; removed in 3.12): checks
/// a `getpeercert()` result against a host name the way that release's
/// `ssl.py` did. `None` stands for an empty or missing certificate.
pub fn match_hostname(
    cert: Option<&crate::cert::PeerCertificate>,
    hostname: &str,
    version: PythonVersion,
) -> Result<()> {
    use crate::cert::AltNameValue;
    if version.at_least(12) {
        return Err(Error::module_attribute("match_hostname"));
    }
    if version.at_least(10) {
        crate::warnings::deprecation("ssl.match_hostname() is deprecated");
    }
    let Some(cert) = cert else {
        return Err(Error::value_error(
            "empty or no certificate, match_hostname needs a SSL socket or SSL context with either CERT_OPTIONAL or CERT_REQUIRED",
        ));
    };
    let dns_match = |dn: &str| {
        if version.at_least(7) {
            dnsname_match(dn, hostname, version)
        } else {
            dnsname_match_36(dn, hostname, version)
        }
    };
    let host_ip = parse_ip(hostname);
    let mut names: Vec<String> = Vec::new();
    for (key, value) in cert.subject_alt_name.iter().flatten() {
        let AltNameValue::Text(value) = value else {
            continue;
        };
        match key.as_str() {
            "DNS" => {
                if host_ip.is_none() && dns_match(value)? {
                    return Ok(());
                }
                names.push(value.clone());
            }
            "IP Address" => {
                if let Some(ip) = host_ip {
                    let theirs = parse_ip(value.trim_end()).ok_or_else(|| {
                        Error::value_error(format!(
                            "{} does not appear to be an IPv4 or IPv6 address",
                            crate::pyrepr::repr(value.trim_end())
                        ))
                    })?;
                    if theirs == ip {
                        return Ok(());
                    }
                }
                names.push(value.clone());
            }
            _ => {}
        }
    }
    if names.is_empty() {
        for rdn in &cert.subject {
            for (key, value) in rdn {
                if key == "commonName" {
                    if dns_match(value)? {
                        return Ok(());
                    }
                    names.push(value.clone());
                }
            }
        }
    }
    let host = crate::pyrepr::repr(hostname);
    let msg = match names.as_slice() {
        [] => "no appropriate commonName or subjectAltName fields were found".to_string(),
        [one] => format!("hostname {host} doesn't match {}", crate::pyrepr::repr(one)),
        many => format!(
            "hostname {host} doesn't match either of {}",
            many.iter()
                .map(|n| crate::pyrepr::repr(n))
                .collect::<Vec<_>>()
                .join(", ")
        ),
    };
    Err(certificate_error(msg, version))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ascii_names_pass_unchanged() {
        assert_eq!(
            encode_hostname("LocalHost.", PythonVersion::Py313).unwrap(),
            "LocalHost."
        );
    }

    #[test]
    fn idn_becomes_a_label() {
        assert_eq!(
            encode_hostname("\u{e9}xample.org", PythonVersion::Py313).unwrap(),
            "xn--xample-9ua.org"
        );
    }

    #[test]
    fn empty_label_errors_by_version() {
        let e = encode_hostname(".example.org", PythonVersion::Py313).unwrap_err();
        assert_eq!(e.python_type(), "UnicodeEncodeError");
        assert_eq!(
            e.to_string(),
            "'idna' codec can't encode character '\\x2e' in position 0: label empty"
        );
        let e = encode_hostname(".example.org", PythonVersion::Py312).unwrap_err();
        assert_eq!(e.to_string(), "label empty or too long");
        let e = encode_hostname(".example.org", PythonVersion::Py39).unwrap_err();
        assert_eq!(
            e.to_string(),
            "encoding with 'idna' codec failed (UnicodeError: label empty or too long)"
        );
    }
}
