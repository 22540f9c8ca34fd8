//! The transition graph: which careers the library says lead to which, built at load.
//!
//! An edge X → Y comes from X's own advice: an item of its "Common Transition Paths" section
//! (`* **DevOps Engineer (Infrastructure and Automation Focus):** …`) or of its "Additional
//! Skills/Training Needed to Switch" section (`* **To DevOps Engineer:** …`), both kept on the
//! edge; and from the paths a guide draws (`Software Engineer -> Senior Software Engineer ->
//! Engineering Manager`). A target name resolves through the same name index as the commands
//! (each part of "Software Developer/Backend Engineer", its "(…)" qualifier dropped), then
//! through the role table of `synonyms.toml` ("Network Engineer" → Computer Network Architect;
//! a role that fits several careers, "Security Engineer", leads to the first the table gives);
//! a name that resolves to no document stays a named role.

use std::cell::RefCell;
use std::collections::{HashMap, VecDeque};

use super::keys::without_qualifier;
use super::names::{MatchRank, Names};
use crate::content::{labelled_items, Library, Part};

/// Where an edge leads.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum Target {
    /// A career of the library (index into its documents).
    Career(usize),
    /// A role the library names but has no document for ("Data Architect").
    Role(String),
}

/// What the library says about one transition.
#[derive(Debug, Clone, PartialEq)]
pub struct Edge {
    /// The career it starts from (index into the library's documents).
    pub from: usize,
    /// Where it leads.
    pub to: Target,
    /// The target as the document wrote it ("DevOps Engineer (Infrastructure and Automation
    /// Focus)").
    pub label: String,
    /// The transition item's text, from the "Common Transition Paths" section.
    pub path: Option<Said>,
    /// The training item's text, from "Additional Skills/Training Needed to Switch".
    pub training: Option<Said>,
    /// A guide's drawn path that has it (document index, section key, the path as written).
    pub guide: Option<Said>,
}

/// A passage that says something about an edge: the text, and the section that opens it.
#[derive(Debug, Clone, PartialEq)]
pub struct Said {
    /// The document (index into the library's documents).
    pub document: usize,
    /// The position of the section it is in, in that document.
    pub at: usize,
    /// The text (markdown).
    pub text: String,
}

/// The graph of a library.
#[derive(Debug, Default)]
pub struct Graph {
    edges: Vec<Edge>,
    /// Document → edges out of it.
    out: Vec<Vec<usize>>,
    /// Document → edges into it.
    into: Vec<Vec<usize>>,
    /// Names that resolved to no document, with the careers that name them.
    unresolved: Vec<(String, Vec<usize>)>,
}

impl Graph {
    /// Builds the graph of a library, resolving names with its name index.
    pub fn build(library: &Library, names: &Names) -> Graph {
        let n = library.documents.len();
        let mut graph = Graph { out: vec![Vec::new(); n], into: vec![Vec::new(); n], ..Graph::default() };
        // A role that fits several careers leads to the first the table gives (the likeliest).
        let mut roles: HashMap<&str, usize> = HashMap::new();
        for (role, slug) in &library.synonyms.roles {
            if let Some(position) = library.position(slug) {
                roles.entry(role.as_str()).or_insert(position);
            }
        }
        let is_career = |id: usize| library.documents.get(id).is_some_and(|d| d.kind == crate::content::Kind::Career);
        // Libraries name the same roles over and over ("Software Engineer"): each once.
        let resolved: RefCell<HashMap<String, Target>> = RefCell::default();
        let resolve = |label: &str| {
            if let Some(target) = resolved.borrow().get(label) {
                return target.clone();
            }
            let target = resolve_target(label, names, &roles, &is_career);
            resolved.borrow_mut().insert(label.to_string(), target.clone());
            target
        };
        let mut by_pair: HashMap<(usize, Target), usize> = HashMap::new();
        let mut unresolved: HashMap<String, Vec<usize>> = HashMap::new();
        for (from, doc) in library.documents.iter().enumerate() {
            for (at, section) in doc.sections.iter().enumerate() {
                // A guide is no career to leave: only the paths it draws between careers count.
                if doc.kind == crate::content::Kind::Guide {
                    graph.drawn_paths(from, at, &section.body, &resolve, &mut by_pair);
                    continue;
                }
                let field = match section.part {
                    Some(Part::Transitions) => Field::Path,
                    Some(Part::SwitchTraining) => Field::Training,
                    _ => continue,
                };
                for (label, text) in labelled_items(&section.body) {
                    let Some(label) = label else { continue };
                    let label = match field {
                        Field::Training => match label.strip_prefix("To ").or_else(|| label.strip_prefix("to ")) {
                            Some(rest) => rest.trim().to_string(),
                            None => continue,
                        },
                        Field::Path => label,
                    };
                    let to = resolve(&label);
                    if to == Target::Career(from) {
                        continue;
                    }
                    if let Target::Role(role) = &to {
                        let froms = unresolved.entry(role.clone()).or_default();
                        if !froms.contains(&from) {
                            froms.push(from);
                        }
                    }
                    let said = Said { document: from, at, text };
                    let id = graph.edge(from, to, &label, &mut by_pair);
                    let edge = &mut graph.edges[id];
                    match field {
                        Field::Path if edge.path.is_none() => edge.path = Some(said),
                        Field::Training if edge.training.is_none() => edge.training = Some(said),
                        _ => {}
                    }
                }
            }
        }
        let mut unresolved: Vec<(String, Vec<usize>)> = unresolved.into_iter().collect();
        unresolved.sort();
        graph.unresolved = unresolved;
        graph.edges.shrink_to_fit();
        graph
    }

