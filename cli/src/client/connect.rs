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

/// glibc's `gai_strerror` texts, by `EAI_*` code (as `socket.gaierror`
/// prints them: `[Errno -2] Name or service not known`).
fn gai_text(code: i32) -> &'static str {
    match code {
        -1 => "Bad value for ai_flags",
        -2 => "Name or service not known",
        -3 => "Temporary failure in name resolution",
        -4 => "Non-recoverable failure in name resolution",
        -5 => "No address associated with hostname",
        -6 => "ai_family not supported",
        -7 => "ai_socktype not supported",
        -8 => "Servname not supported for ai_socktype",
        -10 => "Memory allocation failure",
        -11 => "System error",
        -12 => "Argument buffer overflow",
        _ => "Unknown error",
    }
}

/// A failed `getaddrinfo` as `socket.gaierror`, classified by the
/// resolver's `EAI_*` code (not by its text).
pub(super) fn gaierror_json(e: dns_lookup::LookupError) -> Value {
    let code = e.error_num();
    if matches!(e.kind(), dns_lookup::LookupErrorKind::System) {
        // EAI_SYSTEM: CPython raises OSError from errno instead.
        let io = std::io::Error::from(e);
        if io.raw_os_error().is_some() {
            return error_object("OSError", io.to_string());
        }
    }
    error_object("gaierror", format!("[Errno {code}] {}", gai_text(code)))
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
    // socket.getaddrinfo(host, port, type=SOCK_STREAM), as
    // socket.create_connection calls it.
    let hints = dns_lookup::AddrInfoHints {
        socktype: libc::SOCK_STREAM,
        ..dns_lookup::AddrInfoHints::default()
    };
    let port = cfg.target.port.to_string();
    let addrs: Vec<SocketAddr> =
        dns_lookup::getaddrinfo(Some(lookup.as_str()), Some(port.as_str()), Some(hints))
            .map_err(gaierror_json)?
            .filter_map(|a| a.ok().map(|a| a.sockaddr))
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
/// turn; the last error if none answers. `resolved`: the addresses looked
/// up already (the load mode resolves once per run, as load generators
/// do); `None` looks them up now, as `create_connection` does every time.
pub(super) fn connect(
    cfg: &ClientConfig,
    v: PythonVersion,
    resolved: Option<&[SocketAddr]>,
) -> std::result::Result<TcpStream, Failure> {
    let info = Info::of(cfg);
    let looked_up;
    let addrs = match resolved {
        Some(a) => a,
        None => {
            looked_up = resolve(cfg).map_err(|e| Failure::from_json(e, Stage::Resolve, &info))?;
            &looked_up[..]
        }
    };
    let mut last = None;
    for a in addrs {
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
