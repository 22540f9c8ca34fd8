//! What a question asks, read before searching: the careers it names (and, in a move, which is
//! the start and which the goal), what it wants to know about them, whether it is about senior
//! roles, and the words left to search.
//!
//! Read from plain English cues, the same for every career: "how do I become X", "get into X",
//! "from X to Y", "X moving into Y", "switch to Y", "certifications for X", "X salary", "what
//! does X do", "difference between X and Y", "entry level", "portfolio". Career names are
//! found with the name index (whole names, aliases and the words of a title, typos corrected
//! first), the longest run of words first.

use crate::catalog::names::MatchRank;
use crate::content::{Kind, Part};
use crate::snapshot::Snapshot;

/// What a question wants to know.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Want {
    /// How to get into a career ("how do I become X", "get into X").
    Become,
    /// Moving from one career to another ("from X to Y", "switch to Y").
    Move,
    /// Certifications.
    Certifications,
    /// Degrees and schooling ("do I need a masters", "which degree").
    Education,
    /// Pay.
    Salary,
    /// Portfolio and project ideas.
    Portfolio,
    /// First jobs.
    EntryLevel,
    /// Skills and what to learn.
    Skills,
    /// What the role is and does.
    Role,
    /// How two careers differ.
    Compare,
    /// Nothing in particular: the words decide.
    Anything,
}

/// A question, understood.
#[derive(Debug, Clone, PartialEq)]
pub struct Question {
    /// Careers named, in the order they appear (document indices).
    pub careers: Vec<usize>,
    /// The careers it is about: named by several words or a role, or else the first named by
    /// one word standing on its own.
    pub subjects: Vec<usize>,
    /// In a move, the career it starts from.
    pub from: Option<usize>,
    /// In a move or "become", the career it leads to.
    pub to: Option<usize>,
    /// What it wants to know.
    pub want: Want,
    /// It asks about senior, lead or principal roles.
    pub senior: bool,
    /// Parts it names outright ("soft skills", "project ideas", "job titles").
    pub parts: Vec<Part>,
    /// The words to search for: the question with typos corrected, career names and the words
    /// that only say what kind of answer is wanted taken out, other names of skills added.
    pub words: String,
}

/// Words that only say what kind of answer is wanted (the answer's sections say it better).
const ASKING_WORDS: &[&str] = &[
    "how",
    "become",
    "becoming",
    "get",
    "getting",
    "into",
    "break",
    "breaking",
    "start",
    "started",
    "starting",
    "switch",
    "switching",
    "move",
    "moving",
    "transition",
    "transitioning",
    "change",
    "changing",
    "pivot",
    "want",
    "wanting",
    "wants",
    "need",
    "needs",
    "actually",
    "every",
    "day",
    "difference",
    "between",
    "vs",
    "versus",
    "compared",
    "what",
    "which",
    "should",
    "would",
    "could",
    "can",
    "does",
    "do",
    "i",
    "im",
    "i'm",
    "my",
    "me",
    "career",
    "careers",
    "role",
    "roles",
    "job",
    "jobs",
    "anyone",
    "someone",
    "hey",
    "all",
    "please",
    "thanks",
];

/// Words that never start or end a career's name in a question.
const GLUE: &[&str] = &[
    "a", "an", "the", "to", "from", "of", "for", "in", "on", "as", "and", "or", "at", "with", "into", "i", "my", "is",
    "be", "being", "towards", "like", "than",
];

/// Words that name a kind of role, not one career: alone they name none.
const ROLE_NOUNS: &[&str] = &[
    "engineer",
    "engineers",
    "developer",
    "developers",
    "manager",
    "managers",
    "analyst",
    "analysts",
    "architect",
    "architects",
    "specialist",
    "specialists",
    "administrator",
    "administrators",
    "designer",
    "designers",
    "scientist",
    "scientists",
    "consultant",
    "tester",
    "testers",
    "lead",
    "leads",
    "officer",
    "expert",
];