    /// The edge from `from` to `to`, made when new.
    fn edge(&mut self, from: usize, to: Target, label: &str, by_pair: &mut HashMap<(usize, Target), usize>) -> usize {
        if let Some(&id) = by_pair.get(&(from, to.clone())) {
            return id;
        }
        let id = self.edges.len();
        self.edges.push(Edge {
            from,
            to: to.clone(),
            label: label.to_string(),
            path: None,
            training: None,
            guide: None,
        });
        self.out[from].push(id);
        if let Target::Career(to) = to {
            self.into[to].push(id);
        }
        by_pair.insert((from, self.edges[id].to.clone()), id);
        id
    }

    /// A guide's drawn paths: `**A -> B -> C:** …` gives A → B and B → C, `**A to B:**` gives
    /// A → B, where both are careers.
    fn drawn_paths(
        &mut self,
        guide: usize,
        at: usize,
        body: &str,
        resolve: &dyn Fn(&str) -> Target,
        by_pair: &mut HashMap<(usize, Target), usize>,
    ) {
        for (label, _) in labelled_items(body) {
            let Some(label) = label else { continue };
            let bare = without_qualifier(&label);
            let steps: Vec<&str> = if bare.contains("->") || bare.contains('→') {
                bare.split('→').flat_map(|s| s.split("->")).collect()
            } else if let Some((a, b)) = bare.split_once(" to ") {
                vec![a, b]
            } else {
                continue;
            };
            let steps: Vec<Target> = steps.into_iter().map(|s| resolve(s.trim())).collect();
            for pair in steps.windows(2) {
                if let (Target::Career(a), Target::Career(b)) = (&pair[0], &pair[1]) {
                    if a == b {
                        continue;
                    }
                    let id = self.edge(*a, Target::Career(*b), &label, by_pair);
                    if self.edges[id].guide.is_none() {
                        self.edges[id].guide = Some(Said { document: guide, at, text: label.clone() });
                    }
                }
            }
        }
    }

    /// Every edge.
    pub fn edges(&self) -> &[Edge] {
        &self.edges
    }

    /// Edges out of a career.
    pub fn out_of(&self, from: usize) -> impl Iterator<Item = &Edge> + '_ {
        self.out.get(from).into_iter().flatten().filter_map(|&id| self.edges.get(id))
    }

    /// Edges into a career.
    pub fn into(&self, to: usize) -> impl Iterator<Item = &Edge> + '_ {
        self.into.get(to).into_iter().flatten().filter_map(|&id| self.edges.get(id))
    }

    /// The direct edge from one career to another.
    pub fn direct(&self, from: usize, to: usize) -> Option<&Edge> {
        self.out_of(from).find(|e| e.to == Target::Career(to))
    }

    /// The shortest route of careers from `from` to `to`, at most `max_steps` edges (breadth
    /// first; ties to the lower document number): the edges in order.
    pub fn route(&self, from: usize, to: usize, max_steps: usize) -> Option<Vec<&Edge>> {
        if from == to {
            return None;
        }
        let mut came_by: HashMap<usize, usize> = HashMap::new();
        let mut queue = VecDeque::from([(from, 0usize)]);
        while let Some((at, steps)) = queue.pop_front() {
            if steps == max_steps {
                continue;
            }
            let mut next: Vec<(usize, usize)> = self
                .out
                .get(at)
                .into_iter()
                .flatten()
                .filter_map(|&id| match self.edges[id].to {
                    Target::Career(to) => Some((to, id)),
                    Target::Role(_) => None,
                })
                .collect();
            next.sort();
            for (career, edge) in next {
                if career == from || came_by.contains_key(&career) {
                    continue;
                }
                came_by.insert(career, edge);
                if career == to {
                    let mut route = Vec::new();
                    let mut at = to;
                    while at != from {
                        let edge = &self.edges[came_by[&at]];
                        route.push(edge);
                        at = edge.from;
                    }
                    route.reverse();
                    return Some(route);
                }
                queue.push_back((career, steps + 1));
            }
        }
        None
    }

    /// Names that resolved to no document, with the careers that name them.
    pub fn unresolved(&self) -> &[(String, Vec<usize>)] {
        &self.unresolved
    }
}

#[derive(Debug, Clone, Copy)]
enum Field {
    Path,
    Training,
}

/// A target as written → a career, or a named role. "Software Developer/Backend Engineer"
/// tries each part; "Security Engineer (General Cybersecurity Focus)" drops the qualifier.
fn resolve_target(
    label: &str,
    names: &Names,
    roles: &HashMap<&str, usize>,
    is_career: &dyn Fn(usize) -> bool,
) -> Target {
    let bare = without_qualifier(label);
    for part in std::iter::once(bare.as_str()).chain(bare.split('/')) {
        let part = part.trim();
        if part.is_empty() {
            continue;
        }
        // A guide is no career to move to ("Management" finds the leadership guide).
        if let Some((id, _)) = names.lookup(part, MatchRank::Word).filter(|&(id, _)| is_career(id)) {
            return Target::Career(id);
        }
        let lower = part.split_whitespace().collect::<Vec<_>>().join(" ").to_lowercase();
        if let Some(&id) = roles.get(lower.as_str()) {
            return Target::Career(id);
        }
    }
    Target::Role(bare)
}
