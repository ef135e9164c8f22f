//! TCP options (RFC 9293 §3.2) that the simulator speaks: MSS, window scale and timestamps
//! (RFC 7323), SACK (RFC 2018).
//!
//! Each option is emitted with NOP (kind 1) padding in front so that it ends on a 32-bit
//! boundary, the layout common stacks use; the whole option area is therefore always a
//! multiple of 4 bytes and never needs an End of Option List (kind 0) octet.

use super::seq_number::SeqNumber;
use crate::wire::bytes::{u16_at, u32_at, u8_at};
use crate::wire::error::WireError;

/// Option kinds (RFC 9293 §3.2; IANA "TCP Option Kind Numbers"), shared with the dissector.
pub(crate) const KIND_EOL: u8 = 0;
pub(crate) const KIND_NOP: u8 = 1;
pub(crate) const KIND_MSS: u8 = 2;
pub(crate) const KIND_WINDOW_SCALE: u8 = 3;
pub(crate) const KIND_SACK_PERMITTED: u8 = 4;
pub(crate) const KIND_SACK: u8 = 5;
pub(crate) const KIND_TIMESTAMPS: u8 = 8;

/// How a stack orders and pads the options of a SYN. Stacks agree on everything but
/// the SYN, whose layout is a fingerprint students meet in real captures: after a SYN the
/// three layouts emit the same bytes (NOP, NOP, timestamps; NOP, NOP, SACK).
#[derive(
    Debug, Clone, Copy, Default, PartialEq, Eq, Hash, serde::Serialize, serde::Deserialize,
)]
pub enum OptionLayout {
    /// Each option NOP-padded to end on a 32-bit boundary, in kind order: this
    /// simulator's layout since the start.
    #[default]
    Aligned,
    /// Linux's tcp_options_write (net/ipv4/tcp_output.c): MSS, then SACK-permitted and
    /// timestamps sharing one word (`mss,sackOK,TS,nop,wscale`), then NOP and window scale.
    Linux,
    /// FreeBSD's tcp_addoptions (sys/netinet/tcp_output.c): each option padded with the
    /// fewest NOPs its alignment needs (`mss,nop,wscale,sackOK,TS`), EOL and zeros last.
    FreeBsd,
}

impl OptionLayout {
    pub fn is_aligned(&self) -> bool {
        *self == OptionLayout::Aligned
    }
}

/// The options a segment carries. Unknown options on receipt are skipped, not kept.
#[derive(Clone, Default, PartialEq, Eq, Hash, serde::Serialize, serde::Deserialize)]
pub struct TcpOptions {
    /// Maximum Segment Size, only meaningful on SYN (RFC 9293 §3.7.1).
    pub mss: Option<u16>,
    /// Window scale shift count, only meaningful on SYN (RFC 7323 §2).
    pub window_scale: Option<u8>,
    /// SACK-permitted, only meaningful on SYN (RFC 2018 §2).
    pub sack_permitted: bool,
    /// SACK blocks as (left edge, right edge), first block most recent (RFC 2018 §3, §4).
    pub sack_blocks: Vec<(SeqNumber, SeqNumber)>,
    /// Timestamps as (TSval, TSecr) (RFC 7323 §3).
    pub timestamp: Option<(u32, u32)>,
    /// The SYN's layout; parsing recognises the three layouts it knows.
    #[serde(default, skip_serializing_if = "OptionLayout::is_aligned")]
    pub layout: OptionLayout,
}

/// Written out so that the default layout prints nothing: the event log's digest is a
/// debug rendering, and runs that never chose a layout must keep their digests.
impl std::fmt::Debug for TcpOptions {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let mut d = f.debug_struct("TcpOptions");
        d.field("mss", &self.mss)
            .field("window_scale", &self.window_scale)
            .field("sack_permitted", &self.sack_permitted)
            .field("sack_blocks", &self.sack_blocks)
            .field("timestamp", &self.timestamp);
        if !self.layout.is_aligned() {
            d.field("layout", &self.layout);
        }
        d.finish()
    }
}

impl TcpOptions {
    /// Option space: Data Offset is 4 bits of 32-bit words, so a header is at most 60 bytes,
    /// 40 of them options (RFC 9293 §3.1).
    pub const MAX_LEN: u16 = 40;

