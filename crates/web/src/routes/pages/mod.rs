//! Pages for people: the dashboard, the filtered pledge list, a pledge, actors, themes,
//! events, the money table and the data page. All work without JavaScript. Each page
//! renders one typed view of [`crate::views`] through [`crate::page::Page`].

pub mod catalog;
pub mod groups;
pub mod pledge;

// The router names every page as `pages::<handler>`; the globs carry the `__path_*`
// items the OpenAPI macros generate beside each handler.
pub use catalog::*;
pub use groups::*;
pub use pledge::*;
