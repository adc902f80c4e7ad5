//! TLS to a PostgreSQL server, as libpq's `sslmode` and `sslrootcert` say (in the URL, else
//! `PGSSLMODE` and `PGSSLROOTCERT`; `prefer` when neither says): `disable` never, `prefer` when
//! the server offers it, `require` always (encrypted, the certificate not checked, unless a
//! root certificate is named, as in libpq), `verify-ca` with a certificate signed by the
//! named authority, `verify-full` also for the host connected to. The TLS stack is rustls with
//! the `ring` provider: pure Rust but for ring's own C and assembly, which needs no system
//! headers or libraries (no OpenSSL), so a fresh clone builds as before.

use super::{RegisterError, ServerProblem};
use rustls::client::WebPkiServerVerifier;
use rustls::client::danger::{HandshakeSignatureValid, ServerCertVerified, ServerCertVerifier};
use rustls::crypto::CryptoProvider;
use rustls::pki_types::pem::PemObject;
use rustls::pki_types::{CertificateDer, ServerName, UnixTime};
use rustls::{
    CertificateError, ClientConfig, DigitallySignedStruct, RootCertStore, SignatureScheme,
};
use std::path::PathBuf;
use std::sync::Arc;

/// libpq's `sslmode` (`allow` is taken as `prefer`: TLS when the server offers it).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SslMode {
    Disable,
    Prefer,
    Require,
    VerifyCa,
    VerifyFull,
}

impl SslMode {
    fn parse(s: &str) -> Option<SslMode> {
        Some(match s.trim() {
            "disable" => SslMode::Disable,
            "allow" | "prefer" => SslMode::Prefer,
            "require" => SslMode::Require,
            "verify-ca" => SslMode::VerifyCa,
            "verify-full" => SslMode::VerifyFull,
            _ => return None,
        })
    }
}

/// How to protect one connection.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Tls {
    pub mode: SslMode,
    /// The authority's certificate file, when named (`sslrootcert`, `PGSSLROOTCERT`).
    pub root_cert: Option<String>,
}

/// `url` without `sslmode` and `sslrootcert` (the driver knows only part of libpq's values),
/// and the TLS settings they and the environment give.
pub fn split(url: &str) -> Result<(String, Tls), RegisterError> {
    let url = url.trim();
    let (base, query) = match url.split_once('?') {
        Some((b, q)) => (b, q),
        None => (url, ""),
    };
    let (mut mode, mut root_cert) = (None, None);
    let mut kept = Vec::new();
    for pair in query.split('&').filter(|p| !p.is_empty()) {
        let (k, v) = pair.split_once('=').unwrap_or((pair, ""));
        match k {
            "sslmode" => mode = Some(percent_decoded(v)),
            "sslrootcert" => root_cert = Some(percent_decoded(v)),
            _ => kept.push(pair),
        }
    }
    let env = |k: &str| std::env::var(k).ok().filter(|v| !v.is_empty());
    let mode_text = mode.or_else(|| env("PGSSLMODE"));
    let mode = match &mode_text {
        None => SslMode::Prefer,
        Some(m) => SslMode::parse(m).ok_or_else(|| RegisterError::Server {
            target: "postgres://…".into(),
            problem: ServerProblem::BadUrl,
            detail: format!("sslmode={m}"),
        })?,
    };
    let root_cert = root_cert.or_else(|| env("PGSSLROOTCERT"));
    let rest = if kept.is_empty() {
        base.to_string()
    } else {
        format!("{base}?{}", kept.join("&"))
    };
    Ok((rest, Tls { mode, root_cert }))
}

/// `%XX` escapes of a URL's query value replaced by their bytes (as the driver reads the rest).
fn percent_decoded(s: &str) -> String {
    let b = s.as_bytes();
    let mut out = Vec::with_capacity(b.len());
    let mut i = 0;
    while i < b.len() {
        let hex = |c: u8| (c as char).to_digit(16);
        if b[i] == b'%'
            && i + 2 < b.len()
            && let (Some(h), Some(l)) = (hex(b[i + 1]), hex(b[i + 2]))
        {
            out.push((h * 16 + l) as u8);
            i += 3;
        } else {
            out.push(b[i]);
            i += 1;
        }
    }
    String::from_utf8_lossy(&out).into_owned()
}

