//! `ssl.cert_time_to_seconds`: CPython's `time.strptime` of a certificate's
//! time, down to its errors and each release's Unicode digits.

use super::*;

/// The `strptime` format `ssl.py` applies to everything after the month.
const TIME_FORMAT: &str = " %d %H:%M:%S %Y GMT";

const MONTHS: [&str; 12] = [
    "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec",
];

/// Seconds since the Epoch (UTC) of a certificate's `notBefore` /
/// `notAfter` text, e.g. `"Jan  5 09:34:43 2018 GMT"` → `1515144883`, as
/// the newest CPython ([`PythonVersion::LATEST`]) computes it.
///
/// CPython equivalent: `ssl.cert_time_to_seconds(cert_time)`. The month is
/// an English abbreviation in any case; the day may be space-padded;
/// seconds 60 and 61 are accepted (and roll over); only `GMT` (in any case)
/// is accepted as the zone. Errors are CPython's `ValueError`s, e.g.
/// `time data 'xyz' does not match format "%b %d %H:%M:%S %Y GMT"`,
/// `time data '  5 09:34 2018 GMT' does not match format ' %d %H:%M:%S %Y GMT'`,
/// `unconverted data remains: …` or `year 0 is out of range` (3.14:
/// `year must be in 1..9999, not 0`).
pub fn cert_time_to_seconds(cert_time: &str) -> Result<i64> {
    cert_time_to_seconds_for(cert_time, PythonVersion::LATEST)
}

/// [`cert_time_to_seconds`] as CPython `version` computes it.
///
/// The releases differ only in their Unicode database: which non-ASCII
/// decimal digits `\d` accepts (e.g. Dives Akuru digits from 3.9, Nag
/// Mundari digits from 3.12) and which characters `repr()` escapes in the
/// error message.
///
/// CPython equivalent: `ssl.cert_time_to_seconds(cert_time)`.
#[doc(alias = "cert_time_to_seconds")]
pub fn cert_time_to_seconds_for(cert_time: &str, version: PythonVersion) -> Result<i64> {
    let chars: Vec<char> = cert_time.chars().collect();
    // months.index(cert_time[:3].title()) + 1
    let Some(month) = chars.get(..3).and_then(month_number) else {
        return Err(Error::value_error(format!(
            "time data {} does not match format \"%b{TIME_FORMAT}\"",
            crate::pyrepr::str_repr(cert_time, version)
        ))
        .for_version(version));
    };
    // time.strptime(cert_time[3:], ' %d %H:%M:%S %Y GMT')
    let rest = &chars[3..];
    let fields = strptime_fields(rest, version).map_err(|e| e.for_version(version))?;
    if fields.year == 0 {
        // datetime.date(0, 1, day) inside _strptime
        let text = if version.at_least(14) {
            // 3.14's datetime words the range check differently.
            "year must be in 1..9999, not 0"
        } else {
            "year 0 is out of range"
        };
        return Err(Error::value_error(text).for_version(version));
    }
    // calendar.timegm((year, month_number, day, hour, minute, second))
    let days = days_from_civil(fields.year, month) - days_from_civil(1970, 1) + fields.day - 1;
    Ok(((days * 24 + fields.hour) * 60 + fields.minute) * 60 + fields.second)
}

/// `months.index(first3.title()) + 1`, or `None`.
///
/// `str.title()` gives the first character its titlecase and lowercases
/// the next two (each follows a cased character). The only characters
/// whose titlecase is one ASCII capital are the two ASCII letters and, for
/// `S`, U+017F LATIN SMALL LETTER LONG S; the only ones whose lowercase is
/// one of the ASCII letters used in month names are the two ASCII letters.
fn month_number(first3: &[char]) -> Option<i64> {
    let [c0, c1, c2] = first3 else { return None };
    MONTHS.iter().zip(1..).find_map(|(name, n)| {
        let b = name.as_bytes();
        let (up, l1, l2) = (char::from(b[0]), char::from(b[1]), char::from(b[2]));
        let first = *c0 == up || *c0 == up.to_ascii_lowercase() || (up == 'S' && *c0 == '\u{17f}');
        let lower = |c: char, want: char| c == want || c == want.to_ascii_uppercase();
        (first && lower(*c1, l1) && lower(*c2, l2)).then_some(n)
    })
}

/// The numbers `strptime` extracted.
struct TimeFields {
    year: i64,
    day: i64,
    hour: i64,
    minute: i64,
    second: i64,
}

/// One character class of `strptime`'s regular expression.
#[derive(Clone, Copy)]
enum Class {
    /// An ASCII range such as `[0-5]`.
    Ascii(u8, u8),
    /// `\d`: any Unicode decimal digit the release knows.
    Digit,
    /// A literal space (the `' [1-9]'` alternative of `%d`).
    Space,
}

/// One element of the pattern `strptime` compiles for
/// `' %d %H:%M:%S %Y GMT'` (with `re.IGNORECASE`).
#[derive(Clone, Copy)]
enum Token {
    /// `\s+` (greedy).
    Spaces,
    /// A named group: `(?P<x>alt1|alt2|…)`; the index says which field.
    Group(usize, &'static [&'static [Class]]),
    /// A literal character, case-insensitive (`:`, `G`, `M`, `T`).
    Literal(char),
}

use Class::{Ascii as A, Digit as D, Space as SP};

