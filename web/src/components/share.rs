//! Taking the run elsewhere: a share link (the whole run, compressed into the URL
//! fragment), the scenario as a JSON file and back, and the packets as a pcap file that
//! Wireshark opens with the virtual timestamps.

use crate::components::view::ByPtr;
use crate::i18n::{t, Key, Lang};
use crate::state::Action;
use sockscope_core::teach::scenario::Scenario;
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use yew::prelude::*;

#[derive(Properties, PartialEq)]
pub struct ShareProps {
    pub lang: Lang,
    /// The scenario loaded, which names the files.
    pub scenario: ByPtr<Scenario>,
    /// The whole run so far as one scenario, asked for when a button is pressed: the
    /// panel shows nothing of the run, so it need not follow it.
    pub run: Callback<(), Scenario>,
    /// The capture as a pcap file, asked for likewise.
    pub pcap: Callback<(), Vec<u8>>,
    /// The capture as pcapng, a comment on each packet the user touched.
    pub pcapng: Callback<(), Vec<u8>>,
    pub on_action: Callback<Action>,
}

/// Hands the browser a file to save.
pub fn download(name: &str, mime: &str, bytes: &[u8]) -> Result<(), JsValue> {
    let window = web_sys::window().ok_or("no window")?;
    let document = window.document().ok_or("no document")?;
    let parts = js_sys::Array::of1(&js_sys::Uint8Array::from(bytes));
    let options = web_sys::BlobPropertyBag::new();
    options.set_type(mime);
    let blob = web_sys::Blob::new_with_u8_array_sequence_and_options(&parts, &options)?;
    let url = web_sys::Url::create_object_url_with_blob(&blob)?;
    let a: web_sys::HtmlAnchorElement = document.create_element("a")?.dyn_into()?;
    a.set_href(&url);
    a.set_download(name);
    a.click();
    // The download reads the URL after this task; let it go a little later.
    let revoke = Closure::once_into_js(move || {
        let _ = web_sys::Url::revoke_object_url(&url);
    });
    window.set_timeout_with_callback_and_timeout_and_arguments_0(revoke.unchecked_ref(), 10_000)?;
    Ok(())
}

/// The page's address with `fragment` as its fragment.
fn link_with(fragment: &str) -> Option<String> {
    let location = web_sys::window()?.location();
    let href = location.href().ok()?;
    let base = href.split('#').next().unwrap_or_default();
    Some(format!("{base}#{fragment}"))
}

/// A file name from the scenario: the lesson's id, else "sockscope".
fn stem(s: &Scenario) -> String {
    s.lesson
        .as_ref()
        .map(|l| format!("sockscope-{}", l.id))
        .unwrap_or_else(|| "sockscope".into())
}

