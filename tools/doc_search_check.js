// Checks that the search box of the generated docs finds, for every row of
// the porting guide (src/porting.rs), its Rust item when searching for the
// Python name — by name or through #[doc(alias)]. Uses rustdoc's own search
// engine (target/doc/static.files/search-*.js) under Node.
//
//     cargo doc --no-deps --lib && node tools/doc_search_check.js
//
// A row `SSLContext.set_ciphers` searches for `set_ciphers`; the expected
// item is the first link of the Rust column. It must be among the first
// TOP results. Exits 1 listing the misses.
"use strict";
const fs = require("fs");
const path = require("path");

const ROOT = path.join(__dirname, "..");
const DOC = process.env.DOC_DIR || path.join(ROOT, "target", "doc");
const TOP = 10;

function rows() {
  const out = [];
  let main = false;
  for (const raw of fs.readFileSync(path.join(ROOT, "src", "porting.rs"), "utf8").split("\n")) {
    if (!raw.startsWith("//!")) continue;
    const line = raw.replace(/^\/\/! ?/, "");
    if (!line.startsWith("|")) { main = false; continue; }
    const cells = line.split(/(?<!\\)\|/).slice(1, -1).map(c => c.trim());
    if (cells[0] === "CPython 3.13") { main = true; continue; }
    if (!main || /^-+$/.test(cells[0])) continue;
    const m = /\]\(crate::([A-Za-z0-9_:]+)\)/.exec(cells[1]);
    if (!m) continue;
    out.push({ python: cells[0].replace(/`/g, ""), target: m[1].split("::") });
  }
  return out;
}

async function main() {
  const st = path.join(DOC, "static.files");
  const find = re => path.join(st, fs.readdirSync(st).find(f => re.test(f)));
  const stringdex = require(find(/^stringdex-.*\.js$/));
  const search = require(find(/^search-.*\.js$/));
  globalThis.nonnull = (x, msg) => { if (x === null || x === undefined) throw new Error(msg || "null"); return x; };
  const load = p => eval(fs.readFileSync(p, "utf8")); // the index files call the loader's callbacks
  const { docSearch, DocSearch } = await search.initSearch(stringdex.Stringdex, stringdex.RoaringBitmap, {
    loadRoot: cbs => { for (const k in cbs) globalThis[k] = cbs[k]; load(path.join(DOC, "search.index", "root.js")); },
    loadTreeByHash: h => load(path.join(DOC, "search.index", h + ".js")),
    loadDataByNameAndHash: (n, h) => load(path.join(DOC, "search.index", n, h + ".js")),
  });
  const misses = [];
  const all = rows();
  for (const row of all) {
    const query = row.python.split(".").pop();
    const results = await docSearch.execQuery(DocSearch.parseQuery(query), null, "pyssl");
    const top = [];
    for await (const r of results.others) { top.push(r); if (top.length >= TOP) break; }
    const name = row.target[row.target.length - 1];
    const parent = row.target.length > 1 ? row.target[row.target.length - 2] : null;
    const hit = top.find(r => r.item.crate === "pyssl" && r.item.name === name &&
      (!parent || /^[a-z_]+$/.test(parent) ? true : r.item.parent && r.item.parent.name === parent));
    const shown = hit ? (hit.is_alias ? "alias" : "name") : "MISS";
    if (!hit) misses.push(`${row.python} -> ${row.target.join("::")}: top ${top.map(r => r.fullPath).join(", ")}`);
    if (process.env.VERBOSE) console.log(`${shown.padEnd(5)} ${row.python} -> ${row.target.join("::")}`);
  }
  console.log(`${all.length - misses.length} of ${all.length} linked rows found by their Python name (top ${TOP})`);
  if (misses.length) { console.log(misses.join("\n")); process.exit(1); }
}
main().catch(e => { console.error(e); process.exit(2); });
