//! Korean particles chosen from the word they follow.
//!
//! A Korean particle has two forms, one after a final consonant (받침) and one after a
//! vowel: 이/가, 을/를, 은/는, 과/와, and 으로/로, where a final ㄹ takes 로 like a vowel.
//! Sentences here put host names, packet numbers, states and flags before particles, so
//! the choice reads the word as a Korean speaker says it: Hangul by its last syllable,
//! numbers in Sino-Korean (4 사, 10 십, 1000 천), Latin letters by their Korean names (A 에이,
//! L 엘) and acronyms that are said as words (SYN 신, ACK 애크, FIN 핀) as those words.
//! Without it the log printed "#1가" (일가) or fell back to "B이(가)".

/// A particle, named by its two forms (after a consonant / after a vowel).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Particle {
    /// Subject: 이/가.
    IGa,
    /// Object: 을/를.
    EulReul,
    /// Topic: 은/는.
    EunNeun,
    /// Direction or means: 으로/로 (로 after ㄹ too).
    EuroRo,
    /// "And", "with": 과/와.
    GwaWa,
}

/// How a word ends when read aloud in Korean.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Ending {
    Vowel,
    /// The final consonant ㄹ: a consonant, except that it takes 로, not 으로.
    Rieul,
    Consonant,
}

/// The form of `p` that follows `word`; both forms ("이(가)") only when the word has no
/// readable ending (empty or only symbols).
pub fn particle(word: &str, p: Particle) -> &'static str {
    let (consonant, vowel, both) = match p {
        Particle::IGa => ("이", "가", "이(가)"),
        Particle::EulReul => ("을", "를", "을(를)"),
        Particle::EunNeun => ("은", "는", "은(는)"),
        Particle::EuroRo => ("으로", "로", "(으)로"),
        Particle::GwaWa => ("과", "와", "과(와)"),
    };
    match ending(word) {
        Some(Ending::Vowel) => vowel,
        Some(Ending::Rieul) if p == Particle::EuroRo => vowel,
        Some(Ending::Rieul | Ending::Consonant) => consonant,
        None => both,
    }
}

/// `word` followed by its particle: `josa("B", Particle::IGa)` is "B가".
pub fn josa(word: &str, p: Particle) -> String {
    format!("{word}{}", particle(word, p))
}

/// The ending of the last readable part of `word`: trailing brackets, quotes and
/// punctuation are skipped ("connect()" ends as "connect").
fn ending(word: &str) -> Option<Ending> {
    let trimmed = word.trim_end_matches(|c: char| !c.is_alphanumeric());
    let last = trimmed.chars().next_back()?;
    if ('\u{AC00}'..='\u{D7A3}').contains(&last) {
        return Some(match (u32::from(last) - 0xAC00) % 28 {
            0 => Ending::Vowel,
            8 => Ending::Rieul,
            _ => Ending::Consonant,
        });
    }
    if last.is_ascii_digit() {
        let start = trimmed
            .rfind(|c: char| !c.is_ascii_digit())
            .map_or(0, |i| i + 1);
        return Some(number_ending(&trimmed[start..]));
    }
    if last.is_ascii_alphabetic() {
        let start = trimmed
            .rfind(|c: char| !c.is_ascii_alphabetic())
            .map_or(0, |i| i + 1);
        return Some(latin_ending(&trimmed[start..]));
    }
    None
}

/// A run of digits read in Sino-Korean: the last non-zero digit (일, 이, 삼, …) or, after
/// trailing zeros, the unit said last (십, 백, 천, 만, 억, 조, 경); 0 alone is 영.
fn number_ending(digits: &str) -> Ending {
    let significant = digits.trim_start_matches('0');
    let Some(last_nonzero) = significant.trim_end_matches('0').chars().next_back() else {
        return Ending::Consonant; // 영
    };
    let zeros = significant.len() - significant.trim_end_matches('0').len();
    if zeros == 0 {
        return match last_nonzero {
            '1' | '7' | '8' => Ending::Rieul,       // 일, 칠, 팔
            '2' | '4' | '5' | '9' => Ending::Vowel, // 이, 사, 오, 구
            _ => Ending::Consonant,                 // 삼, 육
        };
    }
    match zeros {
        1 => Ending::Consonant,      // 십
        2 => Ending::Consonant,      // 백
        3 => Ending::Consonant,      // 천
        4..=7 => Ending::Consonant,  // 만 (십만, 백만, 천만)
        8..=11 => Ending::Consonant, // 억
        12..=15 => Ending::Vowel,    // 조
        _ => Ending::Consonant,      // 경 and beyond
    }
}

