//! Session files: PEM `SSL SESSION PARAMETERS`, as `openssl s_client
//! -sess_out` writes them (`--session-file`).

use super::*;

pub(super) const SESSION_PEM: &str = "SSL SESSION PARAMETERS";

pub(super) fn session_to_pem(der: &[u8]) -> String {
    let b64 = openssl::base64::encode_block(der);
    let mut s = format!("-----BEGIN {SESSION_PEM}-----\n");
    for chunk in b64.as_bytes().chunks(64) {
        s.push_str(&String::from_utf8_lossy(chunk));
        s.push('\n');
    }
    s.push_str(&format!("-----END {SESSION_PEM}-----\n"));
    s
}

/// The DER in a session file (PEM or raw DER), or why it is unusable.
pub(super) fn session_der(data: &[u8]) -> std::result::Result<Vec<u8>, String> {
    let begin = format!("-----BEGIN {SESSION_PEM}-----");
    let end = format!("-----END {SESSION_PEM}-----");
    let der = match std::str::from_utf8(data) {
        Ok(text) if text.contains(&begin) => {
            let start = text.find(&begin).unwrap_or(0) + begin.len();
            let stop = text[start..]
                .find(&end)
                .map(|i| start + i)
                .ok_or_else(|| format!("no {end} line"))?;
            let b64: String = text[start..stop].split_whitespace().collect();
            openssl::base64::decode_block(&b64).map_err(|_| "bad base64".to_string())?
        }
        _ => data.to_vec(),
    };
    openssl::ssl::SslSession::from_der(&der).map_err(|_| "not a TLS session".to_string())?;
    Ok(der)
}

/// Turns the DER of a saved session back into a session of `ctx`.
pub(super) fn session_from_der(der: &[u8], ctx: &SslContext, path: &Path) -> Option<SslSession> {
    match SslSession::from_der(der, ctx) {
        Ok(s) => Some(s),
        Err(e) => {
            log::warn!(
                "{}: ignoring the saved session ({e}); making a full handshake",
                path.display()
            );
            None
        }
    }
}

/// The session saved in `path`, if there is a usable one; a missing file
/// is the first run, an unusable one is ignored with a warning.
pub(super) fn load_session(path: &Path, ctx: &SslContext) -> Option<SslSession> {
    let data = match std::fs::read(path) {
        Ok(d) => d,
        Err(e) if e.kind() == io::ErrorKind::NotFound => {
            log::info!("{}: no saved session yet", path.display());
            return None;
        }
        Err(e) => {
            log::warn!("{}: cannot read the saved session: {e}", path.display());
            return None;
        }
    };
    match session_der(&data) {
        Ok(der) => session_from_der(&der, ctx, path),
        Err(why) => {
            log::warn!(
                "{}: ignoring the saved session ({why}); making a full handshake",
                path.display()
            );
            None
        }
    }
}

/// Saves `session` to `path` (atomically) when it can be resumed: with a
/// ticket, or (TLS ≤ 1.2) a session id.
pub(super) fn save_session(
    path: &Path,
    session: &SslSession,
    version: Option<&str>,
) -> std::result::Result<bool, io::Error> {
    let resumable =
        session.has_ticket() || (version != Some("TLSv1.3") && !session.id().is_empty());
    if !resumable {
        log::info!("the server gave no resumable session; not saving one");
        return Ok(false);
    }
    let der = session
        .to_der()
        .map_err(|e| io::Error::other(e.to_string()))?;
    let mut tmp = path.as_os_str().to_owned();
    tmp.push(format!(".tmp{}", std::process::id()));
    let tmp = PathBuf::from(tmp);
    std::fs::write(&tmp, session_to_pem(&der))?;
    std::fs::rename(&tmp, path).inspect_err(|_| {
        let _ = std::fs::remove_file(&tmp);
    })?;
    Ok(true)
}

pub(super) fn save_session_failure(path: &Path, e: &io::Error, info: &Info<'_>) -> Failure {
    let mut err = match e.raw_os_error() {
        Some(n) => Error::os_error(n, Some(&path.to_string_lossy())).to_json(),
        None => error_object("OSError", e.to_string()),
    };
    if e.raw_os_error().is_some() {
        err["type"] = json!(os_error_class(e.raw_os_error().unwrap_or_default()));
    }
    let mut f = Failure::from_json(err, Stage::Output, info);
    f.human = format!("cannot save the session to {}: {e}", path.display());
    f
}
