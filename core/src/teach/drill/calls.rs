//! System calls of a script mapped onto the world's BSD calls.
//!
//! Script file descriptors (3, 4, ...) name our sockets. Our calls never block: where a
//! blocking socket would wait (accept, read, a blocking connect written with `...`), the
//! call is kept pending and retried after each later event, as packetdrill runs blocking
//! calls in a thread while the script goes on. Calls and socket options we do not model
//! are skipped with a reason.

use super::ast::{Arg, Call, Event, Expect};
use super::interp::{Fd, Runner, Skip, REMOTE_ADDR, SCRIPT_PORT};
use crate::endpoint::Endpoint;
use crate::errno::Errno;
use crate::socket::{Protocol, Shutdown};
use crate::time::{Duration, Instant};

/// A blocking call waiting for the world.
pub(crate) struct Pending {
    pub line: u32,
    pub col: u32,
    pub call: Call,
    /// The window its return must fall in (from `...end`), if the script gave one.
    pub end: Option<(Instant, Instant)>,
}

/// What running a call gave.
enum Ran {
    Done(Result<i64, Errno>),
    /// It would block on a blocking socket.
    Blocked,
    Skip(String),
    /// The call succeeded but an out-parameter differs from the script's.
    Mismatch(String),
}

fn words(a: Option<&Arg>) -> Vec<String> {
    match a {
        Some(Arg::Words(w)) => w.clone(),
        _ => Vec::new(),
    }
}

fn int(a: Option<&Arg>) -> Option<i64> {
    match a {
        Some(Arg::Int(n)) => Some(*n),
        Some(Arg::List(v)) => int(v.first()),
        _ => None,
    }
}

/// An argument as a script would write it.
fn arg_text(a: &Arg) -> String {
    match a {
        Arg::Ellipsis => "...".into(),
        Arg::Int(n) => n.to_string(),
        Arg::Words(w) => w.join("|"),
        Arg::Str(s) => format!("\"{s}\""),
        Arg::List(v) => format!(
            "[{}]",
            v.iter().map(arg_text).collect::<Vec<_>>().join(", ")
        ),
        Arg::Struct(f) => {
            let parts: Vec<String> = f
                .iter()
                .map(|(k, v)| format!("{k}={}", arg_text(v)))
                .collect();
            format!("{{{}}}", parts.join(", "))
        }
    }
}

fn errno_matches(name: &str, e: Errno) -> bool {
    let ours = e.name();
    name == ours || (e == Errno::WouldBlock && name == "EWOULDBLOCK")
}

impl Runner {
    /// Runs a call event; false when it was skipped.
    pub(crate) fn call(&mut self, e: &Event, call: &Call) -> Result<bool, String> {
        match self.run_call(call, false) {
            Ran::Skip(reason) => {
                self.skipped.push(Skip {
                    line: e.line,
                    col: e.col,
                    reason,
                });
                Ok(false)
            }
            Ran::Blocked => {
                let end = call.end.map(|t| {
                    let (_, lo, hi) = self.window(t);
                    (lo, hi)
                });
                self.pending.push(Pending {
                    line: e.line,
                    col: e.col,
                    call: call.clone(),
                    end,
                });
                Ok(true)
            }
            Ran::Done(r) => self.check_result(call, r, None).map(|()| true),
            Ran::Mismatch(m) => Err(m),
        }
    }

    /// Retries pending blocking calls; a finished one is checked against its script line.
    pub(crate) fn retry_pending(&mut self) -> Result<(), String> {
        let mut i = 0;
        while i < self.pending.len() {
            let call = self.pending[i].call.clone();
            match self.run_call(&call, true) {
                Ran::Blocked => i += 1,
                Ran::Mismatch(m) => return Err(m),
                Ran::Skip(_) => {
                    self.pending.remove(i);
                }
                Ran::Done(r) => {
                    let p = self.pending.remove(i);
                    self.check_result(&call, r, p.end).map_err(|m| {
                        format!("(blocking call at line {} column {}) {m}", p.line, p.col)
                    })?;
                }
            }
        }
        Ok(())
    }