/// Acronyms and words that Korean speakers say as words, with their last sound.
#[rustfmt::skip]
const SAID_AS_WORDS: &[(&str, Ending)] = &[
    ("SYN", Ending::Consonant),   // 신
    // ACK as Korean engineers say it, 애크 (the lessons write "ACK를"); 액 would take 을.
    ("ACK", Ending::Vowel),       // 애크
    ("SACK", Ending::Vowel),      // 새크
    ("FIN", Ending::Consonant),   // 핀
    ("NAT", Ending::Consonant),   // 낫
    ("LAN", Ending::Consonant),   // 랜
    ("WAN", Ending::Consonant),   // 왠
    ("MAC", Ending::Consonant),   // 맥
    ("OPEN", Ending::Consonant),  // 오픈
    ("ECHO", Ending::Vowel),      // 에코
    ("PING", Ending::Consonant),  // 핑
    ("WAIT", Ending::Vowel),      // 웨이트
    ("SENT", Ending::Vowel),      // 센트
    ("LAST", Ending::Vowel),      // 라스트
    ("TIME", Ending::Consonant),  // 타임
    ("SOCK", Ending::Consonant),  // 삭
    ("DATA", Ending::Vowel),      // 데이터
    ("RESET", Ending::Consonant), // 리셋 (ECONNRESET)
    ("OUT", Ending::Consonant),   // 아웃 (ETIMEDOUT)
];

/// A Latin word: a known word, a short or vowel-less capital acronym read letter by letter
/// (its last letter's Korean name), or an English word by its spelling.
fn latin_ending(word: &str) -> Ending {
    let upper = word.to_ascii_uppercase();
    if let Some(&(_, e)) = SAID_AS_WORDS.iter().find(|(w, _)| *w == upper) {
        return e;
    }
    // A compound read as its last word: ECONNRESET ends as RESET, ETIMEDOUT as OUT.
    let compound = word.len() > 4 && word.chars().all(|c| c.is_ascii_uppercase());
    if let Some(&(_, e)) = SAID_AS_WORDS
        .iter()
        .find(|(w, _)| compound && w.len() >= 3 && upper.ends_with(w))
    {
        return e;
    }
    let has_vowel = upper.contains(['A', 'E', 'I', 'O', 'U']);
    let acronym = word.chars().all(|c| c.is_ascii_uppercase()) && (word.len() <= 3 || !has_vowel);
    if word.len() == 1 || acronym {
        return letter_ending(upper.chars().next_back().unwrap_or('A'));
    }
    english_ending(&word.to_ascii_lowercase())
}

/// The last sound of a Latin letter's Korean name: 엘 and 알 end in ㄹ, 엠 and 엔 in a
/// consonant; every other name (에이, 비, 씨, …, 제트) ends in a vowel.
fn letter_ending(letter: char) -> Ending {
    match letter {
        'L' | 'R' => Ending::Rieul,
        'M' | 'N' => Ending::Consonant,
        _ => Ending::Vowel,
    }
}

/// An English word as Korean writes it (외래어 표기법): a final m, n, ng stays a consonant
/// (팀, 폰, 링), a final l is ㄹ (메일), a short word ending in one vowel and a stop keeps
/// the stop as 받침 (밥, 넷, 웹); other final consonants gain 으 (호스트, 클라이언트) and
/// r is silent (서버), so those end in a vowel.
fn english_ending(w: &str) -> Ending {
    let b = w.as_bytes();
    let n = b.len();
    let vowel = |c: u8| b"aeiou".contains(&c);
    if w.ends_with("ng") || w.ends_with('m') || w.ends_with('n') {
        return Ending::Consonant;
    }
    if w.ends_with('l') || w.ends_with("le") {
        return Ending::Rieul;
    }
    if n >= 3 && b[n - 1] == b'e' && !vowel(b[n - 2]) && vowel(b[n - 3]) {
        // Silent e: "phone" 폰, "game" 게임; "close" 클로즈, "mike" 마이크.
        return match b[n - 2] {
            b'm' | b'n' => Ending::Consonant,
            _ => Ending::Vowel,
        };
    }
    let vowels = b.iter().filter(|&&c| vowel(c)).count();
    let stop = matches!(b[n - 1], b'b' | b'p' | b't' | b'k' | b'g');
    if n <= 4 && vowels == 1 && stop && vowel(b[n - 2]) {
        return Ending::Consonant;
    }
    Ending::Vowel
}

/// Particles in `text` that do not fit the Latin word or number right before them, as
/// "word+particle" strings: the tests run it over every Korean sentence. Only a particle
/// that ends its word (followed by a space, punctuation or the end) is checked, so "ACK이라"
/// or "TCP와이어" are left alone; so is a particle after a bracket or quote.
pub fn particle_slips(text: &str) -> Vec<String> {
    const FORMS: &[(&str, Particle)] = &[
        ("으로", Particle::EuroRo),
        ("로", Particle::EuroRo),
        ("이", Particle::IGa),
        ("가", Particle::IGa),
        ("을", Particle::EulReul),
        ("를", Particle::EulReul),
        ("은", Particle::EunNeun),
        ("는", Particle::EunNeun),
        ("과", Particle::GwaWa),
        ("와", Particle::GwaWa),
    ];
    let hangul = |c: char| ('\u{AC00}'..='\u{D7A3}').contains(&c);
    let mut slips = Vec::new();
    for (i, c) in text.char_indices() {
        if !text[..i].ends_with(|p: char| p.is_ascii_alphanumeric()) || !hangul(c) {
            continue;
        }
        let rest = &text[i..];
        let Some(&(form, p)) = FORMS
            .iter()
            .find(|(f, _)| rest.starts_with(f) && !rest[f.len()..].starts_with(hangul))
        else {
            continue;
        };
        let start = text[..i]
            .rfind(|c: char| c.is_whitespace() || !c.is_ascii())
            .map_or(0, |j| {
                j + text[j..].chars().next().map_or(1, char::len_utf8)
            });
        let word = &text[start..i];
        if particle(word, p) != form {
            slips.push(format!("{word}{form}"));
        }
    }
    slips
}

