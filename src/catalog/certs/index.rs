//! The lookup index over what [`super::mining`] read: entries merged by normalised key and
//! abbreviation, what each document names (most prominent first), and search by name,
//! abbreviation, typo or the starts of a name's words.

use std::collections::{HashMap, HashSet};

use crate::catalog::names::{deletions, range_starting_with};
use crate::content::Library;

use super::mining::{is_abbreviation, split_abbreviation, DocumentMentions, Term};
use super::{Cert, Certifications, Mention, Named, Unfound};

/// The words of a certification's name as autocomplete matches them: lowercase, split at
/// anything but letters, digits and "+" ("AWS Certified Solutions Architect – Associate" →
/// aws, certified, solutions, architect, associate).
fn name_words(text: &str) -> impl Iterator<Item = String> + '_ {
    text.split(|c: char| !(c.is_alphanumeric() || c == '+')).filter(|w| !w.is_empty()).map(str::to_lowercase)
}

impl Certifications {
    /// The certification a member typed: its name, abbreviation or a form of either ("cissp",
    /// "Security+"), one typo away, or the one whose words start with the words typed ("aws
    /// solutions architect associate"). `Err` says why none is meant.
    pub fn find(&self, typed: &str) -> Result<usize, Unfound> {
        let key = cert_key(typed);
        if key.is_empty() {
            return Err(Unfound::Typos(Vec::new()));
        }
        for candidate in aliases(typed, None) {
            if let Some(&id) = self.by_key.get(&candidate) {
                return Ok(id);
            }
        }
        let mut close: Vec<usize> = Vec::new();
        if (4..=MAX_TYPO_KEY_CHARS).contains(&key.chars().count()) {
            for deleted in std::iter::once(key.clone()).chain(deletions(&key)) {
                for &id in
                    self.by_key.get(&deleted).into_iter().chain(self.by_deletion.get(&deleted).into_iter().flatten())
                {
                    if !close.contains(&id) {
                        close.push(id);
                    }
                }
            }
        }
        match close.as_slice() {
            [one] => Ok(*one),
            [] => {
                // Not a name nor a typo of one: the starts of its words ("aws solutions
                // architect"), when they point at one certification.
                let started = self.by_words(typed);
                match started.as_slice() {
                    [one] => Ok(*one),
                    [] => Err(Unfound::Typos(Vec::new())),
                    _ => Err(Unfound::Several(started)),
                }
            }
            _ => Err(Unfound::Typos(close)),
        }
    }

    /// True when `word` is a certification's abbreviation or the first word of one's name
    /// ("CISSP", "ISTQB", "PMP").
    pub fn knows(&self, word: &str) -> bool {
        let key = cert_key(word);
        !key.is_empty() && (self.by_key.contains_key(&key) || self.first_words.contains(&key))
    }

    /// Autocomplete: the certifications whose words start with the words typed ("aws sol" →
    /// AWS Certified Solutions Architect – Associate; see [`Certifications::by_words`]); one
    /// typo away when none does; with nothing typed, the most listed. At most `limit`.
    pub fn suggest(&self, typed: &str, limit: usize) -> Vec<usize> {
        if name_words(typed).next().is_none() {
            return self.by_weight.iter().copied().take(limit).collect();
        }
        let mut found = self.by_words(typed);
        if found.is_empty() {
            found = match self.find(typed) {
                Ok(one) => vec![one],
                Err(Unfound::Typos(close) | Unfound::Several(close)) => close,
            };
        }
        found.truncate(limit);
        found
    }

