//! The lessons' Korean reads as Korean: every "ko" text has Hangul and its particles fit
//! the Latin words and numbers before them ("SYN을", "FIN-WAIT-1로", "#4가").

use sockscope_core::teach::catalog::LESSONS;
use sockscope_core::teach::explain::particle_slips;

/// Every string under a "ko" key, with the path that leads to it.
fn korean_texts(v: &serde_json::Value, path: &str, out: &mut Vec<(String, String)>) {
    match v {
        serde_json::Value::Object(map) => {
            for (k, v) in map {
                match (k.as_str(), v) {
                    ("ko", serde_json::Value::String(s)) => out.push((path.into(), s.clone())),
                    _ => korean_texts(v, &format!("{path}.{k}"), out),
                }
            }
        }
        serde_json::Value::Array(items) => {
            for (i, v) in items.iter().enumerate() {
                korean_texts(v, &format!("{path}[{i}]"), out);
            }
        }
        _ => {}
    }
}

#[test]
fn lesson_particles_fit_their_words() {
    let mut problems = Vec::new();
    let mut count = 0;
    for (id, json) in LESSONS {
        let v: serde_json::Value = serde_json::from_str(json).expect("lesson JSON");
        let mut texts = Vec::new();
        korean_texts(&v, id, &mut texts);
        for (path, ko) in texts {
            count += 1;
            let hangul = ko.chars().any(|c| ('\u{AC00}'..='\u{D7A3}').contains(&c));
            if !hangul {
                problems.push(format!("{path}: no Hangul: {ko}"));
            }
            for slip in particle_slips(&ko) {
                problems.push(format!("{path}: {slip}"));
            }
        }
    }
    assert!(count > 100, "only {count} Korean texts found");
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}
