//! What the commands need from the whole library, derived once per snapshot at load and
//! swapped with it: a command never scans the library per request.
//!
//! - [`certs`]: the certification vocabulary (every certification listed or named, what each
//!   document names, lookup by name, abbreviation and typo).

pub mod certs;

use crate::content::Library;

/// Everything derived from one library.
#[derive(Debug, Default)]
pub struct Catalog {
    /// The certification vocabulary.
    pub certs: certs::Certifications,
}

impl Catalog {
    /// Derives everything from a library.
    pub fn build(library: &Library) -> Catalog {
        Catalog { certs: certs::Certifications::build(library) }
    }
}