    /// Bytes of option space before the SACK option: MSS 4, NOP+WS 4, NOP+NOP+SACKP 4,
    /// NOP+NOP+TS 12.
    fn fixed_len(&self) -> usize {
        4 * usize::from(self.mss.is_some())
            + 4 * usize::from(self.window_scale.is_some())
            + 4 * usize::from(self.sack_permitted)
            + 12 * usize::from(self.timestamp.is_some())
    }

    /// How many of `sack_blocks` fit in the space the other options leave.
    ///
    /// Extra blocks are dropped from the end, as RFC 2018 §3 expects a sender to send as
    /// many as fit, most recent first; a SACK option carries at most 4 blocks.
    pub fn sack_blocks_that_fit(&self) -> usize {
        let free = usize::from(Self::MAX_LEN).saturating_sub(self.fixed_len());
        // NOP, NOP, kind, length, then 8 bytes per block.
        let room = free.saturating_sub(4) / 8;
        self.sack_blocks.len().min(room).min(4)
    }

    /// Whether the layout changes the bytes: only the SYN-only options are laid out
    /// differently by the stacks.
    fn laid_out(&self) -> bool {
        !self.layout.is_aligned()
            && (self.mss.is_some() || self.window_scale.is_some() || self.sack_permitted)
    }

    /// Length of the emitted option area, always a multiple of 4 and at most 40.
    pub fn encoded_len(&self) -> u16 {
        if self.laid_out() {
            return crate::wire::bytes::len_u16(self.emit().len());
        }
        let blocks = self.sack_blocks_that_fit();
        let sack = if blocks > 0 { 4 + 8 * blocks } else { 0 };
        // At most 40 by construction; the conversion cannot saturate.
        crate::wire::bytes::len_u16(self.fixed_len() + sack)
    }

    /// The option bytes, padded so their length is a multiple of 4.
    pub fn emit(&self) -> Vec<u8> {
        if self.laid_out() {
            return match self.layout {
                OptionLayout::Linux => self.emit_linux(),
                _ => self.emit_freebsd(),
            };
        }
        let mut out = Vec::with_capacity(usize::from(self.encoded_len()));
        if let Some(mss) = self.mss {
            out.extend_from_slice(&[KIND_MSS, 4]);
            out.extend_from_slice(&mss.to_be_bytes());
        }
        if let Some(shift) = self.window_scale {
            out.extend_from_slice(&[KIND_NOP, KIND_WINDOW_SCALE, 3, shift]);
        }
        if self.sack_permitted {
            out.extend_from_slice(&[KIND_NOP, KIND_NOP, KIND_SACK_PERMITTED, 2]);
        }
        if let Some((val, ecr)) = self.timestamp {
            out.extend_from_slice(&[KIND_NOP, KIND_NOP, KIND_TIMESTAMPS, 10]);
            out.extend_from_slice(&val.to_be_bytes());
            out.extend_from_slice(&ecr.to_be_bytes());
        }
        let blocks = self.sack_blocks_that_fit();
        if blocks > 0 {
            // 2 + 8n is at most 34, so it always fits the length octet.
            let len = (2 + 8 * blocks) as u8;
            out.extend_from_slice(&[KIND_NOP, KIND_NOP, KIND_SACK, len]);
            for (left, right) in self.sack_blocks.iter().take(blocks) {
                out.extend_from_slice(&left.0.to_be_bytes());
                out.extend_from_slice(&right.0.to_be_bytes());
            }
        }
        out
    }

    /// Linux's order: MSS; SACK-permitted in the NOPs before the timestamps when both are
    /// on; NOP and window scale; SACK-permitted alone (NOP, NOP) without timestamps.
    fn emit_linux(&self) -> Vec<u8> {
        let mut out = Vec::with_capacity(40);
        if let Some(mss) = self.mss {
            out.extend_from_slice(&[KIND_MSS, 4]);
            out.extend_from_slice(&mss.to_be_bytes());
        }
        if let Some((val, ecr)) = self.timestamp {
            if self.sack_permitted {
                out.extend_from_slice(&[KIND_SACK_PERMITTED, 2, KIND_TIMESTAMPS, 10]);
            } else {
                out.extend_from_slice(&[KIND_NOP, KIND_NOP, KIND_TIMESTAMPS, 10]);
            }
            out.extend_from_slice(&val.to_be_bytes());
            out.extend_from_slice(&ecr.to_be_bytes());
        }
        if let Some(shift) = self.window_scale {
            out.extend_from_slice(&[KIND_NOP, KIND_WINDOW_SCALE, 3, shift]);
        }
        if self.sack_permitted && self.timestamp.is_none() {
            out.extend_from_slice(&[KIND_NOP, KIND_NOP, KIND_SACK_PERMITTED, 2]);
        }
        self.emit_sack_blocks(&mut out);
        out
    }

