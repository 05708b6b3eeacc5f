//! The one-line human messages the client prints for each failure.

use super::*;

pub(super) fn secs(d: Duration) -> String {
    let s = d.as_secs_f64();
    if s.fract() == 0.0 {
        format!("{s:.0} s")
    } else {
        format!("{s} s")
    }
}

pub(super) fn human_message(err: &Value, stage: Stage, info: &Info<'_>) -> String {
    let ty = err["type"].as_str().unwrap_or("Error");
    let msg = err["message"].as_str().unwrap_or_default();
    let reason = err["reason"].as_str().unwrap_or_default();
    let addr = info.target.display();
    let name = info.server_hostname;
    let timed_out = matches!(ty, "TimeoutError" | "timeout");
    match stage {
        Stage::Setup => return format!("{msg} ({ty})"),
        Stage::Resolve => return format!("cannot find the address of {}: {msg}", info.target.host),
        Stage::Connect => {
            return match ty {
                "ConnectionRefusedError" => {
                    format!("connection to {addr} refused: nothing is listening on that port")
                }
                _ if timed_out => format!(
                    "could not connect to {addr} within {} (--timeout)",
                    secs(info.timeout)
                ),
                _ => format!("could not connect to {addr}: {msg}"),
            };
        }
        Stage::Output => return format!("{msg} ({ty})"),
        _ => {}
    }
    let during = stage.during();
    if ty == "SSLCertVerificationError" {
        let vmsg = err["verify_message"].as_str().unwrap_or(msg);
        let code = err["verify_code"].as_i64().unwrap_or(-1);
        let what = match code {
            62 => format!(
                "the server's certificate is not valid for {name} (hostname mismatch); \
                 connect by a name it lists, or choose the name checked with --server-hostname"
            ),
            64 => format!(
                "the server's certificate is not valid for the IP address {name} (IP address \
                 mismatch); connect by a name it lists, or choose one with --server-hostname"
            ),
            2 | 20 | 21 => format!(
                "the server's certificate was issued by a CA this client does not trust \
                 ({vmsg}); pass that CA with --cafile"
            ),
            18 => format!(
                "the server's certificate is self-signed ({vmsg}); pass it with --cafile \
                 to trust it"
            ),
            19 => format!(
                "the server's chain ends in a self-signed CA this client does not trust \
                 ({vmsg}); pass that CA with --cafile"
            ),
            10 => format!("the server's certificate has expired ({vmsg})"),
            9 => format!("the server's certificate is not valid yet ({vmsg})"),
            23 => format!("the server's certificate has been revoked ({vmsg})"),
            _ => vmsg.to_string(),
        };
        return format!("certificate verify failed: {what}");
    }
    if ty == "CertificateError" {
        return format!("certificate verify failed: {msg}");
    }
    if timed_out {
        return format!(
            "the server at {addr} did not answer within {} {during} (--timeout)",
            secs(info.timeout)
        );
    }
    let hint = match reason {
        "WRONG_VERSION_NUMBER" | "HTTP_REQUEST" | "RECORD_LAYER_FAILURE" => Some(format!(
            "the server at {addr} did not answer with TLS; is this a plain-text (e.g. HTTP) port?"
        )),
        "UNSUPPORTED_PROTOCOL" | "TLSV1_ALERT_PROTOCOL_VERSION" | "NO_PROTOCOLS_AVAILABLE" => Some(
            "the client and the server have no TLS version in common \
                 (see --min-version / --max-version)"
                .to_string(),
        ),
        "NO_SHARED_CIPHER" | "NO_CIPHERS_AVAILABLE" | "NO_CIPHER_MATCH" => {
            Some("the client and the server have no cipher in common (see --ciphers)".to_string())
        }
        "SSLV3_ALERT_HANDSHAKE_FAILURE" => Some(
            "the server refused the handshake: no cipher, version or key type in common, \
             or it wants a client certificate (--cert/--key)"
                .to_string(),
        ),
        "TLSV13_ALERT_CERTIFICATE_REQUIRED" | "PEER_DID_NOT_RETURN_A_CERTIFICATE" => Some(
            "the server requires a client certificate; pass one with --cert and --key".to_string(),
        ),
        "SSLV3_ALERT_BAD_CERTIFICATE"
        | "TLSV1_ALERT_UNKNOWN_CA"
        | "SSLV3_ALERT_CERTIFICATE_UNKNOWN"
        | "SSLV3_ALERT_UNSUPPORTED_CERTIFICATE"
        | "SSLV3_ALERT_CERTIFICATE_EXPIRED"
        | "SSLV3_ALERT_CERTIFICATE_REVOKED"
        | "TLSV1_ALERT_ACCESS_DENIED" => {
            Some("the server rejected the client certificate".to_string())
        }
        "TLSV1_ALERT_NO_APPLICATION_PROTOCOL" => {
            Some("the server supports none of the ALPN protocols offered (--alpn)".to_string())
        }
        "TLSV1_UNRECOGNIZED_NAME" | "TLSV1_ALERT_UNRECOGNIZED_NAME" => Some(format!(
            "the server does not serve the name {name} (see --server-hostname)"
        )),
        "TLSV1_ALERT_INTERNAL_ERROR" => Some("the server reported an internal error".to_string()),
        _ => None,
    };
    if let Some(h) = hint {
        return format!("{h} [{during}: {msg}]");
    }
    match ty {
        "SSLEOFError" | "SSLZeroReturnError" | "SSLSyscallError" => {
            format!("the server at {addr} closed the connection {during} ({msg})")
        }
        "ConnectionResetError" => format!("the server at {addr} reset the connection {during}"),
        "BrokenPipeError" => format!("the server at {addr} closed the connection {during}"),
        _ => format!("TLS failure {during}: {msg} ({ty})"),
    }
}
