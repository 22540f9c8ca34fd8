//! What the commands need from the whole library, derived once per snapshot at load and
//! swapped with it: a command never scans the library per request.
//!
//! - [`names`]: career names as members type them (exact, start, words, typos), resolved in
//!   constant time whatever the size of the library.
//! - [`certs`]: the certification vocabulary (every certification listed or named, what each
//!   document names, lookup by name, abbreviation and typo).
//! - [`graph`]: the transition graph (which career leads to which, and what the library says
//!   about each step).

pub mod certs;
pub mod graph;
pub mod names;

use crate::content::Library;

/// Everything derived from one library.
#[derive(Debug, Default)]
pub struct Catalog {
    /// The name index.
    pub names: names::Names,
    /// The certification vocabulary.
    pub certs: certs::Certifications,
    /// The transition graph.
    pub graph: graph::Graph,
}

impl Catalog {
    /// Derives everything from a library.
    pub fn build(library: &Library) -> Catalog {
        let names = names::Names::build(library);
        let graph = graph::Graph::build(library, &names);
        Catalog { names, certs: certs::Certifications::build(library), graph }
    }
}