    /// The certifications with a word starting with each word typed, those whose name or
    /// abbreviation starts with the whole text first, then the most listed and named. One
    /// sorted range per typed word: no scan of the vocabulary.
    fn by_words(&self, typed: &str) -> Vec<usize> {
        let typed_words: Vec<String> = name_words(typed).take(8).collect();
        let mut found: Option<HashSet<usize>> = None;
        for word in &typed_words {
            let here: HashSet<usize> = range_starting_with(&self.words, word).map(|&(_, id)| id).collect();
            found = Some(match found {
                None => here,
                Some(so_far) => so_far.intersection(&here).copied().collect(),
            });
        }
        let Some(found) = found.filter(|f| !f.is_empty()) else { return Vec::new() };
        let whole = typed_words.join(" ");
        let starts_whole = |text: &str| name_words(text).collect::<Vec<_>>().join(" ").starts_with(&whole);
        // `by_weight` holds every entry once: walking it keeps that order without a sort.
        let (mut first, mut then): (Vec<usize>, Vec<usize>) =
            self.by_weight.iter().copied().filter(|id| found.contains(id)).partition(|&id| {
                let cert = &self.entries[id];
                starts_whole(&cert.name) || cert.abbreviation.as_deref().is_some_and(starts_whole)
            });
        first.append(&mut then);
        first
    }
}

/// Collects entries and merges the names of one certification.
#[derive(Default)]
pub(super) struct Builder {
    pub(super) entries: Vec<Cert>,
    by_key: HashMap<String, usize>,
    /// Whether the entry's display name came from a document's list.
    from_list: Vec<bool>,
    /// Every name each entry was met under, as written (abbreviations apart): all of them are
    /// looked for in text, so "Professional Cloud Security Engineer" is found for the entry a
    /// list calls "Google Cloud Professional Cloud Security Engineer".
    forms: Vec<Vec<String>>,
}

impl Builder {
    /// Adds a name (merged into the entry it names, if any); returns the entry.
    pub(super) fn add(&mut self, name: &str, issuer: Option<&str>, from_list: bool) -> usize {
        let (name, abbreviation) = split_abbreviation(name.trim());
        let keys = aliases(&name, abbreviation.as_deref());
        if let Some(id) = keys.iter().find_map(|k| self.by_key.get(k).copied()) {
            let entry = &mut self.entries[id];
            if entry.abbreviation.is_none() {
                entry.abbreviation = abbreviation.clone();
            }
            if entry.issuer.is_none() {
                entry.issuer = issuer.map(str::to_string);
            }
            // A list's name wins over prose; a full name over a bare abbreviation.
            let shown_bare = entry.abbreviation.as_deref().is_some_and(|a| entry.name == a);
            if (from_list && !self.from_list[id]) || (shown_bare && name != entry.name && name.len() > 3) {
                entry.name = display(&name, entry.abbreviation.as_deref());
                self.from_list[id] = self.from_list[id] || from_list;
            }
            for key in keys {
                self.by_key.entry(key).or_insert(id);
            }
            if !self.forms[id].contains(&name) {
                self.forms[id].push(name);
            }
            return id;
        }
        let id = self.entries.len();
        self.entries.push(Cert {
            name: display(&name, abbreviation.as_deref()),
            abbreviation,
            issuer: issuer.map(str::to_string),
            listed: Vec::new(),
            mentions: Vec::new(),
        });
        self.from_list.push(from_list);
        self.forms.push(vec![name]);
        for key in keys {
            self.by_key.entry(key).or_insert(id);
        }
        id
    }

    /// What to look for in the library's text: every entry's names and abbreviation.
    fn terms(&self) -> Vec<Term> {
        // Names of two words or more, case-insensitive; abbreviations and one-word names
        // (Security+) case-sensitive, so "ceh" in a word never counts.
        // (term, entry, case matters)
        let mut terms: Vec<Term> = Vec::new();
        for (id, cert) in self.entries.iter().enumerate() {
            let (shown, _) = split_abbreviation(&cert.name);
            let mut names: Vec<String> = vec![shown];
            for form in self.forms[id].iter().flat_map(|f| surface_forms(f)) {
                if !names.contains(&form) {
                    names.push(form);
                }
            }
            for name in &names {
                if name.split_whitespace().count() >= 2 {
                    terms.push((name.clone(), id, false));
                } else if name.chars().count() >= 3 {
                    terms.push((name.clone(), id, true));
                }
            }
            if let Some(abbreviation) = &cert.abbreviation {
                if abbreviation.chars().count() >= 3 || abbreviation.contains('+') {
                    terms.push((abbreviation.clone(), id, true));
                }
            }
            for alias in plus_aliases(&names[0]) {
                terms.push((alias, id, true));
            }
        }
        terms
    }

