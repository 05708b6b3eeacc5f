//! `--www`: the HTML page describing the connection.

use super::*;

/// `&`, `<`, `>`, `"` escaped for HTML.
pub(super) fn html_escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for ch in s.chars() {
        match ch {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            c => out.push(c),
        }
    }
    out
}

pub(super) fn name_text(name: &[pyssl::cert::Rdn]) -> String {
    name.iter()
        .flat_map(|rdn| rdn.iter())
        .map(|(k, v)| format!("{k}={v}"))
        .collect::<Vec<_>>()
        .join(", ")
}

/// `--www`: the connection described as `openssl s_server -www` does, as
/// a complete HTTP response.
pub(super) fn www_page(c: &Conn, t: &SslSocket<Stream>) -> Vec<u8> {
    let mut rows: Vec<(&str, String)> = Vec::new();
    rows.push(("Peer", c.peer.to_string()));
    rows.push((
        "Protocol version",
        t.version().unwrap_or_else(|| "-".into()),
    ));
    rows.push((
        "Cipher",
        t.cipher()
            .map(|(n, p, b)| format!("{n} ({p}, {b} bits)"))
            .unwrap_or_else(|| "-".into()),
    ));
    rows.push((
        "ALPN protocol",
        t.selected_alpn_protocol()
            .unwrap_or_else(|| "(none)".into()),
    ));
    rows.push((
        "SNI server name",
        c.noted
            .as_ref()
            .and_then(|n| n.sni.clone())
            .unwrap_or_else(|| "(none)".into()),
    ));
    rows.push((
        "Session reused",
        match t.session_reused() {
            Some(true) => "yes".into(),
            Some(false) => "no".into(),
            None => "-".into(),
        },
    ));
    rows.push((
        "Compression",
        t.compression().unwrap_or_else(|| "(none)".into()),
    ));
    let (subject, issuer) = match t.getpeercert() {
        Ok(PeerCert::Validated(cert)) => (name_text(&cert.subject), Some(name_text(&cert.issuer))),
        Ok(PeerCert::NoCertificate) => ("(none)".into(), None),
        Ok(_) => ("(sent, not verified)".into(), None),
        Err(e) => (describe(&e), None),
    };
    rows.push(("Client certificate subject", subject));
    if let Some(i) = issuer {
        rows.push(("Client certificate issuer", i));
    }
    rows.push((
        "Shared ciphers",
        t.shared_ciphers()
            .map(|v| {
                v.into_iter()
                    .map(|(n, _, _)| n)
                    .collect::<Vec<_>>()
                    .join(":")
            })
            .unwrap_or_else(|| "-".into()),
    ));
    let mut body = String::from(
        "<!DOCTYPE html>\n<html><head><meta charset=\"utf-8\"><title>pyssl-server</title></head>\n\
         <body>\n<h1>pyssl-server</h1>\n<pre>\n",
    );
    for (k, v) in rows {
        let _ = writeln!(body, "{k}: {}", html_escape(&v));
    }
    let request = String::from_utf8_lossy(&c.buf);
    let _ = write!(
        body,
        "\nRequest ({} bytes):\n{}</pre>\n</body></html>\n",
        c.buf.len(),
        html_escape(&request)
    );
    let mut out = format!(
        "HTTP/1.1 200 OK\r\nContent-Type: text/html; charset=utf-8\r\nContent-Length: {}\r\nConnection: close\r\n\r\n",
        body.len()
    )
    .into_bytes();
    out.extend_from_slice(body.as_bytes());
    out
}
