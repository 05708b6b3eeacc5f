//! The context's callbacks: installed once when the context is made
//! (servername, key log, ALPN selection, PSK hooks), and the setters that
//! fill their slots (`sni_callback`, `set_psk_client_callback`,
//! `set_psk_server_callback`).

use super::*;

impl SslContext {
    /// Installs the key-log callback (`keylog_filename`). OpenSSL reads it
    /// from the `SSL_CTX` during every handshake and, once installed, formats
    /// every secret for it, so it is installed only when a key log is first
    /// asked for, and only while no connection of this context is alive (the
    /// caller checks, under the write lock).
    pub(super) fn install_keylog(&self, st: &mut State) {
        let keylog = Arc::downgrade(&self.inner.shared);
        let mut b = ffi::builder_view(self.ctx(), st);
        b.set_keylog_callback(move |_ssl, line| {
            let Some(shared) = keylog.upgrade() else {
                return;
            };
            let mut file = shared.keylog.lock();
            if let Some(f) = file.as_mut() {
                let _ = f.write_all(line.as_bytes());
                let _ = f.write_all(b"\n");
                let _ = f.flush();
            }
        });
        drop(b);
        st.keylog_installed = true;
    }

    /// Installs the callbacks the context needs from the start, before it
    /// makes a connection: OpenSSL reads the servername callback and the ex
    /// data that holds the closures from the `SSL_CTX` during handshakes, so
    /// none of them may change once connections run (the key-log callback,
    /// costly for every handshake, waits for a key log: see
    /// [`install_keylog`](Self::install_keylog)).
    /// Each callback reads its slot in [`Shared`] and does what OpenSSL does
    /// without one while the slot is empty (the servername hook answers
    /// NOACK), with one known difference: a server with no certificate at
    /// all fails a TLS 1.3 handshake with `NO_SUITABLE_SIGNATURE_ALGORITHM`
    /// rather than `NO_SHARED_CIPHER`, as CPython's does once an
    /// `sni_callback` has been set (vendor-notes.md, "Threads"). The PSK
    /// callbacks' pointers are set and cleared later, like CPython, because
    /// each `SSL` copies them when it is made.
    pub(super) fn install_callbacks(
        ctx: &openssl::ssl::SslContext,
        st: &mut State,
        shared: &Arc<Shared>,
        protocol: Protocol,
        version: PythonVersion,
    ) {
        let mut b = ffi::builder_view(ctx, st);
        let alpn_shared = Arc::clone(shared);
        // CPython's _selectALPN_cb: the server picks from its own list with
        // SSL_select_next_proto, and answers NOACK when nothing overlaps.
        b.set_alpn_select_callback(move |_ssl, client| {
            let ours = alpn_shared.alpn.lock();
            if ours.is_empty() {
                return Err(AlpnError::NOACK);
            }
            // The returned slice must borrow from `client`; find the match there.
            match openssl::ssl::select_next_proto(&ours, client) {
                Some(sel) => find_in(client, sel).ok_or(AlpnError::NOACK),
                None => Err(AlpnError::NOACK),
            }
        });
        drop(b);
        let weak = Arc::downgrade(shared);
        let sni_capable = !(version.at_least(7) && protocol == Protocol::TlsClient);
        let hook = move |ssl: &mut openssl::ssl::SslRef,
                         name: std::result::Result<Option<&str>, ()>|
              -> std::result::Result<bool, std::os::raw::c_int> {
            const HANDSHAKE_FAILURE: std::os::raw::c_int = 40;
            const INTERNAL_ERROR: std::os::raw::c_int = 80;
            let Some(shared) = weak.upgrade() else {
                return Ok(false);
            };
            let Some(cb) = shared.sni.lock().clone() else {
                return Ok(false);
            };
            let Some(owner) = shared.owner.get().and_then(|w| w.upgrade()) else {
                return Ok(false);
            };
            let ctx = SslContext { inner: owner };
            let Ok(name) = name else {
                // The peer chooses the name: no error-level line per connection.
                log::debug!("Exception ignored in sni_callback: server name is not ASCII");
                return Err(INTERNAL_ERROR);
            };
            let mut conn = SniConnection { ssl };
            match cb(&mut conn, name, &ctx) {
                Ok(None) => Ok(true),
                Ok(Some(alert)) => Err(alert),
                Err(e) => {
                    crate::warnings::unraisable(&e);
                    Err(HANDSHAKE_FAILURE)
                }
            }
        };
        // A context that can never take an SNI callback (a 3.7+ TLS_CLIENT
        // context refuses it) keeps OpenSSL's default: no servername callback.
        if sni_capable {
            ffi::install_sni(ctx, st, Arc::new(ffi::SniHookBox(Box::new(hook))));
        }
        let client_weak = Arc::downgrade(shared);
        let server_weak = Arc::downgrade(shared);
        let msg_weak = Arc::downgrade(shared);
        let hooks = ffi::CtxHooks {
            client: Box::new(move |hint, identity, psk| {
                let Some(shared) = client_weak.upgrade() else {
                    return 0;
                };
                let Some(cb) = shared.psk_client.lock().clone() else {
                    return 0;
                };
                let hint = hint
                    .filter(|h| !h.is_empty())
                    .map(|h| String::from_utf8_lossy(h).into_owned());
                let report = |e: Error| {
                    crate::warnings::unraisable(&e);
                    0
                };
                match cb(hint.as_deref()) {
                    Err(e) => report(e),
                    Ok((id, key)) => {
                        let id = id.unwrap_or_default();
                        if key.len() > psk.len() {
                            return report(Error::value_error("psk too long"));
                        }
                        if id.len() + 1 > identity.len() {
                            return report(Error::value_error("identity too long"));
                        }
                        psk[..key.len()].copy_from_slice(&key);
                        identity[..id.len()].copy_from_slice(id.as_bytes());
                        identity[id.len()] = 0;
                        key.len()
                    }
                }
            }),
            server: Box::new(move |identity, psk| {
                let Some(shared) = server_weak.upgrade() else {
                    return 0;
                };
                let Some(cb) = shared.psk_server.lock().clone() else {
                    return 0;
                };
                // An empty identity reaches the Python callback as None.
                let identity = identity
                    .filter(|i| !i.is_empty())
                    .map(|i| String::from_utf8_lossy(i).into_owned());
                match cb(identity.as_deref()) {
                    Ok(key) if key.len() <= psk.len() => {
                        psk[..key.len()].copy_from_slice(&key);
                        key.len()
                    }
                    Ok(_) => {
                        crate::warnings::unraisable(&Error::value_error("psk too long"));
                        0
                    }
                    Err(e) => {
                        crate::warnings::unraisable(&e);
                        0
                    }
                }
            }),
            msg: Box::new(move |write, version, content_type, buf| {
                let Some(shared) = msg_weak.upgrade() else {
                    return;
                };
                let Some(cb) = shared.msg.lock().clone() else {
                    return;
                };
                cb(&Message::parse(write, version, content_type, buf));
            }),
        };
        ffi::install_ctx_hooks(ctx, st, Arc::new(hooks));
    }

