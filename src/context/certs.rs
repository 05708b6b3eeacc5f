//! Certificates and trust: `load_cert_chain`, `load_verify_locations`, the
//! system trust store (`set_default_verify_paths`, `load_default_certs`),
//! and the store's listings (`cert_store_stats`, `get_ca_certs`).

use super::*;

impl SslContext {
    /// `SSLContext.load_cert_chain(certfile, keyfile=None, password=None)`.
    ///
    /// Calls OpenSSL in CPython's order (chain file, then the key from
    /// `keyfile` or `certfile`, then the consistency check), with the same
    /// errors: `FileNotFoundError` for a missing file, `SSLError`
    /// `[SSL] PEM lib` for unreadable PEM or a wrong password,
    /// `[X509: KEY_VALUES_MISMATCH]` for a key of another certificate,
    /// `ValueError` for a password over 1024 bytes. With no password an
    /// encrypted key fails instead of prompting on the terminal.
    pub fn load_cert_chain(
        &self,
        certfile: impl AsRef<Path>,
        keyfile: Option<&Path>,
        password: Option<Password<'_>>,
    ) -> Result<()> {
        let certfile = certfile.as_ref();
        let version = self.inner.version;
        let old = version < PythonVersion::Py38;
        let mut pw_error: Option<Error> = None;
        let (fixed, mut callback): (Option<Vec<u8>>, Option<PasswordCallback<'_>>) = match password
        {
            None => (None, None),
            Some(Password::Str(s)) => (Some(s.as_bytes().to_vec()), None),
            Some(Password::Bytes(b)) => (Some(b.to_vec()), None),
            Some(Password::Callback(f)) => (None, Some(f)),
        };
        let has_password = fixed.is_some() || callback.is_some();
        let mut source = |size: usize| -> Option<Vec<u8>> {
            let pw = if let Some(f) = callback.as_mut() {
                match f() {
                    Ok(PasswordValue::Str(s)) => s.into_bytes(),
                    Ok(PasswordValue::Bytes(b)) => b,
                    Err(e) => {
                        pw_error = Some(if old {
                            Error::new(
                                ErrorKind::System,
                                vec![crate::error::Arg::Str(format!(
                                    "<class '{}'> returned a result with an error set",
                                    e.python_type()
                                ))],
                            )
                        } else {
                            e
                        });
                        return None;
                    }
                }
            } else if let Some(p) = fixed.as_ref() {
                p.clone()
            } else {
                // No password given: refuse rather than prompt on a terminal.
                return None;
            };
            if pw.len() > size.min(PEM_BUFSIZE) {
                pw_error = Some(if old && callback.is_some() {
                    Error::new(
                        ErrorKind::System,
                        vec![crate::error::Arg::Str(
                            "PyEval_EvalFrameEx returned a result with an error set".into(),
                        )],
                    )
                } else {
                    Error::value_error(format!("password cannot be longer than {size} bytes"))
                });
                return None;
            }
            Some(pw)
        };
        let mut st = self.write();
        let ctx = self.ctx();
        // The password callback is set on the SSL_CTX for the duration of
        // the loads: both need the write lock, so the view is made inside.
        let locked: &mut State = &mut st;
        let result =
            ffi::with_password_callback(ctx, locked, &mut source, |locked| -> Result<(), Step> {
                let mut b = ffi::builder_view(ctx, locked);
                ffi::clear_errno();
                b.set_certificate_chain_file(certfile)
                    .map_err(|e| Step::Failed(ffi::errno(), e))?;
                ffi::clear_errno();
                let key = keyfile.unwrap_or(certfile);
                b.set_private_key_file(key, SslFiletype::PEM)
                    .map_err(|e| Step::Failed(ffi::errno(), e))?;
                b.check_private_key().map_err(|e| Step::Failed(0, e))
            });
        let _ = has_password;
        match result {
            Ok(()) => Ok(()),
            Err(Step::Failed(errno, stack)) => {
                if let Some(e) = pw_error {
                    ffi::clear_errors();
                    Err(e.for_version(version))
                } else if errno != 0 {
                    ffi::clear_errors();
                    Err(Error::os_error(errno, None).for_version(version))
                } else {
                    Err(self.stack_err(&stack))
                }
            }
        }
    }

    /// `SSLContext.load_verify_locations(cafile=None, capath=None, cadata=None)`.
    ///
    /// `cadata` is loaded first, then `cafile`/`capath`, as in CPython. A
    /// missing `capath` is not an error (it is read lazily).
    pub fn load_verify_locations(
        &self,
        cafile: Option<&Path>,
        capath: Option<&Path>,
        cadata: Option<CaData<'_>>,
    ) -> Result<()> {
        if cafile.is_none() && capath.is_none() && cadata.is_none() {
            return Err(Error::type_error(
                "cafile, capath and cadata cannot be all omitted",
            ));
        }
        let version = self.inner.version;
        if let Some(data) = cadata {
            let (bytes, pem) = match data {
                CaData::Pem(s) if s.is_ascii() => (s.as_bytes(), true),
                CaData::Pem(_) => {
                    return Err(Error::type_error(
                        "cadata should be an ASCII string or a bytes-like object",
                    ))
                }
                CaData::Der(b) => (b, false),
            };
            self.add_ca_certs(bytes, pem)?;
        }
        if cafile.is_some() || capath.is_some() {
            let mut st = self.write();
            // Loading adds a lookup to the store, which running handshakes
            // walk without a lock: a store they may hold is copied first.
            if !self.own_store(&mut st)? && self.inner.used.load(Ordering::Acquire) {
                self.copy_store(&mut st)?;
            }
            if let Some(dir) = capath {
                st.store_lookups
                    .push(ffi::StoreLookup::Dir(dir.to_path_buf()));
            }
            let mut b = ffi::builder_view(self.ctx(), &mut st);
            ffi::clear_errno();
            if let Err(stack) = b.load_verify_locations(cafile, capath) {
                let errno = ffi::errno();
                if errno != 0 {
                    ffi::clear_errors();
                    return Err(Error::os_error(errno, None).for_version(version));
                }
                return Err(self.stack_err(&stack));
            }
        }
        Ok(())
    }

    /// CPython's `_add_ca_certs`, with the 3.6/3.7, 3.8+ and (DER) 3.12+
    /// end-of-data rules: up to 3.11 a DER read that fails with
    /// `HEADER_TOO_LONG` counts as the end, so trailing garbage such as
    /// `der + b"A"` is accepted; from 3.12 only the end of the data does.
    fn add_ca_certs(&self, data: &[u8], pem: bool) -> Result<()> {
        if data.is_empty() {
            return Err(Error::value_error("Empty certificate data"));
        }
        if data.len() > i32::MAX as usize {
            return Err(Error::overflow_error("Certificate data is too long."));
        }
        let version = self.inner.version;
        let mut st = self.write();
        self.own_store(&mut st)?;
        ffi::clear_errors();
        let stop_at_eof = !pem && version.at_least(12);
        let r = ffi::add_ca_certs(self.ctx(), &mut st, data, pem, stop_at_eof);
        let (lib, reason) = ffi::err_lib_reason(r.last_error);
        let eof = if pem {
            lib == openssl_sys::ERR_LIB_PEM && reason == openssl_sys::PEM_R_NO_START_LINE
        } else if stop_at_eof {
            r.was_bio_eof
        } else {
            lib == openssl_sys::ERR_LIB_ASN1 && reason == openssl_sys::ASN1_R_HEADER_TOO_LONG
        };
        if version.at_least(8) {
            if r.loaded == 0 {
                let msg = if pem {
                    "no start line: cadata does not contain a certificate"
                } else {
                    "not enough data: cadata does not contain a certificate"
                };
                return Err(ssl_error_from_queue(version, Some(msg)));
            }
            if eof || r.last_error == 0 {
                ffi::clear_errors();
                return Ok(());
            }
            Err(self.err_queue())
        } else {
            if r.loaded > 0 && eof {
                ffi::clear_errors();
                return Ok(());
            }
            Err(self.err_queue())
        }
    }

    /// `SSLContext.set_default_verify_paths()`: OpenSSL's default CA file and
    /// directory (honouring `SSL_CERT_FILE` / `SSL_CERT_DIR`). The file's
    /// certificates are parsed when verification first asks for their
    /// subject, not here; what is trusted is the same.
    pub fn set_default_verify_paths(&self) -> Result<()> {
        let mut st = self.write();
        match st.store {
            StoreState::Pristine | StoreState::SharedDefault | StoreState::SharedLazy => {
                // The same store SSL_CTX_set_default_verify_paths would build,
                // parsed once per process, or lazily (crate::trust).
                let lazy = crate::trust::with_shared_default_store(|store, lazy| {
                    ffi::set_shared_cert_store(self.ctx(), &mut st, store);
                    self.changed();
                    lazy
                })
                .map_err(|e| self.stack_err(&e))?;
                st.store = if lazy {
                    StoreState::SharedLazy
                } else {
                    StoreState::SharedDefault
                };
                Ok(())
            }
            StoreState::Private => {
                if self.inner.used.load(Ordering::Acquire) {
                    self.copy_store(&mut st)?;
                }
                st.store_lookups.push(ffi::StoreLookup::DefaultPaths);
                let mut b = ffi::builder_view(self.ctx(), &mut st);
                crate::trust::set_default_paths(b.cert_store_mut()).map_err(|e| self.stack_err(&e))
            }
        }
    }

    /// The store's certificates and CRL count, for the listing methods. A
    /// context holding the lazy shared store first gets the eagerly loaded
    /// one (the same trust, every certificate of the bundle in it), so the
    /// listing is what CPython's is.
    fn store_contents(&self) -> (Vec<openssl::x509::X509>, usize) {
        if self.read().store == StoreState::SharedLazy {
            let mut st = self.write();
            if st.store == StoreState::SharedLazy
                && crate::trust::with_shared_eager_store(|store| {
                    ffi::set_shared_cert_store(self.ctx(), &mut st, store)
                })
                .is_ok()
            {
                st.store = StoreState::SharedDefault;
                self.changed();
            }
        }
        let _g = self.read();
        ffi::store_contents(self.ctx())
    }

    /// Before the store is changed: a context still holding the shared
    /// system store gets a private one with the same contents. True when
    /// the store is new (no connection holds it yet).
    fn own_store(&self, st: &mut State) -> Result<bool> {
        let fresh = matches!(st.store, StoreState::SharedDefault | StoreState::SharedLazy);
        if fresh {
            let store = crate::trust::fresh_default_store().map_err(|e| self.stack_err(&e))?;
            ffi::set_shared_cert_store(self.ctx(), st, &store);
            self.changed();
            st.store_lookups = vec![ffi::StoreLookup::DefaultPaths];
        }
        st.store = StoreState::Private;
        Ok(fresh)
    }

    /// Gives the context a copy of its private store (connections made so
    /// far keep the original), before a lookup is added to it.
    fn copy_store(&self, st: &mut State) -> Result<()> {
        let lookups = st.store_lookups.clone();
        ffi::copy_cert_store(self.ctx(), st, &lookups).map_err(|e| self.stack_err(&e))?;
        self.changed();
        Ok(())
    }

    /// `SSLContext.load_default_certs(purpose)`: on this platform exactly
    /// [`set_default_verify_paths`](Self::set_default_verify_paths).
    pub fn load_default_certs(&self, purpose: Purpose) -> Result<()> {
        let _ = purpose;
        self.set_default_verify_paths()
    }

    /// `SSLContext.cert_store_stats()`.
    pub fn cert_store_stats(&self) -> CertStoreStats {
        let (certs, crl) = self.store_contents();
        CertStoreStats {
            x509: certs.len(),
            crl,
            x509_ca: certs.iter().filter(|c| ffi::x509_check_ca(c)).count(),
        }
    }

    /// `SSLContext.get_ca_certs(binary_form=True)`: DER of every CA
    /// certificate in the store.
    #[doc(alias = "get_ca_certs")]
    pub fn get_ca_certs_der(&self) -> Vec<Vec<u8>> {
        self.store_contents()
            .0
            .iter()
            .filter(|c| ffi::x509_check_ca(c))
            .filter_map(|c| c.to_der().ok())
            .collect()
    }

    /// `SSLContext.get_ca_certs()`: each CA certificate in the store, decoded
    /// as `getpeercert()` decodes a peer's.
    pub fn get_ca_certs(&self) -> Result<Vec<PeerCertificate>> {
        let mut out = Vec::new();
        for c in self.store_contents().0 {
            if ffi::x509_check_ca(&c) {
                let version = self.inner.version;
                out.push(PeerCertificate::from_x509_for(&c, version)?);
            }
        }
        Ok(out)
    }
}

/// Outcome of one OpenSSL step in `load_cert_chain`.
enum Step {
    /// Failed; the `errno` seen right after the call, and OpenSSL's errors.
    Failed(i32, openssl::error::ErrorStack),
}
