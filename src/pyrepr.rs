//! Python-string rendering, one place for it: `repr(str)` as each CPython
//! release prints it (quotes, escapes, what that release's Unicode database
//! calls printable) and the `\xNN` / `\uNNNN` / `\UNNNNNNNN` escape of one
//! code point that `UnicodeEncodeError` messages use.

use crate::profile::PythonVersion;

/// `repr(s)` of a Python `str` as the given CPython release prints it: quotes
/// chosen as CPython chooses them, and every character that is not
/// printable in that release's Unicode database escaped.
pub(crate) fn str_repr(s: &str, version: PythonVersion) -> String {
    let minor = version.minor();
    let quote = if s.contains('\'') && !s.contains('"') {
        '"'
    } else {
        '\''
    };
    let mut out = String::with_capacity(s.len().saturating_add(2));
    out.push(quote);
    for c in s.chars() {
        let cp = c as u32;
        match c {
            '\\' => out.push_str("\\\\"),
            c if c == quote => {
                out.push('\\');
                out.push(c);
            }
            '\t' => out.push_str("\\t"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            _ if cp < 0x20 || cp == 0x7f => out.push_str(&format!("\\x{cp:02x}")),
            c if cp < 0x7f => out.push(c),
            c if is_printable(c, minor) => out.push(c),
            _ if cp <= 0xff => out.push_str(&format!("\\x{cp:02x}")),
            _ if cp <= 0xffff => out.push_str(&format!("\\u{cp:04x}")),
            _ => out.push_str(&format!("\\U{cp:08x}")),
        }
    }
    out.push(quote);
    out
}

/// `str.isprintable()` for one character on CPython 3.`minor`.
fn is_printable(c: char, minor: u8) -> bool {
    let cp = c as u32;
    let i = crate::unicode_data::tables::NON_PRINTABLE_NEWEST.partition_point(|&(lo, _)| lo <= cp);
    if let Some(&(_, hi)) = i
        .checked_sub(1)
        .and_then(|i| crate::unicode_data::tables::NON_PRINTABLE_NEWEST.get(i))
    {
        if cp <= hi {
            return false;
        }
    }
    let i = crate::unicode_data::tables::PRINTABLE_SINCE.partition_point(|&(lo, _, _)| lo <= cp);
    match i
        .checked_sub(1)
        .and_then(|i| crate::unicode_data::tables::PRINTABLE_SINCE.get(i))
    {
        Some(&(_, hi, since)) if cp <= hi => minor >= since,
        _ => true,
    }
}

/// `repr(s)` as the newest supported CPython prints it (for messages that
/// do not change between releases).
pub(crate) fn repr(s: &str) -> String {
    str_repr(s, PythonVersion::LATEST)
}

/// How `UnicodeEncodeError.__str__` shows one code point, without quotes:
/// `\xe9`, `\u2028`, `\U0001f600`.
pub(crate) fn codepoint_escape(c: char) -> String {
    let n = c as u32;
    if n <= 0xff {
        format!("\\x{n:02x}")
    } else if n <= 0xffff {
        format!("\\u{n:04x}")
    } else {
        format!("\\U{n:08x}")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn repr_like_python() {
        assert_eq!(str_repr("it's", PythonVersion::Py313), "\"it's\"");
        assert_eq!(str_repr("a'b\"", PythonVersion::Py313), "'a\\'b\"'");
        assert_eq!(
            str_repr("\u{0}\u{7f}\u{85}\u{a0}\u{e9}", PythonVersion::Py313),
            "'\\x00\\x7f\\x85\\xa0\u{e9}'"
        );
        assert_eq!(
            str_repr("\u{378}\u{e0001}\u{2028}", PythonVersion::Py313),
            "'\\u0378\\U000e0001\\u2028'"
        );
    }

    #[test]
    fn one_code_point_as_unicode_errors_show_it() {
        assert_eq!(codepoint_escape('\u{e9}'), "\\xe9");
        assert_eq!(codepoint_escape('\u{2028}'), "\\u2028");
        assert_eq!(codepoint_escape('\u{1f600}'), "\\U0001f600");
    }
}
