//! `ssl._ASN1Object`: OpenSSL's object table by name, NID or OID, and the
//! `Purpose` objects.

use super::*;

/// An ASN.1 object identifier known to OpenSSL: `(nid, shortname,
/// longname, oid)`.
///
/// CPython equivalent: `ssl._ASN1Object`, the named tuple behind
/// `ssl.Purpose`. `Purpose.SERVER_AUTH` is
/// `(129, 'serverAuth', 'TLS Web Server Authentication', '1.3.6.1.5.5.7.3.1')`.
#[doc(alias = "_ASN1Object")]
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Asn1Object {
    /// `nid`: OpenSSL's numeric identifier.
    pub nid: i32,
    /// `shortname`, e.g. `"serverAuth"`.
    pub shortname: String,
    /// `longname`, e.g. `"TLS Web Server Authentication"`.
    pub longname: String,
    /// `oid` in dotted form; `None` for the few OpenSSL objects without one
    /// (e.g. nid 855, `HMAC`).
    pub oid: Option<String>,
}

impl Asn1Object {
    /// Looks up a dotted OID, e.g. `"1.3.6.1.5.5.7.3.1"`.
    ///
    /// CPython equivalent: `ssl._ASN1Object(oid)` (`_ssl.txt2obj(oid,
    /// name=False)`). Names are not accepted: `ValueError("unknown object
    /// 'serverAuth'")`; an OID OpenSSL has no entry for is
    /// `ValueError("Unknown object")`.
    #[doc(alias = "txt2obj")]
    pub fn from_oid(oid: &str) -> Result<Asn1Object> {
        Asn1Object::from_oid_for(oid, PythonVersion::LATEST)
    }

    /// [`from_oid`](Self::from_oid) with the messages of CPython `version`.
    ///
    /// CPython equivalent: `_ssl.txt2obj(oid, name=False)`.
    #[doc(alias = "txt2obj")]
    pub fn from_oid_for(oid: &str, version: PythonVersion) -> Result<Asn1Object> {
        Asn1Object::from_text(oid, false, version)
    }

    /// Looks up a short name, long name or dotted OID, e.g. `"serverAuth"`,
    /// `"commonName"` or `"2.5.4.3"`.
    ///
    /// CPython equivalent: `ssl._ASN1Object.fromname(name)`. Errors:
    /// `ValueError("unknown object 'NAME'")` (the name cut to 100 bytes),
    /// `ValueError("Unknown object")`, `ValueError("embedded null
    /// character")`.
    #[doc(alias = "fromname")]
    pub fn from_name(name: &str) -> Result<Asn1Object> {
        Asn1Object::from_name_for(name, PythonVersion::LATEST)
    }

    /// [`Asn1Object::from_name`] as CPython `version` words its errors (a
    /// multi-byte character cut by the 100-byte limit is U+FFFD up to 3.13
    /// and dropped from 3.14 on).
    #[doc(alias = "fromname")]
    pub fn from_name_for(name: &str, version: PythonVersion) -> Result<Asn1Object> {
        Asn1Object::from_text(name, true, version)
    }

    /// Looks up OpenSSL's numeric identifier, e.g. `129`.
    ///
    /// CPython equivalent: `ssl._ASN1Object.fromnid(nid)`. Errors:
    /// `ValueError("NID must be positive.")`, `ValueError("unknown NID
    /// 99999")`, `ValueError("Unknown object")` (nid 0), `OverflowError`
    /// outside C `int`.
    #[doc(alias = "fromnid")]
    pub fn from_nid(nid: i64) -> Result<Asn1Object> {
        Asn1Object::from_nid_for(nid, PythonVersion::LATEST)
    }

    /// [`Asn1Object::from_nid`] with CPython `version`'s wording of the
    /// `OverflowError`.
    ///
    /// CPython equivalent: `ssl._ASN1Object.fromnid(nid)`.
    #[doc(alias = "fromnid")]
    pub fn from_nid_for(nid: i64, version: PythonVersion) -> Result<Asn1Object> {
        let nid = c_int_arg(nid, version)?;
        if nid < 0 {
            return Err(Error::value_error("NID must be positive.").for_version(version));
        }
        Asn1Object::from_lookup(misc::nid2obj(nid), version)
            .map_err(|e| e.unwrap_or_else(|| Error::value_error(format!("unknown NID {nid}"))))
            .map_err(|e| e.for_version(version))
    }

    /// The `(nid, shortname, longname, oid)` tuple as JSON.
    #[cfg(feature = "serde")]
    pub fn to_json(&self) -> Value {
        json!([self.nid, self.shortname, self.longname, self.oid])
    }

    fn from_text(text: &str, by_name: bool, version: PythonVersion) -> Result<Asn1Object> {
        let Ok(c) = std::ffi::CString::new(text) else {
            return Err(Error::value_error("embedded null character").for_version(version));
        };
        Asn1Object::from_lookup(misc::txt2obj(&c, !by_name), version)
            .map_err(|e| {
                e.unwrap_or_else(|| {
                    // PyErr_Format("unknown object '%.100s'", txt): 100 bytes,
                    // a cut character decoded as U+FFFD up to 3.13 and
                    // dropped from 3.14 on.
                    let mut end = text.len().min(100);
                    if version.at_least(14) {
                        while !text.is_char_boundary(end) {
                            end -= 1;
                        }
                    }
                    let cut = &text.as_bytes()[..end];
                    Error::value_error(format!("unknown object '{}'", String::from_utf8_lossy(cut)))
                })
            })
            .map_err(|e| e.for_version(version))
    }

    /// `asn1obj2py`; `Err(None)` when the lookup itself failed.
    fn from_lookup(
        found: misc::ObjectLookup,
        version: PythonVersion,
    ) -> std::result::Result<Asn1Object, Option<Error>> {
        match found {
            misc::ObjectLookup::NotFound => Err(None),
            misc::ObjectLookup::Undefined => Err(Some(Error::value_error("Unknown object"))),
            misc::ObjectLookup::TextFailed => {
                Err(Some(crate::error::ssl_error_from_queue(version, None)))
            }
            misc::ObjectLookup::Found {
                nid,
                short_name,
                long_name,
                oid,
            } => Ok(Asn1Object {
                nid,
                shortname: short_name.unwrap_or_default(),
                longname: long_name.unwrap_or_default(),
                oid,
            }),
        }
    }
}

impl From<crate::options::Purpose> for Asn1Object {
    /// `ssl.Purpose.SERVER_AUTH` / `CLIENT_AUTH` as their `_ASN1Object`.
    fn from(p: crate::options::Purpose) -> Asn1Object {
        let (nid, sn, ln, oid) = p.asn1();
        Asn1Object {
            nid,
            shortname: sn.to_owned(),
            longname: ln.to_owned(),
            oid: Some(oid.to_owned()),
        }
    }
}
