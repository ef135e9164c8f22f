//! Path settings: how packets from one host to another travel (delay, jitter, loss,
//! duplication, reordering, corruption), per direction or both at once.

use crate::components::view::WorldAt;
use crate::i18n::{not_a_number, out_of_range, t, Key, Lang};
use crate::stagger::Group;
use crate::state::Action;
use sockscope_core::{Duration, HostId, PathSettings};
use web_sys::{HtmlInputElement, HtmlSelectElement};
use yew::prelude::*;

#[derive(Properties, PartialEq)]
pub struct PathsProps {
    pub lang: Lang,
    /// The hosts and the paths between them.
    pub world: WorldAt,
    pub on_action: Callback<Action>,
}

/// The form's fields as typed, in the units people think in.
#[derive(Clone, PartialEq, Default)]
struct Form {
    delay_ms: String,
    jitter_ms: String,
    loss_pct: String,
    dup_pct: String,
    reorder_pct: String,
    corrupt_pct: String,
}

impl Form {
    fn of(s: &PathSettings) -> Self {
        let ms = |d: Duration| format!("{}", d.micros() as f64 / 1000.0);
        let pct = |p: u32| format!("{}", f64::from(p) / 10_000.0);
        Form {
            delay_ms: ms(s.delay),
            jitter_ms: ms(s.jitter),
            loss_pct: pct(s.loss_ppm),
            dup_pct: pct(s.duplicate_ppm),
            reorder_pct: pct(s.reorder_ppm),
            corrupt_pct: pct(s.corrupt_ppm),
        }
    }
}

/// Checks the form and builds settings, or says which field is wrong and why.
fn parse(form: &Form, base: PathSettings, lang: Lang) -> Result<PathSettings, String> {
    let num = |key: Key, text: &str, max: f64, unit: &str| -> Result<f64, String> {
        let name = t(lang, key);
        let v: f64 = text
            .trim()
            .parse()
            .map_err(|_| not_a_number(lang, name, text))?;
        if !(0.0..=max).contains(&v) {
            return Err(out_of_range(lang, name, v, max, unit));
        }
        Ok(v)
    };
    let ms =
        |name, text| num(name, text, 10_000.0, "ms").map(|v| Duration((v * 1000.0).round() as u64));
    let ppm = |name, text| num(name, text, 100.0, "%").map(|v| (v * 10_000.0).round() as u32);
    Ok(PathSettings {
        delay: ms(Key::PathDelay, &form.delay_ms)?,
        jitter: ms(Key::PathJitter, &form.jitter_ms)?,
        loss_ppm: ppm(Key::PathLoss, &form.loss_pct)?,
        duplicate_ppm: ppm(Key::PathDuplicate, &form.dup_pct)?,
        reorder_ppm: ppm(Key::PathReorder, &form.reorder_pct)?,
        corrupt_ppm: ppm(Key::PathCorrupt, &form.corrupt_pct)?,
        ..base
    })
}

/// Applies the settings from `a` to `b` (both ways when `both`), if they are valid.
fn on_apply(
    form: UseStateHandle<Option<Form>>,
    on_action: Callback<Action>,
    both: bool,
    (a, b): (HostId, HostId),
    settings: Result<PathSettings, String>,
) -> Callback<SubmitEvent> {
    Callback::from(move |e: SubmitEvent| {
        e.prevent_default();
        if let Ok(settings) = settings {
            let action = if both {
                Action::SetLink { a, b, settings }
            } else {
                Action::SetPath {
                    src: a,
                    dst: b,
                    settings,
                }
            };
            on_action.emit(action);
            form.set(None);
        }
    })
}

/// A host menu's options, `selected` chosen, `skip` left out.
fn options(hosts: &[(HostId, String)], selected: HostId, skip: Option<HostId>) -> Html {
    hosts
        .iter()
        .filter(|(id, _)| Some(*id) != skip)
        .map(|(id, name)| html! { <option value={id.0.to_string()} selected={*id == selected}>{ name }</option> })
        .collect::<Html>()
}

