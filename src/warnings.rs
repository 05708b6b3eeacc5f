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
#[non_exhaustive]
pub struct Warning {
    /// The category's class name, e.g. `"DeprecationWarning"`.
    pub category: &'static str,
    /// `str(w.message)`.
    pub message: String,
}

/// How many warnings (and, separately, callback errors) a thread keeps
/// until they are taken: the most recent ones. A program that never takes
/// them, or a peer that makes a callback fail on every connection, cannot
/// grow the lists without bound.
pub const RECORD_LIMIT: usize = 256;

thread_local! {
    static RECORDED: RefCell<Vec<Warning>> = const { RefCell::new(Vec::new()) };
}

/// Appends to a bounded per-thread list, dropping the oldest entry when full.
fn push_bounded<T>(list: &mut Vec<T>, item: T) {
    if list.len() >= RECORD_LIMIT {
        list.remove(0);
    }
    list.push(item);
}

/// Records a `DeprecationWarning` (and logs it).
pub(crate) fn deprecation(message: impl Into<String>) {
    let message = message.into();
    log::warn!(target: "pyssl::deprecation", "DeprecationWarning: {message}");
    RECORDED.with(|r| {
        push_bounded(
            &mut r.borrow_mut(),
            Warning {
                category: "DeprecationWarning",
                message,
            },
        )
    });
}

/// Takes the warnings recorded on this thread so far, oldest first (the
/// last [`RECORD_LIMIT`] of them).
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
    // Debug, not error: a peer can make a callback fail on every connection.
    log::debug!(target: "pyssl::unraisable", "Exception ignored in callback: {}: {e}", e.python_type());
    UNRAISABLE.with(|u| {
        push_bounded(
            &mut u.borrow_mut(),
            (e.python_type().to_string(), e.to_string()),
        )
    });
}

/// Takes the errors callbacks raised on this thread so far (`(type, str)`),
/// as a custom `sys.unraisablehook` would have collected them (the last
/// [`RECORD_LIMIT`] of them).
#[doc(alias = "unraisablehook")]
pub fn take_unraisable() -> Vec<(String, String)> {
    UNRAISABLE.with(|u| std::mem::take(&mut *u.borrow_mut()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn undrained_records_stay_bounded_and_keep_the_newest() {
        let _ = take_warnings();
        let _ = take_unraisable();
        for i in 0..RECORD_LIMIT + 10 {
            deprecation(format!("w{i}"));
            unraisable(&crate::error::Error::value_error(format!("e{i}")));
        }
        let w = take_warnings();
        assert_eq!(w.len(), RECORD_LIMIT);
        assert_eq!(w[0].message, "w10");
        assert_eq!(w.last().unwrap().message, format!("w{}", RECORD_LIMIT + 9));
        let u = take_unraisable();
        assert_eq!(u.len(), RECORD_LIMIT);
        assert_eq!(u[0], ("ValueError".to_string(), "e10".to_string()));
    }
}