    /// FreeBSD's: each option preceded by the NOPs its alignment asks (window scale at an
    /// odd offset, SACK-permitted at an even one, timestamps and SACK at 2 mod 4), then
    /// EOL and zero padding to a 32-bit boundary.
    fn emit_freebsd(&self) -> Vec<u8> {
        fn pad(out: &mut Vec<u8>, ok: fn(usize) -> bool) {
            while !ok(out.len()) {
                out.push(KIND_NOP);
            }
        }
        let mut out = Vec::with_capacity(40);
        if let Some(mss) = self.mss {
            pad(&mut out, |n| n % 4 == 0);
            out.extend_from_slice(&[KIND_MSS, 4]);
            out.extend_from_slice(&mss.to_be_bytes());
        }
        if let Some(shift) = self.window_scale {
            pad(&mut out, |n| n % 2 == 1);
            out.extend_from_slice(&[KIND_WINDOW_SCALE, 3, shift]);
        }
        if self.sack_permitted {
            pad(&mut out, |n| n % 2 == 0);
            out.extend_from_slice(&[KIND_SACK_PERMITTED, 2]);
        }
        if let Some((val, ecr)) = self.timestamp {
            pad(&mut out, |n| n % 4 == 2);
            out.extend_from_slice(&[KIND_TIMESTAMPS, 10]);
            out.extend_from_slice(&val.to_be_bytes());
            out.extend_from_slice(&ecr.to_be_bytes());
        }
        if out.len() % 4 != 0 {
            out.push(KIND_EOL);
            out.resize(out.len().next_multiple_of(4), 0);
        }
        self.emit_sack_blocks(&mut out);
        out
    }

    /// NOP, NOP and the SACK option with as many blocks as fit after `out`.
    fn emit_sack_blocks(&self, out: &mut Vec<u8>) {
        let room = (usize::from(Self::MAX_LEN).saturating_sub(out.len() + 4)) / 8;
        let blocks = self.sack_blocks.len().min(room).min(4);
        if blocks == 0 {
            return;
        }
        // 2 + 8n is at most 34, so it always fits the length octet.
        let len = (2 + 8 * blocks) as u8;
        out.extend_from_slice(&[KIND_NOP, KIND_NOP, KIND_SACK, len]);
        for (left, right) in self.sack_blocks.iter().take(blocks) {
            out.extend_from_slice(&left.0.to_be_bytes());
            out.extend_from_slice(&right.0.to_be_bytes());
        }
    }

    /// Which known layout produced `area`, if it carries SYN options: Aligned when its
    /// bytes match (so what this simulator emits always parses back equal), else the
    /// first layout whose emission gives the same bytes, else Aligned.
    fn recognise_layout(&mut self, area: &[u8]) {
        if !(self.mss.is_some() || self.window_scale.is_some() || self.sack_permitted)
            || self.emit() == area
        {
            return;
        }
        for layout in [OptionLayout::Linux, OptionLayout::FreeBsd] {
            let candidate = TcpOptions {
                layout,
                ..self.clone()
            };
            if candidate.emit() == area {
                self.layout = layout;
                return;
            }
        }
    }

    /// Parses an option area.
    ///
    /// Per RFC 9293 §3.2, unknown kinds are skipped using their length octet (MUST-6) and
    /// End of Option List stops the scan. A length below 2, wrong for a known kind, or
    /// running past the area is an error: RFC 9293 §3.2 (MUST-7) requires handling illegal
    /// option lengths, and trusting one would read past the header.
    pub fn parse(area: &[u8]) -> Result<TcpOptions, WireError> {
        let mut opts = TcpOptions::default();
        let mut at = 0usize;
        while let Some(kind) = u8_at(area, at) {
            match kind {
                KIND_EOL => break,
                KIND_NOP => at += 1,
                _ => {
                    let len = usize::from(u8_at(area, at + 1).ok_or(WireError::BadTcpOption)?);
                    if len < 2 {
                        return Err(WireError::BadTcpOption);
                    }
                    let body = area.get(at + 2..at + len).ok_or(WireError::BadTcpOption)?;
                    Self::parse_one(&mut opts, kind, body)?;
                    at += len;
                }
            }
        }
        opts.recognise_layout(area);
        Ok(opts)
    }