/// Reads a question.
pub fn understand(snapshot: &Snapshot, text: &str) -> Question {
    let lower = text.to_lowercase();
    let split = |t: &str| -> Vec<String> {
        // Without the endings an apostrophe joins ("what's" is "what", not "what" and "s").
        crate::search::words::words_of(t, |c| crate::content::is_word_char(c) || c == '+' || c == '#')
            .map(str::to_string)
            .collect()
    };
    let words: Vec<String> = split(&lower);
    // Typos corrected word by word, for finding career names only: the search itself looks up
    // corrections of its own, and a rewritten question would lose what was meant.
    let corrected: Vec<String> = {
        let c = split(&snapshot.index.corrected(&lower));
        if c.len() == words.len() {
            c
        } else {
            words.clone()
        }
    };
    let mentions = careers_named(snapshot, &corrected);
    let in_names: Vec<bool> =
        (0..words.len()).map(|i| mentions.iter().any(|m| (m.at..m.at + m.words).contains(&i))).collect();
    // What the question asks is said outside the careers it names: "learning" in "machine
    // learning" does not ask for skills, nor "project" in "project manager" for a portfolio.
    let free: Vec<Option<&str>> =
        corrected.iter().zip(&in_names).map(|(w, named)| (!named).then_some(w.as_str())).collect();
    let has = |cue: &str| {
        let length = cue.split(' ').count();
        free.windows(length).any(|w| w.iter().copied().eq(cue.split(' ').map(Some)))
    };
    let has_any = |cues: &[&str]| cues.iter().any(|c| has(c));
    // A move: two careers with "to"/"into" between, or one career after a move word.
    let moving = has_any(&[
        "switch",
        "switching",
        "move",
        "moving",
        "transition",
        "transitioning",
        "pivot",
        "from",
        "change",
        "changing",
        "become",
        "becoming",
    ]);
    let (mut from, mut to) = (None, None);
    let goal_word = |w: &String| matches!(w.as_str(), "to" | "into" | "towards" | "become" | "becoming");
    if let [a, b, ..] = mentions.as_slice() {
        let between = &corrected[(a.at + a.words).min(b.at)..b.at];
        if between.iter().any(goal_word) || moving {
            from = Some(a.career);
            to = Some(b.career);
        }
    } else if let Some(a) = mentions.first() {
        let before = &corrected[..a.at];
        if before.iter().any(goal_word) {
            to = Some(a.career);
        } else if before.iter().any(|w| w == "from") {
            from = Some(a.career);
        }
    }
    // The careers the question is about: those named by several words or a role. A career
    // named by one word only leans the search its way ("project" in "project ideas" is rarely
    // Project Manager; "devops projects" finds DevOps's projects by the words anyway).
    // A career named by one word is the subject when nothing is named more clearly and the word
    // stands on its own ("AWS certifications for devops"), not inside a longer name ("ETL
    // pipeline project").
    let mut subjects: Vec<usize> = mentions.iter().filter(|m| m.strong).map(|m| m.career).collect();
    if subjects.is_empty() {
        let stands_alone = |m: &&Mention| {
            m.at == 0
                || GLUE.contains(&corrected[m.at - 1].as_str())
                || ASKING_WORDS.contains(&corrected[m.at - 1].as_str())
        };
        subjects.extend(mentions.iter().find(stands_alone).map(|m| m.career));
    }
    let careers: Vec<usize> = mentions.iter().map(|m| m.career).collect();

    let senior = has_any(&["senior", "lead", "principal", "staff", "mentor", "mentoring", "seniors", "leadership"]);
    let want = if has_any(&["difference", "differences", "vs", "versus", "compared to", "compare", "decide between"])
        && careers.len() >= 2
    {
        Want::Compare
    } else if from.is_some() && (to.is_some() || moving) {
        Want::Move
    } else if has_any(&["certification", "certifications", "cert", "certs", "certified", "certificate", "certificates"])
        || words.iter().any(|w| is_abbreviation_like(w, text) && snapshot.certs().knows(w))
    {
        Want::Certifications
    } else if has_any(&[
        "salary",
        "salaries",
        "earn",
        "earns",
        "paid",
        "pay",
        "compensation",
        "income",
        "wage",
        "how much",
    ]) {
        Want::Salary
    } else if has_any(&[
        "portfolio",
        "project ideas",
        "projects",
        "project",
        "github",
        "showcase",
        "home lab",
        "homelab",
        "build",
    ]) {
        Want::Portfolio
    } else if !senior
        && has_any(&[
            "entry level",
            "entry",
            "junior",
            "first job",
            "new grad",
            "graduate",
            "intern",
            "internship",
            "fresher",
        ])
    {
        Want::EntryLevel
    } else if has_any(&[
        "become",
        "becoming",
        "get into",
        "break into",
        "getting into",
        "get started",
        "start in",
        "how to start",
        "land a",
        "started in",
    ]) || to.is_some()
    {
        Want::Become
    } else if has_any(&[
        "degree",
        "degrees",
        "master",
        "masters",
        "bachelor",
        "bachelors",
        "phd",
        "doctorate",
        "university",
        "college",
        "diploma",
        "self taught",
        "without a degree",
    ]) {
        Want::Education
    } else if has_any(&["moving", "switch", "switching", "move", "transition", "transitioning", "pivot"])
        && !careers.is_empty()
    {
        from = from.or(careers.first().copied());
        Want::Move
    } else if has_any(&[
        "skills",
        "skill",
        "learn",
        "learning",
        "languages",
        "know",
        "study",
        "tools",
        "technologies",
        "pick up",
        "teach myself",
    ]) {
        Want::Skills
    } else if has_any(&[
        "what does",
        "what do",
        "day to day",
        "every day",
        "daily",
        "responsibilities",
        "responsible",
        "role of",
        "what is a",
        "what is an",
    ]) {
        Want::Role
    } else {
        Want::Anything
    };

    // The words to search: without the careers' names and the asking words, with other names
    // of the skills it mentions.
    let mut kept: Vec<String> = words
        .iter()
        .zip(&in_names)
        .filter(|(w, named)| !**named && !ASKING_WORDS.contains(&w.as_str()))
        .map(|(w, _)| w.clone())
        .collect();
    let mut added: Vec<String> = Vec::new();
    let synonyms = &snapshot.library.synonyms;
    for named in synonyms.named_in(&corrected) {
        if named.by_another_name && !named.as_written {
            let skill = &synonyms.skills[named.skill].0;
            kept.push(skill.clone());
            added.push(skill.clone());
        }
    }
    // Words the documents write otherwise ("beginners": "foundational"), for the search only.
    for named in synonyms.words_named_in(&corrected) {
        if named.by_another_name && !named.as_written {
            kept.push(synonyms.words[named.skill].0.clone());
        }
    }
    // Parts named outright: runs of one to three words that read as a part's heading, in the
    // question or in the other names of what it says ("people skills" is "soft skills").
    let mut parts: Vec<Part> = Vec::new();
    let named_runs = added.iter().map(|a| a.split(' ').map(str::to_string).collect::<Vec<String>>());
    for phrase in std::iter::once(corrected.clone()).chain(named_runs) {
        for n in (1..=3).rev() {
            for run in phrase.windows(n) {
                if let Some(part) = Part::of_heading(&run.join(" ")) {
                    if !parts.contains(&part) && !matches!(part, Part::Prompts | Part::Reading | Part::Overview) {
                        parts.push(part);
                    }
                }
            }
        }
    }
    Question { careers, subjects, from, to, want, senior, parts, words: kept.join(" ") }
}