    /// Finds every known name in the library's text ([`super::mining::find_mentions`]) and
    /// files each place under its entry. Returns, for each document whose text names none and
    /// that lists none, its sentences that speak of certifications by a maker's name.
    pub(super) fn find_mentions(&mut self, library: &Library) -> HashMap<String, Vec<Mention>> {
        let per_document: Vec<DocumentMentions> = super::mining::find_mentions(library, &self.terms());
        let mut by_maker: HashMap<String, Vec<Mention>> = HashMap::new();
        for (doc, (mentions, makers)) in library.documents.iter().zip(per_document) {
            for (id, mention) in mentions {
                self.entries[id].mentions.push(mention);
            }
            if !makers.is_empty() {
                by_maker.insert(doc.slug.clone(), makers);
            }
        }
        // Kept for the snapshot's life: no room left from growing.
        self.entries.iter_mut().for_each(|e| e.mentions.shrink_to_fit());
        by_maker
    }

    pub(super) fn finish(self) -> Certifications {
        let Builder { entries, by_key, .. } = self;
        let mut by_document: HashMap<String, Vec<(Named, u32, u8)>> = HashMap::new();
        for (id, cert) in entries.iter().enumerate() {
            let mut per_doc: HashMap<&str, Vec<usize>> = HashMap::new();
            for (i, mention) in cert.mentions.iter().enumerate() {
                per_doc.entry(mention.career.as_str()).or_default().push(i);
            }
            for (doc, mentions) in per_doc {
                // Prominence: how often, and where (a certifications or education passage, or
                // advice on switching, counts more than a passing word); ties by first place.
                let score: u32 = mentions.iter().map(|&i| section_weight(&cert.mentions[i].section)).sum();
                // The career's own passages first, advice about moving to another last.
                let place = mentions.iter().map(|&i| cert.mentions[i].place.rank()).min().unwrap_or_default();
                by_document.entry(doc.to_string()).or_default().push((Named { cert: id, mentions }, score, place));
            }
        }
        let by_document = by_document
            .into_iter()
            .map(|(doc, mut named)| {
                named.sort_by(|a, b| a.2.cmp(&b.2).then(b.1.cmp(&a.1)).then(a.0.cert.cmp(&b.0.cert)));
                (doc, named.into_iter().map(|(n, _, _)| n).collect())
            })
            .collect();
        let mut most_listed: Vec<usize> = (0..entries.len()).filter(|&id| !entries[id].listed.is_empty()).collect();
        most_listed.sort_by(|&a, &b| {
            let careers =
                |id: usize| entries[id].listed.iter().map(|l| l.career.as_str()).collect::<HashSet<_>>().len();
            careers(b).cmp(&careers(a)).then(entries[b].mentions.len().cmp(&entries[a].mentions.len())).then(a.cmp(&b))
        });
        let mut by_deletion: HashMap<String, Vec<usize>> = HashMap::new();
        for (key, &id) in &by_key {
            if (4..=MAX_TYPO_KEY_CHARS).contains(&key.chars().count()) {
                for deleted in deletions(key) {
                    let ids = by_deletion.entry(deleted).or_default();
                    if !ids.contains(&id) {
                        ids.push(id);
                    }
                }
            }
        }
        // Filled from a hash map: in id order, so "did you mean" is the same in every process.
        for ids in by_deletion.values_mut() {
            ids.sort_unstable();
        }
        let first_words =
            entries.iter().filter_map(|c| cert_key(&c.name).split(' ').next().map(str::to_string)).collect();
        let mut words: Vec<(String, usize)> = Vec::new();
        for (id, cert) in entries.iter().enumerate() {
            let abbreviation = cert.abbreviation.as_deref().unwrap_or_default();
            words.extend(name_words(&cert.name).chain(name_words(abbreviation)).map(|w| (w, id)));
        }
        words.sort_unstable();
        words.dedup();
        let weight = |c: &Cert| std::cmp::Reverse(c.listed.len() * 4 + c.mentions.len());
        let mut by_weight: Vec<usize> = (0..entries.len()).collect();
        by_weight.sort_by_key(|&id| weight(&entries[id]));
        Certifications {
            entries,
            by_key,
            by_deletion,
            by_document,
            most_listed,
            by_maker: HashMap::new(),
            first_words,
            words,
            by_weight,
        }
    }
}

