//! `synonyms.toml` in the content folder: words that mean the same skill ("k8s" and
//! "Kubernetes", "ML" and "machine learning"), and role names that are not documents but name
//! one ("Security Engineer" → `cybersecurity-engineer`). Kept as content, beside the documents,
//! so moderators edit it like them and `/reload` picks it up.
//!
//! ```toml
//! [skills]
//! kubernetes = ["k8s", "kube"]
//! "machine learning" = ["ml"]
//!
//! [roles]
//! "Security Engineer" = "cybersecurity-engineer"
//! ```

use std::collections::BTreeMap;

use serde::Deserialize;

use super::Problem;

/// The file's name in the content folder.
pub const FILE: &str = "synonyms.toml";

/// The tables, lowercased.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Synonyms {
    /// A skill as the documents write it, and the other ways members write it.
    pub skills: Vec<(String, Vec<String>)>,
    /// A role's name (lowercase) and the slug of the document it stands for.
    pub roles: Vec<(String, String)>,
    /// BLAKE3 of the file, for the content fingerprint (zero when there is no file).
    pub hash: [u8; 32],
}

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
struct File {
    #[serde(default)]
    skills: BTreeMap<String, Vec<String>>,
    #[serde(default)]
    roles: BTreeMap<String, String>,
}

impl Synonyms {
    /// Parses the file. An error names the file and the line.
    pub fn parse(text: &str) -> Result<Synonyms, Problem> {
        let file: File = toml::from_str(text).map_err(|e| {
            let line = e.span().map_or(1, |span| text[..span.start.min(text.len())].matches('\n').count() + 1);
            Problem::error(FILE, line, format!("invalid synonyms table: {}", e.message()))
        })?;
        let lower = |t: &str| t.split_whitespace().collect::<Vec<_>>().join(" ").to_lowercase();
        Ok(Synonyms {
            skills: file
                .skills
                .into_iter()
                .map(|(skill, others)| {
                    (lower(&skill), others.iter().map(|o| lower(o)).filter(|o| !o.is_empty()).collect())
                })
                .filter(|(skill, _)| !skill.is_empty())
                .collect(),
            roles: file.roles.into_iter().map(|(role, slug)| (lower(&role), slug.trim().to_string())).collect(),
            hash: *blake3::hash(text.as_bytes()).as_bytes(),
        })
    }

    /// The line of a role's entry, for warnings about it.
    pub fn line_of(text: &str, role: &str) -> usize {
        text.lines()
            .position(|l| l.to_lowercase().trim_start().trim_start_matches('"').starts_with(role))
            .map_or(1, |i| i + 1)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tables_are_read_lowercased() {
        let s = Synonyms::parse(
            "[skills]\nKubernetes = [\"K8s\"]\n[roles]\n\"Security Engineer\" = \"cybersecurity-engineer\"\n",
        )
        .unwrap();
        assert_eq!(s.skills, [("kubernetes".to_string(), vec!["k8s".to_string()])]);
        assert_eq!(s.roles, [("security engineer".to_string(), "cybersecurity-engineer".to_string())]);
    }

    #[test]
    fn a_broken_table_is_an_error_on_its_line() {
        let problem = Synonyms::parse("[skills]\nkubernetes = [\"k8s\"\n").unwrap_err();
        assert_eq!((problem.file.as_str(), problem.line), (FILE, 2), "{problem}");
        let problem = Synonyms::parse("[skillz]\na = [\"b\"]\n").unwrap_err();
        assert!(problem.message.contains("skillz"), "{problem}");
    }
}
