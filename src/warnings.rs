//! CPython's `DeprecationWarning`s, recorded instead of printed.
//!
//! CPython 3.10+ warns when code uses a deprecated protocol, option or
//! version (`ssl.PROTOCOL_TLS is deprecated`, …). This crate records the same
//! warnings, in the same order, on a per-thread list — the equivalent of
//! `warnings.catch_warnings(record=True)` — and also logs them at `warn`
//! level under the `pyssl::deprecation` target.

use std::cell::RefCell;

/// One warning as Python's `warnings` module would record it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Warning {
    /// The category's class name, e.g. `"DeprecationWarning"`.
    pub category: &'static str,
    /// `str(w.message)`.
    pub message: String,
}

thread_local! {
    static RECORDED: RefCell<Vec<Warning>> = const { RefCell::new(Vec::new()) };
}

/// Records a `DeprecationWarning` (and logs it).
pub(crate) fn deprecation(message: impl Into<String>) {
    let message = message.into();
    log::warn!(target: "pyssl::deprecation", "DeprecationWarning: {message}");
    RECORDED.with(|r| {
        r.borrow_mut().push(Warning {
            category: "DeprecationWarning",
            message,
        })
    });
}

/// Takes the warnings recorded on this thread so far, oldest first.
#[doc(alias = "catch_warnings")]
pub fn take_warnings() -> Vec<Warning> {
    RECORDED.with(|r| std::mem::take(&mut *r.borrow_mut()))
}

thread_local! {
    static UNRAISABLE: RefCell<Vec<(String, String)>> = const { RefCell::new(Vec::new()) };
}

/// Reports an error raised inside a callback that cannot propagate it (the
/// SNI callback): CPython passes it to `sys.unraisablehook`; pyssl logs it
/// and records `(class name, str)` on this thread.
pub(crate) fn unraisable(e: &crate::error::Error) {
    log::error!(target: "pyssl::unraisable", "Exception ignored in callback: {}: {e}", e.python_type());
    UNRAISABLE.with(|u| {
        u.borrow_mut()
            .push((e.python_type().to_string(), e.to_string()))
    });
}

/// Takes the errors callbacks raised on this thread so far (`(type, str)`),
/// as a custom `sys.unraisablehook` would have collected them.
#[doc(alias = "unraisablehook")]
pub fn take_unraisable() -> Vec<(String, String)> {
    UNRAISABLE.with(|u| std::mem::take(&mut *u.borrow_mut()))
}