/// How much a mention counts toward a certification's prominence in a document.
fn section_weight(key: &str) -> u32 {
    match key {
        "certifications" | "education" => 3,
        "switch-training" | "getting-started" => 2,
        _ => 1,
    }
}

/// Keys longer than this get no typo keys: no certification name is that long, and a hostile
/// 10,000-letter one would otherwise make 10,000 keys of 10,000 letters.
const MAX_TYPO_KEY_CHARS: usize = 100;

/// Organisations whose names start certification names; kept out of the lookup keys, so
/// "Microsoft Certified: Azure Administrator Associate" and "Azure Administrator Associate"
/// are one certification.
pub(super) const VENDORS: &[&str] = &[
    "amazon web services",
    "aws",
    "microsoft",
    "google cloud",
    "google",
    "cisco",
    "comptia",
    "red hat",
    "oracle",
    "hashicorp",
    "salesforce",
    "isc2",
    "isc",
    "isaca",
    "giac",
    "ec council",
    "offensive security",
    "linux foundation",
    "cncf",
    "pmi",
    "scrum alliance",
    "scrum org",
    "axelos",
    "istqb",
    "juniper networks",
    "juniper",
    "vmware",
    "tableau",
    "snowflake",
    "databricks",
    "iiba",
    "iapp",
    "unity",
];

