//! # Porting guide: every public name of CPython 3.14's `ssl`, and its Rust twin
//!
//! One row per public name of CPython 3.14's `ssl` module — what `dir(ssl)`
//! lists, less underscored names, imported modules and what `ssl.py`
//! re-exports from `socket` — plus the public methods and attributes of
//! `SSLContext`, `SSLSocket` (those it adds to `socket.socket`), `SSLObject`,
//! `MemoryBIO` and `SSLSession`: 203 names, kept exact by
//! `tests/porting_coverage.rs` against `tests/golden/porting-names-3.14.txt`
//! (regenerate with `tools/porting_names.py`). Every Python name in the
//! first column is also a `#[doc(alias)]` of its Rust item where the names
//! differ, so the search box of these docs finds `OP_NO_TICKET`,
//! `create_default_context` or `DER_cert_to_PEM_cert`.
//!
//! Names of older releases (`ssl.wrap_socket`, `match_hostname`, `RAND_egd`…),
//! the `socket.socket` methods `SSLSocket` overrides, and a few private names
//! ported code uses are in [Other names you may meet](#other-names-you-may-meet).
//! [Correcting the record](#correcting-the-record) checks common advice
//! against CPython 3.14 and OpenSSL 3.0 on this machine.
//!
//! The crate's `examples/` port the classic pieces of Python `ssl` code:
//! `http_get_client`, `hello_server`, `ssl_errors`, `verify_custom_ca`,
//! `server_hardening`, `memorybio_client`, `session_resumption`,
//! `mutual_tls`, `starttls_smtp` (smtplib's STARTTLS) and `ftp_tls_session`
//! (FTP_TLS data connections resuming the control session) (`cargo run
//! --example NAME`).
//!
//! ## How calls change, in general
//!
//! * **Exceptions become `Result<T, `[`Error`](crate::Error)`>`.** The Python
//!   class is [`Error::kind`](crate::Error::kind) (an [`ErrorKind`](crate::ErrorKind));
//!   `str(e)` is `e.to_string()`, without the build-specific source location
//!   CPython's `_ssl.c` adds: the suffix ` (_ssl.c:NNN)` of `SSLError`
//!   messages and the prefix `_ssl.c:NNN: ` of timeout messages (CPython 3.13:
//!   `_ssl.c:1003: The handshake operation timed out`; pyssl: `The handshake
//!   operation timed out`). The line number changes with every CPython build,
//!   so pyssl never prints one;
//!   `type(e).__name__` is [`Error::python_type`](crate::Error::python_type).
//!   `except ssl.SSLError:` (which catches every subclass) is
//!   `Err(e) if e.kind().is_ssl_error()`
//!   ([`ErrorKind::is_ssl_error`](crate::ErrorKind::is_ssl_error)); `except
//!   OSError:` is [`ErrorKind::is_os_error`](crate::ErrorKind::is_os_error);
//!   any other `except` clause is [`Error::is_instance`](crate::Error::is_instance)
//!   (`except ValueError:` catches `SSLCertVerificationError` in CPython, and
//!   `e.is_instance("ValueError")` is true for it), and
//!   [`Error::mro`](crate::Error::mro) is `type(e).__mro__` by name.
//!   Attributes (`e.errno`, `e.library`, `e.reason`, `e.verify_code`,
//!   `e.verify_message`) are methods returning `Option`s.
//! * **Timeouts come from the stream**, as CPython takes them from the
//!   socket: `socket.create_connection(addr, timeout=5)` ports as
//!   `TcpStream::connect_timeout(&addr, 5 s)` + `set_read_timeout(Some(5 s))`,
//!   and the `SslSocket` made from it has `gettimeout() == Some(5 s)` and
//!   raises CPython's `TimeoutError` ("The read operation timed out") after
//!   5 s, or `socket.timeout` on 3.6–3.9.
//! * **Keyword arguments** become a builder
//!   ([`DefaultContext`](crate::DefaultContext) for `create_default_context`,
//!   [`WrapOptions`](crate::WrapOptions) for `wrap_socket`) or positional
//!   `Option`s in CPython's order (`load_cert_chain`,
//!   `load_verify_locations`, `wrap_bio`). `None` is `None`.
//! * **Properties** become a getter named like the property and a `set_`
//!   setter: `ctx.verify_mode = ssl.CERT_REQUIRED` →
//!   `ctx.set_verify_mode(VerifyMode::CertRequired)?`. A setter CPython can
//!   refuse returns a `Result`; read-only properties have no setter. `x |= y`
//!   is `set_x(x() | y)`.
//! * **`bytes` in** is `&[u8]`, **`bytes` out** is `Vec<u8>`; `str` is
//!   `&str`/`String`; paths are `impl AsRef<Path>`/`Option<&Path>`.
//! * **Integer enums and flags** are Rust enums ([`VerifyMode`](crate::VerifyMode),
//!   [`TlsVersion`](crate::TlsVersion), [`Protocol`](crate::Protocol),
//!   [`Purpose`](crate::Purpose)) and bitflags ([`Options`](crate::Options),
//!   [`VerifyFlags`](crate::VerifyFlags)). Where CPython accepts a raw `int`
//!   that can be wrong there is a `*_value`/`from_value` form with CPython's
//!   checks and messages. Plain integer constants (`ALERT_DESCRIPTION_*`,
//!   `SSL_ERROR_*`) are in the [`constants`](crate::constants) table.
//! * **CPython version.** Constructors take the [`PythonVersion`](crate::PythonVersion)
//!   whose behaviour to reproduce (3.14 unless told); a name a release does not
//!   have gives that release's `AttributeError`.
//! * **Deprecation warnings** are recorded, not printed:
//!   [`warnings::take_warnings`](crate::warnings::take_warnings) is
//!   `warnings.catch_warnings(record=True)`.
//! * **No `with`.** Dropping an [`SslSocket`](crate::SslSocket) closes it
//!   without a TLS close_notify, as `close()` and leaving a `with` block do;
//!   `unwrap()` performs the TLS shutdown.
//!
//! ## Module functions
//!
//! | CPython 3.14 | Rust | How the call differs |
//! |---|---|---|
//! | `DER_cert_to_PEM_cert` | [`functions::der_cert_to_pem_cert`](crate::functions::der_cert_to_pem_cert) | `der: &[u8]` → `String`. [`der_cert_to_pem_cert_for`](crate::functions::der_cert_to_pem_cert_for) takes a [`PythonVersion`](crate::PythonVersion). |
//! | `PEM_cert_to_DER_cert` | [`functions::pem_cert_to_der_cert`](crate::functions::pem_cert_to_der_cert) | `pem: &str` → `Result<Vec<u8>>`; CPython's `ValueError`s. `binascii.Error` is reported as `ErrorKind::Value`. Passing `bytes` (a `TypeError` in Python) does not compile. |
//! | `RAND_add` | [`functions::rand_add`](crate::functions::rand_add) | `(data: &[u8], entropy: f64)`; a Python `str` is passed as `s.as_bytes()`. |
//! | `RAND_bytes` | [`functions::rand_bytes`](crate::functions::rand_bytes) | `n: i64` → `Result<Vec<u8>>`, with CPython's `ValueError`/`OverflowError` for bad `n`. |
//! | `RAND_status` | [`functions::rand_status`](crate::functions::rand_status) | → `bool`. |
//! | `cert_time_to_seconds` | [`functions::cert_time_to_seconds`](crate::functions::cert_time_to_seconds) | `&str` → `Result<i64>`; the `ValueError` texts of `time.strptime`. `_for` variant per CPython release. |
//! | `create_default_context` | [`create_default_context`](crate::create_default_context) | `create_default_context(Purpose::ServerAuth)?`. The keyword-only `cafile=`, `capath=`, `cadata=` are the builder [`DefaultContext`](crate::DefaultContext): `DefaultContext::new(purpose).cafile(path).build()?`; `cadata` is a [`CaData`](crate::CaData) (`Pem(&str)` or `Der(&[u8])`). `SSLKEYLOGFILE` is honoured as in CPython. |
//! | `get_default_verify_paths` | [`functions::get_default_verify_paths`](crate::functions::get_default_verify_paths) | Returns the struct [`DefaultVerifyPaths`](crate::functions::DefaultVerifyPaths) (fields named like the named tuple's). |
//! | `get_protocol_name` | [`functions::get_protocol_name`](crate::functions::get_protocol_name) | `code: i64` → `&'static str` (`"<unknown>"` for unknown codes). For a [`Protocol`](crate::Protocol) value use [`Protocol::name`](crate::Protocol::name). |
//! | `get_server_certificate` | [`functions::get_server_certificate`](crate::functions::get_server_certificate) | `(addr: (&str, u16), ssl_version: Option<Protocol>, ca_certs: Option<&Path>, timeout: Option<Duration>, version: PythonVersion)` → `Result<String>` (PEM). All arguments positional; `None` for CPython's defaults. |
//! | `namedtuple` | — | Not applicable: `collections.namedtuple`, which `ssl.py` imports for its own use; it is not `ssl` API. The named tuples it builds are structs here ([`DefaultVerifyPaths`](crate::functions::DefaultVerifyPaths), [`Asn1Object`](crate::functions::Asn1Object)). |
//!
//! ## Classes, enums and exceptions
//!
//! | CPython 3.14 | Rust | How the call differs |
//! |---|---|---|
//! | `AlertDescription` | [`constants::python_constant`](crate::constants::python_constant) | No enum type: the `ALERT_DESCRIPTION_*` members are integers in the [`constants`](crate::constants) table (`python_constant("ALERT_DESCRIPTION_UNRECOGNIZED_NAME", PythonVersion::LATEST)`); an [`SniCallback`](crate::SniCallback) returns the number, e.g. `Ok(Some(112))`. |
//! | `CertificateError` | [`ErrorKind::CertVerification`](crate::ErrorKind::CertVerification) | On 3.7+ `ssl.CertificateError` *is* `SSLCertVerificationError`: match `ErrorKind::CertVerification`. CPython 3.6's own `CertificateError` (a `ValueError` from `match_hostname`) is [`ErrorKind::Certificate`](crate::ErrorKind::Certificate). |
//! | `DefaultVerifyPaths` | [`functions::DefaultVerifyPaths`](crate::functions::DefaultVerifyPaths) | A struct with the named tuple's fields; `Option<PathBuf>` where Python has `None`. [`to_json`](crate::functions::DefaultVerifyPaths::to_json) gives `_asdict()`. |
//! | `MemoryBIO` | [`MemoryBio`](crate::MemoryBio) | `MemoryBIO()` → `MemoryBio::new()?`. Cloning gives a second handle to the same buffer (a second Python reference). |
//! | `Options` | [`Options`](crate::Options) | A bitflags type with CPython's values; unnamed bits are kept (`from_bits_retain`), so an `options` value survives a round trip. `Options::from_python_name("OP_NO_TICKET", v)` parses a name. |
//! | `Purpose` | [`Purpose`](crate::Purpose) | `Purpose.SERVER_AUTH` → `Purpose::ServerAuth`, `Purpose.CLIENT_AUTH` → `Purpose::ClientAuth`; the `_ASN1Object` tuple is [`Purpose::asn1`](crate::Purpose::asn1). |
//! | `SSLCertVerificationError` | [`ErrorKind::CertVerification`](crate::ErrorKind::CertVerification) | `except ssl.SSLCertVerificationError as e` → `Err(e) if e.kind() == ErrorKind::CertVerification`; `e.verify_code`/`e.verify_message` → [`Error::verify_code`](crate::Error::verify_code)/[`Error::verify_message`](crate::Error::verify_message). Test it before the general `is_ssl_error()` arm, as `except` order matters in Python. |
//! | `SSLContext` | [`SslContext`](crate::SslContext) | `SSLContext(protocol)` → [`SslContext::new`](crate::SslContext::new)`(Protocol::TlsClient)?` (3.14) or [`with_version`](crate::SslContext::with_version)`(protocol, PythonVersion::Py311)`; `SSLContext()` with no argument → [`without_protocol`](crate::SslContext::without_protocol); a raw int → [`from_protocol_number`](crate::SslContext::from_protocol_number). Cloning is a second reference to the same context; it stays mutable after use, as in CPython. |
//! | `SSLEOFError` | [`ErrorKind::Eof`](crate::ErrorKind::Eof) | `ErrorKind::Eof`; `e.errno()` is `Some(8)` (`SSL_ERROR_EOF`). As in CPython, reads return `b''` instead unless `suppress_ragged_eofs` is false. |
//! | `SSLError` | [`ErrorKind::Ssl`](crate::ErrorKind::Ssl) | The value is an [`Error`](crate::Error). `except ssl.SSLError` (base class: also catches the subclasses) → `e.kind().is_ssl_error()`; `type(e) is ssl.SSLError` → `e.kind() == ErrorKind::Ssl`. `e.library`, `e.reason` → [`Error::library`](crate::Error::library), [`Error::reason`](crate::Error::reason); `e.args` → [`Error::args`](crate::Error::args). |
//! | `SSLErrorNumber` | [`constants::python_constant`](crate::constants::python_constant) | No enum type: the `SSL_ERROR_*` members are integers; compare [`Error::errno`](crate::Error::errno) with them, or match the [`ErrorKind`](crate::ErrorKind) instead. |
//! | `SSLObject` | [`SslObject`](crate::SslObject) | Made by [`SslContext::wrap_bio`](crate::SslContext::wrap_bio) only (CPython's constructor raises `TypeError` too). [`SslStream`](crate::SslStream) is an `SSLObject` already wired to any `Read + Write` transport. |
//! | `SSLSession` | [`SslSession`](crate::SslSession) | Taken from `session()` of a client connection. Equality compares ids, as in CPython. Beyond CPython: [`to_der`](crate::SslSession::to_der)/[`from_der`](crate::SslSession::from_der) to keep a session across processes. |
//! | `SSLSocket` | [`SslSocket`](crate::SslSocket) | Generic over the transport ([`Socket`](crate::socket::Socket): `TcpStream`, `UnixStream`); made by [`SslContext::wrap_socket`](crate::SslContext::wrap_socket). Implements `std::io::Read`/`Write`. The [`SSLSocket`](#sslsocket) section lists what it adds to `socket.socket`; the socket methods it overrides are under [Other names you may meet](#other-names-you-may-meet). |
//! | `SSLSyscallError` | [`ErrorKind::Syscall`](crate::ErrorKind::Syscall) | `ErrorKind::Syscall`. |
//! | `SSLWantReadError` | [`ErrorKind::WantRead`](crate::ErrorKind::WantRead) | `except ssl.SSLWantReadError:` → `Err(e) if e.kind() == ErrorKind::WantRead`: non-blocking socket or `SSLObject` needs input. As an `std::io::Error` (through `Read`) it is `WouldBlock`. |
//! | `SSLWantWriteError` | [`ErrorKind::WantWrite`](crate::ErrorKind::WantWrite) | `ErrorKind::WantWrite`; `WouldBlock` through `std::io`. |
//! | `SSLZeroReturnError` | [`ErrorKind::ZeroReturn`](crate::ErrorKind::ZeroReturn) | `ErrorKind::ZeroReturn`. As in CPython, `read`/`recv` return an empty `Vec` (`b''`) at a clean close instead of raising it. |
//! | `TLSVersion` | [`TlsVersion`](crate::TlsVersion) | An enum: `TLSVersion.TLSv1_2` → `TlsVersion::TlsV1_2`; `.value`/`.name` → [`value`](crate::TlsVersion::value)/[`name`](crate::TlsVersion::name); `TLSVersion[name]` → [`from_name`](crate::TlsVersion::from_name). |
//! | `VerifyFlags` | [`VerifyFlags`](crate::VerifyFlags) | A bitflags type with CPython's `VERIFY_*` values. |
//! | `VerifyMode` | [`VerifyMode`](crate::VerifyMode) | An enum: `CERT_NONE` → `VerifyMode::CertNone`, …; `VerifyMode(n)` → `VerifyMode::try_from(n)` (CPython's `ValueError` otherwise). |
//!
//! ## Constants
//!
//! The integer constants are also listed, with the CPython release that added each, in [`constants::CONSTANTS`](crate::constants::CONSTANTS).
//!
//! | CPython 3.14 | Rust | How the call differs |
//! |---|---|---|
//! | `ALERT_DESCRIPTION_ACCESS_DENIED` | [`constants::python_constant`](crate::constants::python_constant) | The integer 49 (`python_constant("ALERT_DESCRIPTION_ACCESS_DENIED", v)`). An [`SniCallback`](crate::SniCallback) returns it as `Ok(Some(49))`. |
//! | `ALERT_DESCRIPTION_BAD_CERTIFICATE` | [`constants::python_constant`](crate::constants::python_constant) | The integer 42 (`python_constant("ALERT_DESCRIPTION_BAD_CERTIFICATE", v)`). An [`SniCallback`](crate::SniCallback) returns it as `Ok(Some(42))`. |
//! | `ALERT_DESCRIPTION_BAD_CERTIFICATE_HASH_VALUE` | [`constants::python_constant`](crate::constants::python_constant) | The integer 114 (`python_constant("ALERT_DESCRIPTION_BAD_CERTIFICATE_HASH_VALUE", v)`). An [`SniCallback`](crate::SniCallback) returns it as `Ok(Some(114))`. |
//! | `ALERT_DESCRIPTION_BAD_CERTIFICATE_STATUS_RESPONSE` | [`constants::python_constant`](crate::constants::python_constant) | The integer 113 (`python_constant("ALERT_DESCRIPTION_BAD_CERTIFICATE_STATUS_RESPONSE", v)`). An [`SniCallback`](crate::SniCallback) returns it as `Ok(Some(113))`. |
//! | `ALERT_DESCRIPTION_BAD_RECORD_MAC` | [`constants::python_constant`](crate::constants::python_constant) | The integer 20 (`python_constant("ALERT_DESCRIPTION_BAD_RECORD_MAC", v)`). An [`SniCallback`](crate::SniCallback) returns it as `Ok(Some(20))`. |
//! | `ALERT_DESCRIPTION_CERTIFICATE_EXPIRED` | [`constants::python_constant`](crate::constants::python_constant) | The integer 45 (`python_constant("ALERT_DESCRIPTION_CERTIFICATE_EXPIRED", v)`). An [`SniCallback`](crate::SniCallback) returns it as `Ok(Some(45))`. |
//! | `ALERT_DESCRIPTION_CERTIFICATE_REVOKED` | [`constants::python_constant`](crate::constants::python_constant) | The integer 44 (`python_constant("ALERT_DESCRIPTION_CERTIFICATE_REVOKED", v)`). An [`SniCallback`](crate::SniCallback) returns it as `Ok(Some(44))`. |
//! | `ALERT_DESCRIPTION_CERTIFICATE_UNKNOWN` | [`constants::python_constant`](crate::constants::python_constant) | The integer 46 (`python_constant("ALERT_DESCRIPTION_CERTIFICATE_UNKNOWN", v)`). An [`SniCallback`](crate::SniCallback) returns it as `Ok(Some(46))`. |
//! | `ALERT_DESCRIPTION_CERTIFICATE_UNOBTAINABLE` | [`constants::python_constant`](crate::constants::python_constant) | The integer 111 (`python_constant("ALERT_DESCRIPTION_CERTIFICATE_UNOBTAINABLE", v)`). An [`SniCallback`](crate::SniCallback) returns it as `Ok(Some(111))`. |
//! | `ALERT_DESCRIPTION_CLOSE_NOTIFY` | [`constants::python_constant`](crate::constants::python_constant) | The integer 0 (`python_constant("ALERT_DESCRIPTION_CLOSE_NOTIFY", v)`). An [`SniCallback`](crate::SniCallback) returns it as `Ok(Some(0))`. |
//! | `ALERT_DESCRIPTION_DECODE_ERROR` | [`constants::python_constant`](crate::constants::python_constant) | The integer 50 (`python_constant("ALERT_DESCRIPTION_DECODE_ERROR", v)`). An [`SniCallback`](crate::SniCallback) returns it as `Ok(Some(50))`. |
//! | `ALERT_DESCRIPTION_DECOMPRESSION_FAILURE` | [`constants::python_constant`](crate::constants::python_constant) | The integer 30 (`python_constant("ALERT_DESCRIPTION_DECOMPRESSION_FAILURE", v)`). An [`SniCallback`](crate::SniCallback) returns it as `Ok(Some(30))`. |
//! | `ALERT_DESCRIPTION_DECRYPT_ERROR` | [`constants::python_constant`](crate::constants::python_constant) | The integer 51 (`python_constant("ALERT_DESCRIPTION_DECRYPT_ERROR", v)`). An [`SniCallback`](crate::SniCallback) returns it as `Ok(Some(51))`. |
//! | `ALERT_DESCRIPTION_HANDSHAKE_FAILURE` | [`constants::python_constant`](crate::constants::python_constant) | The integer 40 (`python_constant("ALERT_DESCRIPTION_HANDSHAKE_FAILURE", v)`). An [`SniCallback`](crate::SniCallback) returns it as `Ok(Some(40))`. |
//! | `ALERT_DESCRIPTION_ILLEGAL_PARAMETER` | [`constants::python_constant`](crate::constants::python_constant) | The integer 47 (`python_constant("ALERT_DESCRIPTION_ILLEGAL_PARAMETER", v)`). An [`SniCallback`](crate::SniCallback) returns it as `Ok(Some(47))`. |
//! | `ALERT_DESCRIPTION_INSUFFICIENT_SECURITY` | [`constants::python_constant`](crate::constants::python_constant) | The integer 71 (`python_constant("ALERT_DESCRIPTION_INSUFFICIENT_SECURITY", v)`). An [`SniCallback`](crate::SniCallback) returns it as `Ok(Some(71))`. |
//! | `ALERT_DESCRIPTION_INTERNAL_ERROR` | [`constants::python_constant`](crate::constants::python_constant) | The integer 80 (`python_constant("ALERT_DESCRIPTION_INTERNAL_ERROR", v)`). An [`SniCallback`](crate::SniCallback) returns it as `Ok(Some(80))`. |
//! | `ALERT_DESCRIPTION_NO_RENEGOTIATION` | [`constants::python_constant`](crate::constants::python_constant) | The integer 100 (`python_constant("ALERT_DESCRIPTION_NO_RENEGOTIATION", v)`). An [`SniCallback`](crate::SniCallback) returns it as `Ok(Some(100))`. |
//! | `ALERT_DESCRIPTION_PROTOCOL_VERSION` | [`constants::python_constant`](crate::constants::python_constant) | The integer 70 (`python_constant("ALERT_DESCRIPTION_PROTOCOL_VERSION", v)`). An [`SniCallback`](crate::SniCallback) returns it as `Ok(Some(70))`. |
//! | `ALERT_DESCRIPTION_RECORD_OVERFLOW` | [`constants::python_constant`](crate::constants::python_constant) | The integer 22 (`python_constant("ALERT_DESCRIPTION_RECORD_OVERFLOW", v)`). An [`SniCallback`](crate::SniCallback) returns it as `Ok(Some(22))`. |
//! | `ALERT_DESCRIPTION_UNEXPECTED_MESSAGE` | [`constants::python_constant`](crate::constants::python_constant) | The integer 10 (`python_constant("ALERT_DESCRIPTION_UNEXPECTED_MESSAGE", v)`). An [`SniCallback`](crate::SniCallback) returns it as `Ok(Some(10))`. |
//! | `ALERT_DESCRIPTION_UNKNOWN_CA` | [`constants::python_constant`](crate::constants::python_constant) | The integer 48 (`python_constant("ALERT_DESCRIPTION_UNKNOWN_CA", v)`). An [`SniCallback`](crate::SniCallback) returns it as `Ok(Some(48))`. |
//! | `ALERT_DESCRIPTION_UNKNOWN_PSK_IDENTITY` | [`constants::python_constant`](crate::constants::python_constant) | The integer 115 (`python_constant("ALERT_DESCRIPTION_UNKNOWN_PSK_IDENTITY", v)`). An [`SniCallback`](crate::SniCallback) returns it as `Ok(Some(115))`. |
//! | `ALERT_DESCRIPTION_UNRECOGNIZED_NAME` | [`constants::python_constant`](crate::constants::python_constant) | The integer 112 (`python_constant("ALERT_DESCRIPTION_UNRECOGNIZED_NAME", v)`). An [`SniCallback`](crate::SniCallback) returns it as `Ok(Some(112))`. |
//! | `ALERT_DESCRIPTION_UNSUPPORTED_CERTIFICATE` | [`constants::python_constant`](crate::constants::python_constant) | The integer 43 (`python_constant("ALERT_DESCRIPTION_UNSUPPORTED_CERTIFICATE", v)`). An [`SniCallback`](crate::SniCallback) returns it as `Ok(Some(43))`. |
//! | `ALERT_DESCRIPTION_UNSUPPORTED_EXTENSION` | [`constants::python_constant`](crate::constants::python_constant) | The integer 110 (`python_constant("ALERT_DESCRIPTION_UNSUPPORTED_EXTENSION", v)`). An [`SniCallback`](crate::SniCallback) returns it as `Ok(Some(110))`. |
//! | `ALERT_DESCRIPTION_USER_CANCELLED` | [`constants::python_constant`](crate::constants::python_constant) | The integer 90 (`python_constant("ALERT_DESCRIPTION_USER_CANCELLED", v)`). An [`SniCallback`](crate::SniCallback) returns it as `Ok(Some(90))`. |
//! | `CERT_NONE` | [`VerifyMode::CertNone`](crate::VerifyMode::CertNone) | An enum variant (value 0): `ctx.set_verify_mode(VerifyMode::CertNone)?`. Turning `check_hostname` off must come first, as in CPython. |
//! | `CERT_OPTIONAL` | [`VerifyMode::CertOptional`](crate::VerifyMode::CertOptional) | An enum variant (value 1): `ctx.set_verify_mode(VerifyMode::CertOptional)?`. |
//! | `CERT_REQUIRED` | [`VerifyMode::CertRequired`](crate::VerifyMode::CertRequired) | An enum variant (value 2): `ctx.set_verify_mode(VerifyMode::CertRequired)?`. |
//! | `CHANNEL_BINDING_TYPES` | [`constants::CHANNEL_BINDING_TYPES`](crate::constants::CHANNEL_BINDING_TYPES) | `&[&str]` (`["tls-unique"]`). |
//! | `HAS_ALPN` | [`constants::has_flags`](crate::constants::has_flags) | A `(name, bool)` pair of `has_flags(version)`, which lists only the flags that release has. True on this OpenSSL. |
//! | `HAS_ECDH` | [`constants::has_flags`](crate::constants::has_flags) | A `(name, bool)` pair of `has_flags(version)`, which lists only the flags that release has. True on this OpenSSL. |
//! | `HAS_NEVER_CHECK_COMMON_NAME` | [`constants::has_flags`](crate::constants::has_flags) | A `(name, bool)` pair of `has_flags(version)`, which lists only the flags that release has. True (3.7+): `hostname_checks_common_name` can be turned off. |
//! | `HAS_NPN` | [`constants::has_flags`](crate::constants::has_flags) | A `(name, bool)` pair of `has_flags(version)`, which lists only the flags that release has. False on every CPython 3.6–3.14 here; pyssl has no NPN API. |
//! | `HAS_PHA` | [`constants::has_flags`](crate::constants::has_flags) | A `(name, bool)` pair of `has_flags(version)`, which lists only the flags that release has. New in 3.14; True on this OpenSSL (TLS 1.3 post-handshake authentication, [`SslContext::set_post_handshake_auth`](crate::SslContext::set_post_handshake_auth)). |
//! | `HAS_PSK` | [`constants::has_flags`](crate::constants::has_flags) | A `(name, bool)` pair of `has_flags(version)`, which lists only the flags that release has. True, as in CPython 3.13 and 3.14 on this OpenSSL. |
//! | `HAS_SNI` | [`constants::has_flags`](crate::constants::has_flags) | A `(name, bool)` pair of `has_flags(version)`, which lists only the flags that release has. True on this OpenSSL. |
//! | `HAS_SSLv2` | [`constants::has_flags`](crate::constants::has_flags) | A `(name, bool)` pair of `has_flags(version)`, which lists only the flags that release has. False: OpenSSL 1.1+ has no SSLv2. |
//! | `HAS_SSLv3` | [`constants::has_flags`](crate::constants::has_flags) | A `(name, bool)` pair of `has_flags(version)`, which lists only the flags that release has. False: this OpenSSL has no SSLv3 method. |
//! | `HAS_TLSv1` | [`constants::has_flags`](crate::constants::has_flags) | A `(name, bool)` pair of `has_flags(version)`, which lists only the flags that release has. True on this OpenSSL. |
//! | `HAS_TLSv1_1` | [`constants::has_flags`](crate::constants::has_flags) | A `(name, bool)` pair of `has_flags(version)`, which lists only the flags that release has. True on this OpenSSL. |
//! | `HAS_TLSv1_2` | [`constants::has_flags`](crate::constants::has_flags) | A `(name, bool)` pair of `has_flags(version)`, which lists only the flags that release has. True on this OpenSSL. |
//! | `HAS_TLSv1_3` | [`constants::has_flags`](crate::constants::has_flags) | A `(name, bool)` pair of `has_flags(version)`, which lists only the flags that release has. True on this OpenSSL. |
//! | `OPENSSL_VERSION` | [`functions::openssl_version`](crate::functions::openssl_version) | A function, not a constant: `openssl_version()` → `&'static str`, e.g. `"OpenSSL 3.0.19 27 Jan 2026"`. |
//! | `OPENSSL_VERSION_INFO` | [`functions::openssl_version_info`](crate::functions::openssl_version_info) | A function → `(u32, u32, u32, u32, u32)`, e.g. `(3, 0, 0, 19, 0)`. |
//! | `OPENSSL_VERSION_NUMBER` | [`functions::openssl_version_number`](crate::functions::openssl_version_number) | A function → `u64`, e.g. `0x30000130`. |
//! | `OP_ALL` | [`Options::ALL`](crate::Options::ALL) | `0x80000050`. `ctx.options \|= ssl.OP_ALL` → `ctx.set_options(ctx.options() \| Options::ALL)`. CPython's value: OpenSSL's `SSL_OP_ALL` without `SSL_OP_DONT_INSERT_EMPTY_FRAGMENTS`. |
//! | `OP_CIPHER_SERVER_PREFERENCE` | [`Options::CIPHER_SERVER_PREFERENCE`](crate::Options::CIPHER_SERVER_PREFERENCE) | `0x400000`. `ctx.options \|= ssl.OP_CIPHER_SERVER_PREFERENCE` → `ctx.set_options(ctx.options() \| Options::CIPHER_SERVER_PREFERENCE)`.  |
//! | `OP_ENABLE_KTLS` | [`Options::ENABLE_KTLS`](crate::Options::ENABLE_KTLS) | `0x8`. `ctx.options \|= ssl.OP_ENABLE_KTLS` → `ctx.set_options(ctx.options() \| Options::ENABLE_KTLS)`. CPython 3.12+. |
//! | `OP_ENABLE_MIDDLEBOX_COMPAT` | [`Options::ENABLE_MIDDLEBOX_COMPAT`](crate::Options::ENABLE_MIDDLEBOX_COMPAT) | `0x100000`. `ctx.options \|= ssl.OP_ENABLE_MIDDLEBOX_COMPAT` → `ctx.set_options(ctx.options() \| Options::ENABLE_MIDDLEBOX_COMPAT)`.  |
//! | `OP_IGNORE_UNEXPECTED_EOF` | [`Options::IGNORE_UNEXPECTED_EOF`](crate::Options::IGNORE_UNEXPECTED_EOF) | `0x80`. `ctx.options \|= ssl.OP_IGNORE_UNEXPECTED_EOF` → `ctx.set_options(ctx.options() \| Options::IGNORE_UNEXPECTED_EOF)`. CPython 3.8+. |
//! | `OP_LEGACY_SERVER_CONNECT` | [`Options::LEGACY_SERVER_CONNECT`](crate::Options::LEGACY_SERVER_CONNECT) | `0x4`. `ctx.options \|= ssl.OP_LEGACY_SERVER_CONNECT` → `ctx.set_options(ctx.options() \| Options::LEGACY_SERVER_CONNECT)`. CPython 3.12+. |
//! | `OP_NO_COMPRESSION` | [`Options::NO_COMPRESSION`](crate::Options::NO_COMPRESSION) | `0x20000`. `ctx.options \|= ssl.OP_NO_COMPRESSION` → `ctx.set_options(ctx.options() \| Options::NO_COMPRESSION)`.  |
//! | `OP_NO_RENEGOTIATION` | [`Options::NO_RENEGOTIATION`](crate::Options::NO_RENEGOTIATION) | `0x40000000`. `ctx.options \|= ssl.OP_NO_RENEGOTIATION` → `ctx.set_options(ctx.options() \| Options::NO_RENEGOTIATION)`. CPython 3.7+. |
//! | `OP_NO_SSLv2` | [`Options::NO_SSLV2`](crate::Options::NO_SSLV2) | `0x0`. `ctx.options \|= ssl.OP_NO_SSLv2` → `ctx.set_options(ctx.options() \| Options::NO_SSLV2)`. **0**: setting it does nothing (see [Correcting the record](#op_no_sslv2-is-0)). |
//! | `OP_NO_SSLv3` | [`Options::NO_SSLV3`](crate::Options::NO_SSLV3) | `0x2000000`. `ctx.options \|= ssl.OP_NO_SSLv3` → `ctx.set_options(ctx.options() \| Options::NO_SSLV3)`. Already set in every new context. |
//! | `OP_NO_TICKET` | [`Options::NO_TICKET`](crate::Options::NO_TICKET) | `0x4000`. `ctx.options \|= ssl.OP_NO_TICKET` → `ctx.set_options(ctx.options() \| Options::NO_TICKET)`. Makes TLS 1.3 tickets stateful; does not turn resumption off (see [Correcting the record](#op_no_ticket-and-forward-secrecy-under-tls-13)). |
//! | `OP_NO_TLSv1` | [`Options::NO_TLSV1`](crate::Options::NO_TLSV1) | `0x4000000`. `ctx.options \|= ssl.OP_NO_TLSv1` → `ctx.set_options(ctx.options() \| Options::NO_TLSV1)`. Deprecated (3.10 warns): set `minimum_version` instead. |
//! | `OP_NO_TLSv1_1` | [`Options::NO_TLSV1_1`](crate::Options::NO_TLSV1_1) | `0x10000000`. `ctx.options \|= ssl.OP_NO_TLSv1_1` → `ctx.set_options(ctx.options() \| Options::NO_TLSV1_1)`. Deprecated (3.10 warns): set `minimum_version` instead. |
//! | `OP_NO_TLSv1_2` | [`Options::NO_TLSV1_2`](crate::Options::NO_TLSV1_2) | `0x8000000`. `ctx.options \|= ssl.OP_NO_TLSv1_2` → `ctx.set_options(ctx.options() \| Options::NO_TLSV1_2)`. Deprecated (3.10 warns): set `minimum_version`/`maximum_version` instead. |
//! | `OP_NO_TLSv1_3` | [`Options::NO_TLSV1_3`](crate::Options::NO_TLSV1_3) | `0x20000000`. `ctx.options \|= ssl.OP_NO_TLSv1_3` → `ctx.set_options(ctx.options() \| Options::NO_TLSV1_3)`. Deprecated (3.10 warns): set `maximum_version` instead. |
//! | `OP_SINGLE_DH_USE` | [`Options::SINGLE_DH_USE`](crate::Options::SINGLE_DH_USE) | `0x0`. `ctx.options \|= ssl.OP_SINGLE_DH_USE` → `ctx.set_options(ctx.options() \| Options::SINGLE_DH_USE)`. 0 on OpenSSL 1.1+: does nothing. |
//! | `OP_SINGLE_ECDH_USE` | [`Options::SINGLE_ECDH_USE`](crate::Options::SINGLE_ECDH_USE) | `0x0`. `ctx.options \|= ssl.OP_SINGLE_ECDH_USE` → `ctx.set_options(ctx.options() \| Options::SINGLE_ECDH_USE)`. 0 on OpenSSL 1.1+: does nothing. |
//! | `PEM_FOOTER` | [`functions::PEM_FOOTER`](crate::functions::PEM_FOOTER) | `&str`: `"-----END CERTIFICATE-----"`. |
//! | `PEM_HEADER` | [`functions::PEM_HEADER`](crate::functions::PEM_HEADER) | `&str`: `"-----BEGIN CERTIFICATE-----"`. |
//! | `PROTOCOL_SSLv23` | [`Protocol::Tls`](crate::Protocol::Tls) | An enum variant (value 2): `SslContext::new(Protocol::Tls)`. The old name of `PROTOCOL_TLS` (the same value, 2); deprecated, see below. |
//! | `PROTOCOL_TLS` | [`Protocol::Tls`](crate::Protocol::Tls) | An enum variant (value 2): `SslContext::new(Protocol::Tls)`. Negotiates the highest common version on either side; deprecated since 3.10 (a recorded `DeprecationWarning`) and verifies nothing by default (see [Correcting the record](#what-protocol_tls-means-today)). Use `TlsClient`/`TlsServer`. |
//! | `PROTOCOL_TLS_CLIENT` | [`Protocol::TlsClient`](crate::Protocol::TlsClient) | An enum variant (value 16): `SslContext::new(Protocol::TlsClient)`. A client context: `CERT_REQUIRED` and `check_hostname` on by default. |
//! | `PROTOCOL_TLS_SERVER` | [`Protocol::TlsServer`](crate::Protocol::TlsServer) | An enum variant (value 17): `SslContext::new(Protocol::TlsServer)`. A server context. |
//! | `PROTOCOL_TLSv1` | [`Protocol::TlsV1`](crate::Protocol::TlsV1) | An enum variant (value 3): `SslContext::new(Protocol::TlsV1)`. TLS 1.0 only; deprecated (3.10 warns). |
//! | `PROTOCOL_TLSv1_1` | [`Protocol::TlsV1_1`](crate::Protocol::TlsV1_1) | An enum variant (value 4): `SslContext::new(Protocol::TlsV1_1)`. TLS 1.1 only; deprecated (3.10 warns). |
//! | `PROTOCOL_TLSv1_2` | [`Protocol::TlsV1_2`](crate::Protocol::TlsV1_2) | An enum variant (value 5): `SslContext::new(Protocol::TlsV1_2)`. TLS 1.2 only; deprecated (3.10 warns): use `TlsClient` with `maximum_version`. |
//! | `SSL_ERROR_EOF` | [`constants::python_constant`](crate::constants::python_constant) | The integer 8 (`python_constant("SSL_ERROR_EOF", v)`); `e.errno == ssl.SSL_ERROR_EOF` → `e.errno() == Some(8)`. Matches [`ErrorKind::Eof`](crate::ErrorKind::Eof). |
//! | `SSL_ERROR_INVALID_ERROR_CODE` | [`constants::python_constant`](crate::constants::python_constant) | The integer 10 (`python_constant("SSL_ERROR_INVALID_ERROR_CODE", v)`); `e.errno == ssl.SSL_ERROR_INVALID_ERROR_CODE` → `e.errno() == Some(10)`. |
//! | `SSL_ERROR_SSL` | [`constants::python_constant`](crate::constants::python_constant) | The integer 1 (`python_constant("SSL_ERROR_SSL", v)`); `e.errno == ssl.SSL_ERROR_SSL` → `e.errno() == Some(1)`. Matches [`ErrorKind::Ssl`](crate::ErrorKind::Ssl) / [`ErrorKind::CertVerification`](crate::ErrorKind::CertVerification). |
//! | `SSL_ERROR_SYSCALL` | [`constants::python_constant`](crate::constants::python_constant) | The integer 5 (`python_constant("SSL_ERROR_SYSCALL", v)`); `e.errno == ssl.SSL_ERROR_SYSCALL` → `e.errno() == Some(5)`. Matches [`ErrorKind::Syscall`](crate::ErrorKind::Syscall). |
//! | `SSL_ERROR_WANT_CONNECT` | [`constants::python_constant`](crate::constants::python_constant) | The integer 7 (`python_constant("SSL_ERROR_WANT_CONNECT", v)`); `e.errno == ssl.SSL_ERROR_WANT_CONNECT` → `e.errno() == Some(7)`. |
//! | `SSL_ERROR_WANT_READ` | [`constants::python_constant`](crate::constants::python_constant) | The integer 2 (`python_constant("SSL_ERROR_WANT_READ", v)`); `e.errno == ssl.SSL_ERROR_WANT_READ` → `e.errno() == Some(2)`. Matches [`ErrorKind::WantRead`](crate::ErrorKind::WantRead). |
//! | `SSL_ERROR_WANT_WRITE` | [`constants::python_constant`](crate::constants::python_constant) | The integer 3 (`python_constant("SSL_ERROR_WANT_WRITE", v)`); `e.errno == ssl.SSL_ERROR_WANT_WRITE` → `e.errno() == Some(3)`. Matches [`ErrorKind::WantWrite`](crate::ErrorKind::WantWrite). |
//! | `SSL_ERROR_WANT_X509_LOOKUP` | [`constants::python_constant`](crate::constants::python_constant) | The integer 4 (`python_constant("SSL_ERROR_WANT_X509_LOOKUP", v)`); `e.errno == ssl.SSL_ERROR_WANT_X509_LOOKUP` → `e.errno() == Some(4)`. |
//! | `SSL_ERROR_ZERO_RETURN` | [`constants::python_constant`](crate::constants::python_constant) | The integer 6 (`python_constant("SSL_ERROR_ZERO_RETURN", v)`); `e.errno == ssl.SSL_ERROR_ZERO_RETURN` → `e.errno() == Some(6)`. Matches [`ErrorKind::ZeroReturn`](crate::ErrorKind::ZeroReturn). |
//! | `VERIFY_ALLOW_PROXY_CERTS` | [`VerifyFlags::ALLOW_PROXY_CERTS`](crate::VerifyFlags::ALLOW_PROXY_CERTS) | `0x40`. `ctx.verify_flags \|= ssl.VERIFY_ALLOW_PROXY_CERTS` → `ctx.set_verify_flags(ctx.verify_flags() \| VerifyFlags::ALLOW_PROXY_CERTS)?`. |
//! | `VERIFY_CRL_CHECK_CHAIN` | [`VerifyFlags::CRL_CHECK_CHAIN`](crate::VerifyFlags::CRL_CHECK_CHAIN) | `0xc`. `ctx.verify_flags \|= ssl.VERIFY_CRL_CHECK_CHAIN` → `ctx.set_verify_flags(ctx.verify_flags() \| VerifyFlags::CRL_CHECK_CHAIN)?`. |
//! | `VERIFY_CRL_CHECK_LEAF` | [`VerifyFlags::CRL_CHECK_LEAF`](crate::VerifyFlags::CRL_CHECK_LEAF) | `0x4`. `ctx.verify_flags \|= ssl.VERIFY_CRL_CHECK_LEAF` → `ctx.set_verify_flags(ctx.verify_flags() \| VerifyFlags::CRL_CHECK_LEAF)?`. Needs CRLs loaded with `load_verify_locations`. |
//! | `VERIFY_DEFAULT` | [`VerifyFlags::DEFAULT`](crate::VerifyFlags::DEFAULT) | `0x0`. `ctx.verify_flags \|= ssl.VERIFY_DEFAULT` → `ctx.set_verify_flags(ctx.verify_flags() \| VerifyFlags::DEFAULT)?`. |
//! | `VERIFY_X509_PARTIAL_CHAIN` | [`VerifyFlags::X509_PARTIAL_CHAIN`](crate::VerifyFlags::X509_PARTIAL_CHAIN) | `0x80000`. `ctx.verify_flags \|= ssl.VERIFY_X509_PARTIAL_CHAIN` → `ctx.set_verify_flags(ctx.verify_flags() \| VerifyFlags::X509_PARTIAL_CHAIN)?`. Set by `create_default_context` from 3.13 on. |
//! | `VERIFY_X509_STRICT` | [`VerifyFlags::X509_STRICT`](crate::VerifyFlags::X509_STRICT) | `0x20`. `ctx.verify_flags \|= ssl.VERIFY_X509_STRICT` → `ctx.set_verify_flags(ctx.verify_flags() \| VerifyFlags::X509_STRICT)?`. Set by `create_default_context` from 3.13 on. |
//! | `VERIFY_X509_TRUSTED_FIRST` | [`VerifyFlags::X509_TRUSTED_FIRST`](crate::VerifyFlags::X509_TRUSTED_FIRST) | `0x8000`. `ctx.verify_flags \|= ssl.VERIFY_X509_TRUSTED_FIRST` → `ctx.set_verify_flags(ctx.verify_flags() \| VerifyFlags::X509_TRUSTED_FIRST)?`. Set in every new context. |
//!
//! ## `SSLContext`
//!
//! `ctx` is an [`SslContext`](crate::SslContext). Methods take `&self`: a context
//! is shared (cloned) between threads and connections and stays mutable, as in
//! CPython.
//!
//! | CPython 3.14 | Rust | How the call differs |
//! |---|---|---|
//! | `SSLContext.cert_store_stats` | [`SslContext::cert_store_stats`](crate::SslContext::cert_store_stats) | Returns the struct [`CertStoreStats`](crate::CertStoreStats) (`x509`, `crl`, `x509_ca`) instead of a dict. |
//! | `SSLContext.check_hostname` | [`SslContext::check_hostname`](crate::SslContext::check_hostname) | Property → `check_hostname()` / [`set_check_hostname(bool)`](crate::SslContext::set_check_hostname)`?`; turning it on under `CERT_NONE` switches to `CERT_REQUIRED` (3.7+), as in CPython. |
//! | `SSLContext.get_ca_certs` | [`SslContext::get_ca_certs`](crate::SslContext::get_ca_certs) | `get_ca_certs()` → `Result<Vec<PeerCertificate>>` (each the `getpeercert()` dict as a [`PeerCertificate`](crate::PeerCertificate)); `binary_form=True` → [`get_ca_certs_der`](crate::SslContext::get_ca_certs_der) → `Vec<Vec<u8>>`. |
//! | `SSLContext.get_ciphers` | [`SslContext::get_ciphers`](crate::SslContext::get_ciphers) | → `Vec<CipherInfo>`: one [`CipherInfo`](crate::CipherInfo) struct per dict, same keys as fields. |
//! | `SSLContext.hostname_checks_common_name` | [`SslContext::hostname_checks_common_name`](crate::SslContext::hostname_checks_common_name) | Property → getter / [`set_hostname_checks_common_name`](crate::SslContext::set_hostname_checks_common_name), both `Result` (`AttributeError` before 3.7). |
//! | `SSLContext.keylog_filename` | [`SslContext::keylog_filename`](crate::SslContext::keylog_filename) | Property → `keylog_filename()` → `Result<Option<PathBuf>>` / [`set_keylog_filename(Option<&Path>)`](crate::SslContext::set_keylog_filename)`?`. |
//! | `SSLContext.load_cert_chain` | [`SslContext::load_cert_chain`](crate::SslContext::load_cert_chain) | `(certfile, keyfile: Option<&Path>, password: Option<Password>)`, positional. `password=` is a [`Password`](crate::Password): `Str`, `Bytes` or `Callback` (a closure returning a [`PasswordValue`](crate::PasswordValue)). Without a password an encrypted key fails (`[SSL] PEM lib`) instead of prompting on the terminal. |
//! | `SSLContext.load_default_certs` | [`SslContext::load_default_certs`](crate::SslContext::load_default_certs) | `purpose` is required: `load_default_certs(Purpose::ServerAuth)?`. |
//! | `SSLContext.load_dh_params` | [`SslContext::load_dh_params`](crate::SslContext::load_dh_params) | `path: impl AsRef<Path>` → `Result<()>`. |
//! | `SSLContext.load_verify_locations` | [`SslContext::load_verify_locations`](crate::SslContext::load_verify_locations) | `(cafile: Option<&Path>, capath: Option<&Path>, cadata: Option<CaData>)`, positional; `cadata` is [`CaData::Pem`](crate::CaData::Pem)`(&str)` or [`CaData::Der`](crate::CaData::Der)`(&[u8])`. All three `None` is CPython's `TypeError`. |
//! | `SSLContext.maximum_version` | [`SslContext::maximum_version`](crate::SslContext::maximum_version) | Property → `maximum_version()?` → [`TlsVersion`](crate::TlsVersion) / [`set_maximum_version`](crate::SslContext::set_maximum_version)`(TlsVersion::TlsV1_2)?`; a raw int → [`set_proto_version_value`](crate::SslContext::set_proto_version_value). |
//! | `SSLContext.minimum_version` | [`SslContext::minimum_version`](crate::SslContext::minimum_version) | Property → `minimum_version()?` / [`set_minimum_version`](crate::SslContext::set_minimum_version)`(TlsVersion::TlsV1_2)?`. |
//! | `SSLContext.num_tickets` | [`SslContext::num_tickets`](crate::SslContext::num_tickets) | Property → `num_tickets()?` → `i64` / [`set_num_tickets(i64)`](crate::SslContext::set_num_tickets)`?` (`PROTOCOL_TLS_SERVER` contexts only, `ValueError` otherwise). `0` turns TLS 1.3 resumption off. |
//! | `SSLContext.options` | [`SslContext::options`](crate::SslContext::options) | Property → `options()` → [`Options`](crate::Options) / [`set_options(Options)`](crate::SslContext::set_options) (clears what is no longer set, like the Python setter). The int CPython shows is [`options_value`](crate::SslContext::options_value); a raw int with CPython's range checks is [`set_options_value`](crate::SslContext::set_options_value). |
//! | `SSLContext.post_handshake_auth` | [`SslContext::post_handshake_auth`](crate::SslContext::post_handshake_auth) | Property → getter / [`set_post_handshake_auth(bool)`](crate::SslContext::set_post_handshake_auth). |
//! | `SSLContext.protocol` | [`SslContext::protocol`](crate::SslContext::protocol) | Read-only → [`Protocol`](crate::Protocol); no setter. |
//! | `SSLContext.security_level` | [`SslContext::security_level`](crate::SslContext::security_level) | Read-only → `Result<u32>` (3.10+); change it with `@SECLEVEL=n` in `set_ciphers`. |
//! | `SSLContext.session_stats` | [`SslContext::session_stats`](crate::SslContext::session_stats) | Returns the struct [`SessionStats`](crate::SessionStats) (the dict's keys as fields). |
//! | `SSLContext.set_alpn_protocols` | [`SslContext::set_alpn_protocols`](crate::SslContext::set_alpn_protocols) | `&[impl AsRef<str>]`, e.g. `&["h2", "http/1.1"]`; CPython's `UnicodeEncodeError`/`SSLError` for bad names. |
//! | `SSLContext.set_ciphers` | [`SslContext::set_ciphers`](crate::SslContext::set_ciphers) | `&str` → `Result<()>`; only TLS ≤ 1.2 suites, as in CPython (see [Correcting the record](#set_ciphershighrc4md53des-weakens-the-default)). |
//! | `SSLContext.set_default_verify_paths` | [`SslContext::set_default_verify_paths`](crate::SslContext::set_default_verify_paths) | `Result<()>`. |
//! | `SSLContext.set_ecdh_curve` | [`SslContext::set_ecdh_curve`](crate::SslContext::set_ecdh_curve) | `name: &str`; an unknown name is CPython's `ValueError`. |
//! | `SSLContext.set_npn_protocols` | — | Not applicable: NPN is gone. On 3.13 and 3.14 the method warns and then fails with `AttributeError: 'SSLContext' object has no attribute '_set_npn_protocols'` (observed); `HAS_NPN` is False. Use [`set_alpn_protocols`](crate::SslContext::set_alpn_protocols). |
//! | `SSLContext.set_psk_client_callback` | [`SslContext::set_psk_client_callback`](crate::SslContext::set_psk_client_callback) | 3.13+. The callback gets the hint (`Option<&str>`) and returns `Ok((identity, key))`; an error is reported like an unraisable exception and no PSK is used. |
//! | `SSLContext.set_psk_server_callback` | [`SslContext::set_psk_server_callback`](crate::SslContext::set_psk_server_callback) | 3.13+. `identity_hint` is the second argument (`Option<&str>`); the callback gets the identity and returns the key. |
//! | `SSLContext.set_servername_callback` | [`SslContext::set_servername_callback`](crate::SslContext::set_servername_callback) | `Option<Arc<SniCallback>>`; the callback gets an [`SniConnection`](crate::SniConnection) (not the `SSLSocket`), the name and the context, and returns `Ok(None)`, `Ok(Some(alert))` or an error. |
//! | `SSLContext.sni_callback` | [`SslContext::sni_callback`](crate::SslContext::sni_callback) | Property → `sni_callback()` / [`set_sni_callback`](crate::SslContext::set_sni_callback)`(Some(Arc::new(\|conn, name, ctx\| …)))?`; see [`SniCallback`](crate::SniCallback). Errors from the callback are reported like unraisable exceptions ([`warnings::take_unraisable`](crate::warnings::take_unraisable)). |
//! | `SSLContext.sslobject_class` | — | Not applicable: a subclass hook (`ctx.sslobject_class = MySSLObject`). Rust has no class substitution: `wrap_bio` always returns an [`SslObject`](crate::SslObject); wrap it in your own type. |
//! | `SSLContext.sslsocket_class` | — | Not applicable, as `sslobject_class`: `wrap_socket` always returns an [`SslSocket`](crate::SslSocket). |
//! | `SSLContext.verify_flags` | [`SslContext::verify_flags`](crate::SslContext::verify_flags) | Property → `verify_flags()` → [`VerifyFlags`](crate::VerifyFlags) / [`set_verify_flags`](crate::SslContext::set_verify_flags)`?` (raw int: [`set_verify_flags_value`](crate::SslContext::set_verify_flags_value)). |
//! | `SSLContext.verify_mode` | [`SslContext::verify_mode`](crate::SslContext::verify_mode) | Property → `verify_mode()` → [`VerifyMode`](crate::VerifyMode) / [`set_verify_mode`](crate::SslContext::set_verify_mode)`?` (`ValueError` for `CERT_NONE` while `check_hostname` is on). |
//! | `SSLContext.wrap_bio` | [`SslContext::wrap_bio`](crate::SslContext::wrap_bio) | `(incoming: &MemoryBio, outgoing: &MemoryBio, server_side: bool, server_hostname: Option<&str>, session: Option<&SslSession>)`, positional → [`SslObject`](crate::SslObject). |
//! | `SSLContext.wrap_socket` | [`SslContext::wrap_socket`](crate::SslContext::wrap_socket) | `(sock, WrapOptions)`: the keywords are [`WrapOptions`](crate::WrapOptions) (`WrapOptions::new().server_hostname("example.org")`, `.server_side(true)`, `.do_handshake_on_connect(false)`, `.suppress_ragged_eofs(false)`, `.session(s)`, `.timeout(t)` for a timeout set before wrapping). Takes a *connected* `TcpStream`/`UnixStream` by value. For a transport that is not a socket: [`wrap_stream`](crate::SslContext::wrap_stream). |
//!
//! ## `SSLSocket`
//!
//! The rows are what `SSLSocket` adds to `socket.socket`
//! (`set(dir(ssl.SSLSocket)) - set(dir(socket.socket))`); the socket methods
//! it overrides (`recv`, `send`, `sendall`, `settimeout`, `close`…) are in
//! [Other names you may meet](#other-names-you-may-meet). `s` is an
//! [`SslSocket`](crate::SslSocket); methods that do I/O take `&mut self`.
//!
//! One thread blocked in `recv()` while another sends on the same socket
//! works in CPython: `_ssl.c` waits for the socket holding no lock (3.14's
//! `test_thread_recv_while_main_thread_sends`, gh-137583). Wrapping an
//! `SslSocket` in a `Mutex` and blocking in `recv` while holding it
//! deadlocks that program instead. Port it the way `conformance/` does:
//! `settimeout(Some(Duration::ZERO))`, one call per lock, and on
//! `SSLWantReadError`/`SSLWantWriteError` drop the lock and wait for the
//! descriptor (`poll`, up to your timeout) before trying again.
//!
//! | CPython 3.14 | Rust | How the call differs |
//! |---|---|---|
//! | `SSLSocket.cipher` | [`SslSocket::cipher`](crate::SslSocket::cipher) | → `Option<(String, String, i32)>` (`None` before the handshake). |
//! | `SSLSocket.compression` | [`SslSocket::compression`](crate::SslSocket::compression) | → `Option<String>` (`None` when no compression was negotiated). |
//! | `SSLSocket.context` | [`SslSocket::context`](crate::SslSocket::context) | Property → `context()` → [`SslContext`](crate::SslContext) / [`set_context`](crate::SslSocket::set_context)`(&ctx)?`. |
//! | `SSLSocket.do_handshake` | [`SslSocket::do_handshake`](crate::SslSocket::do_handshake) | `Result<()>`; non-blocking: `ErrorKind::WantRead`/`WantWrite`, retry when ready. `do_handshake(block=True)` on a non-blocking socket (blocks just for the handshake) → `setblocking(true)?`, `do_handshake()?`, `setblocking(false)?`. |
//! | `SSLSocket.get_channel_binding` | [`SslSocket::get_channel_binding`](crate::SslSocket::get_channel_binding) | `cb_type` is required: `get_channel_binding("tls-unique")?` → `Option<Vec<u8>>`. |
//! | `SSLSocket.get_unverified_chain` | [`SslSocket::get_unverified_chain`](crate::SslSocket::get_unverified_chain) | → `Vec<Vec<u8>>` (DER, as sent by the peer; empty before the handshake, as in CPython). |
//! | `SSLSocket.get_verified_chain` | [`SslSocket::get_verified_chain`](crate::SslSocket::get_verified_chain) | → `Vec<Vec<u8>>` (DER, leaf first). On 3.13+ CPython returns [`Certificate`](crate::Certificate) objects: `Certificate::from_der` on each. |
//! | `SSLSocket.getpeercert` | [`SslSocket::getpeercert`](crate::SslSocket::getpeercert) | → `Result<`[`PeerCert`](crate::PeerCert)`>`: `PeerCert::NoCertificate` is Python's `None`, `PeerCert::NotValidated` is `{}` (not verified, so not decoded), `PeerCert::Validated(cert)` the dict as a [`PeerCertificate`](crate::PeerCertificate) (`.certificate()` gives it). `binary_form=True` → [`getpeercert_der`](crate::SslSocket::getpeercert_der) → `Result<Option<Vec<u8>>>`. |
//! | `SSLSocket.pending` | [`SslSocket::pending`](crate::SslSocket::pending) | → `usize`. |
//! | `SSLSocket.read` | [`SslSocket::read`](crate::SslSocket::read) | `len` is required (CPython's default is 1024): `read(1024)?` → `Vec<u8>`; `read(len, buffer)` → [`read_into(&mut buf)`](crate::SslSocket::read_into) → count. Empty at a clean close, or at a ragged EOF when `suppress_ragged_eofs`. |
//! | `SSLSocket.selected_alpn_protocol` | [`SslSocket::selected_alpn_protocol`](crate::SslSocket::selected_alpn_protocol) | → `Option<String>`. |
//! | `SSLSocket.selected_npn_protocol` | — | Not applicable: always `None` on 3.13 and 3.14 (after a `DeprecationWarning`); NPN is gone. Use [`selected_alpn_protocol`](crate::SslSocket::selected_alpn_protocol). |
//! | `SSLSocket.session` | [`SslSocket::session`](crate::SslSocket::session) | Property → `session()` → `Option<SslSession>` / [`set_session(&s)`](crate::SslSocket::set_session)`?` (before the handshake; usually passed as [`WrapOptions::session`](crate::WrapOptions::session) instead). As in CPython, one session can be offered to any number of connections, even ones closed without `unwrap()`: up to 3.13 each connection gets a copy (`_ssl_session_dup`), 3.14 shares it and marks connections shut down when they are freed. |
//! | `SSLSocket.session_reused` | [`SslSocket::session_reused`](crate::SslSocket::session_reused) | → `Option<bool>` (`None` once unwrapped, as in CPython). |
//! | `SSLSocket.shared_ciphers` | [`SslSocket::shared_ciphers`](crate::SslSocket::shared_ciphers) | → `Option<Vec<(String, String, i32)>>`. |
//! | `SSLSocket.unwrap` | [`SslSocket::unwrap`](crate::SslSocket::unwrap) | The TLS shutdown; returns the plain socket (`&mut S`), as CPython returns it. The `SslSocket` is then a plain socket too (`recv`/`send` unencrypted); [`into_inner`](crate::SslSocket::into_inner) takes the stream back. STARTTLS-style protocols: [`makefile::SocketFile`](crate::makefile::SocketFile). |
//! | `SSLSocket.verify_client_post_handshake` | [`SslSocket::verify_client_post_handshake`](crate::SslSocket::verify_client_post_handshake) | `Result<()>`. |
//! | `SSLSocket.version` | [`SslSocket::version`](crate::SslSocket::version) | → `Option<String>`, e.g. `Some("TLSv1.3")`. |
//! | `SSLSocket.write` | [`SslSocket::write`](crate::SslSocket::write) | `data: &[u8]` → `Result<usize>`. |
//!
//! ## `SSLObject`
//!
//! `obj` is an [`SslObject`](crate::SslObject) from
//! [`SslContext::wrap_bio`](crate::SslContext::wrap_bio). It never blocks:
//! a call that needs input fails with `ErrorKind::WantRead`, exactly when
//! CPython raises `SSLWantReadError` (see the `memorybio_client` example).
//!
//! | CPython 3.14 | Rust | How the call differs |
//! |---|---|---|
//! | `SSLObject.cipher` | [`SslObject::cipher`](crate::SslObject::cipher) | → `Option<(String, String, i32)>`. |
//! | `SSLObject.compression` | [`SslObject::compression`](crate::SslObject::compression) | → `Option<String>`. |
//! | `SSLObject.context` | [`SslObject::context`](crate::SslObject::context) | Property → `context()` / [`set_context`](crate::SslObject::set_context)`(&ctx)?`. Inside an SNI callback use [`SniConnection::set_context`](crate::SniConnection::set_context). |
//! | `SSLObject.do_handshake` | [`SslObject::do_handshake`](crate::SslObject::do_handshake) | `Result<()>`; `ErrorKind::WantRead` until the peer's bytes are in the incoming BIO. |
//! | `SSLObject.get_channel_binding` | [`SslObject::get_channel_binding`](crate::SslObject::get_channel_binding) | `get_channel_binding("tls-unique")?` → `Option<Vec<u8>>`. |
//! | `SSLObject.get_unverified_chain` | [`SslObject::get_unverified_chain`](crate::SslObject::get_unverified_chain) | → `Vec<Vec<u8>>` (DER). |
//! | `SSLObject.get_verified_chain` | [`SslObject::get_verified_chain`](crate::SslObject::get_verified_chain) | → `Vec<Vec<u8>>` (DER, leaf first). On 3.13+ CPython returns [`Certificate`](crate::Certificate) objects: `Certificate::from_der` on each. |
//! | `SSLObject.getpeercert` | [`SslObject::getpeercert`](crate::SslObject::getpeercert) | As `SSLSocket.getpeercert`; `binary_form=True` → [`getpeercert_der`](crate::SslObject::getpeercert_der). |
//! | `SSLObject.pending` | [`SslObject::pending`](crate::SslObject::pending) | → `usize`. |
//! | `SSLObject.read` | [`SslObject::read`](crate::SslObject::read) | `read(len)?` → `Vec<u8>` (`len` required); into a buffer → [`read_into`](crate::SslObject::read_into); a raw, possibly negative size → [`read_size(i64)`](crate::SslObject::read_size). |
//! | `SSLObject.selected_alpn_protocol` | [`SslObject::selected_alpn_protocol`](crate::SslObject::selected_alpn_protocol) | → `Option<String>`. |
//! | `SSLObject.selected_npn_protocol` | — | Not applicable: on 3.13 and 3.14 it warns and returns `None`; use [`selected_alpn_protocol`](crate::SslObject::selected_alpn_protocol). |
//! | `SSLObject.server_hostname` | [`SslObject::server_hostname`](crate::SslObject::server_hostname) | Read-only → `Option<&str>` (the IDNA A-label from 3.7 on). |
//! | `SSLObject.server_side` | [`SslObject::server_side`](crate::SslObject::server_side) | Read-only → `bool`. |
//! | `SSLObject.session` | [`SslObject::session`](crate::SslObject::session) | Property → `session()` / [`set_session(&s)`](crate::SslObject::set_session)`?`. |
//! | `SSLObject.session_reused` | [`SslObject::session_reused`](crate::SslObject::session_reused) | → `bool`. |
//! | `SSLObject.shared_ciphers` | [`SslObject::shared_ciphers`](crate::SslObject::shared_ciphers) | → `Option<Vec<(String, String, i32)>>`. |
//! | `SSLObject.unwrap` | [`SslObject::unwrap`](crate::SslObject::unwrap) | `Result<()>`; `ErrorKind::WantRead` until the peer's close_notify has been fed in. |
//! | `SSLObject.verify_client_post_handshake` | [`SslObject::verify_client_post_handshake`](crate::SslObject::verify_client_post_handshake) | `Result<()>`. |
//! | `SSLObject.version` | [`SslObject::version`](crate::SslObject::version) | → `Option<String>`. |
//! | `SSLObject.write` | [`SslObject::write`](crate::SslObject::write) | `data: &[u8]` → `Result<usize>`. |
//!
//! ## `MemoryBIO`
//!
//! | CPython 3.14 | Rust | How the call differs |
//! |---|---|---|
//! | `MemoryBIO.eof` | [`MemoryBio::eof`](crate::MemoryBio::eof) | Property → method `eof()` → `bool`. |
//! | `MemoryBIO.pending` | [`MemoryBio::pending`](crate::MemoryBio::pending) | Property → method `pending()` → `usize`. |
//! | `MemoryBIO.read` | [`MemoryBio::read`](crate::MemoryBio::read) | `read()` (all) → `read(None)`; `read(n)` → `read(Some(n))`; → `Vec<u8>`. |
//! | `MemoryBIO.write` | [`MemoryBio::write`](crate::MemoryBio::write) | `data: &[u8]` → `Result<usize>` (`SSLError` after `write_eof()`). Takes `&self`: the handles are shared. |
//! | `MemoryBIO.write_eof` | [`MemoryBio::write_eof`](crate::MemoryBio::write_eof) | `write_eof()`; takes `&self`, like `write`. |
//!
//! ## `SSLSession`
//!
//! Every attribute is read-only and becomes a method.
//!
//! | CPython 3.14 | Rust | How the call differs |
//! |---|---|---|
//! | `SSLSession.has_ticket` | [`SslSession::has_ticket`](crate::SslSession::has_ticket) | → `bool`. |
//! | `SSLSession.id` | [`SslSession::id`](crate::SslSession::id) | → `Vec<u8>` (`bytes`). |
//! | `SSLSession.ticket_lifetime_hint` | [`SslSession::ticket_lifetime_hint`](crate::SslSession::ticket_lifetime_hint) | → `u64` (seconds). |
//! | `SSLSession.time` | [`SslSession::time`](crate::SslSession::time) | → `i64` (seconds since the epoch). |
//! | `SSLSession.timeout` | [`SslSession::timeout`](crate::SslSession::timeout) | → `i64` (seconds). |
//!
//! ## asyncio (feature `tokio`)
//!
//! asyncio's TLS is not part of `ssl`, but most ported TLS code uses it. The `asyncio`
//! module (with the `tokio` feature) keeps `sslproto.py`'s behaviour for the release of the
//! context: the handshake and shutdown timeouts and their texts, ragged EOF read as EOF, no
//! half-close, close_notify answered and awaited.
//!
//! | asyncio | Rust (`pyssl::asyncio`) | Notes |
//! |---|---|---|
//! | `asyncio.open_connection(host, port, ssl=ctx, server_hostname=…, ssl_handshake_timeout=…, ssl_shutdown_timeout=…)` | `open_connection(host, port, &ctx, TlsOptions)` | One `TlsStream` (tokio `AsyncRead + AsyncWrite`); `into_split()` gives the reader and writer. `ssl_shutdown_timeout` before 3.11 is asyncio's `TypeError`. |
//! | `asyncio.start_server(cb, host, port, ssl=ctx)`, `server.serve_forever()` | `start_server(host, port, &ctx, TlsOptions)`, `Server::serve_forever(cb)` | The callback gets each connection whose handshake succeeded, with the peer's address; `Server::accept` takes one at a time. |
//! | `loop.start_tls(transport, protocol, ctx, server_side=…)`, `StreamWriter.start_tls(ctx)` (3.11+) | `start_tls(io, &ctx, server_side, TlsOptions)` | Over any tokio transport, after plain-text exchanges (STARTTLS). |
//! | `writer.get_extra_info('ssl_object' / 'sslcontext' / 'peercert' / 'cipher' / 'compression' / 'socket')` | `TlsStream::ssl_object()`, `sslcontext()`, `peercert()`, `cipher()`, `compression()`, `get_ref()` | One method per name. |
//! | `writer.close(); await writer.wait_closed()` | `TlsStream::close().await` (or `AsyncWriteExt::shutdown`) | 3.11+: `TimeoutError('SSL shutdown timed out')` after `ssl_shutdown_timeout`. |
//! | `writer.write(data); await writer.drain()` | `write_all(data).await` | Waits while more than 64 KiB of ciphertext is buffered, as `drain()`. |
//! | `writer.can_write_eof()` / `write_eof()` | `TlsStream::can_write_eof()` / `write_eof()` | `false`, and a bare `NotImplementedError()`, as asyncio's SSL transport: TLS has no half-close. |
//!
//! ## Other names you may meet
//!
//! Not in the list above: names of older CPython releases, Windows-only or
//! private names, and the `socket.socket` methods `SSLSocket` overrides. The
//! coverage test checks that none of these is also a row above.
//!
//! | Also in ported code | Rust | Notes |
//! |---|---|---|
//! | `ssl.wrap_socket` | [`legacy::wrap_socket`](crate::legacy::wrap_socket) | Removed in 3.12 (deprecated since 3.7, warning since 3.10); verified nothing by default. `#[deprecated]` here, with its keywords in [`LegacyWrapArgs`](crate::legacy::LegacyWrapArgs); on 3.12+ it returns CPython's `AttributeError`. Port to `create_default_context` + `wrap_socket`. |
//! | `ssl.match_hostname` | [`functions::match_hostname`](crate::functions::match_hostname) | Removed in 3.12; OpenSSL checks the host name during the handshake since 3.7. Kept with each release's rules. |
//! | `ssl.RAND_egd` | — | Not applicable: `ssl.py` exports it only if `_ssl` has it, and OpenSSL 1.1+ has no `RAND_egd`, so it is absent on 3.6–3.14 here (entropy-gathering daemons are obsolete). |
//! | `ssl.RAND_pseudo_bytes` | [`functions::rand_pseudo_bytes_for`](crate::functions::rand_pseudo_bytes_for) | 3.6–3.11 only (removed in 3.12; a `DeprecationWarning` on 3.10 and 3.11): `(bytes, true)`, the same generator as [`functions::rand_bytes`](crate::functions::rand_bytes), which new code should call. |
//! | `ssl.enum_certificates` | — | Not applicable: Windows only (the system certificate stores); this crate is for Unix. |
//! | `ssl.enum_crls` | — | Not applicable: Windows only. |
//! | `ssl.PROTOCOL_SSLv2` | — | Not applicable: absent from `ssl` on every OpenSSL 1.1+ build; SSLv2 is gone. |
//! | `ssl.PROTOCOL_SSLv3` | — | Not applicable: absent here (OpenSSL is built without SSLv3); `HAS_SSLv3` is False. |
//! | `ssl.socket_error` | [`ErrorKind::Os`](crate::ErrorKind::Os) | An alias of `OSError`: `e.kind().is_os_error()`. |
//! | `ssl._create_unverified_context` | [`create_unverified_context`](crate::create_unverified_context) | CPython's deliberately unverified context (`CERT_NONE`, no host name check). |
//! | `ssl._create_stdlib_context` | [`create_stdlib_context`](crate::create_stdlib_context) | As in CPython. |
//! | `ssl._create_default_https_context` | [`create_default_context`](crate::create_default_context) | In CPython a module variable `http.client`/`urllib` read (monkey-patched to disable verification); Rust has no such global: pass the context you want. |
//! | `ssl._DEFAULT_CIPHERS` | [`PythonVersion::default_ciphers`](crate::PythonVersion::default_ciphers) | Per CPython release. |
//! | `ssl._OPENSSL_API_VERSION` | [`functions::openssl_api_version`](crate::functions::openssl_api_version) | A function. |
//! | `ssl._ASN1Object` | [`functions::Asn1Object`](crate::functions::Asn1Object) | `fromnid`/`fromname` → [`from_nid`](crate::functions::Asn1Object::from_nid)/[`from_name`](crate::functions::Asn1Object::from_name). |
//! | `_ssl._test_decode_cert` | [`functions::decode_cert`](crate::functions::decode_cert) | → [`PeerCertificate`](crate::PeerCertificate). |
//! | `SSLContext._host_flags` | [`SslContext::host_flags`](crate::SslContext::host_flags) | [`HostFlags`](crate::HostFlags) / [`set_host_flags`](crate::SslContext::set_host_flags). |
//! | `SSLContext._msg_callback` | [`SslContext::set_msg_callback`](crate::SslContext::set_msg_callback) | A closure taking a [`context::Message`](crate::context::Message) with CPython's `(direction, version, content_type, msg_type, data)`; it runs on the thread driving the connection. As in CPython, only connections made after it is first set report messages. |
//! | `_ssl.Certificate` | [`Certificate`](crate::Certificate) | What 3.13's `get_verified_chain()`/`get_unverified_chain()` return: [`Certificate::from_der`](crate::Certificate::from_der) on each DER item; `public_bytes`, `get_info`, `==` and `hash()` as in CPython. |
//! | `SSLSocket.__init__` | — | Not applicable: CPython forbids direct construction too (`TypeError`); use [`SslContext::wrap_socket`](crate::SslContext::wrap_socket). |
//! | `SSLSocket.server_side` | [`SslSocket::server_side`](crate::SslSocket::server_side) | An instance attribute in CPython (not in `dir(SSLSocket)`); a method here. |
//! | `SSLSocket.server_hostname` | [`SslSocket::server_hostname`](crate::SslSocket::server_hostname) | Instance attribute → method, `Option<&str>`. |
//! | `SSLSocket.do_handshake_on_connect` | [`SslSocket::do_handshake_on_connect`](crate::SslSocket::do_handshake_on_connect) | Instance attribute → method. |
//! | `SSLSocket.suppress_ragged_eofs` | [`SslSocket::suppress_ragged_eofs`](crate::SslSocket::suppress_ragged_eofs) | Instance attribute → method. |
//! | `SSLSocket.recv` | [`SslSocket::recv`](crate::SslSocket::recv) | `recv(bufsize)?` → `Vec<u8>`; `flags` → [`recv_with_flags`](crate::SslSocket::recv_with_flags) (non-zero is CPython's `ValueError`). |
//! | `SSLSocket.recv_into` | [`SslSocket::recv_into`](crate::SslSocket::recv_into) | `&mut [u8]` → count. |
//! | `SSLSocket.send` | [`SslSocket::send`](crate::SslSocket::send) | `&[u8]` → count; `flags` → [`send_with_flags`](crate::SslSocket::send_with_flags). |
//! | `SSLSocket.sendall` | [`SslSocket::sendall`](crate::SslSocket::sendall) | `&[u8]` → `Result<()>`. |
//! | `SSLSocket.settimeout` | [`SslSocket::settimeout`](crate::SslSocket::settimeout) | `Option<Duration>`: `None` blocks, `Some(Duration::ZERO)` is non-blocking (`SSLWantReadError`), otherwise `TimeoutError`. |
//! | `SSLSocket.gettimeout` | [`SslSocket::gettimeout`](crate::SslSocket::gettimeout) | → `Option<Duration>`. |
//! | `SSLSocket.setblocking` | [`SslSocket::setblocking`](crate::SslSocket::setblocking) | `bool`. |
//! | `SSLSocket.fileno` | [`SslSocket::fileno`](crate::SslSocket::fileno) | → `i32` (`-1` once closed). |
//! | `SSLSocket.shutdown` | [`SslSocket::shutdown`](crate::SslSocket::shutdown) | `std::net::Shutdown`; drops TLS without close_notify, as CPython. |
//! | `SSLSocket.close` | [`SslSocket::close`](crate::SslSocket::close) | Or drop the value. |
//! | `SSLSocket.makefile` | [`makefile::SocketFile`](crate::makefile::SocketFile) | `sock.makefile('rwb')`: `SocketFile::new(sock)` over a plain stream or an `SslSocket`, with `readline(limit)`, `read(n)`, `write(data)`; [`into_parts`](crate::makefile::SocketFile::into_parts) hands the stream back with any unread bytes, for `STARTTLS` (plain text, then TLS on the same connection) and FTP's `CCC`. |
//! | `SSLSocket.sendfile` | — | Not applicable: CPython falls back to `send()` on TLS sockets anyway; copy with `std::io::copy(&mut file, &mut tls)`. |
//! | `SSLSocket.dup` | — | Not applicable: CPython raises `NotImplementedError` too (a TLS session cannot be shared by two sockets); `SslSocket` is not `Clone`. |
//! | `SSLSocket.detach` | [`SslSocket::into_inner`](crate::SslSocket::into_inner) | CPython drops the TLS state and returns the descriptor; `into_inner` drops the TLS state and returns the socket (after [`unwrap`](crate::SslSocket::unwrap) for a clean shutdown). |
//! | `SSLSocket.accept` | — | Not applicable: accept with `TcpListener::accept`, then `wrap_socket(conn, WrapOptions::new().server_side(true))`. |
//! | `SSLSocket.connect` | — | Not applicable: connect the `TcpStream` first, then wrap it (see vendor-notes.md: sockets are connected). |
//! | `SSLSocket.connect_ex` | — | Not applicable, as `connect`. |
//! | `SSLSocket.recvfrom` | — | Not applicable: `recvfrom`, `recvfrom_into`, `sendto`, `recvmsg`, `sendmsg` refuse TLS sockets in CPython (`ValueError`/`NotImplementedError`); use `recv`/`send`. |
//! | `SSLSocket.recvmsg_into` | — | Not applicable: CPython raises `NotImplementedError("recvmsg_into not allowed on instances of <class 'ssl.SSLSocket'>")`; use [`recv_into`](crate::SslSocket::recv_into). |
//! | `SSLSocket.getpeername` | [`SslSocket::get_ref`](crate::SslSocket::get_ref) | The plain socket methods (`getpeername`, `getsockname`, `setsockopt`…) are on the borrowed `TcpStream`: `s.get_ref().unwrap().peer_addr()`. |
//!
//! ## Correcting the record
//!
//! Common Python TLS advice, checked on this machine: CPython 3.14.7 and
//! 3.13.0 (and 3.9–3.12 where said) from pyenv, OpenSSL 3.0.19, the test certificates of
//! `certs/`. `tools/correcting_record.py` repeats every observation below;
//! the `server_hardening` and `session_resumption` examples show pyssl giving
//! the same results.
//!
//! ### `OP_NO_TICKET` and forward secrecy under TLS 1.3
//!
//! The advice "set `OP_NO_TICKET` for forward secrecy" comes from TLS 1.2,
//! where a session ticket carries the master secret encrypted under the
//! server's ticket key: whoever later obtains that key can decrypt every
//! recorded connection whose ticket they saw. Under TLS 1.3 with OpenSSL 3 the
//! option does something else. Observed, two connections over loopback
//! sockets, the second offering the first one's `session`:
//!
//! | Server | TLS | Client `has_ticket` | Resumed, connections ended with `unwrap()` | Resumed, connections just closed | Server cache entries, `unwrap()` / closed |
//! |---|---|---|---|---|---|
//! | defaults | 1.3 | True | True | True | 0 |
//! | `OP_NO_TICKET` | 1.3 | **True** | **True** | 3.14: True; 3.13: False | 3 / 3.14: 3, 3.13: 2 |
//! | `num_tickets = 0` | 1.3 | False | False | False | 0 |
//! | defaults | 1.2 | True | True | True | 0 |
//! | `OP_NO_TICKET` | 1.2 | False | True (session id) | 3.14: True; 3.13: False | 1 / 3.14: 1, 3.13: 0 |
//!
//! What `OP_NO_TICKET` does under TLS 1.3: the server still sends tickets
//! (`has_ticket` is True, `ticket_lifetime_hint` 7200 s) and clients still
//! resume, but the tickets are *stateful*: the session stays in the server's
//! cache and the ticket only names it, instead of carrying the session
//! encrypted under the ticket key (a key OpenSSL draws at random when the
//! context is created and CPython never rotates). As a side effect,
//! resumption now depends on that cache, and OpenSSL drops a cached session
//! when its connection is freed without the server having sent close_notify.
//! Up to 3.13 a plain `close()` (or leaving a `with` block) frees it so:
//! observed on 3.13.0, a server that ends connections with `unwrap()`
//! resumes them (whatever the client does), one that just closes does not.
//! 3.14 marks every connection as shut down before freeing it (gh-123249),
//! and its server resumes in both cases; pyssl does what the chosen release
//! does.
//!
//! What it does not do: it neither turns resumption off nor, by itself, gives
//! resumed TLS 1.3 connections forward secrecy — they already have it. Both
//! with and without the option the resumed ServerHello carried a `key_share`
//! extension next to `pre_shared_key` (extension types 43, 51, 41, recorded
//! with the private `_msg_callback`): OpenSSL resumes TLS 1.3 in
//! `psk_dhe_ke` mode, with a fresh (EC)DHE exchange, so by the TLS 1.3 key
//! schedule a stolen ticket key yields the resumption secret but not the
//! traffic keys of recorded connections. (The resumed TLS 1.2 ServerHello
//! had no key share, only extensions 65281 and 23: TLS 1.2 resumption reuses
//! the master secret, which is where the advice is right — though with
//! `OP_NO_TICKET` TLS 1.2 still resumes from the server's session-id cache.)
//!
//! To stop TLS 1.3 resumption, set `num_tickets = 0` on the server
//! ([`SslContext::set_num_tickets`](crate::SslContext::set_num_tickets)):
//! no ticket, no resumption, observed. TLS 1.2 session-id resumption has no
//! switch in CPython.
//!
//! ### `OP_NO_SSLv2` is 0
//!
//! `ssl.OP_NO_SSLv2` is `0` on every CPython 3.6.15 … 3.14.7 here
//! (`<openssl/ssl.h>`: `#define SSL_OP_NO_SSLv2 0x0`: OpenSSL 1.1.0 removed
//! SSLv2); `HAS_SSLv2` is False and `PROTOCOL_SSLv2` does not exist. So
//! `ctx.options |= ssl.OP_NO_SSLv2` does nothing. `OP_NO_SSLv3` is already set
//! in every new context (all eight releases), and this OpenSSL has no SSLv3
//! (`HAS_SSLv3` False). The classic line
//! `ctx.options |= ssl.OP_NO_SSLv2 | ssl.OP_NO_SSLv3 | ssl.OP_NO_TICKET`
//! changes exactly one bit, `0x4000` (`OP_NO_TICKET`), observed — and raises
//! no `DeprecationWarning`, because 3.10+ warn only when an
//! `OP_NO_SSL*`/`OP_NO_TLS*` bit is newly set. To limit versions, set
//! `minimum_version` ([`SslContext::set_minimum_version`](crate::SslContext::set_minimum_version));
//! it is already TLS 1.2 on 3.10+.
//!
//! ### `ssl.wrap_socket` was removed in 3.12, and verified nothing by default
//!
//! Observed: `hasattr(ssl, "wrap_socket")` is True on 3.9.18, 3.10.13 and
//! 3.11.7 and False on 3.12.1, 3.13.0 and 3.14.7. Its defaults were
//! `cert_reqs=CERT_NONE` and `ssl_version=PROTOCOL_TLS`, and it never checked
//! host names: with the defaults, a client completed a handshake with a
//! server presenting a certificate for `example.org` issued by a CA the
//! client never loaded, and `getpeercert()` returned `{}`. 3.10 and 3.11 warn
//! (`ssl.wrap_socket() is deprecated, use SSLContext.wrap_socket()` and
//! `ssl.PROTOCOL_TLS is deprecated`); 3.9 did not (deprecated in the
//! documentation since 3.7). Port it to
//! [`create_default_context`](crate::create_default_context) +
//! [`SslContext::wrap_socket`](crate::SslContext::wrap_socket) with
//! `server_hostname`; [`legacy::wrap_socket`](crate::legacy::wrap_socket)
//! keeps the old behaviour for bug-for-bug ports and is `#[deprecated]`.
//!
//! ### What `PROTOCOL_TLS` means today
//!
//! `PROTOCOL_TLS` (value 2; `PROTOCOL_SSLv23` is the same member) is not a
//! version: it means "negotiate the highest version both sides support",
//! for a client or a server. Two `PROTOCOL_TLS` contexts negotiated TLS 1.3,
//! observed. Since 3.10 it is deprecated: `SSLContext(PROTOCOL_TLS)` (and
//! `SSLContext()` without an argument) warns `ssl.PROTOCOL_TLS is
//! deprecated`, and its `minimum_version` is TLS 1.2. Such a context starts
//! with `verify_mode == CERT_NONE` and `check_hostname == False`: a client
//! built on it verifies nothing (`getpeercert()` returned `{}`).
//! `create_default_context()` uses `PROTOCOL_TLS_CLIENT` (`CERT_REQUIRED`,
//! `check_hostname` on) from 3.10 on, observed on 3.10.13, 3.13.0 and 3.14.7. Use
//! [`Protocol::TlsClient`](crate::Protocol::TlsClient) or
//! [`Protocol::TlsServer`](crate::Protocol::TlsServer), and set
//! `minimum_version`/`maximum_version` instead of picking a
//! `PROTOCOL_TLSv1_x`.
//!
//! ### `set_ciphers("HIGH:!RC4:!MD5:!3DES")` weakens the default
//!
//! The string replaces CPython's default list (on 3.13 and 3.14
//! `@SECLEVEL=2:ECDH+AESGCM:ECDH+CHACHA20:ECDH+AES:DHE+AES:!aNULL:!eNULL:!aDSS:!SHA1:!AESCCM`).
//! Observed with `create_default_context(Purpose.CLIENT_AUTH)`:
//!
//! | Cipher list | Suites | TLS 1.3 | anonymous (`auth-null`) | static RSA key exchange (no forward secrecy) | SHA-1 MAC |
//! |---|---|---|---|---|---|
//! | CPython 3.14 default | 17 | 3 | 0 | 0 | 0 |
//! | `HIGH:!RC4:!MD5:!3DES` | 140 | 3 | 12 | 16 | 36 |
//!
//! TLS 1.3 suites are untouched: `set_ciphers` only sets the TLS ≤ 1.2 list
//! (the first suite stays `TLS_AES_256_GCM_SHA384`). The three exclusions
//! remove nothing here: `HIGH` alone selects the same 140 suites, and
//! `set_ciphers("RC4")` and `set_ciphers("3DES")` both fail with
//! `No cipher can be selected.` — this OpenSSL has neither. Keep the default
//! list unless a peer needs something else; if you must change it, start
//! from [`PythonVersion::default_ciphers`](crate::PythonVersion::default_ciphers).
