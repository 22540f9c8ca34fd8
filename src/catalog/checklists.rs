//! Study-plan checklists: what a member ticks on the way to a career, derived from its document
//! once per snapshot, beside the profiles it is read from. [`crate::plans`] only stores ticks
//! by item id; `/plan` and `/group` read the checklist from here.
//!
//! A checklist holds the career's certifications (its own list), its skills and tools (from its
//! profile: [`super::profiles`] decides what is an item) and its portfolio projects. What a
//! member types names items through [`find_in`]: ids, names, abbreviations, words of a
//! name and typos, all folded by [`super::keys`].

use std::collections::HashSet;

use super::certs::Certifications;
use super::keys::{abbreviation, fold, key, qualified_key, typos, within};
use super::profiles::{labels_in_bold, plain_label, Profile};
use crate::content::{list_items, Document, Part};

/// One item of a career's checklist.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ChecklistItem {
    /// Stable id: career slug / part / key of the name ("secops-engineer/cert/cissp").
    pub id: String,
    /// As the document writes it.
    pub name: String,
}

/// A career's checklist: its groups (certifications, skills, tools, portfolio projects), each
/// with its items, in document order; empty groups are left out.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Checklist {
    /// (group name, its items), in the order `/plan` shows them.
    pub groups: Vec<(&'static str, Vec<ChecklistItem>)>,
}

/// What a typed name means on a checklist (see [`Checklist::find`]).
#[derive(Debug, PartialEq, Eq)]
pub enum Found<'a> {
    /// These items: one, or several of one name (Python under Skills and under Tools).
    Items(Vec<(&'a str, &'a ChecklistItem)>),
    /// Items of different names fit as well as each other: the member says which.
    OneOf(Vec<&'a str>),
    /// No item.
    Nothing,
}

impl Checklist {
    /// The checklist of a document, from its profile.
    ///
    /// Members' ticks are stored by id, so ids do not move: an item's id is its name's
    /// [`key`] (without "(…)"), as it always was. Names that share that key but differ in
    /// their qualifier are different items: the first keeps the plain id, the others take
    /// their [`qualified_key`]. A name with nothing to key is left out; the same name twice in
    /// a group is one item.
    pub fn build(doc: &Document, profile: &Profile, certs: &Certifications) -> Checklist {
        let items = |part: &str, names: Vec<String>| {
            let mut taken = HashSet::new();
            let mut seen = HashSet::new();
            let mut items = Vec::new();
            for name in names {
                let (plain, qualified) = (key(&name), qualified_key(&name));
                if qualified.is_empty() || !seen.insert(qualified.clone()) {
                    continue;
                }
                // "-2", "-3": for a qualified key that is another name's plain one ("Foo (Bar)",
                // "FooBar"); keys hold no "-", so these are nobody's key.
                let candidates = [plain, qualified.clone()]
                    .into_iter()
                    .filter(|k| !k.is_empty())
                    .chain((2..).map(|n| format!("{qualified}-{n}")))
                    .map(|k| format!("{}/{part}/{k}", doc.slug));
                let Some(id) = candidates.take(100).find(|id| !taken.contains(id)) else { continue };
                taken.insert(id.clone());
                items.push(ChecklistItem { id, name });
            }
            items
        };
        // The page's list, then what its own education and certification sections name in
        // their text ("Google Cloud Professional DevOps Engineer" in DevOps's education).
        let listed: HashSet<usize> = doc.certifications.iter().filter_map(|c| certs.find(&c.name).ok()).collect();
        let named = certs
            .own_named(&doc.slug)
            .into_iter()
            .filter(|id| !listed.contains(id))
            .filter_map(|id| certs.get(id).map(|c| c.name.clone()));
        let certifications = items("cert", doc.certifications.iter().map(|c| c.name.clone()).chain(named).collect());
        let skills = items("skill", profile.skills.iter().map(|s| s.name().to_string()).collect());
        let tools = items("tool", profile.tools.iter().map(|t| t.name().to_string()).collect());
        let projects = items("project", projects(doc));
        let groups = [
            ("Certifications", certifications),
            ("Skills", skills),
            ("Tools", tools),
            ("Portfolio projects", projects),
        ]
        .into_iter()
        .filter(|(_, items)| !items.is_empty())
        .collect();
        Checklist { groups }
    }

