//! RFC 9293 §3.3.2's state diagram, drawn as the RFC draws it, with the followed socket's
//! state lit and its last transition traced (cause and RFC rule underneath, in the chosen
//! language). Which socket is followed, and what happened to it, are the core's answers
//! (`sockscope_core::teach::session`'s queries, the same the TCB panel asks); which arrow lights
//! comes from the rule the log names (`model`); where it is drawn is the figure's
//! (`figure`); the view is `component`.

mod component;
pub mod figure;
pub mod model;

pub use component::{use_model, StateDiagram, StateDiagramProps};
pub use model::Model;
