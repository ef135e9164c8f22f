//! A byte queue (bytes appended at the back, taken from the front) whose clone is cheap:
//! the bytes live in shared chunks of up to [`CHUNK`] bytes, and a clone copies only the
//! chunk pointers. The socket buffers use it because the page snapshots the whole world
//! for stepping back (`World::checkpoint`): with a deque of bytes, a world holding 13 MB of
//! buffered data copied all 13 MB per snapshot, a 40-80 ms frame (issue 17). Now a
//! snapshot costs a pointer per chunk, and the live world writes only into chunks it does
//! not share: a full chunk, or one a snapshot holds, is never written again.

use serde::{Deserialize, Deserializer, Serialize, Serializer};
use std::collections::VecDeque;
use std::fmt;
use std::rc::Rc;

/// Bytes per chunk: large enough that the pointers are few (a 13 MB world has about
/// 3,300), small enough that a half-used chunk wastes little.
pub const CHUNK: usize = 4096;

#[derive(Clone, Default)]
pub struct ByteQueue {
    chunks: VecDeque<Rc<Vec<u8>>>,
    /// Bytes already taken from the front chunk.
    head: usize,
    len: usize,
    /// A chunk emptied and not shared, kept for the next append: a connection whose
    /// reader keeps up would otherwise allocate and free a chunk per segment.
    spare: Option<Vec<u8>>,
}

impl ByteQueue {
    pub fn new() -> Self {
        ByteQueue::default()
    }

    pub fn len(&self) -> usize {
        self.len
    }

    pub fn is_empty(&self) -> bool {
        self.len == 0
    }

    /// Bytes reserved by the chunks (what the scale benchmark counts as buffer memory).
    pub fn capacity(&self) -> usize {
        let spare = self.spare.as_ref().map_or(0, Vec::capacity);
        self.chunks.iter().map(|c| c.capacity()).sum::<usize>() + spare
    }

    /// Appends `data`, filling the last chunk first when no snapshot shares it.
    pub fn extend(&mut self, mut data: &[u8]) {
        self.len += data.len();
        if let Some(last) = self.chunks.back_mut().and_then(Rc::get_mut) {
            let room = CHUNK.saturating_sub(last.len()).min(data.len());
            last.extend_from_slice(&data[..room]);
            data = &data[room..];
        }
        while !data.is_empty() {
            let n = data.len().min(CHUNK);
            let mut chunk = self
                .spare
                .take()
                .unwrap_or_else(|| Vec::with_capacity(CHUNK.min(n.max(64))));
            chunk.extend_from_slice(&data[..n]);
            self.chunks.push_back(Rc::new(chunk));
            data = &data[n..];
        }
    }

    /// Forgets the first `n` bytes (all of them if fewer).
    pub fn drain_front(&mut self, n: usize) {
        let mut n = n.min(self.len);
        self.len -= n;
        while n > 0 {
            let Some(front) = self.chunks.front() else {
                break;
            };
            let left = front.len() - self.head;
            if n < left {
                self.head += n;
                return;
            }
            n -= left;
            if let Some(done) = self.chunks.pop_front().and_then(|c| Rc::try_unwrap(c).ok()) {
                self.keep_spare(done);
            }
            self.head = 0;
        }
        if self.len == 0 {
            while let Some(c) = self.chunks.pop_front() {
                if let Ok(done) = Rc::try_unwrap(c) {
                    self.keep_spare(done);
                }
            }
            self.head = 0;
        }
    }

    fn keep_spare(&mut self, mut chunk: Vec<u8>) {
        if self.spare.is_none() {
            chunk.clear();
            self.spare = Some(chunk);
        }
    }

    pub fn clear(&mut self) {
        self.chunks.clear();
        self.head = 0;
        self.len = 0;
    }

    /// The byte at `index` from the front.
    pub fn get(&self, index: usize) -> Option<u8> {
        self.slices_from(index)
            .next()
            .and_then(|s| s.first().copied())
    }

    /// `n` bytes from `start`, copied out (clamped to what is there).
    pub fn copy_out(&self, start: usize, n: usize) -> Vec<u8> {
        let n = n.min(self.len.saturating_sub(start));
        let mut out = Vec::with_capacity(n);
        for s in self.slices_from(start) {
            let take = (n - out.len()).min(s.len());
            out.extend_from_slice(&s[..take]);
            if out.len() == n {
                break;
            }
        }
        out
    }

