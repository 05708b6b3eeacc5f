//! Load mode (`--repeat N --concurrency C [--reuse] [--duration S]`):
//! workers making connections and the handshakes-per-second report.

use super::*;

#[derive(Default)]
pub(super) struct Tally {
    connections: u64,
    handshakes: u64,
    errors: u64,
    resumed: u64,
    versions: std::collections::BTreeMap<String, u64>,
    first_error: Option<(Instant, Failure)>,
    last_session: Option<(Instant, SslSession)>,
}

impl Tally {
    pub(super) fn merge(&mut self, o: Tally) {
        self.connections += o.connections;
        self.handshakes += o.handshakes;
        self.errors += o.errors;
        self.resumed += o.resumed;
        for (k, n) in o.versions {
            *self.versions.entry(k).or_default() += n;
        }
        if let Some((t, f)) = o.first_error {
            if self.first_error.as_ref().is_none_or(|(t0, _)| t < *t0) {
                self.first_error = Some((t, f));
            }
        }
        if let Some((t, s)) = o.last_session {
            if self.last_session.as_ref().is_none_or(|(t0, _)| t > *t0) {
                self.last_session = Some((t, s));
            }
        }
    }
}

/// What every load worker shares.
pub(super) struct Run<'a> {
    ctx: &'a SslContext,
    cfg: &'a ClientConfig,
    load: &'a LoadConfig,
    /// The saved session (`--session-file`), if any.
    initial: Option<SslSession>,
    /// The target's addresses, looked up once.
    resolved: Option<&'a [SocketAddr]>,
    /// Connections started so far, by all workers.
    next: AtomicU64,
    limit: u64,
    deadline: Option<Instant>,
}

pub(super) fn worker(run: &Run<'_>) -> Tally {
    let Run {
        ctx,
        cfg,
        load,
        ref initial,
        resolved,
        ref next,
        limit,
        deadline,
    } = *run;
    let mut t = Tally::default();
    let mut session = initial.clone();
    loop {
        if deadline.is_some_and(|d| Instant::now() >= d) {
            break;
        }
        if next.fetch_add(1, Ordering::Relaxed) >= limit {
            break;
        }
        // --reuse: the session of this worker's previous connection (the
        // saved one at first); otherwise the saved one, if any, every time.
        let offer = if load.reuse {
            session.clone()
        } else {
            initial.clone()
        };
        let out = converse(
            ctx,
            cfg,
            resolved,
            offer,
            Body::Discard(Some(JSON_READ_LIMIT)),
        );
        t.connections += 1;
        if let Some(h) = &out.handshake {
            t.handshakes += 1;
            if h.session_reused == Some(true) {
                t.resumed += 1;
            }
            if let Some(v) = &h.version {
                *t.versions.entry(v.clone()).or_default() += 1;
            }
        }
        if let Some(s) = out.session {
            if out.error.is_none() {
                t.last_session = Some((Instant::now(), s.clone()));
                session = Some(s);
            }
        }
        if let Some(f) = out.error {
            t.errors += 1;
            log::debug!("connection failed: {}", f.human);
            if t.first_error.is_none() {
                t.first_error = Some((Instant::now(), f));
            }
        }
    }
    t
}

pub(super) fn run_load(
    ctx: &SslContext,
    cfg: &ClientConfig,
    load: &LoadConfig,
    initial: Option<SslSession>,
) -> ExitCode {
    let info = Info::of(cfg);
    let limit = load.repeat.unwrap_or(u64::MAX);
    let workers = load
        .concurrency
        .clamp(1, MAX_CONCURRENCY)
        .min(usize::try_from(limit).unwrap_or(usize::MAX).max(1));
    // Looked up once for the run; a failing lookup is left to each
    // connection, which then reports it as a single connection would.
    let resolved = resolve(cfg).ok();
    let resolved = resolved.as_deref();
    let start = Instant::now();
    let run = Run {
        ctx,
        cfg,
        load,
        initial,
        resolved,
        next: AtomicU64::new(0),
        limit,
        deadline: load.duration.map(|d| start + d),
    };
    let mut total = Tally::default();
    std::thread::scope(|scope| {
        let mut handles = Vec::with_capacity(workers);
        for i in 0..workers {
            let run = &run;
            let b = std::thread::Builder::new().name(format!("load-{i}"));
            match b.spawn_scoped(scope, move || worker(run)) {
                Ok(h) => handles.push(h),
                Err(e) => {
                    log::warn!("could not start worker {i}: {e}");
                    break;
                }
            }
        }
        for h in handles {
            match h.join() {
                Ok(t) => total.merge(t),
                Err(_) => total.errors += 1,
            }
        }
    });
    let elapsed = start.elapsed();
    let per_s = total.handshakes as f64 / elapsed.as_secs_f64().max(1e-9);
    let ratio = if total.handshakes > 0 {
        total.resumed as f64 / total.handshakes as f64
    } else {
        0.0
    };
    let ok = total.errors == 0 && total.handshakes > 0;
    if let (Some(path), Some((_, s))) = (&cfg.session_file, &total.last_session) {
        let version = total
            .versions
            .iter()
            .max_by_key(|(_, n)| **n)
            .map(|(v, _)| v.as_str());
        if let Err(e) = save_session(path, s, version) {
            log::warn!("{}", save_session_failure(path, &e, &info).human);
        }
    }
    let first_error = total.first_error.as_ref().map(|(_, f)| f);
    eprintln!(
        "{} handshakes in {:.3} s ({:.1}/s, {} at a time), {} errors, {}/{} resumed ({:.0}%){}",
        total.handshakes,
        elapsed.as_secs_f64(),
        per_s,
        workers,
        total.errors,
        total.resumed,
        total.handshakes,
        ratio * 100.0,
        first_error.map_or(String::new(), |f| format!(
            "; first error: {}",
            one_line(&f.human)
        )),
    );
    if cfg.json {
        print_json(&json!({
            "ok": ok,
            "connections": total.connections,
            "handshakes": total.handshakes,
            "errors": total.errors,
            "resumed": total.resumed,
            "resumed_ratio": round3(ratio),
            "seconds": elapsed.as_secs_f64(),
            "handshakes_per_second": round3(per_s),
            "concurrency": workers,
            "reuse": load.reuse,
            "versions": total.versions,
            "error": first_error.map(|f| f.error.clone()),
        }));
    }
    if ok {
        ExitCode::SUCCESS
    } else {
        ExitCode::from(1)
    }
}