#[component]
pub fn SharePanel(props: &ShareProps) -> Html {
    let lang = props.lang;
    let url = use_state(|| None::<String>);
    let on_share = {
        let run = props.run.clone();
        let url = url.clone();
        let on_action = props.on_action.clone();
        Callback::from(move |_| {
            // Refuse here what the link's reader would refuse, in the page's language.
            let fragment = match sockscope_core::teach::share::try_encode(&run.emit(())) {
                Ok(f) => f,
                Err(e) => {
                    let why = e.message(lang);
                    on_action.emit(Action::Notice(format!("{}: {why}", t(lang, Key::Share))));
                    url.set(None);
                    return;
                }
            };
            let link = link_with(&fragment);
            if let (Some(link), Some(history)) =
                (&link, web_sys::window().and_then(|w| w.history().ok()))
            {
                let _ = history.replace_state_with_url(&JsValue::NULL, "", Some(link));
            }
            url.set(link);
        })
    };
    let on_copy = {
        let url = url.clone();
        Callback::from(move |_| {
            if let (Some(link), Some(w)) = (url.as_ref(), web_sys::window()) {
                // Refused without permission (an iframe, a test): the field stays there
                // to copy by hand.
                let _ = w.navigator().clipboard().write_text(link);
            }
        })
    };
    let on_export = {
        let run = props.run.clone();
        let on_action = props.on_action.clone();
        Callback::from(move |_| {
            let scenario = run.emit(());
            let name = format!("{}.json", stem(&scenario));
            if let Err(e) = download(&name, "application/json", scenario.to_json().as_bytes()) {
                on_action.emit(Action::Notice(format!("{e:?}")));
            }
        })
    };
    let on_pcap = {
        let (pcap, scenario) = (props.pcap.clone(), props.scenario.clone());
        let on_action = props.on_action.clone();
        Callback::from(move |_| {
            let bytes = pcap.emit(());
            let name = format!("{}.pcap", stem(&scenario));
            if let Err(e) = download(&name, "application/vnd.tcpdump.pcap", &bytes) {
                on_action.emit(Action::Notice(format!("{e:?}")));
            }
        })
    };
    let on_pcapng = {
        let (pcapng, scenario) = (props.pcapng.clone(), props.scenario.clone());
        let on_action = props.on_action.clone();
        Callback::from(move |_| {
            let name = format!("{}.pcapng", stem(&scenario));
            if let Err(e) = download(&name, "application/x-pcapng", &pcapng.emit(())) {
                on_action.emit(Action::Notice(format!("{e:?}")));
            }
        })
    };
    let on_import = {
        let on_action = props.on_action.clone();
        Callback::from(move |e: Event| {
            let input: web_sys::HtmlInputElement = e.target_unchecked_into();
            let Some(file) = input.files().and_then(|f| f.get(0)) else {
                return;
            };
            input.set_value("");
            read_scenario(file, lang, on_action.clone());
        })
    };
    html! {
        <section class="panel share" aria-label={t(lang, Key::Share)}>
            <div class="buttons">
                <button id="share" onclick={on_share}>{ t(lang, Key::Share) }</button>
                <button id="export" onclick={on_export}>{ t(lang, Key::ExportJson) }</button>
                <label class="button" for="import-file">{ t(lang, Key::ImportJson) }</label>
                <input id="import-file" class="visually-hidden" type="file" accept=".json,application/json" onchange={on_import} />
                <button id="pcap" onclick={on_pcap}>{ t(lang, Key::DownloadPcap) }</button>
                <button id="pcapng" onclick={on_pcapng}>{ crate::i18n::packets::pk(lang, crate::i18n::packets::Pk::Pcapng) }</button>
            </div>
            if let Some(link) = url.as_ref() {
                <div class="share-box">
                    <input id="share-url" readonly=true value={link.clone()} aria-label={t(lang, Key::Share)}
                        onfocus={Callback::from(|e: FocusEvent| e.target_unchecked_into::<web_sys::HtmlInputElement>().select())} />
                    <button id="copy" onclick={on_copy}>{ t(lang, Key::Copy) }</button>
                    <p class="hint">{ t(lang, Key::ShareHint) }{ format!(" ({} B)", link.len()) }</p>
                </div>
            }
        </section>
    }
}

/// Reads a chosen JSON file and loads it, or says what is wrong with it.
fn read_scenario(file: web_sys::File, lang: Lang, on_action: Callback<Action>) {
    const MAX_FILE: f64 = 4.0 * 1024.0 * 1024.0;
    if file.size() > MAX_FILE {
        let mb = (file.size() / 1_048_576.0).round();
        let name = file.name();
        on_action.emit(Action::Notice(match lang {
            Lang::En => format!("{name}: {mb} MB is too big for a scenario"),
            Lang::Ko => format!("{name}: {mb}MB는 시나리오로 쓰기에 너무 큽니다"),
        }));
        return;
    }
    let Ok(reader) = web_sys::FileReader::new() else {
        return;
    };
    let name = file.name();
    let r = reader.clone();
    let onload = Closure::once_into_js(move || {
        let text = r
            .result()
            .ok()
            .and_then(|v| v.as_string())
            .unwrap_or_default();
        on_action.emit(match Scenario::from_json(&text) {
            Ok(s) => Action::LoadScenario(Box::new(s)),
            Err(e) => Action::Notice(format!("{name}: {}", e.message(lang))),
        });
    });
    reader.set_onload(Some(onload.unchecked_ref()));
    let _ = reader.read_as_text(&file);
}
