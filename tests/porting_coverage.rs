//! The porting guide (`src/porting.rs`) has exactly one table row per public
//! name of CPython 3.14's `ssl` module, as listed in
//! `tests/golden/porting-names-3.14.txt` (made by `tools/porting_names.py`
//! under CPython 3.14) — no name missing, none extra, none twice — and every
//! row whose Rust item is named differently carries the Python name as a
//! `#[doc(alias)]`, so the docs' search finds it.

use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;

const ROOT: &str = env!("CARGO_MANIFEST_DIR");
/// Header of the tables that must match the list exactly.
const MAIN_HEADER: &str = "CPython 3.14";
/// Header of the table of names *outside* the list (older releases, …).
const OTHER_HEADER: &str = "Also in ported code";

struct Row {
    line: usize,
    key: String,
    rust: String,
    notes: String,
}

/// Splits a Markdown table line on the pipes that are not escaped (`\|`).
fn cells(line: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut cur = String::new();
    let mut prev = '\0';
    for c in line.trim().chars() {
        if c == '|' && prev != '\\' {
            out.push(std::mem::take(&mut cur));
        } else {
            cur.push(c);
        }
        prev = c;
    }
    out.push(cur);
    // Drop what lies outside the outer pipes.
    out.remove(0);
    out.pop();
    out.into_iter().map(|c| c.trim().to_string()).collect()
}

/// The rows of the guide's tables, by the header's first cell.
fn tables() -> BTreeMap<String, Vec<Row>> {
    let text = std::fs::read_to_string(Path::new(ROOT).join("src/porting.rs")).unwrap();
    let mut out: BTreeMap<String, Vec<Row>> = BTreeMap::new();
    let mut header: Option<String> = None;
    for (i, raw) in text.lines().enumerate() {
        let Some(line) = raw.strip_prefix("//!") else {
            header = None;
            continue;
        };
        let line = line.trim();
        if !line.starts_with('|') {
            header = None;
            continue;
        }
        let c = cells(line);
        if c.iter()
            .all(|c| !c.is_empty() && c.chars().all(|ch| ch == '-' || ch == ':'))
        {
            continue; // the |---|---| separator
        }
        match &header {
            None => header = Some(c[0].clone()),
            Some(h) if h != MAIN_HEADER && h != OTHER_HEADER => {} // prose tables
            Some(h) => {
                assert_eq!(c.len(), 3, "src/porting.rs:{}: a row needs 3 cells", i + 1);
                let key = c[0].trim_matches('`').to_string();
                assert_eq!(
                    c[0],
                    format!("`{key}`"),
                    "src/porting.rs:{}: the first cell must be one `name`",
                    i + 1
                );
                out.entry(h.clone()).or_default().push(Row {
                    line: i + 1,
                    key,
                    rust: c[1].clone(),
                    notes: c[2].clone(),
                });
            }
        }
    }
    out
}

fn names() -> Vec<String> {
    let path = Path::new(ROOT).join("tests/golden/porting-names-3.14.txt");
    std::fs::read_to_string(path)
        .unwrap()
        .lines()
        .map(str::trim)
        .filter(|l| !l.is_empty() && !l.starts_with('#'))
        .map(str::to_string)
        .collect()
}