/// A career named in a question: the document, where (first word, number of words), and
/// whether by a name of several words or a role (strong) or by one word ("devops", "cloud",
/// "project": weak, as a lone word is often just a word).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Mention {
    career: usize,
    at: usize,
    words: usize,
    strong: bool,
}

/// The careers a question names. A run of words names a career when it is a role of the
/// synonyms table ("dba", "security engineer"), the career's whole name or alias, or two words
/// or more that are all words of one career's title (compared by stem: "cloud engineering" is
/// Cloud Engineer). Runs neither start nor end with a small word, a role noun alone
/// ("engineer") names none; the longest run wins.
fn careers_named(snapshot: &Snapshot, words: &[String]) -> Vec<Mention> {
    let library = &snapshot.library;
    let names = &snapshot.catalog.names;
    let is_career = |id: usize| library.documents.get(id).is_some_and(|d| d.kind == Kind::Career);
    // Stemmed once; runs of them are compared with the careers' titles below.
    let stems = snapshot.index.stems_of_each(words);
    let mut found: Vec<Mention> = Vec::new();
    let mut i = 0;
    while i < words.len() {
        let mut hit = None;
        for n in (1..=5.min(words.len() - i)).rev() {
            let run = &words[i..i + n];
            if GLUE.contains(&run[0].as_str()) || GLUE.contains(&run[n - 1].as_str()) {
                continue;
            }
            if n == 1 && (ROLE_NOUNS.contains(&run[0].as_str()) || ASKING_WORDS.contains(&run[0].as_str())) {
                continue;
            }
            let text = run.join(" ");
            if let Some(id) = library.synonyms.role(&text).find_map(|slug| library.position(slug)) {
                hit = Some((id, n, true));
                break;
            }
            // One word names a career only as its whole name or alias ("devops"), not as one
            // word of its title ("learn" is not Machine Learning Engineer).
            let id = match names.lookup(&text, MatchRank::Exact) {
                Some((id, _)) if is_career(id) => Some(id),
                _ if n == 1 => None,
                _ => match snapshot
                    .index
                    .careers_titled_by(stems[i..i + n].iter().flatten().map(String::as_str))
                    .as_slice()
                {
                    [one] => Some(*one),
                    _ => None,
                },
            };
            if let Some(id) = id {
                hit = Some((id, n, n > 1));
                break;
            }
        }
        // One word of a part's name is not a career ("project" in "project ideas"): a run
        // around it reads as a part's heading, and without it would not.
        let in_part = |at: usize| {
            (at.saturating_sub(2)..=at).any(|from| {
                (2..=3).any(|len| {
                    let run = from..from + len;
                    run.end <= words.len()
                        && run.contains(&at)
                        && Part::of_heading(&words[run.clone()].join(" ")).is_some()
                        && Part::of_heading(
                            &words[run]
                                .iter()
                                .enumerate()
                                .filter(|(k, _)| from + k != at)
                                .map(|(_, w)| w.as_str())
                                .collect::<Vec<_>>()
                                .join(" "),
                        )
                        .is_none()
                })
            })
        };
        let hit = hit.filter(|&(_, n, strong)| strong || n > 1 || !in_part(i));
        match hit {
            Some((career, n, strong)) => {
                match found.iter_mut().find(|m| m.career == career) {
                    Some(seen) => seen.strong |= strong,
                    None => found.push(Mention { career, at: i, words: n, strong }),
                }
                i += n;
            }
            None => i += 1,
        }
    }
    found
}

