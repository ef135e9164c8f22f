//! Follow TCP Stream: the bytes of one connection as each application read them, in
//! order per direction (retransmitted bytes once, out-of-order ones where they belong),
//! the two directions interleaved in the order the capture first carried them.

use super::Capture;
use crate::wire::TcpFlags;

/// A run of bytes sent one way.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Chunk {
    /// Sent by the side that opened the connection.
    pub from_client: bool,
    pub bytes: Vec<u8>,
}

/// The conversation of one stream.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Followed {
    pub chunks: Vec<Chunk>,
    /// Bytes each way: client to server, server to client.
    pub totals: [u64; 2],
    /// More than the limit was sent; the chunks stop there.
    pub truncated: bool,
}

/// One direction's reassembly: where the next byte is expected, and what came early.
#[derive(Default)]
struct Side {
    next: Option<u32>,
    early: Vec<(u32, Vec<u8>)>,
}

impl Side {
    /// The bytes of a segment at `seq` that are new and in order now, with any early
    /// ones they make contiguous.
    fn take(&mut self, seq: u32, syn: bool, data: &[u8]) -> Vec<u8> {
        let start = seq.wrapping_add(u32::from(syn));
        let next = *self.next.get_or_insert(start);
        let mut out = Vec::new();
        if data.is_empty() {
            return out;
        }
        let ahead = start.wrapping_sub(next) as i32;
        if ahead > 0 {
            self.early.push((start, data.to_vec()));
            return out;
        }
        self.append(start, data, &mut out);
        while let Some(i) = self.early.iter().position(|(s, _)| {
            let n = self.next.unwrap_or(*s);
            s.wrapping_sub(n) as i32 <= 0
        }) {
            let (s, d) = self.early.swap_remove(i);
            self.append(s, &d, &mut out);
        }
        out
    }

    /// Appends what of `data` (at `start`) lies past the next expected byte.
    fn append(&mut self, start: u32, data: &[u8], out: &mut Vec<u8>) {
        let next = self.next.unwrap_or(start);
        let skip = next.wrapping_sub(start) as usize;
        if let Some(new) = data.get(skip..).filter(|n| !n.is_empty()) {
            out.extend_from_slice(new);
            self.next = Some(next.wrapping_add(new.len() as u32));
        }
    }
}

/// The conversation of TCP stream `stream`, at most `limit` bytes of it.
pub fn follow(capture: &Capture, stream: u32, limit: usize) -> Followed {
    let mut f = Followed::default();
    let Some(s) = capture.stream(stream) else {
        return f;
    };
    let mut sides = [Side::default(), Side::default()];
    let mut shown = 0usize;
    for &i in &s.rows {
        let Some(row) = capture.rows.get(i as usize) else {
            continue;
        };
        let Some(t) = row.tcp() else { continue };
        let dir = usize::from(!row.from_client);
        let new = sides[dir].take(t.seq.0, t.flags.contains(TcpFlags::SYN), &t.payload);
        if new.is_empty() {
            continue;
        }
        f.totals[dir] += new.len() as u64;
        let room = limit.saturating_sub(shown);
        if room < new.len() {
            f.truncated = true;
        }
        let new = &new[..room.min(new.len())];
        if new.is_empty() {
            continue;
        }
        shown += new.len();
        match f.chunks.last_mut() {
            Some(c) if c.from_client == row.from_client => c.bytes.extend_from_slice(new),
            _ => f.chunks.push(Chunk {
                from_client: row.from_client,
                bytes: new.to_vec(),
            }),
        }
    }
    f
}

/// Bytes as text: UTF-8 shown as text (Korean stays 한글), line breaks kept (a CR before
/// an LF dropped), every other control byte and every byte that is not UTF-8 written as
/// `\xNN`, so nothing invisible is hidden.
pub fn escape_text(bytes: &[u8]) -> String {
    let mut out = String::with_capacity(bytes.len());
    let mut rest = bytes;
    while !rest.is_empty() {
        let (valid, bad) = match std::str::from_utf8(rest) {
            Ok(s) => (s, &[][..]),
            Err(e) => {
                let (ok, tail) = rest.split_at(e.valid_up_to());
                // Valid up to there by the error's own word.
                (std::str::from_utf8(ok).unwrap_or_default(), tail)
            }
        };
        let mut chars = valid.chars().peekable();
        while let Some(c) = chars.next() {
            match c {
                '\r' if chars.peek() == Some(&'\n') => {}
                '\n' | '\t' => out.push(c),
                c if c.is_control() => {
                    let n = c as u32;
                    if n < 0x100 {
                        out.push_str(&format!("\\x{n:02x}"));
                    } else {
                        out.push_str(&format!("\\u{{{n:x}}}"));
                    }
                }
                c => out.push(c),
            }
        }
        if let Some((b, tail)) = bad.split_first() {
            out.push_str(&format!("\\x{b:02x}"));
            rest = tail;
        } else {
            rest = &[];
        }
    }
    out
}