impl Tls {
    /// The driver's mode: it knows only whether TLS is tried, and whether it is required.
    pub fn driver_mode(&self) -> postgres::config::SslMode {
        match self.mode {
            SslMode::Disable => postgres::config::SslMode::Disable,
            SslMode::Prefer => postgres::config::SslMode::Prefer,
            _ => postgres::config::SslMode::Require,
        }
    }

    /// The file of trusted authorities: the one named, `system` for the machine's own list,
    /// else libpq's default `~/.postgresql/root.crt`.
    fn root_path(&self) -> PathBuf {
        match self.root_cert.as_deref() {
            Some("system") => PathBuf::from("/etc/ssl/certs/ca-certificates.crt"),
            Some(p) => PathBuf::from(p),
            None => std::env::var_os("HOME")
                .map(PathBuf::from)
                .unwrap_or_default()
                .join(".postgresql/root.crt"),
        }
    }

    /// The rustls settings for this mode. `require` with a root certificate named checks the
    /// authority as `verify-ca` does, as libpq does.
    pub fn client_config(&self, target: &str) -> Result<ClientConfig, RegisterError> {
        // ring is marked deprecated only for lacking post-quantum key exchange; its build needs
        // a C compiler alone, where aws-lc-rs's needs more of the machine (CMake on some).
        #[allow(deprecated)]
        let provider = Arc::new(rustls::crypto::ring::default_provider());
        let builder = ClientConfig::builder_with_provider(provider.clone())
            .with_safe_default_protocol_versions()
            .map_err(|e| tls_failed(target, &e))?;
        let check = match self.mode {
            SslMode::Require if self.root_cert.is_some() => SslMode::VerifyCa,
            m => m,
        };
        let config = match check {
            SslMode::Disable | SslMode::Prefer | SslMode::Require => builder
                .dangerous()
                .with_custom_certificate_verifier(Arc::new(AnyCertificate(provider)))
                .with_no_client_auth(),
            SslMode::VerifyCa | SslMode::VerifyFull => {
                let roots = Arc::new(self.roots(target)?);
                let webpki = WebPkiServerVerifier::builder_with_provider(roots, provider)
                    .build()
                    .map_err(|e| tls_failed(target, &e))?;
                if check == SslMode::VerifyFull {
                    builder.with_webpki_verifier(webpki).with_no_client_auth()
                } else {
                    builder
                        .dangerous()
                        .with_custom_certificate_verifier(Arc::new(AnyName(webpki)))
                        .with_no_client_auth()
                }
            }
        };
        Ok(config)
    }

    fn roots(&self, target: &str) -> Result<RootCertStore, RegisterError> {
        let path = self.root_path();
        let bad = |reason: String| RegisterError::Server {
            target: target.to_string(),
            problem: ServerProblem::TlsRootCert,
            detail: format!("{}: {reason}", path.display()),
        };
        let mut roots = RootCertStore::empty();
        let certs = CertificateDer::pem_file_iter(&path).map_err(|e| bad(pem_reason(&e)))?;
        for c in certs {
            let c = c.map_err(|e| bad(pem_reason(&e)))?;
            roots.add(c).map_err(|e| bad(e.to_string()))?;
        }
        if roots.is_empty() {
            return Err(bad("no certificate".into()));
        }
        Ok(roots)
    }
}

/// An unreadable root certificate file in a few words (the I/O error's own, or "not PEM").
fn pem_reason(e: &rustls::pki_types::pem::Error) -> String {
    match e {
        rustls::pki_types::pem::Error::Io(io) => io.to_string(),
        _ => "not a PEM certificate".into(),
    }
}

fn tls_failed(target: &str, e: &dyn std::fmt::Display) -> RegisterError {
    RegisterError::Server {
        target: target.to_string(),
        problem: ServerProblem::TlsFailed,
        detail: e.to_string(),
    }
}