/// "CISSP", "CCNA": written as an abbreviation in the question (not "sql" typed in lowercase).
fn is_abbreviation_like(word: &str, original: &str) -> bool {
    original.split(|c: char| !(c.is_alphanumeric() || c == '+')).any(|w| {
        w.eq_ignore_ascii_case(word) && (w.chars().filter(|c| c.is_uppercase()).count() >= 2 || w.ends_with('+'))
    })
}

/// A heading about pay ("Salary", "Salaries", "SALARY RANGES"), without a lowercase copy:
/// weighed for each of the thousands of candidates of a question on a large library.
fn says_salary(heading: &str) -> bool {
    heading.as_bytes().windows(5).any(|w| w.eq_ignore_ascii_case(b"salar"))
}

/// How much a section of this part counts for a question, before the words decide.
pub fn weight(question: &Question, part: Option<Part>, heading: &str) -> f32 {
    use Part::*;
    let base = match part {
        Some(TechnicalSkills | Skills | Tools) => 1.1,
        Some(Role | Definition | Responsibilities | Overview) => 1.0,
        Some(GettingStarted | Education | EntryLevel | Certifications | Portfolio | Projects | SoftSkills) => 1.0,
        Some(Progression | Ladder | Specializations | JobTitles) => 0.8,
        Some(Switching | Transitions | TransferableSkills | SwitchTraining) => 0.8,
        Some(Senior | SeniorSkills | Leadership | Strategy) => {
            if question.senior {
                1.2
            } else {
                0.45
            }
        }
        Some(Prompts) | Some(Reading) => 0.3,
        None => 0.8,
    };
    // A part the question names outright ("soft skills") is what it asks for.
    let named = if part.is_some_and(|p| question.parts.contains(&p)) { NAMED_PART } else { 1.0 };
    let boost = match (question.want, part) {
        (Want::Become, Some(GettingStarted | Education)) => 1.6,
        (Want::Become, Some(EntryLevel)) => 1.5,
        (Want::Become, Some(SwitchTraining)) => 1.4,
        (Want::Become, Some(Skills | TechnicalSkills)) => 1.2,
        (Want::Move, Some(Transitions | SwitchTraining)) => 2.0,
        (Want::Move, Some(TransferableSkills)) => 1.4,
        (Want::Certifications, Some(Certifications)) => 2.0,
        (Want::Certifications, Some(Education)) => 1.4,
        (Want::Education, Some(Education)) => 2.0,
        (Want::Education, Some(GettingStarted)) => 1.3,
        (Want::Salary, _) if says_salary(heading) => 2.2,
        (Want::Salary, Some(EntryLevel)) => 2.0,
        (Want::Portfolio, Some(Portfolio | Projects)) => 2.0,
        (Want::EntryLevel, Some(EntryLevel)) => 2.0,
        (Want::EntryLevel, Some(JobTitles)) => 1.3,
        (Want::Skills, Some(Skills | TechnicalSkills | SoftSkills)) => 1.5,
        (Want::Skills, Some(Tools)) => 1.3,
        (Want::Role | Want::Compare, Some(Role | Definition | Responsibilities)) => 1.8,
        _ => 1.0,
    };
    base * boost * named
}

