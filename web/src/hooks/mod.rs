//! The page's custom hooks: each wraps one browser facility (frames, keys, storage, the
//! intersection observer) so that the app says what it wants, not how the browser does it.
//! Model: Yew's `examples/function_todomvc/src/hooks/`.

pub mod address;
pub mod animation_frame;
pub mod keyboard;
pub mod lang;
pub mod version;
pub mod visibility;

pub use address::{link_fragment, use_link_address};
pub use animation_frame::use_animation_frame;
pub use keyboard::{use_shortcuts, Shortcut};
pub use lang::{initial_lang, use_remembered_lang};
pub use version::use_version;
pub use visibility::use_visibility;