/// What a failed TLS handshake means to the user, when the driver's error carries rustls's:
/// the server's certificate untrusted, or for another host; `None` for anything else.
pub fn handshake_problem(e: &(dyn std::error::Error + 'static)) -> Option<ServerProblem> {
    let mut cause: Option<&(dyn std::error::Error + 'static)> = Some(e);
    while let Some(c) = cause {
        let tls = c.downcast_ref::<rustls::Error>().or_else(|| {
            c.downcast_ref::<std::io::Error>()
                .and_then(|io| io.get_ref())
                .and_then(|inner| inner.downcast_ref::<rustls::Error>())
        });
        if let Some(tls) = tls {
            return Some(match tls {
                rustls::Error::InvalidCertificate(
                    CertificateError::NotValidForName
                    | CertificateError::NotValidForNameContext { .. },
                ) => ServerProblem::TlsWrongHost,
                rustls::Error::InvalidCertificate(_) => ServerProblem::TlsUntrusted,
                _ => ServerProblem::TlsFailed,
            });
        }
        cause = c.source();
    }
    None
}

/// `require` (and `prefer`): the connection is encrypted, the certificate not checked; the
/// handshake's signatures still are, so the session is with the certificate's key holder.
#[derive(Debug)]
struct AnyCertificate(Arc<CryptoProvider>);

impl ServerCertVerifier for AnyCertificate {
    fn verify_server_cert(
        &self,
        _end_entity: &CertificateDer<'_>,
        _intermediates: &[CertificateDer<'_>],
        _server_name: &ServerName<'_>,
        _ocsp: &[u8],
        _now: UnixTime,
    ) -> Result<ServerCertVerified, rustls::Error> {
        Ok(ServerCertVerified::assertion())
    }

    fn verify_tls12_signature(
        &self,
        message: &[u8],
        cert: &CertificateDer<'_>,
        dss: &DigitallySignedStruct,
    ) -> Result<HandshakeSignatureValid, rustls::Error> {
        rustls::crypto::verify_tls12_signature(
            message,
            cert,
            dss,
            &self.0.signature_verification_algorithms,
        )
    }

    fn verify_tls13_signature(
        &self,
        message: &[u8],
        cert: &CertificateDer<'_>,
        dss: &DigitallySignedStruct,
    ) -> Result<HandshakeSignatureValid, rustls::Error> {
        rustls::crypto::verify_tls13_signature(
            message,
            cert,
            dss,
            &self.0.signature_verification_algorithms,
        )
    }

    fn supported_verify_schemes(&self) -> Vec<SignatureScheme> {
        self.0.signature_verification_algorithms.supported_schemes()
    }
}

/// `verify-ca`: the certificate must be signed by a trusted authority, for whatever host.
#[derive(Debug)]
struct AnyName(Arc<WebPkiServerVerifier>);

impl ServerCertVerifier for AnyName {
    fn verify_server_cert(
        &self,
        end_entity: &CertificateDer<'_>,
        intermediates: &[CertificateDer<'_>],
        server_name: &ServerName<'_>,
        ocsp: &[u8],
        now: UnixTime,
    ) -> Result<ServerCertVerified, rustls::Error> {
        match self
            .0
            .verify_server_cert(end_entity, intermediates, server_name, ocsp, now)
        {
            Err(rustls::Error::InvalidCertificate(
                CertificateError::NotValidForName | CertificateError::NotValidForNameContext { .. },
            )) => Ok(ServerCertVerified::assertion()),
            other => other,
        }
    }

    fn verify_tls12_signature(
        &self,
        message: &[u8],
        cert: &CertificateDer<'_>,
        dss: &DigitallySignedStruct,
    ) -> Result<HandshakeSignatureValid, rustls::Error> {
        self.0.verify_tls12_signature(message, cert, dss)
    }

    fn verify_tls13_signature(
        &self,
        message: &[u8],
        cert: &CertificateDer<'_>,
        dss: &DigitallySignedStruct,
    ) -> Result<HandshakeSignatureValid, rustls::Error> {
        self.0.verify_tls13_signature(message, cert, dss)
    }

    fn supported_verify_schemes(&self) -> Vec<SignatureScheme> {
        self.0.supported_verify_schemes()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tls_parameters_leave_the_url_and_are_read_from_it() {
        let (rest, tls) = split(
            "postgres://q@db:5433/reg?sslmode=verify-full&application_name=x&sslrootcert=%2Fetc%2Fca%20b.pem",
        )
        .unwrap();
        assert_eq!(rest, "postgres://q@db:5433/reg?application_name=x");
        assert_eq!(tls.mode, SslMode::VerifyFull);
        assert_eq!(tls.root_cert.as_deref(), Some("/etc/ca b.pem"));
        let (rest, tls) = split("postgres://q@db/reg?sslmode=disable").unwrap();
        assert_eq!(rest, "postgres://q@db/reg");
        assert_eq!(tls.mode, SslMode::Disable);
        assert!(matches!(
            split("postgres://q:pw@db/reg?sslmode=sometimes"),
            Err(RegisterError::Server {
                problem: ServerProblem::BadUrl,
                ..
            })
        ));
        assert_eq!(percent_decoded("a%2"), "a%2");
    }
}
