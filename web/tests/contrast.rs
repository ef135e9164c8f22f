//! Text colours in style.css reach WCAG AA contrast (4.5:1, WCAG 2.2 SC 1.4.3): the packet
//! labels are 11 px white on the packet colours, the ladder labels 10.5 px in those
//! colours on the canvas, the inspector's bytes in each layer's ink on its tint.

/// The stylesheet, read at compile time so the test also runs under wasm.
const CSS: &str = include_str!("../../style.css");

/// WCAG AA for normal-size text.
const AA: f64 = 4.5;

/// Every `--name: #rrggbb` declared in `block` (the text between a selector's braces).
fn properties(block: &str) -> Vec<(&str, &str)> {
    block
        .split(';')
        .filter_map(|decl| decl.trim().split_once(':'))
        .filter(|(k, v)| k.trim().starts_with("--") && v.trim().starts_with('#'))
        .map(|(k, v)| (k.trim().trim_start_matches("--"), v.trim()))
        .collect()
}

/// The declarations of the first rule whose selector is exactly `selector`.
fn rule(selector: &str) -> Vec<(&'static str, &'static str)> {
    let start = CSS
        .find(&format!("{selector} {{"))
        .unwrap_or_else(|| panic!("style.css has no rule {selector}"));
    let body = &CSS[start..];
    let body = &body[body.find('{').unwrap() + 1..body.find('}').unwrap()];
    // Comments inside the block are not declarations.
    let mut out = Vec::new();
    for chunk in body.split("*/") {
        let code = chunk.split("/*").next().unwrap_or("");
        out.extend(properties(code));
    }
    out
}

fn var(root: &[(&str, &'static str)], name: &str) -> &'static str {
    root.iter()
        .find(|(k, _)| *k == name)
        .unwrap_or_else(|| panic!("--{name} is not in :root"))
        .1
}

/// Relative luminance of `#rrggbb` (WCAG 2.2 definition, sRGB).
fn luminance(hex: &str) -> f64 {
    let h = hex.trim_start_matches('#');
    assert_eq!(h.len(), 6, "{hex}: write colours as #rrggbb");
    let channel = |i: usize| {
        let c = f64::from(u8::from_str_radix(&h[i..i + 2], 16).expect("hex")) / 255.0;
        if c <= 0.04045 {
            c / 12.92
        } else {
            ((c + 0.055) / 1.055).powf(2.4)
        }
    };
    0.2126 * channel(0) + 0.7152 * channel(2) + 0.0722 * channel(4)
}

fn contrast(a: &str, b: &str) -> f64 {
    let (la, lb) = (luminance(a), luminance(b));
    (la.max(lb) + 0.05) / (la.min(lb) + 0.05)
}

#[test]
fn the_contrast_formula_matches_known_values() {
    assert!((contrast("#ffffff", "#000000") - 21.0).abs() < 1e-9);
    assert!((contrast("#777777", "#ffffff") - 4.48).abs() < 0.01);
    // The old data green under white text, reported at 3.4:1.
    assert!((contrast("#12a150", "#ffffff") - 3.37).abs() < 0.01);
}

#[test]
fn packet_and_ladder_colours_reach_aa() {
    let root = rule(":root");
    let canvas = var(&root, "canvas");
    let mut low = Vec::new();
    for name in [
        "syn", "synack", "ack", "data", "fin", "rst", "udp", "accent",
    ] {
        let c = var(&root, name);
        for (on, bg) in [("white", "#ffffff"), ("canvas", canvas)] {
            let r = contrast(c, bg);
            if r < AA {
                low.push(format!("--{name} {c} on {on}: {r:.2}"));
            }
        }
    }
    let pairs = [
        ("icmp-ink", "canvas"),
        ("on-icmp", "icmp"),
        ("muted", "panel"),
        ("muted", "bg"),
        ("faint", "canvas"),
        ("ink", "bg"),
        ("warn", "warn-bg"),
        ("accent-ink", "accent"),
    ];
    for (fg, bg) in pairs {
        let r = contrast(var(&root, fg), var(&root, bg));
        if r < AA {
            low.push(format!("--{fg} on --{bg}: {r:.2}"));
        }
    }
    assert!(low.is_empty(), "below 4.5:1: {low:?}");
}

#[test]
fn inspector_layer_inks_reach_aa() {
    for layer in ["link", "ipv4", "tcp", "udp", "icmp", "payload", "none"] {
        let vars = rule(&format!(".layer-{layer}"));
        let (fg, bg) = (var(&vars, "lfg"), var(&vars, "lbg"));
        assert!(contrast(fg, bg) >= AA, "{layer}: {fg} on {bg}");
        // A highlighted byte is white on the layer's ink.
        assert!(contrast("#ffffff", fg) >= AA, "{layer}: white on {fg}");
    }
}