    /// `SSLContext._msg_callback` (3.8+): the message callback, if set.
    #[doc(alias = "_msg_callback")]
    pub fn msg_callback(&self) -> Option<Arc<MsgCallback>> {
        self.inner.shared.msg.lock().clone()
    }

    /// `ctx._msg_callback = cb` (3.8+): `cb` sees every TLS protocol message
    /// a connection of this context sends or receives (records' headers,
    /// handshake messages, alerts…), as CPython's `_PySSL_msg_callback` in
    /// `Modules/_ssl/debughelpers.c` reports them. `None` removes it.
    ///
    /// As in CPython, OpenSSL copies the hook into each connection when it is
    /// made: a connection made before the first callback was set reports
    /// nothing, and one made while a callback is set asks the slot of its
    /// *current* context (after an SNI switch, the new one) each time.
    #[doc(alias = "_msg_callback")]
    pub fn set_msg_callback(&self, cb: Option<Arc<MsgCallback>>) {
        let mut g = self.write();
        let on = cb.is_some();
        *self.inner.shared.msg.lock() = cb;
        ffi::enable_msg_callback(self.ctx(), &mut g, on);
    }

    /// `SSLContext.sni_callback` (3.7+; `set_servername_callback` on 3.6).
    pub fn sni_callback(&self) -> Option<Arc<SniCallback>> {
        self.inner.shared.sni.lock().clone()
    }