#[component]
pub fn Paths(props: &PathsProps) -> Html {
    let lang = props.lang;
    let world = props.world.get();
    let hosts: Vec<(HostId, String)> = world.hosts().map(|h| (h.id, h.name.clone())).collect();
    let from = use_state(|| None::<HostId>);
    let to = use_state(|| None::<HostId>);
    let both = use_state(|| true);
    let form = use_state(|| None::<Form>);
    let (Some(&(first, _)), Some(&(second, _))) = (hosts.first(), hosts.get(1)) else {
        return html! {};
    };
    let a = from.filter(|h| world.host(*h).is_some()).unwrap_or(first);
    let b = to
        .filter(|h| world.host(*h).is_some() && *h != a)
        .unwrap_or(if a == first { second } else { first });
    let current = world.network().path(a, b);
    let shown = (*form).clone().unwrap_or_else(|| Form::of(&current));
    let error = parse(&shown, current, lang).err();

    let pick = |setter: UseStateHandle<Option<HostId>>, form: UseStateHandle<Option<Form>>| {
        Callback::from(move |e: Event| {
            let v = e.target_unchecked_into::<HtmlSelectElement>().value();
            setter.set(v.parse().ok().map(HostId));
            form.set(None);
        })
    };
    let field = |label: &'static str,
                 id: &'static str,
                 value: String,
                 set: fn(&mut Form, String)| {
        let form = form.clone();
        let shown = shown.clone();
        let oninput = Callback::from(move |e: InputEvent| {
            let mut f = shown.clone();
            set(
                &mut f,
                e.target_unchecked_into::<HtmlInputElement>().value(),
            );
            form.set(Some(f));
        });
        html! {
            <label>{ label }<input {id} type="number" min="0" step="any" {value} {oninput} /></label>
        }
    };
    let apply = on_apply(
        form.clone(),
        props.on_action.clone(),
        *both,
        (a, b),
        parse(&shown, current, lang),
    );
    let toggle_both = {
        let both = both.clone();
        Callback::from(move |_| both.set(!*both))
    };
    let options = |selected, skip| options(&hosts, selected, skip);
    html! {
        <section class="panel paths" data-group={Group::Side.attr()} aria-label={t(lang, Key::Paths)}>
            <h2>{ t(lang, Key::Paths) }</h2>
            <form class="path-form" onsubmit={apply}>
                <div class="path-pair">
                    <select id="path-from" onchange={pick(from.clone(), form.clone())} aria-label={t(lang, Key::PathFrom)}>{ options(a, None) }</select>
                    <span>{ if *both { "⇄" } else { "→" } }</span>
                    <select id="path-to" onchange={pick(to.clone(), form.clone())} aria-label={t(lang, Key::PathTo)}>{ options(b, Some(a)) }</select>
                    <label class="both"><input type="checkbox" checked={*both} onclick={toggle_both} />{ t(lang, Key::BothDirections) }</label>
                </div>
                <div class="path-fields">
                    { field(t(lang, Key::PathDelay), "path-delay", shown.delay_ms.clone(), |f, v| f.delay_ms = v) }
                    { field(t(lang, Key::PathJitter), "path-jitter", shown.jitter_ms.clone(), |f, v| f.jitter_ms = v) }
                    { field(t(lang, Key::PathLoss), "path-loss", shown.loss_pct.clone(), |f, v| f.loss_pct = v) }
                    { field(t(lang, Key::PathDuplicate), "path-dup", shown.dup_pct.clone(), |f, v| f.dup_pct = v) }
                    { field(t(lang, Key::PathReorder), "path-reorder", shown.reorder_pct.clone(), |f, v| f.reorder_pct = v) }
                    { field(t(lang, Key::PathCorrupt), "path-corrupt", shown.corrupt_pct.clone(), |f, v| f.corrupt_pct = v) }
                </div>
                if let Some(e) = &error { <p class="field-error" id="path-error">{ e }</p> }
                <button id="path-apply" type="submit" disabled={error.is_some()}>{ t(lang, Key::Apply) }</button>
            </form>
        </section>
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    #[cfg(target_arch = "wasm32")]
    use wasm_bindgen_test::wasm_bindgen_test as test;

    #[test]
    fn the_form_reads_milliseconds_and_percent() {
        let base = PathSettings::default();
        let mut f = Form::of(&base);
        assert_eq!((f.delay_ms.as_str(), f.loss_pct.as_str()), ("10", "0"));
        f.loss_pct = "12.5".into();
        f.jitter_ms = "0.5".into();
        let s = parse(&f, base, Lang::En).unwrap();
        assert_eq!((s.loss_ppm, s.jitter), (125_000, Duration(500)));
        assert_eq!(Form::of(&s).loss_pct, "12.5");
    }

    #[test]
    fn bad_values_name_the_field() {
        let base = PathSettings::default();
        let f = Form {
            loss_pct: "140".into(),
            ..Form::of(&base)
        };
        assert_eq!(
            parse(&f, base, Lang::En).unwrap_err(),
            "loss %: 140 is outside 0 to 100 %"
        );
        let ko = parse(&f, base, Lang::Ko).unwrap_err();
        assert!(ko.contains("140은 0~100 % 범위를 벗어납니다"), "{ko}");
        let f = Form {
            delay_ms: "ten".into(),
            ..Form::of(&base)
        };
        assert_eq!(
            parse(&f, base, Lang::En).unwrap_err(),
            "delay ms: \"ten\" is not a number"
        );
    }
}