    fn check_result(
        &mut self,
        call: &Call,
        r: Result<i64, Errno>,
        end: Option<(Instant, Instant)>,
    ) -> Result<(), String> {
        let ok = match (&call.expect, r) {
            (Expect::Any, _) => true,
            (Expect::Value(v), Ok(n)) => *v == n,
            (Expect::Errno(name), Err(e)) => errno_matches(name, e),
            _ => false,
        };
        let got = match r {
            Ok(n) => n.to_string(),
            Err(e) => format!("-1 {} ({e})", e.name()),
        };
        let want = match &call.expect {
            Expect::Value(v) => v.to_string(),
            Expect::Errno(n) => format!("-1 {n}"),
            Expect::Any => "anything".into(),
        };
        let sock = int(call.args.first())
            .and_then(|fd| self.fds.get(&fd))
            .map(|f| f.sock);
        let cause = self.cause_text(sock.and_then(|s| self.causes.get(&s)));
        if !ok {
            return Err(format!(
                "{}() returned {got}, expected {want}\n{cause}",
                call.name
            ));
        }
        if let Some((lo, hi)) = end {
            let now = self.world.now();
            if now < lo || now > hi {
                return Err(format!(
                    "{}() returned at {now}, expected between {lo} and {hi}",
                    call.name
                ));
            }
        }
        Ok(())
    }

    fn fd(&self, call: &Call) -> Result<Fd, Errno> {
        int(call.args.first())
            .and_then(|n| self.fds.get(&n))
            .copied()
            .ok_or(Errno::BadDescriptor)
    }

    /// The number a call returning a new descriptor gives: the script's, if it wrote one.
    fn new_fd(&self, call: &Call) -> i64 {
        match call.expect {
            Expect::Value(v) if v >= 0 => v,
            _ => self.fds.keys().next_back().map_or(3, |k| k + 1),
        }
    }

    fn run_call(&mut self, call: &Call, retry: bool) -> Ran {
        let a = &call.args;
        match call.name.as_str() {
            "socket" => self.socket(call),
            "bind" => self.with_fd(call, |r, fd| {
                r.local_port = SCRIPT_PORT;
                r.world
                    .bind(fd.sock, Endpoint::any(SCRIPT_PORT))
                    .map(|()| 0)
            }),
            "listen" => {
                let backlog = int(a.get(1)).unwrap_or(1).clamp(0, 65_535) as u32;
                self.with_fd(call, |r, fd| r.world.listen(fd.sock, backlog).map(|()| 0))
            }
            "accept" => self.accept(call),
            "connect" => self.connect(call, retry),
            "write" | "send" => {
                let n = int(a.get(2)).unwrap_or(0).clamp(0, 1 << 20) as usize;
                self.with_fd(call, |r, fd| {
                    r.world.send(fd.sock, &vec![0; n]).map(i64::from)
                })
            }
            "read" | "recv" => self.read(call),
            "close" => self.close(call),
            "shutdown" => self.shutdown(call),
            "setsockopt" => self.setsockopt(call),
            "getsockopt" => self.getsockopt(call),
            "fcntl" => self.fcntl(call),
            other => Ran::Skip(format!("system call {other}() is not modelled")),
        }
    }

    /// Runs `f` on the call's descriptor; EAGAIN on a blocking one means "blocked".
    fn with_fd(&mut self, call: &Call, f: impl FnOnce(&mut Self, Fd) -> Result<i64, Errno>) -> Ran {
        match self.fd(call) {
            Err(e) => Ran::Done(Err(e)),
            Ok(fd) => match f(self, fd) {
                Err(Errno::WouldBlock) if !fd.nonblocking => Ran::Blocked,
                r => Ran::Done(r),
            },
        }
    }

    fn socket(&mut self, call: &Call) -> Ran {
        let ty = words(call.args.get(1));
        if !ty.iter().any(|w| w == "SOCK_STREAM") {
            return Ran::Skip(format!(
                "socket type {} is not modelled (TCP only)",
                ty.join("|")
            ));
        }
        let fd = self.new_fd(call);
        let r = self.world.socket(self.local, Protocol::Tcp).map(|sock| {
            self.fds.insert(
                fd,
                Fd {
                    sock,
                    nonblocking: false,
                    linger0: false,
                },
            );
            fd
        });
        Ran::Done(r)
    }