    /// Applies one option whose length octet said `body.len() + 2`.
    fn parse_one(opts: &mut TcpOptions, kind: u8, body: &[u8]) -> Result<(), WireError> {
        let bad = WireError::BadTcpOption;
        match kind {
            KIND_MSS if body.len() == 2 => opts.mss = Some(u16_at(body, 0).ok_or(bad)?),
            KIND_WINDOW_SCALE if body.len() == 1 => {
                opts.window_scale = Some(u8_at(body, 0).ok_or(bad)?)
            }
            KIND_SACK_PERMITTED if body.is_empty() => opts.sack_permitted = true,
            KIND_SACK if !body.is_empty() && body.len() % 8 == 0 => {
                opts.sack_blocks = body
                    .chunks_exact(8)
                    .map(|b| Some((SeqNumber(u32_at(b, 0)?), SeqNumber(u32_at(b, 4)?))))
                    .collect::<Option<Vec<_>>>()
                    .ok_or(bad)?;
            }
            KIND_TIMESTAMPS if body.len() == 8 => {
                opts.timestamp = Some((u32_at(body, 0).ok_or(bad)?, u32_at(body, 4).ok_or(bad)?));
            }
            KIND_MSS | KIND_WINDOW_SCALE | KIND_SACK_PERMITTED | KIND_SACK | KIND_TIMESTAMPS => {
                return Err(bad)
            }
            _ => {}
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;
    #[cfg(target_arch = "wasm32")]
    use wasm_bindgen_test::wasm_bindgen_test as test;

    fn full() -> TcpOptions {
        TcpOptions {
            mss: Some(1460),
            window_scale: Some(7),
            sack_permitted: true,
            sack_blocks: vec![(SeqNumber(100), SeqNumber(200))],
            timestamp: Some((0xDEAD_BEEF, 42)),
            ..TcpOptions::default()
        }
    }

    #[test]
    fn emits_aligned_layout() {
        let o = TcpOptions {
            mss: Some(1460),
            window_scale: Some(7),
            ..TcpOptions::default()
        };
        assert_eq!(o.emit(), [2, 4, 0x05, 0xb4, 1, 3, 3, 7]);
        assert_eq!(o.encoded_len(), 8);
        assert!(TcpOptions::default().emit().is_empty());
    }

    #[test]
    fn full_set_round_trips_in_forty_bytes() {
        let o = full();
        let bytes = o.emit();
        assert_eq!(bytes.len(), 36);
        assert_eq!(bytes.len() % 4, 0);
        assert_eq!(TcpOptions::parse(&bytes).unwrap(), o);
    }

    #[test]
    fn sack_blocks_beyond_the_space_are_dropped() {
        let blocks: Vec<_> = (0..6u32)
            .map(|i| (SeqNumber(i * 10), SeqNumber(i * 10 + 5)))
            .collect();
        let alone = TcpOptions {
            sack_blocks: blocks.clone(),
            ..TcpOptions::default()
        };
        assert_eq!(alone.sack_blocks_that_fit(), 4);
        assert_eq!(alone.encoded_len(), 36);
        let with_ts = TcpOptions {
            sack_blocks: blocks.clone(),
            timestamp: Some((1, 2)),
            ..TcpOptions::default()
        };
        assert_eq!(with_ts.sack_blocks_that_fit(), 3);
        assert_eq!(with_ts.encoded_len(), 40);
        let parsed = TcpOptions::parse(&with_ts.emit()).unwrap();
        assert_eq!(parsed.sack_blocks, blocks[..3]);
        let mut all = full();
        all.sack_blocks = blocks;
        assert_eq!(all.sack_blocks_that_fit(), 1);
    }

    #[test]
    fn unknown_options_are_skipped_and_eol_stops() {
        // Unknown kind 30 with 4 bytes, then MSS, then EOL and garbage after it.
        let area = [30, 4, 0xAA, 0xBB, 2, 4, 0x02, 0x18, 0, 2, 99, 99];
        let o = TcpOptions::parse(&area).unwrap();
        assert_eq!(o.mss, Some(536));
        assert_eq!(o.window_scale, None);
    }

    #[test]
    fn malformed_lengths_are_rejected() {
        let bad: [&[u8]; 9] = [
            &[2],                         // no length octet
            &[2, 4, 0x05],                // runs past the area
            &[2, 3, 0x05],                // MSS must be 4
            &[3, 4, 7, 0],                // window scale must be 3
            &[4, 3, 0],                   // SACK-permitted must be 2
            &[5, 2],                      // SACK with no block
            &[8, 9, 0, 0, 0, 0, 0, 0, 0], // timestamps must be 10
            &[30, 1],                     // length below 2
            &[30, 0, 0, 0],               // zero length would loop forever
        ];
        for area in bad {
            assert_eq!(
                TcpOptions::parse(area),
                Err(WireError::BadTcpOption),
                "{area:?}"
            );
        }
    }

    proptest! {
        #[test]
        fn parse_never_panics(area in proptest::collection::vec(any::<u8>(), 0..48)) {
            let _ = TcpOptions::parse(&area);
        }
    }
}

#[cfg(test)]
mod layout_tests {
    use super::*;
    #[cfg(target_arch = "wasm32")]
    use wasm_bindgen_test::wasm_bindgen_test as test;

    fn syn(layout: OptionLayout) -> TcpOptions {
        TcpOptions {
            mss: Some(1460),
            window_scale: Some(7),
            sack_permitted: true,
            timestamp: Some((1, 0)),
            layout,
            ..TcpOptions::default()
        }
    }

    #[test]
    fn linux_syn_is_mss_sackok_ts_nop_wscale() {
        let o = syn(OptionLayout::Linux);
        let bytes = o.emit();
        #[rustfmt::skip]
        assert_eq!(bytes, [2, 4, 0x05, 0xb4, 4, 2, 8, 10, 0, 0, 0, 1, 0, 0, 0, 0, 1, 3, 3, 7]);
        assert_eq!(o.encoded_len(), 20);
        assert_eq!(TcpOptions::parse(&bytes).unwrap(), o, "recognised as Linux");
    }

    #[test]
    fn freebsd_syn_is_mss_nop_wscale_sackok_ts() {
        let o = TcpOptions {
            window_scale: Some(6),
            ..syn(OptionLayout::FreeBsd)
        };
        let bytes = o.emit();
        #[rustfmt::skip]
        assert_eq!(bytes, [2, 4, 0x05, 0xb4, 1, 3, 3, 6, 4, 2, 8, 10, 0, 0, 0, 1, 0, 0, 0, 0]);
        assert_eq!(TcpOptions::parse(&bytes).unwrap(), o);
        // Without timestamps FreeBSD ends with EOL and a zero pad.
        let short = TcpOptions {
            timestamp: None,
            ..o
        };
        assert_eq!(short.emit(), [2, 4, 0x05, 0xb4, 1, 3, 3, 6, 4, 2, 0, 0]);
        assert_eq!(TcpOptions::parse(&short.emit()).unwrap(), short);
    }

    #[test]
    fn aligned_bytes_stay_aligned_and_print_as_before() {
        let mss_only = TcpOptions {
            mss: Some(1460),
            ..TcpOptions::default()
        };
        let parsed = TcpOptions::parse(&mss_only.emit()).unwrap();
        assert_eq!(
            parsed.layout,
            OptionLayout::Aligned,
            "FreeBSD emits the same bytes"
        );
        assert!(!format!("{parsed:?}").contains("layout"));
        assert!(format!("{:?}", syn(OptionLayout::Linux)).contains("layout: Linux"));
        let aligned = syn(OptionLayout::Aligned);
        assert_eq!(TcpOptions::parse(&aligned.emit()).unwrap(), aligned);
        assert_eq!(aligned.emit().len(), 24);
    }

    #[test]
    fn after_the_syn_layouts_agree() {
        let ack = |layout| TcpOptions {
            timestamp: Some((5, 6)),
            sack_blocks: vec![(SeqNumber(10), SeqNumber(20))],
            layout,
            ..TcpOptions::default()
        };
        let aligned = ack(OptionLayout::Aligned).emit();
        assert_eq!(ack(OptionLayout::Linux).emit(), aligned);
        assert_eq!(ack(OptionLayout::FreeBsd).emit(), aligned);
        assert_eq!(aligned.len(), 24);
    }
}