#[cfg(test)]
mod tests {
    use super::*;
    #[cfg(target_arch = "wasm32")]
    use wasm_bindgen_test::wasm_bindgen_test as test;

    #[test]
    fn particles_follow_the_word_as_it_is_read() {
        use Particle::*;
        #[rustfmt::skip]
        let table: &[(&str, Particle, &str)] = &[
            // Hangul: last syllable's final consonant.
            ("서버", IGa, "가"), ("호스트", EulReul, "를"), ("패킷", IGa, "이"),
            ("연결", EuroRo, "로"), ("연결", IGa, "이"), ("소켓", EuroRo, "으로"),
            ("클라이언트", GwaWa, "와"), ("상태", EunNeun, "는"), ("핑", GwaWa, "과"),
            // Numbers in Sino-Korean.
            ("#0", IGa, "이"), ("#1", IGa, "이"), ("#2", IGa, "가"), ("#3", IGa, "이"),
            ("#4", IGa, "가"), ("#5", EulReul, "를"), ("#6", IGa, "이"), ("#7", EuroRo, "로"),
            ("#8", EuroRo, "로"), ("#9", IGa, "가"), ("#10", IGa, "이"), ("#12", IGa, "가"),
            ("#100", EulReul, "을"), ("#1000", IGa, "이"), ("10000", EunNeun, "은"),
            ("#3", EuroRo, "으로"), ("#10", EuroRo, "으로"), ("#11", EuroRo, "로"),
            ("10.0.0.2", IGa, "가"), ("10.0.0.1:80", IGa, "이"), ("1000000000000", IGa, "가"),
            // Latin letters by their Korean names.
            ("A", IGa, "가"), ("B", IGa, "가"), ("C", EulReul, "를"), ("L", EuroRo, "로"),
            ("L", IGa, "이"), ("M", IGa, "이"), ("N", EulReul, "을"), ("R", EuroRo, "로"),
            ("R", EunNeun, "은"), ("M", EuroRo, "으로"), ("Z", GwaWa, "와"),
            // Acronyms: said as words or letter by letter.
            ("SYN", IGa, "이"), ("SYN", EulReul, "을"), ("ACK", EulReul, "를"),
            ("SYN,ACK", EuroRo, "로"), ("ack", IGa, "가"), ("ECONNRESET", EuroRo, "으로"),
            ("ETIMEDOUT", EuroRo, "으로"), ("ECONNREFUSED", IGa, "가"), ("FIN", IGa, "이"), ("RST", EulReul, "를"),
            ("TCP", GwaWa, "와"), ("UDP", EunNeun, "는"), ("ICMP", EulReul, "를"),
            ("TCB", EulReul, "를"), ("MSL", EuroRo, "로"), ("ISN", IGa, "이"),
            // States.
            ("LISTEN", EuroRo, "으로"), ("CLOSING", EuroRo, "으로"), ("CLOSED", EuroRo, "로"),
            ("ESTABLISHED", EuroRo, "로"), ("FIN-WAIT-1", EuroRo, "로"),
            ("FIN-WAIT-2", IGa, "가"), ("LAST-ACK", EuroRo, "로"), ("TIME-WAIT", EuroRo, "로"),
            ("TIME-WAIT", IGa, "가"), ("CLOSE-WAIT", GwaWa, "와"),
            ("SYN-SENT", EuroRo, "로"), ("SYN-RECEIVED", EuroRo, "로"),
            // Host names and calls.
            ("server", IGa, "가"), ("client", IGa, "가"), ("alice", IGa, "가"),
            ("bob", IGa, "이"), ("phone", IGa, "이"), ("mail", EuroRo, "로"),
            ("close()", EulReul, "를"), ("listen()", EulReul, "을"), ("서버-1", IGa, "이"),
            // Nothing readable: both forms.
            ("?", IGa, "이(가)"), ("", EuroRo, "(으)로"),
        ];
        for &(word, p, want) in table {
            assert_eq!(particle(word, p), want, "{word} + {p:?}");
        }
        assert_eq!(josa("#4", Particle::IGa), "#4가");
    }

    #[test]
    fn slips_are_found_after_latin_words_and_numbers_only() {
        assert_eq!(particle_slips("#1가 B에 도착"), vec!["#1가"]);
        assert_eq!(
            particle_slips("SYN,ACK을 받아 LISTEN로 전환"),
            vec!["SYN,ACK을", "LISTEN로"]
        );
        assert!(particle_slips("#1이 B에 도착, SYN을 받아 FIN-WAIT-1로").is_empty());
        assert!(particle_slips("ACK이라서 (close)를 호출").is_empty());
    }
}