    fn accept(&mut self, call: &Call) -> Ran {
        let fd = self.new_fd(call);
        self.with_fd(call, |r, l| {
            r.world.accept(l.sock).map(|(sock, remote)| {
                r.remote_port = remote.port;
                r.fds.insert(
                    fd,
                    Fd {
                        sock,
                        nonblocking: false,
                        linger0: false,
                    },
                );
                fd
            })
        })
    }

    fn connect(&mut self, call: &Call, retry: bool) -> Ran {
        let fd = match self.fd(call) {
            Ok(fd) => fd,
            Err(e) => return Ran::Done(Err(e)),
        };
        if retry {
            // A blocking connect being retried: done when the handshake is.
            return match self.world.tcb(fd.sock).map(|t| (t.error, t.synchronized())) {
                Some((Some(e), _)) => Ran::Done(Err(e)),
                Some((None, true)) => Ran::Done(Ok(0)),
                Some((None, false)) => Ran::Blocked,
                None => Ran::Done(Err(Errno::NotConnected)),
            };
        }
        self.remote_port = SCRIPT_PORT;
        let r = self
            .world
            .connect(fd.sock, Endpoint::new(REMOTE_ADDR, SCRIPT_PORT));
        if let Some(local) = self.world.get_socket(fd.sock).and_then(|s| s.local) {
            self.local_port = local.port;
        }
        match r {
            Ok(()) if fd.nonblocking => Ran::Done(Err(Errno::InProgress)),
            Ok(()) if call.end.is_some() => Ran::Blocked,
            Ok(()) => Ran::Done(Ok(0)),
            Err(e) => Ran::Done(Err(e)),
        }
    }

    fn read(&mut self, call: &Call) -> Ran {
        let max = int(call.args.get(2)).unwrap_or(0).clamp(0, 1 << 20) as u32;
        let peek = words(call.args.get(3)).iter().any(|w| w == "MSG_PEEK");
        self.with_fd(call, |r, fd| {
            if !peek {
                return r.world.recv(fd.sock, max).map(|d| d.len() as i64);
            }
            // MSG_PEEK: what a read would return, without taking it.
            let t = r.world.tcb(fd.sock).ok_or(Errno::NotConnected)?;
            let ready = t.recv_buf.ready.len() as i64;
            match (ready, t.fin_received) {
                (0, true) => Ok(0),
                (0, false) => Err(t.error.unwrap_or(Errno::WouldBlock)),
                (n, _) => Ok(n.min(i64::from(max))),
            }
        })
    }

    fn close(&mut self, call: &Call) -> Ran {
        let r = self.fd(call).and_then(|fd| {
            if fd.linger0 {
                self.world.abort(fd.sock)
            } else {
                self.world.close(fd.sock)
            }
        });
        if r.is_ok() {
            if let Some(n) = int(call.args.first()) {
                self.fds.remove(&n);
            }
        }
        Ran::Done(r.map(|()| 0))
    }

    fn shutdown(&mut self, call: &Call) -> Ran {
        let how = match words(call.args.get(1)).first().map(String::as_str) {
            Some("SHUT_RD") => Shutdown::Read,
            Some("SHUT_WR") => Shutdown::Write,
            Some("SHUT_RDWR") => Shutdown::Both,
            other => return Ran::Skip(format!("shutdown how {other:?} is not modelled")),
        };
        self.with_fd(call, |r, fd| r.world.shutdown(fd.sock, how).map(|()| 0))
    }

