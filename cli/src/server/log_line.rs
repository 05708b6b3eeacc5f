//! The one log line per connection: what the TLS state said, copied while
//! there is one.

use super::*;

/// Copies what the log line reports from the TLS state while there is one
/// (at the end, or before a lingering close drops TLS): nothing is kept per
/// idle connection.
pub(super) fn note_session(c: &mut Conn) {
    let Io::Tls(t) = &c.io else {
        return;
    };
    if c.noted.is_none() {
        c.noted = Some(Box::new(Noted {
            sni: t.requested_server_name(),
            version: t.version(),
            cipher: t.cipher().map(|(name, _, _)| name),
            alpn: t.selected_alpn_protocol(),
            resumed: t.session_reused() == Some(true),
        }));
    }
}

/// The TLS facts of a connection's log line.
#[derive(Default)]
pub(super) struct Noted {
    pub(super) sni: Option<String>,
    pub(super) version: Option<String>,
    pub(super) cipher: Option<String>,
    pub(super) alpn: Option<String>,
    pub(super) resumed: bool,
}

/// The connection's one log line.
pub(super) fn log_line(c: &Conn) -> String {
    let none = Noted::default();
    let n = c.noted.as_deref().unwrap_or(&none);
    let mut line = format!(
        "{} sni={} {} {}",
        c.peer,
        n.sni.as_deref().unwrap_or("-"),
        n.version.as_deref().unwrap_or("-"),
        n.cipher.as_deref().unwrap_or("-"),
    );
    if let Some(a) = &n.alpn {
        let _ = write!(line, " alpn={a}");
    }
    if n.resumed {
        line.push_str(" resumed");
    }
    let _ = match (&c.failure, c.note) {
        (Some(f), _) => write!(line, " {f}"),
        (None, Some(n)) => write!(line, " ok ({n})"),
        (None, None) => write!(line, " ok"),
    };
    let _ = write!(
        line,
        ", {} bytes out, {} in, {} ms",
        c.bytes_out,
        c.bytes_in,
        c.started.elapsed().as_millis()
    );
    line
}