/// How much more a part counts when the question names it.
const NAMED_PART: f32 = 1.5;

/// The sections of a named career that answer the question by their kind alone, with how well
/// (1.0 best): what is shown even when the words find nothing ("how do I become an engineering
/// manager" has no word to search once the career and the asking words are out).
pub fn answering_parts(want: Want, senior: bool) -> &'static [(Part, f32)] {
    use Part::*;
    match (want, senior) {
        (Want::Become, _) => &[(GettingStarted, 0.95), (Education, 0.9), (EntryLevel, 0.85), (Skills, 0.75)],
        (Want::Move, _) => &[(SwitchTraining, 1.0), (Transitions, 0.95), (TransferableSkills, 0.7)],
        (Want::Certifications, _) => &[(Certifications, 1.0), (Education, 0.8)],
        (Want::Education, _) => &[(Education, 1.0), (GettingStarted, 0.7)],
        (Want::Salary, _) => &[(EntryLevel, 1.0)],
        (Want::Portfolio, _) => &[(Portfolio, 1.0), (Projects, 0.95)],
        (Want::EntryLevel, _) => &[(EntryLevel, 1.0), (JobTitles, 0.75)],
        (Want::Skills, true) => &[(SeniorSkills, 1.0), (Leadership, 0.9), (Strategy, 0.85)],
        (Want::Skills, false) => &[(TechnicalSkills, 1.0), (Skills, 0.95), (Tools, 0.9), (SoftSkills, 0.75)],
        (Want::Role, true) => &[(Senior, 1.0), (Leadership, 0.95), (Strategy, 0.9), (SeniorSkills, 0.85)],
        (Want::Role | Want::Compare, _) => &[(Definition, 1.0), (Role, 0.98), (Responsibilities, 0.95)],
        (Want::Anything, true) => &[(Senior, 1.0), (SeniorSkills, 0.95), (Leadership, 0.9)],
        // Nothing asked but the career: what it is; beside other words, the words decide.
        (Want::Anything, false) => &[(Definition, 0.6), (Role, 0.58), (Responsibilities, 0.5)],
    }
}

#[cfg(test)]
mod tests {
    use super::says_salary;

    #[test]
    fn a_heading_about_pay_in_any_case() {
        for heading in
            ["Salary", "Salary Expectations", "SALARY RANGES", "Typical salaries (US)", "Entry-level Salaries"]
        {
            assert!(says_salary(heading), "{heading}");
        }
        for heading in ["", "Sal", "Sales Engineering", "Compensation"] {
            assert!(!says_salary(heading), "{heading}");
        }
    }
}