    fn setsockopt(&mut self, call: &Call) -> Ran {
        let name = words(call.args.get(2)).join("|");
        match name.as_str() {
            "SO_REUSEADDR" => {
                let on = int(call.args.get(3)).unwrap_or(1) != 0;
                self.with_fd(call, |r, fd| {
                    r.world.set_reuse_addr(fd.sock, on).map(|()| 0)
                })
            }
            "SO_LINGER" => {
                let field = |n: &str| match call.args.get(3) {
                    Some(Arg::Struct(f)) => f
                        .iter()
                        .find(|(k, _)| k == n)
                        .and_then(|(_, v)| int(Some(v))),
                    _ => None,
                };
                let zero = field("onoff").unwrap_or(0) != 0 && field("linger") == Some(0);
                if !zero {
                    return Ran::Skip("SO_LINGER with a time other than 0 is not modelled".into());
                }
                self.with_fd(call, |r, fd| {
                    if let Some(n) = int(call.args.first()) {
                        r.fds.insert(
                            n,
                            Fd {
                                linger0: true,
                                ..fd
                            },
                        );
                    }
                    Ok(0)
                })
            }
            "SO_KEEPALIVE" | "TCP_KEEPIDLE" | "TCP_KEEPINTVL" | "TCP_KEEPCNT" => {
                self.keep_alive_option(call, &name)
            }
            other => Ran::Skip(format!("socket option {other} is not modelled")),
        }
    }

    /// SO_KEEPALIVE and Linux's TCP_KEEPIDLE, TCP_KEEPINTVL (seconds) and TCP_KEEPCNT
    /// (RFC 9293 §3.8.4), kept in the connection's TCB: a socket that is not connected
    /// yet has none, so there they are skipped.
    fn keep_alive_option(&mut self, call: &Call, name: &str) -> Ran {
        let fd = match self.fd(call) {
            Ok(fd) => fd,
            Err(e) => return Ran::Done(Err(e)),
        };
        let Some(value) = int(call.args.get(3)).and_then(|v| u32::try_from(v).ok()) else {
            return Ran::Done(Err(Errno::InvalidInput));
        };
        let now = self.world.now();
        let Some(tcb) = self.world.tcb_mut(fd.sock) else {
            return Ran::Skip(format!(
                "{name} on a socket not yet connected is not modelled"
            ));
        };
        let secs = Duration::from_secs(u64::from(value));
        match name {
            "SO_KEEPALIVE" => tcb.keep_alive = value != 0,
            "TCP_KEEPIDLE" => tcb.config.keepalive_idle = secs,
            "TCP_KEEPINTVL" => tcb.config.keepalive_interval = secs,
            _ => tcb.config.keepalive_probes = value,
        }
        let on = tcb.keep_alive;
        tcb.set_keep_alive(on, now);
        self.world.tcp_flush(fd.sock);
        Ran::Done(Ok(0))
    }

    fn getsockopt(&mut self, call: &Call) -> Ran {
        let name = words(call.args.get(2)).join("|");
        if name != "SO_ERROR" {
            return Ran::Skip(format!("reading socket option {name} is not modelled"));
        }
        let want = call.args.get(3).cloned();
        let fd = match self.fd(call) {
            Ok(fd) => fd,
            Err(e) => return Ran::Done(Err(e)),
        };
        let err = self.world.tcb(fd.sock).and_then(|t| t.error);
        let agrees = match (&want, err) {
            (Some(Arg::List(v)), None) => matches!(v.first(), Some(Arg::Int(0))),
            (Some(Arg::List(v)), Some(e)) => {
                matches!(v.first(), Some(Arg::Words(w)) if w.first().is_some_and(|n| errno_matches(n, e)))
            }
            _ => true,
        };
        if agrees {
            return Ran::Done(Ok(0));
        }
        let ours = err.map_or("0".to_string(), |e| e.name().to_string());
        Ran::Mismatch(format!(
            "getsockopt(SO_ERROR) gave [{ours}], expected {}\n{}",
            want.as_ref().map_or(String::new(), arg_text),
            self.cause_text(self.causes.get(&fd.sock))
        ))
    }

    fn fcntl(&mut self, call: &Call) -> Ran {
        let cmd = words(call.args.get(1)).join("|");
        if cmd != "F_SETFL" {
            return Ran::Skip(format!("fcntl {cmd} is not modelled"));
        }
        let nonblocking = words(call.args.get(2)).iter().any(|w| w == "O_NONBLOCK");
        let n = int(call.args.first());
        match n.and_then(|n| self.fds.get_mut(&n)) {
            Some(fd) => {
                fd.nonblocking = nonblocking;
                Ran::Done(Ok(0))
            }
            None => Ran::Done(Err(Errno::BadDescriptor)),
        }
    }
}