    /// Every item with its group, in order.
    pub fn items(&self) -> impl Iterator<Item = (&'static str, &ChecklistItem)> + Clone + '_ {
        self.groups.iter().flat_map(|(group, items)| items.iter().map(move |i| (*group, i)))
    }
}

/// The items of `items` (group, item) a member means by `typed`, read the first of these ways
/// that fits anything:
/// 1. the id of an item (what autocomplete fills in);
/// 2. a name, qualifier and all;
/// 3. a name without its "(…)", or the abbreviation in it ("CEH" for "Certified Ethical Hacker
///    (CEH)");
/// 4. the whole words of one name ("security+" for "CompTIA Security+", "ethical hacker");
/// 5. a name with slips, as many as [`typos`] allows for its length ("kubernets").
///
/// Items of one name are all meant; several names at the same reading are a question back.
pub fn find_in<'a>(items: impl Iterator<Item = (&'a str, &'a ChecklistItem)> + Clone, typed: &str) -> Found<'a> {
    let typed = typed.trim();
    if let Some(item) = items.clone().find(|(_, i)| i.id == typed) {
        return Found::Items(vec![item]);
    }
    let (full, short) = (qualified_key(typed), key(typed));
    if short.is_empty() && full.is_empty() {
        return Found::Nothing;
    }
    let typed_words: Vec<String> = words(typed);
    let readings: [&dyn Fn(&ChecklistItem) -> bool; 4] = [
        &|i| qualified_key(&i.name) == full,
        &|i| !short.is_empty() && (key(&i.name) == short || abbreviation(&i.name).is_some_and(|a| a == short)),
        &|i| !typed_words.is_empty() && holds_words(&words(&i.name), &typed_words),
        &|i| {
            let most = typos(short.chars().count());
            most > 0 && within(&short, &key(&i.name), most)
        },
    ];
    for reading in readings {
        let fits: Vec<(&str, &ChecklistItem)> = items.clone().filter(|(_, i)| reading(i)).collect();
        let mut names: Vec<&str> = fits.iter().map(|(_, i)| i.name.as_str()).collect();
        names.dedup();
        let mut seen = HashSet::new();
        names.retain(|n| seen.insert(qualified_key(n)));
        match names.len() {
            0 => continue,
            1 => return Found::Items(fits),
            _ => return Found::OneOf(names),
        }
    }
    Found::Nothing
}

/// The folded words of a name, "(…)" and all.
fn words(name: &str) -> Vec<String> {
    name.split(|c: char| c.is_whitespace() || matches!(c, '/' | '-' | '(' | ')' | ',' | ':'))
        .map(fold)
        .filter(|w| !w.is_empty())
        .collect()
}

/// True when `wanted` appear in `name` as a run of whole words.
fn holds_words(name: &[String], wanted: &[String]) -> bool {
    wanted.len() <= name.len() && name.windows(wanted.len()).any(|run| run == wanted)
}

/// The portfolio projects a document suggests: the labels of its projects section's items, in
/// bold or not ("Personal Blog: Demonstrates frontend…").
fn projects(doc: &Document) -> Vec<String> {
    doc.part(Part::Projects)
        .map(|s| {
            let in_bold = labels_in_bold(&s.body);
            list_items(&s.body)
                .into_iter()
                .filter(|item| in_bold || item.indent == 0)
                .filter_map(|item| match item.label {
                    // "**Showcasing Projects:**" over nested advice: a heading, no project.
                    Some(_) if item.text.trim().is_empty() => None,
                    Some(label) => Some(label),
                    None if !in_bold => plain_label(&item.text).0.map(str::to_string),
                    None => None,
                })
                .collect()
        })
        .unwrap_or_default()
}