    /// `ctx.sni_callback = cb`: called during each server handshake with
    /// the client's server name (see [`SniCallback`]); `None` removes it.
    /// A `PROTOCOL_TLS_CLIENT` context refuses, as in CPython.
    #[doc(alias = "sni_callback")]
    pub fn set_sni_callback(&self, cb: Option<Arc<SniCallback>>) -> Result<()> {
        self.require("sni_callback", 7)?;
        self.set_servername_callback(cb)
    }

    /// `SSLContext.set_servername_callback(cb)`: the older spelling of
    /// [`set_sni_callback`](Self::set_sni_callback), also on 3.6.
    pub fn set_servername_callback(&self, cb: Option<Arc<SniCallback>>) -> Result<()> {
        if self.inner.version.at_least(7) && self.inner.protocol == Protocol::TlsClient {
            return Err(Error::value_error(
                "sni_callback cannot be set on TLS_CLIENT context",
            ));
        }
        let _g = self.write();
        // The servername callback itself was installed with the context.
        *self.inner.shared.sni.lock() = cb;
        Ok(())
    }

    /// `SSLContext.set_psk_client_callback(callback)` (3.13+): TLS-PSK on
    /// the client. `None` removes it. A server context refuses, as in
    /// CPython; an error or an over-long identity/key from the callback is
    /// reported (`warnings::take_unraisable`) and no PSK is used.
    pub fn set_psk_client_callback(&self, cb: Option<Arc<PskClientCallback>>) -> Result<()> {
        self.require("set_psk_client_callback", 13)?;
        if self.inner.protocol == Protocol::TlsServer {
            // `_setSSLError(state, "…", 0, …)`: SSLError(0, "… (_ssl.c:N)").
            return Err(crate::error::ssl_error_from_queue(
                self.inner.version,
                Some("Cannot add PSK client callback to a PROTOCOL_TLS_SERVER context"),
            ));
        }
        let mut g = self.write();
        // The closure goes in the slot the context's PSK hook reads (a
        // running handshake keeps its own handle to the old one); the
        // callback pointer is set or cleared as CPython does, and each
        // connection copies it when it is made.
        let on = cb.is_some();
        *self.inner.shared.psk_client.lock() = cb;
        ffi::enable_psk_client(self.ctx(), &mut g, on);
        Ok(())
    }

    /// `SSLContext.set_psk_server_callback(callback, identity_hint=None)`
    /// (3.13+): TLS-PSK on the server. A client context refuses, as in
    /// CPython.
    pub fn set_psk_server_callback(
        &self,
        cb: Option<Arc<PskServerCallback>>,
        identity_hint: Option<&str>,
    ) -> Result<()> {
        self.require("set_psk_server_callback", 13)?;
        if self.inner.protocol == Protocol::TlsClient {
            // `_setSSLError(state, "…", 0, …)`: SSLError(0, "… (_ssl.c:N)").
            return Err(crate::error::ssl_error_from_queue(
                self.inner.version,
                Some("Cannot add PSK server callback to a PROTOCOL_TLS_CLIENT context"),
            ));
        }
        let mut g = self.write();
        if !ffi::use_psk_identity_hint(self.ctx(), &mut g, identity_hint) {
            ffi::clear_errors();
            return Err(Error::value_error("failed to set identity hint"));
        }
        let on = cb.is_some();
        *self.inner.shared.psk_server.lock() = cb;
        ffi::enable_psk_server(self.ctx(), &mut g, on);
        Ok(())
    }
}