#[test]
fn every_public_name_has_exactly_one_row() {
    let names = names();
    let listed: BTreeSet<&str> = names.iter().map(String::as_str).collect();
    assert_eq!(listed.len(), names.len(), "duplicate names in the list");

    let tables = tables();
    let main: Vec<&Row> = tables.get(MAIN_HEADER).into_iter().flatten().collect();
    let mut seen: BTreeMap<&str, usize> = BTreeMap::new();
    for r in &main {
        if let Some(first) = seen.insert(&r.key, r.line) {
            panic!("`{}` has two rows: lines {first} and {}", r.key, r.line);
        }
    }
    let rows: BTreeSet<&str> = seen.keys().copied().collect();
    let missing: Vec<&&str> = listed.difference(&rows).collect();
    let extra: Vec<&&str> = rows.difference(&listed).collect();
    assert!(missing.is_empty(), "names without a row: {missing:?}");
    assert!(
        extra.is_empty(),
        "rows for names not in the list: {extra:?}"
    );

    for r in &main {
        assert!(
            !r.rust.is_empty() && !r.notes.is_empty(),
            "line {}: empty cell",
            r.line
        );
        if r.rust == "—" {
            assert!(
                r.notes.starts_with("Not applicable") || r.notes.starts_with("Not implemented"),
                "line {}: a row without a Rust item must say why (`{}`)",
                r.line,
                r.key
            );
        } else {
            assert!(
                r.rust.contains("](crate::"),
                "line {}: the Rust cell of `{}` must link its item",
                r.line,
                r.key
            );
        }
    }

    let others = tables.get(OTHER_HEADER).expect("the \"Other names\" table");
    for r in others {
        assert!(
            !listed.contains(r.key.as_str()) && !listed.contains(r.key.trim_start_matches("ssl.")),
            "line {}: `{}` is in the list; give it a row in the main tables",
            r.line,
            r.key
        );
    }
    let linked = main.iter().filter(|r| r.rust != "—").count();
    println!(
        "porting guide: {} names of CPython 3.14's ssl covered ({} with a Rust item, {} not applicable), {} other names",
        main.len(),
        linked,
        main.len() - linked,
        others.len()
    );
}

/// `#[doc(alias = "…")]` values attached to each item name, over `src/`.
fn aliases() -> BTreeMap<String, BTreeSet<String>> {
    fn item_name(line: &str) -> Option<String> {
        let mut l = line.trim();
        for prefix in ["pub(crate) ", "pub "] {
            if let Some(rest) = l.strip_prefix(prefix) {
                l = rest;
            }
        }
        for kw in [
            "fn ", "struct ", "enum ", "type ", "const ", "mod ", "trait ",
        ] {
            if let Some(rest) = l.strip_prefix(kw) {
                l = rest;
                break;
            }
        }
        let name: String = l
            .chars()
            .take_while(|c| c.is_alphanumeric() || *c == '_')
            .collect();
        (!name.is_empty()).then_some(name)
    }
    let mut out: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
    let mut stack = vec![Path::new(ROOT).join("src")];
    while let Some(dir) = stack.pop() {
        for entry in std::fs::read_dir(dir).unwrap() {
            let path = entry.unwrap().path();
            if path.is_dir() {
                stack.push(path);
                continue;
            }
            if path.extension().is_none_or(|e| e != "rs") {
                continue;
            }
            let text = std::fs::read_to_string(&path).unwrap();
            let mut pending: Vec<String> = Vec::new();
            for line in text.lines() {
                let t = line.trim();
                if let Some(a) = t
                    .strip_prefix("#[doc(alias = \"")
                    .and_then(|r| r.strip_suffix("\")]"))
                {
                    pending.push(a.to_string());
                } else if t.starts_with("#[") || t.starts_with("///") {
                } else {
                    if !pending.is_empty() {
                        if let Some(name) = item_name(t) {
                            out.entry(name).or_default().extend(pending.drain(..));
                        }
                    }
                    pending.clear();
                }
            }
        }
    }
    out
}

#[test]
fn python_names_are_doc_aliases_where_rust_names_differ() {
    let aliases = aliases();
    let tables = tables();
    let mut checked = 0;
    for r in tables.get(MAIN_HEADER).into_iter().flatten() {
        let Some(start) = r.rust.find("](crate::") else {
            continue;
        };
        let target = &r.rust[start + "](crate::".len()..];
        let target = &target[..target.find(')').unwrap()];
        let item = target.rsplit("::").next().unwrap();
        let python = r.key.rsplit('.').next().unwrap();
        if item == python {
            continue;
        }
        checked += 1;
        assert!(
            aliases.get(item).is_some_and(|a| a.contains(python)),
            "line {}: `{}` is `{target}` in Rust: add #[doc(alias = \"{python}\")] to it",
            r.line,
            r.key
        );
    }
    println!(
        "{checked} rows whose Rust item is named differently carry the Python name as an alias"
    );
}
