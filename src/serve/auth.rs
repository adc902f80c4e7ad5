//! Sessions, CSRF tokens and login throttling, kept in the server's memory: a restart logs
//! everybody out, which is the safe direction. Whether the user still exists and is enabled is
//! read from the register on every request, so `isoaudit users disable` takes effect at once.

use std::collections::HashMap;
use std::sync::Mutex;
use std::time::{Duration, Instant};

/// The cookie that carries the session token.
pub const SESSION_COOKIE: &str = "isoaudit_session";
/// The cookie that carries the login form's token (double submit: a login form cannot be
/// posted from another site, which would log the victim in as the attacker).
pub const LOGIN_COOKIE: &str = "isoaudit_login";

/// Failed logins allowed per user name within [`WINDOW`] before further tries are refused.
pub const MAX_FAILS_PER_USER: usize = 5;
/// Failed logins allowed per client address within [`WINDOW`].
pub const MAX_FAILS_PER_ADDR: usize = 20;
/// Names and addresses with failures remembered before old ones are swept out.
const MAX_TRACKED: usize = 10_000;
/// The window failed logins are counted over.
pub const WINDOW: Duration = Duration::from_secs(15 * 60);

/// One logged-in browser.
#[derive(Debug, Clone)]
pub struct Session {
    pub user: String,
    /// Every form of this session carries it.
    pub csrf: String,
    pub expires: Instant,
}

/// Sessions and failed-login counts.
pub struct Auth {
    sessions: Mutex<HashMap<String, Session>>,
    fails: Mutex<HashMap<String, Vec<Instant>>>,
    pub lifetime: Duration,
}

/// A random token, hex.
pub fn token() -> Result<String, crate::register::RegisterError> {
    let b = crate::register::users::random_bytes::<32>()?;
    Ok(b.iter().map(|x| format!("{x:02x}")).collect())
}

/// Compare two tokens without leaking where they first differ.
pub fn same(a: &str, b: &str) -> bool {
    a.len() == b.len()
        && a.bytes()
            .zip(b.bytes())
            .fold(0u8, |acc, (x, y)| acc | (x ^ y))
            == 0
}

impl Auth {
    pub fn new(lifetime: Duration) -> Auth {
        Auth {
            sessions: Mutex::new(HashMap::new()),
            fails: Mutex::new(HashMap::new()),
            lifetime,
        }
    }

    /// Start a session for `user`; returns its token.
    pub fn start(&self, user: &str) -> Result<(String, Session), crate::register::RegisterError> {
        let s = Session {
            user: user.to_string(),
            csrf: token()?,
            expires: Instant::now() + self.lifetime,
        };
        let t = token()?;
        let mut all = self.sessions.lock().unwrap_or_else(|e| e.into_inner());
        all.retain(|_, v| v.expires > Instant::now());
        all.insert(t.clone(), s.clone());
        Ok((t, s))
    }

    /// The live session of `token`; an expired one is forgotten.
    pub fn session(&self, token: &str) -> Option<Session> {
        let mut all = self.sessions.lock().unwrap_or_else(|e| e.into_inner());
        match all.get(token) {
            Some(s) if s.expires > Instant::now() => Some(s.clone()),
            Some(_) => {
                all.remove(token);
                None
            }
            None => None,
        }
    }

    pub fn end(&self, token: &str) {
        self.sessions
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .remove(token);
    }

    /// Whether logins for `user` from `addr` are refused for now (too many recent failures);
    /// `Some(seconds)` until the oldest counted failure leaves the window.
    pub fn throttled(&self, user: &str, addr: &str) -> Option<u64> {
        let mut fails = self.fails.lock().unwrap_or_else(|e| e.into_inner());
        let now = Instant::now();
        let mut wait = None;
        for (key, max) in [
            (format!("user:{}", user.to_lowercase()), MAX_FAILS_PER_USER),
            (format!("addr:{addr}"), MAX_FAILS_PER_ADDR),
        ] {
            let list = fails.entry(key).or_default();
            list.retain(|t| now.duration_since(*t) < WINDOW);
            if list.len() >= max {
                let left = WINDOW.saturating_sub(now.duration_since(list[0]));
                wait = Some(left.as_secs().max(1));
            }
        }
        wait
    }

    /// Count a failed login.
    pub fn failed(&self, user: &str, addr: &str) {
        let mut fails = self.fails.lock().unwrap_or_else(|e| e.into_inner());
        let now = Instant::now();
        // Made-up names would otherwise grow the table for ever: past a bound, forget every
        // key whose failures have all left the window.
        if fails.len() > MAX_TRACKED {
            fails.retain(|_, list| {
                list.retain(|t| now.duration_since(*t) < WINDOW);
                !list.is_empty()
            });
        }
        fails
            .entry(format!("user:{}", user.to_lowercase()))
            .or_default()
            .push(now);
        fails.entry(format!("addr:{addr}")).or_default().push(now);
    }

    /// A successful login clears the user's failures (not the address's).
    pub fn succeeded(&self, user: &str) {
        self.fails
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .remove(&format!("user:{}", user.to_lowercase()));
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn throttles_after_the_allowed_failures() {
        let a = Auth::new(Duration::from_secs(60));
        for _ in 0..MAX_FAILS_PER_USER {
            assert!(a.throttled("zhang", "1.2.3.4").is_none());
            a.failed("zhang", "1.2.3.4");
        }
        assert!(a.throttled("zhang", "1.2.3.4").is_some());
        assert!(
            a.throttled("ZHANG", "5.6.7.8").is_some(),
            "per user, any address"
        );
        assert!(
            a.throttled("wang", "1.2.3.4").is_none(),
            "the address has room"
        );
    }

    #[test]
    fn sessions_start_and_end() {
        let a = Auth::new(Duration::from_secs(60));
        let (t, s) = a.start("zhang").unwrap();
        assert_eq!(t.len(), 64);
        assert_ne!(t, s.csrf);
        assert_eq!(a.session(&t).unwrap().user, "zhang");
        a.end(&t);
        assert!(a.session(&t).is_none());
        assert!(same("abc", "abc") && !same("abc", "abd") && !same("abc", "ab"));
    }
}