/// `(?P<d>3[0-1]|[1-2]\d|0[1-9]|[1-9]| [1-9])`
const DAY: &[&[Class]] = &[
    &[A(b'3', b'3'), A(b'0', b'1')],
    &[A(b'1', b'2'), D],
    &[A(b'0', b'0'), A(b'1', b'9')],
    &[A(b'1', b'9')],
    &[SP, A(b'1', b'9')],
];
/// `(?P<H>2[0-3]|[0-1]\d|\d)`
const HOUR: &[&[Class]] = &[&[A(b'2', b'2'), A(b'0', b'3')], &[A(b'0', b'1'), D], &[D]];
/// `(?P<M>[0-5]\d|\d)`
const MINUTE: &[&[Class]] = &[&[A(b'0', b'5'), D], &[D]];
/// `(?P<S>6[0-1]|[0-5]\d|\d)`
const SECOND: &[&[Class]] = &[&[A(b'6', b'6'), A(b'0', b'1')], &[A(b'0', b'5'), D], &[D]];
/// `(?P<Y>\d\d\d\d)`
const YEAR: &[&[Class]] = &[&[D, D, D, D]];

/// `\s+(?P<d>…)\s+(?P<H>…):(?P<M>…):(?P<S>…)\s+(?P<Y>…)\s+GMT`
const PATTERN: &[Token] = &[
    Token::Spaces,
    Token::Group(0, DAY),
    Token::Spaces,
    Token::Group(1, HOUR),
    Token::Literal(':'),
    Token::Group(2, MINUTE),
    Token::Literal(':'),
    Token::Group(3, SECOND),
    Token::Spaces,
    Token::Group(4, YEAR),
    Token::Spaces,
    Token::Literal('G'),
    Token::Literal('M'),
    Token::Literal('T'),
];

/// The value of a decimal digit (`Nd`) as CPython 3.`minor` knows it.
fn digit_value(c: char, minor: u8) -> Option<i64> {
    let cp = c as u32;
    if c.is_ascii_digit() {
        return Some(i64::from(cp - u32::from(b'0')));
    }
    let i = crate::unicode_data::tables::DIGIT_ZEROS.partition_point(|&(zero, _)| zero <= cp);
    let (zero, since) = *crate::unicode_data::tables::DIGIT_ZEROS.get(i.checked_sub(1)?)?;
    (cp - zero < 10 && since <= minor).then(|| i64::from(cp - zero))
}

fn class_matches(class: Class, c: char, minor: u8) -> bool {
    match class {
        Class::Ascii(lo, hi) => c.is_ascii() && (lo..=hi).contains(&(c as u8)),
        Class::Digit => digit_value(c, minor).is_some(),
        Class::Space => c == ' ',
    }
}

/// Backtracking match of `PATTERN[ti..]` at `pos` (Python `re` order:
/// greedy `\s+`, alternatives left to right). Returns the end of the match.
fn match_from(
    s: &[char],
    ti: usize,
    pos: usize,
    groups: &mut [(usize, usize); 5],
    minor: u8,
) -> Option<usize> {
    let Some(token) = PATTERN.get(ti) else {
        return Some(pos);
    };
    match *token {
        Token::Spaces => {
            let run = s
                .get(pos..)?
                .iter()
                .take_while(|c| py_is_space(**c))
                .count();
            (1..=run)
                .rev()
                .find_map(|k| match_from(s, ti + 1, pos + k, groups, minor))
        }
        Token::Group(g, alternatives) => alternatives.iter().find_map(|alt| {
            let end = pos + alt.len();
            let text = s.get(pos..end)?;
            if !alt
                .iter()
                .zip(text)
                .all(|(class, c)| class_matches(*class, *c, minor))
            {
                return None;
            }
            let saved = groups[g];
            groups[g] = (pos, end);
            let r = match_from(s, ti + 1, end, groups, minor);
            if r.is_none() {
                groups[g] = saved;
            }
            r
        }),
        Token::Literal(want) => {
            let c = *s.get(pos)?;
            (c == want || c == want.to_ascii_lowercase())
                .then(|| match_from(s, ti + 1, pos + 1, groups, minor))
                .flatten()
        }
    }
}

/// `time.strptime(rest, ' %d %H:%M:%S %Y GMT')`, down to its errors.
fn strptime_fields(rest: &[char], version: PythonVersion) -> Result<TimeFields> {
    let minor = version.minor();
    let mut groups = [(0usize, 0usize); 5];
    let Some(end) = match_from(rest, 0, 0, &mut groups, minor) else {
        let text: String = rest.iter().collect();
        return Err(Error::value_error(format!(
            "time data {} does not match format {}",
            crate::pyrepr::str_repr(&text, version),
            crate::pyrepr::str_repr(TIME_FORMAT, version)
        )));
    };
    if end != rest.len() {
        let tail: String = rest[end..].iter().collect();
        return Err(Error::value_error(format!(
            "unconverted data remains: {tail}"
        )));
    }
    // int(found_dict[...]): digits in any script, surrounding spaces ignored.
    let value = |g: usize| -> i64 {
        let (a, b) = groups[g];
        rest[a..b]
            .iter()
            .filter_map(|c| digit_value(*c, minor))
            .fold(0, |acc, d| acc * 10 + d)
    };
    Ok(TimeFields {
        day: value(0),
        hour: value(1),
        minute: value(2),
        second: value(3),
        year: value(4),
    })
}

/// Days from 1970-01-01 to the first of `month` in `year` (proleptic
/// Gregorian), i.e. `datetime.date(year, month, 1).toordinal() - 719163`.
fn days_from_civil(year: i64, month: i64) -> i64 {
    let y = if month <= 2 { year - 1 } else { year };
    let era = y.div_euclid(400);
    let yoe = y - era * 400;
    let mp = (month + 9) % 12;
    let doy = (153 * mp + 2) / 5;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era * 146097 + doe - 719468
}
