//! What the commands need from the whole library, derived once per snapshot and swapped with
//! it: a command never scans the library per request.
//!
//! Names and the graph are made at load. The certification vocabulary, which reads every
//! sentence of the library, is made the first time it is asked for, or by
//! [`crate::snapshot::Snapshot::prepare`]: the bot prepares it before it serves and before a
//! reload swaps in, so no member waits for it; a one-off `careerbot ask` about something else
//! never makes it.
//!
//! - [`names`]: career names as members type them (exact, start, words, typos), resolved in
//!   constant time whatever the size of the library.
//! - [`certs`]: the certification vocabulary (every certification listed or named, what each
//!   document names, lookup by name, abbreviation and typo).
//! - [`graph`]: the transition graph (which career leads to which, and what the library says
//!   about each step).
//! - [`ladders`]: each career's ladder read into rungs (a level and its titles), notes about
//!   the ladder, and specialisations with their descriptions (`/ladder`); made on first use.
//! - [`profiles`]: each career's skills, tools and entry-level titles as items comparable
//!   across documents (`/compare`, `/path`); made on first use, like the certifications.
//! - [`checklists`]: each career's study-plan checklist, read from its profile and
//!   certifications, and what a member's typed item means on it; made per career on first use.
//! - [`glossary`]: the terms the tracks define, with the lesson that defines each (`/define`);
//!   made on first use.
//! - [`overlaps`]: which tracks teach what each career asks for (`/career` names them, `/learn`
//!   names the careers a track serves); made on first use from the profiles.
//! - [`keys`]: the one normaliser every comparison of names above goes through.

pub mod certs;
pub mod checklists;
pub mod glossary;
pub mod graph;
pub mod keys;
pub mod ladders;
pub mod names;
pub mod overlaps;
pub mod profiles;

use std::sync::OnceLock;

use crate::content::Library;

/// Everything derived from one library.
#[derive(Debug, Default)]
pub struct Catalog {
    /// The name index.
    pub names: names::Names,
    /// The transition graph.
    pub graph: graph::Graph,
    /// The certification vocabulary, once made.
    certs: OnceLock<certs::Certifications>,
    /// The career profiles, once made.
    profiles: OnceLock<profiles::Profiles>,
    /// The ladders, once read.
    ladders: OnceLock<ladders::Ladders>,
    /// What the tracks define, once read.
    glossary: OnceLock<glossary::Glossary>,
    /// Which tracks serve which careers, once read.
    overlaps: OnceLock<overlaps::Overlaps>,
    /// Each document's checklist, made when a member first asks for it (one cell per document).
    checklists: OnceLock<Vec<OnceLock<checklists::Checklist>>>,
}

impl Catalog {
    /// Derives names and the graph from a library.
    pub fn build(library: &Library) -> Catalog {
        let names = names::Names::build(library);
        let graph = graph::Graph::build(library, &names);
        Catalog { names, graph, ..Catalog::default() }
    }

    /// The certification vocabulary of `library`, the library this catalog was built from;
    /// made on the first call (others wait for it).
    pub fn certs(&self, library: &Library) -> &certs::Certifications {
        self.certs.get_or_init(|| certs::Certifications::build(library))
    }

    /// The career profiles of `library`, the library this catalog was built from; made on the
    /// first call.
    pub fn profiles(&self, library: &Library) -> &profiles::Profiles {
        self.profiles.get_or_init(|| profiles::Profiles::build(library))
    }

    /// The ladders of `library`, the library this catalog was built from; read on the first
    /// call.
    pub fn ladders(&self, library: &Library) -> &ladders::Ladders {
        self.ladders.get_or_init(|| ladders::Ladders::build(library))
    }

    /// What the tracks of `library` define (`/define`); read on the first call.
    pub fn glossary(&self, library: &Library) -> &glossary::Glossary {
        self.glossary.get_or_init(|| glossary::Glossary::build(library))
    }

    /// Which tracks of `library` serve which of its careers; read on the first call.
    pub fn overlaps(&self, library: &Library) -> &overlaps::Overlaps {
        self.overlaps.get_or_init(|| overlaps::Overlaps::build(library, self.profiles(library)))
    }

    /// The checklist of the document at `position` in `library` (the library this catalog was
    /// built from); `None` past its end. Made once per document, since `/plan`, its
    /// autocomplete and `/group` ask for it every time.
    pub fn checklist(&self, library: &Library, position: usize) -> Option<&checklists::Checklist> {
        let doc = library.documents.get(position)?;
        let cells = self.checklists.get_or_init(|| library.documents.iter().map(|_| OnceLock::new()).collect());
        let cell = cells.get(position)?;
        Some(cell.get_or_init(|| {
            checklists::Checklist::build(doc, self.profiles(library).of(position), self.certs(library))
        }))
    }
}