/// Lowercase words of a name, `(…)` asides dropped, punctuation as spaces (a `+` kept):
/// "AWS Certified Security – Specialty" → "aws certified security specialty".
pub fn cert_key(name: &str) -> String {
    let mut plain = String::with_capacity(name.len());
    let mut depth = 0usize;
    for c in name.chars() {
        match c {
            '(' => depth += 1,
            ')' => depth = depth.saturating_sub(1),
            '²' => plain.push('2'),
            c if depth == 0 && (c.is_alphanumeric() || c == '+') => plain.extend(c.to_lowercase()),
            _ if depth == 0 => plain.push(' '),
            _ => {}
        }
    }
    plain.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// The keys a name is found by: its key, the key without a vendor's prefix and "certified",
/// and its abbreviation.
fn aliases(name: &str, abbreviation: Option<&str>) -> Vec<String> {
    let key = cert_key(name);
    let mut out = vec![key.clone()];
    let mut rest = key.as_str();
    loop {
        let before = rest;
        for vendor in VENDORS {
            if let Some(after) = rest.strip_prefix(vendor).filter(|a| a.is_empty() || a.starts_with(' ')) {
                rest = after.trim_start();
            }
        }
        if let Some(after) = rest.strip_prefix("certified").filter(|a| a.is_empty() || a.starts_with(' ')) {
            rest = after.trim_start();
        }
        if rest == before {
            break;
        }
    }
    // "Google Professional Cloud Security Engineer Certification" is the certification a
    // list calls "Google Cloud Professional Cloud Security Engineer".
    for form in [rest, without_suffix(rest), without_suffix(&key)] {
        if form != key && (form.split(' ').count() >= 2 || form.ends_with('+')) {
            out.push(form.to_string());
        }
    }
    let abbreviation = abbreviation.map(str::to_string).or_else(|| {
        let t = name.trim();
        is_abbreviation(t).then(|| t.to_string())
    });
    if let Some(abbreviation) = abbreviation {
        out.push(cert_key(&abbreviation));
    }
    out.retain(|k| !k.is_empty());
    out.dedup();
    out
}

/// A key without a trailing "certification", "certificate" or "exam" (a family's
/// "certifications" stays: it names many).
fn without_suffix(key: &str) -> &str {
    ["certification", "certificate", "exam"]
        .iter()
        .find_map(|w| key.strip_suffix(w).filter(|k| k.ends_with(' ')))
        .map_or(key, str::trim_end)
}

/// A name as written and the shorter forms prose gives it: without a vendor's prefix (and a
/// "Certified" after it) when three words or more are left, and without a trailing
/// "Certification". "Google Cloud Certified Professional Cloud Architect" → "Professional
/// Cloud Architect"; "Red Hat Certified System Administrator" keeps its prefix, since "System
/// Administrator" is a job.
fn surface_forms(name: &str) -> Vec<String> {
    let words: Vec<&str> = name.split_whitespace().collect();
    let mut from = 0;
    'strip: loop {
        for n in (1..=3).rev() {
            if from + n < words.len() && VENDORS.contains(&cert_key(&words[from..from + n].join(" ")).as_str()) {
                from += n;
                continue 'strip;
            }
        }
        break;
    }
    if from > 0 && words.get(from).is_some_and(|w| w.trim_end_matches(':') == "Certified") {
        from += 1;
    }
    let alphanumeric = |ws: &[&str]| ws.iter().filter(|w| w.chars().any(char::is_alphanumeric)).count();
    let mut out = vec![name.to_string()];
    if from > 0 && alphanumeric(&words[from..]) >= 3 {
        out.push(words[from..].join(" "));
    }
    for form in out.clone() {
        let trimmed =
            ["Certification", "Certificate"].iter().find_map(|w| form.strip_suffix(w).filter(|f| f.ends_with(' ')));
        if let Some(trimmed) = trimmed.map(str::trim_end).filter(|t| t.split_whitespace().count() >= 2) {
            out.push(trimmed.to_string());
        }
    }
    out
}

/// The name as shown: "Name (ABBR)", or the abbreviation alone.
fn display(name: &str, abbreviation: Option<&str>) -> String {
    match abbreviation {
        Some(a) if a != name && !name.contains(a) => format!("{name} ({a})"),
        _ => name.to_string(),
    }
}

/// One-word "+" names inside a name ("CompTIA CySA+" → "CySA+"), found on their own in prose.
fn plus_aliases(name: &str) -> Vec<String> {
    name.split_whitespace()
        .filter(|w| w.ends_with('+') && w.trim_end_matches('+').chars().filter(|c| c.is_alphabetic()).count() >= 3)
        .filter(|_| name.split_whitespace().count() > 1)
        .map(str::to_string)
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn one_certification_under_its_many_names() {
        let mut b = Builder::default();
        let full = b.add("Certified Information Systems Security Professional (CISSP)", Some("(ISC)²"), true);
        assert_eq!(b.add("CISSP", None, false), full);
        let azure = b.add("Microsoft Certified: Azure Administrator Associate", None, true);
        assert_eq!(b.add("Azure Administrator Associate", None, false), azure);
        let plus = b.add("CompTIA Security+", Some("CompTIA"), true);
        assert_eq!(b.add("Security+", None, false), plus);
        assert_ne!(plus, full);
        let vocabulary = b.finish();
        assert_eq!(vocabulary.find("cissp"), Ok(full));
        assert_eq!(vocabulary.find("security +"), Ok(plus));
        assert_eq!(vocabulary.find("azure administrator asociate"), Ok(azure), "a typo");
        assert_eq!(
            vocabulary.get(full).map(|c| c.name.as_str()),
            Some("Certified Information Systems Security Professional (CISSP)")
        );
    }
}
