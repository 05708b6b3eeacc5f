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
