//! Resolving and connecting: `socket.create_connection((host, port), timeout)`,
//! and its errors as CPython's socket module raises them.

use super::*;

/// The Python class of an `OSError` with this errno (`PyErr_SetFromErrno`).
pub(super) fn os_error_class(errno: i32) -> &'static str {
    ErrorKind::from_errno(errno).python_name(PythonVersion::LATEST)
}

/// A socket-level `io::Error` as the exception CPython's socket module raises.
pub(super) fn socket_error_json(e: &io::Error, v: PythonVersion) -> Value {
    match e.raw_os_error() {
        Some(n) => error_object(os_error_class(n), Error::os_error(n, None).message()),
        None if e.kind() == io::ErrorKind::TimedOut => error_object(
            if v.at_least(10) {
                "TimeoutError"
            } else {
                "timeout"
            },
            "timed out".to_string(),
        ),
        None => error_object("OSError", e.to_string()),
    }
}

/// A failed `getaddrinfo` as `socket.gaierror` (glibc's codes and texts).
pub(super) fn gaierror_json(e: &io::Error) -> Value {
    let text = e.to_string();
    let text = text
        .strip_prefix("failed to lookup address information: ")
        .unwrap_or(&text)
        .to_string();
    let code = match text.as_str() {
        "Bad value for ai_flags" => Some(-1),
        "Name or service not known" => Some(-2),
        "Temporary failure in name resolution" => Some(-3),
        "Non-recoverable failure in name resolution" => Some(-4),
        "No address associated with hostname" => Some(-5),
        "ai_family not supported" => Some(-6),
        "ai_socktype not supported" => Some(-7),
        "Servname not supported for ai_socktype" => Some(-8),
        "Memory allocation failure" => Some(-10),
        "System error" => Some(-11),
        _ => None,
    };
    let message = match code {
        Some(n) => format!("[Errno {n}] {text}"),
        None => text,
    };
    error_object("gaierror", message)
}

pub(super) fn resolve(cfg: &ClientConfig) -> std::result::Result<Vec<SocketAddr>, Value> {
    let host = &cfg.target.host;
    // socket.getaddrinfo encodes a non-ASCII name with the "idna" codec.
    let lookup = if host.is_ascii() || host.parse::<IpAddr>().is_ok() {
        host.clone()
    } else {
        idna::domain_to_ascii(host).map_err(|_| {
            error_object(
                "UnicodeError",
                "encoding with 'idna' codec failed (UnicodeError: label empty or too long)"
                    .to_string(),
            )
        })?
    };
    if lookup.contains('\0') {
        return Err(error_object(
            "ValueError",
            "embedded null character".to_string(),
        ));
    }
    let addrs: Vec<SocketAddr> = (lookup.as_str(), cfg.target.port)
        .to_socket_addrs()
        .map_err(|e| gaierror_json(&e))?
        .collect();
    if addrs.is_empty() {
        return Err(error_object(
            "OSError",
            "getaddrinfo returns an empty list".to_string(),
        ));
    }
    Ok(addrs)
}

/// `socket.create_connection((host, port), timeout)`: each address in
/// turn; the last error if none answers.
pub(super) fn connect(
    cfg: &ClientConfig,
    v: PythonVersion,
) -> std::result::Result<TcpStream, Failure> {
    let info = Info::of(cfg);
    let addrs = resolve(cfg).map_err(|e| Failure::from_json(e, Stage::Resolve, &info))?;
    let mut last = None;
    for a in &addrs {
        log::debug!("connecting to {a}");
        match TcpStream::connect_timeout(a, cfg.timeout) {
            Ok(s) => {
                let _ = s.set_nodelay(true);
                return Ok(s);
            }
            Err(e) => {
                log::debug!("connect to {a}: {e}");
                last = Some(e);
            }
        }
    }
    let e = last.unwrap_or_else(|| io::Error::other("no address to connect to"));
    Err(Failure::from_json(
        socket_error_json(&e, v),
        Stage::Connect,
        &info,
    ))
}
