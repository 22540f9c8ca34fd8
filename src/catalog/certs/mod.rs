//! The certification vocabulary of a library, built once per snapshot at load.
//!
//! It holds every certification a document lists (name, issuer, abbreviation) and every name
//! its prose gives in one of the usual forms:
//! - a vendor's naming scheme: "AWS Certified Developer", "Red Hat Certified System
//!   Administrator", "Microsoft Certified: Azure Administrator Associate", "Azure Solutions
//!   Architect Expert", "Google Cloud Digital Leader";
//! - "Certified …": "Certified Ethical Hacker", "Certified Information Systems Security
//!   Professional";
//! - a name with a "+": "CompTIA Security+", "CySA+";
//! - an all-caps abbreviation in parentheses after a name ("Project Management Professional
//!   (PMP)") or before one ("PMP (Project Management Professional)"), and "(ISC)²";
//! - the items of a list that certifications introduce: "security certifications (Security+,
//!   CEH, OSCP, CISSP)", "Cisco Certifications: CCNA, CCNP, CCIE";
//! - an abbreviation followed by "certification": "the CKA certification";
//! - a generic reference that names a maker: "DevOps Institute certifications", "AWS, GCP,
//!   Azure DevOps Engineer certifications" (a label that opens a list is not one).
//!
//! Names that mean the same certification are one entry, whatever the document wrote
//! ("CISSP", "Certified Information Systems Security Professional (CISSP)", "Google
//! Professional Cloud Security Engineer Certification"): they are matched by a normalised key
//! (case, punctuation, `(…)` asides, the vendor's prefix and a trailing "Certification"
//! ignored) and by abbreviation. Then every document's text is scanned for every form each
//! entry was met under, so "Security+, CEH, OSCP and CISSP" in one career's text is found from
//! the others' lists, and "Professional Cloud Security Engineer" from "Google Cloud
//! Professional Cloud Security Engineer". Each place found says what kind of passage it is in
//! ([`Place`]: the career's own education and certifications, elsewhere, or advice about moving
//! to another career, with that career), the page's grouping and its hint after the name.
//!
//! Two halves: [`mining`] reads prose (sentences, the forms above, every place a known name
//! stands), and [`index`] turns what it found into the lookup: one entry per certification,
//! its keys, what each document names, search by name, abbreviation, typo and word starts.

mod index;
mod mining;

use std::collections::{HashMap, HashSet};

use rayon::prelude::*;

use crate::content::Library;

pub use index::cert_key;
pub use mining::sentences;

/// One certification.
#[derive(Debug, Clone, PartialEq)]
pub struct Cert {
    /// The name shown: the fullest form met, with its abbreviation, e.g. "Certified
    /// Information Systems Security Professional (CISSP)".
    pub name: String,
    /// "CISSP", "CKA", "Security+"…
    pub abbreviation: Option<String>,
    /// "(ISC)²", "CNCF", when a document names one.
    pub issuer: Option<String>,
    /// Careers that list it in their certifications section.
    pub listed: Vec<Listing>,
    /// Places where a document's text names it.
    pub mentions: Vec<Mention>,
}

/// A career's list entry for a certification.
#[derive(Debug, Clone, PartialEq)]
pub struct Listing {
    /// Document slug.
    pub career: String,
    /// Group heading in that list ("Entry-Level/Foundational").
    pub group: Option<String>,
    /// What the list says about it.
    pub summary: String,
}

/// A place in a document's text that names a certification.
#[derive(Debug, Clone, PartialEq)]
pub struct Mention {
    /// Document slug.
    pub career: String,
    /// Key of the section it is in.
    pub section: String,
    /// The sentence it stands in (plain text), cut to at most [`MENTION_CONTEXT`] characters
    /// before the name and a little more after.
    pub sentence: String,
    /// Byte range of the name within the sentence.
    pub at: std::ops::Range<usize>,
    /// What kind of passage it is in: the career's own education and certifications, advice
    /// about moving to another career, or elsewhere.
    pub place: Place,
    /// The page's grouping, when the sentence opens with a label of certifications ("AWS
    /// Certifications: …").
    pub group: Option<String>,
    /// What the page says right after the name, in parentheses ("foundational", "popular
    /// entry point").
    pub hint: Option<String>,
    /// Where it stands in its document: mentions in page order have increasing numbers.
    pub order: usize,
}

/// What kind of passage of its page a mention stands in.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Place {
    /// The career's own education, training and certification sections.
    Own,
    /// Any other section of the page but advice about switching careers (skills, senior
    /// level, prompts, reading).
    Elsewhere,
    /// Advice about moving to another career ("To Security Engineer: obtain …"): `to` is that
    /// career as the page names it, when it does.
    Moving {
        /// "Security Engineer".
        to: Option<String>,
    },
}

impl Place {
    /// Own first, moving last: the order `/certs` shows them in.
    pub fn rank(&self) -> u8 {
        match self {
            Place::Own => 0,
            Place::Elsewhere => 1,
            Place::Moving { .. } => 2,
        }
    }
}

