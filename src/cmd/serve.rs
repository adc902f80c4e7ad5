//! `isoaudit serve --register DB --listen 127.0.0.1:8080 [--behind-proxy]`: the register as web
//! pages (see `src/serve/`). Refuses to listen beyond loopback unless a TLS proxy stands in front.

use super::printer::{self, M, say};
use super::{Hinted, reg_err, settings};
use crate::Status;
use crate::cli::{GlobalArgs, ServeArgs};
use crate::register::{Mode, with};
use crate::serve::{self, Config};
use std::net::SocketAddr;
use std::time::Duration;

pub fn run(g: &GlobalArgs, a: ServeArgs) -> anyhow::Result<Status> {
    let lang = settings::lang(g, None);
    let addr: SocketAddr = a.listen.parse().map_err(|_| {
        Hinted::new(
            format!("--listen {}: not an address and port", a.listen),
            "e.g. --listen 127.0.0.1:8080",
        )
    })?;
    if !addr.ip().is_loopback() && !a.behind_proxy {
        return Err(Hinted::new(
            say(M.serve_public, lang, &[("addr", &addr)]),
            "listen on 127.0.0.1, or put a TLS proxy in front and add --behind-proxy",
        )
        .into());
    }
    if a.session_seconds == 0 {
        return Err(Hinted::new(
            "--session-seconds 0: sessions would end at once",
            "e.g. --session-seconds 28800",
        )
        .into());
    }
    // Opened once here so that a missing register is an error before anything listens.
    let mut store = serve::open_register(&a.register).map_err(reg_err)?;
    let enabled = with(store.as_mut(), Mode::Read, |tx| tx.users())
        .map_err(reg_err)?
        .iter()
        .filter(|u| !u.disabled)
        .count();
    drop(store);
    if enabled == 0 {
        printer::errln(&format!("warning: {}", say(M.serve_no_users, lang, &[])));
    }
    let cfg = Config {
        register: a.register.clone(),
        behind_proxy: a.behind_proxy,
        session: Duration::from_secs(a.session_seconds),
        today: a.today,
        log: printer::errln,
        max_upload: a.max_upload_mb.saturating_mul(1024 * 1024),
    };
    let router = serve::router(cfg, 4).map_err(reg_err)?;
    let rt = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()?;
    rt.block_on(async move {
        let listener = tokio::net::TcpListener::bind(addr).await.map_err(|e| {
            Hinted::new(
                format!("cannot listen on {addr}: {e}"),
                "choose another port with --listen",
            )
        })?;
        let bound = listener.local_addr()?;
        printer::note(
            g.quiet,
            &say(
                M.serve_listening,
                lang,
                &[("register", &a.register.display()), ("addr", &bound)],
            ),
        );
        serve::serve(listener, router, async {
            let _ = tokio::signal::ctrl_c().await;
        })
        .await?;
        anyhow::Ok(())
    })?;
    Ok(Status::Clean)
}