    /// Takes up to `max` bytes from the front.
    pub fn take_front(&mut self, max: usize) -> Vec<u8> {
        let out = self.copy_out(0, max);
        self.drain_front(out.len());
        out
    }

    /// The bytes, front to back.
    pub fn iter(&self) -> impl Iterator<Item = u8> + '_ {
        self.slices_from(0).flat_map(|s| s.iter().copied())
    }

    /// The contiguous runs of bytes from `start` to the back.
    fn slices_from(&self, start: usize) -> impl Iterator<Item = &[u8]> + '_ {
        let mut skip = start + self.head;
        self.chunks.iter().filter_map(move |c| {
            if skip >= c.len() {
                skip -= c.len();
                None
            } else {
                let s = &c[skip..];
                skip = 0;
                Some(s)
            }
        })
    }
}

impl PartialEq for ByteQueue {
    fn eq(&self, other: &Self) -> bool {
        self.len == other.len && self.iter().eq(other.iter())
    }
}

impl Eq for ByteQueue {}

impl fmt::Debug for ByteQueue {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_list().entries(self.iter()).finish()
    }
}

/// As the deque of bytes it replaced: a sequence of numbers.
impl Serialize for ByteQueue {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_seq(self.iter())
    }
}

impl<'de> Deserialize<'de> for ByteQueue {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let bytes = Vec::<u8>::deserialize(d)?;
        let mut q = ByteQueue::new();
        q.extend(&bytes);
        Ok(q)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    #[cfg(target_arch = "wasm32")]
    use wasm_bindgen_test::wasm_bindgen_test as test;

    fn pattern(n: usize) -> Vec<u8> {
        (0..n).map(|i| (i * 7 % 251) as u8).collect()
    }

    #[test]
    fn behaves_as_a_deque_across_chunk_edges() {
        let mut q = ByteQueue::new();
        let mut model: VecDeque<u8> = VecDeque::new();
        let data = pattern(3 * CHUNK + 123);
        for (i, piece) in data.chunks(1000 + 17).enumerate() {
            q.extend(piece);
            model.extend(piece);
            if i % 3 == 2 {
                q.drain_front(1500);
                model.drain(..1500.min(model.len()));
            }
            assert_eq!(q.len(), model.len());
            let all: Vec<u8> = model.iter().copied().collect();
            assert_eq!(q.iter().collect::<Vec<_>>(), all);
            let (s, n) = (all.len() / 3, all.len() / 2);
            assert_eq!(q.copy_out(s, n), all[s..s + n]);
            assert_eq!(q.get(all.len() - 1), all.last().copied());
            assert_eq!(q.get(all.len()), None);
        }
        let rest = q.take_front(usize::MAX);
        assert_eq!(rest, model.iter().copied().collect::<Vec<_>>());
        assert!(q.is_empty() && q.chunks.is_empty());
    }

    #[test]
    fn a_clone_shares_the_bytes_and_neither_side_sees_the_others_writes() {
        let mut live = ByteQueue::new();
        live.extend(&pattern(2 * CHUNK + 10));
        let snapshot = live.clone();
        assert!(Rc::ptr_eq(&live.chunks[0], &snapshot.chunks[0]), "shared");
        live.extend(b"after");
        live.drain_front(5);
        assert_eq!(snapshot.len(), 2 * CHUNK + 10);
        assert_eq!(snapshot.iter().collect::<Vec<_>>(), pattern(2 * CHUNK + 10));
        let mut expect = pattern(2 * CHUNK + 10)[5..].to_vec();
        expect.extend_from_slice(b"after");
        assert_eq!(live.iter().collect::<Vec<_>>(), expect);
    }

    #[test]
    fn serializes_as_the_deque_did() {
        let mut q = ByteQueue::new();
        q.extend(&[1, 2, 3]);
        let deque: VecDeque<u8> = [1, 2, 3].into_iter().collect();
        assert_eq!(
            serde_json::to_string(&q).unwrap(),
            serde_json::to_string(&deque).unwrap()
        );
        let back: ByteQueue = serde_json::from_str("[1,2,3]").unwrap();
        assert_eq!(back, q);
    }
}