/// The certifications a document's text names, the most prominent first.
#[derive(Debug, Clone, PartialEq)]
pub struct Named {
    /// Index of the certification ([`Certifications::get`]).
    pub cert: usize,
    /// Indices into that certification's `mentions` that are in this document, in order.
    pub mentions: Vec<usize>,
}

/// The vocabulary: entries, their lookup keys, and what each document names.
#[derive(Debug, Default)]
pub struct Certifications {
    entries: Vec<Cert>,
    /// Normalised names, abbreviations and aliases → entry.
    by_key: HashMap<String, usize>,
    /// Every key with one character deleted → entries, for typos.
    by_deletion: HashMap<String, Vec<usize>>,
    /// Document slug → the certifications its text names.
    by_document: HashMap<String, Vec<Named>>,
    /// Entries listed by at least one career, the most often listed first.
    most_listed: Vec<usize>,
    /// Document slug → sentences that speak of certifications by a maker's or product's name
    /// without naming one ("Certifications within specific game engines (Unity, Unreal)"),
    /// for documents whose text names none.
    by_maker: HashMap<String, Vec<Mention>>,
    /// First words of names ("istqb", "comptia").
    first_words: HashSet<String>,
    /// (word of a name, or an abbreviation; lowercase) → entry, sorted: what a member types
    /// ("aws sol") is found by the starts of its words, a range per word, never by a scan.
    words: Vec<(String, usize)>,
    /// Entries, the most listed and named first: the order of suggestions.
    by_weight: Vec<usize>,
}

/// Why a typed name is no one certification: (closest first) names one typo away, for "did you
/// mean"; or several names its words start, for "which one".
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Unfound {
    /// One typo away from these (none when nothing is close).
    Typos(Vec<usize>),
    /// The words typed start each of these names.
    Several(Vec<usize>),
}

impl Certifications {
    /// Builds the vocabulary of a library.
    pub fn build(library: &Library) -> Certifications {
        let mut builder = index::Builder::default();
        for doc in &library.documents {
            for cert in &doc.certifications {
                // "CompTIA Network+ and CompTIA Security+": two certifications in one item.
                // A list item of punctuation only ("." in a broken document) names nothing.
                for name in
                    mining::joined_names(&cert.name).into_iter().filter(|n| n.chars().any(char::is_alphanumeric))
                {
                    let id = builder.add(name, cert.issuer.as_deref(), true);
                    builder.entries[id].listed.push(Listing {
                        career: doc.slug.clone(),
                        group: cert.group.clone(),
                        summary: cert.summary.clone(),
                    });
                }
            }
        }
        // Names read out of prose, document by document on every core, then added in
        // document order: the vocabulary is the same however the work is split.
        let in_prose: Vec<Vec<(String, Option<String>)>> =
            library.documents.par_iter().map(mining::names_in_document).collect();
        for (name, issuer) in in_prose.into_iter().flatten() {
            builder.add(&name, issuer.as_deref(), false);
        }
        let by_maker = builder.find_mentions(library);
        let mut vocabulary = builder.finish();
        vocabulary.by_maker = by_maker;
        vocabulary
    }

    /// For a document whose text names no certification: its sentences that speak of
    /// certifications by a maker's or product's name (`at`: the names).
    pub fn by_maker(&self, slug: &str) -> &[Mention] {
        self.by_maker.get(slug).map(Vec::as_slice).unwrap_or_default()
    }

    /// Every certification.
    pub fn all(&self) -> &[Cert] {
        &self.entries
    }

    /// The certification with this index.
    pub fn get(&self, id: usize) -> Option<&Cert> {
        self.entries.get(id)
    }

    /// The certifications a document's text names (lists excluded), the most prominent first.
    pub fn named_by(&self, slug: &str) -> &[Named] {
        self.by_document.get(slug).map(Vec::as_slice).unwrap_or_default()
    }

    /// The certifications a career's own education and certification sections name in their
    /// text (beyond its list), in page order: what it asks a learner to earn, as `/certs`
    /// shows first. Families ("DevOps Institute certifications") are left out.
    pub fn own_named(&self, slug: &str) -> Vec<usize> {
        let mut own: Vec<(usize, usize)> = self
            .named_by(slug)
            .iter()
            .filter_map(|named| {
                let cert = self.entries.get(named.cert)?;
                let first_own = named
                    .mentions
                    .iter()
                    .filter_map(|&m| cert.mentions.get(m))
                    .filter(|m| m.place == Place::Own)
                    .map(|m| m.order)
                    .min()?;
                (!mining::is_family(&cert.name)).then_some((first_own, named.cert))
            })
            .collect();
        own.sort_unstable();
        own.into_iter().map(|(_, id)| id).collect()
    }

    /// Listed certifications, the most often listed first; list items that name a family
    /// ("GIAC certifications", "Tool-Specific Certifications") left out.
    pub fn most_listed(&self) -> impl Iterator<Item = &Cert> + '_ {
        self.most_listed
            .iter()
            .filter_map(|&id| self.entries.get(id))
            .filter(|c| !c.name.to_lowercase().contains("certifications"))
    }
}
