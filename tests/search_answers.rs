//! `/search` as a member reads it, on the shipped library: the examples of issue 24 item 9
//! (the ranking as a whole is judged in tests/relevance.rs), snippets that render (whole words,
//! no half of the page's emphasis, no list marker left alone), and a hint for a question the
//! library has no words for.

#[path = "support/relevance.rs"]
mod relevance;
#[path = "support/shipped.rs"]
mod shipped;

use careerbot::commands::find::passages;
use careerbot::search::Hit;

fn top(question: &str) -> Vec<Hit> {
    passages(&shipped::store().snapshot(), question, None).unwrap()
}

fn keys(hits: &[Hit]) -> Vec<String> {
    hits.iter().map(|h| format!("{} {}", h.career, h.section_key)).collect()
}

#[test]
fn the_issues_questions_find_the_sections_that_answer_them() {
    let languages = keys(&top("best first programming language to learn"));
    assert!(languages[..2].iter().any(|k| k == "foundational-skills popular-languages-start"), "{languages:#?}");

    // "learning" in "machine learning" does not ask for skills; "masters" asks about degrees.
    let masters = keys(&top("do I need a masters for machine learning"));
    assert!(masters[..2].iter().any(|k| k == "machine-learning-engineer education"), "{masters:#?}");

    // A section that is only its sub-sections' headings ("Portfolio Building Tips") is no
    // answer; the portfolio sections themselves are.
    let portfolio = top("how to build a github portfolio");
    let snapshot = shipped::store().snapshot();
    for hit in &portfolio {
        let doc = snapshot.library.get(&hit.career).unwrap();
        let section = doc.section(&hit.section_key).unwrap();
        assert!(
            !(section.body.trim().is_empty() && doc.children(section).next().is_some()),
            "{} {} is only headings",
            hit.career,
            hit.section_key
        );
    }
    assert!(portfolio.iter().any(|h| h.snippet.to_lowercase().contains("github")), "{:#?}", keys(&portfolio));
    // Engineering Manager's "Portfolio Focus Shift (Less coding …)" has "portfolio" twice and
    // neither "github" nor "build": it does not open the answer.
    assert_ne!(portfolio[0].career, "engineering-manager", "{:#?}", keys(&portfolio));

    // Cloud Engineer's education section is where its AWS certifications are, the
    // foundational one first.
    let beginners = keys(&top("AWS certification for beginners"));
    assert!(beginners.iter().any(|k| k == "cloud-engineer education"), "{beginners:#?}");

    // "AWS" is the maker of every AWS certification: it does not make one of them the answer.
    let aws = top("AWS certifications for devops");
    assert!(aws.iter().all(|h| h.kind == careerbot::search::HitKind::Section), "{:#?}", keys(&aws));
}

/// Every snippet of every judged question's answers: bold in pairs and nothing else of
/// markdown's emphasis, no list marker alone, and a cut ("…") after a whole word of the page.
#[test]
fn snippets_cut_at_whole_words_and_keep_markdown_balanced() {
    let snapshot = shipped::store().snapshot();
    let questions: Vec<relevance::Question> =
        [relevance::questions(), relevance::holdout(), relevance::members()].into_iter().flatten().collect();
    let mut seen = 0;
    for question in &questions {
        for hit in top(&question.text) {
            seen += 1;
            let snippet = &hit.snippet;
            let context = format!("{:?} → {} {}: {snippet}", question.text, hit.career, hit.section_key);
            assert_eq!(snippet.matches("**").count() % 2, 0, "unbalanced bold: {context}");
            assert!(!snippet.replace("**", "").contains('*'), "emphasis left from the page: {context}");
            assert!(!snippet.contains(" · ·") && !snippet.ends_with('·'), "an empty item: {context}");
            let plain = snippet.replace("**", "");
            if let Some(before) = plain.strip_suffix('…') {
                let last = before.rsplit(|c: char| !c.is_alphanumeric()).next().unwrap_or("");
                if !last.is_empty() {
                    // The word the cut follows is a whole word of the section's text.
                    let page = match &hit.lesson {
                        Some(lesson) => {
                            let track = snapshot.library.track(&lesson.track).unwrap();
                            &track.lessons.iter().find(|l| l.id == hit.career).unwrap().document
                        }
                        None => snapshot.library.get(&hit.career).unwrap(),
                    };
                    let body = careerbot::content::plain_text(&page.section(&hit.section_key).unwrap().body);
                    let whole = body.match_indices(last).any(|(at, _)| {
                        !body[at + last.len()..].chars().next().is_some_and(char::is_alphanumeric)
                            && !body[..at].chars().next_back().is_some_and(char::is_alphanumeric)
                    });
                    assert!(whole || body.is_empty(), "cut inside the word {last:?}: {context}");
                }
            }
        }
    }
    assert!(seen >= 500, "only {seen} snippets looked at");
}

#[test]
fn a_question_in_a_language_the_library_lacks_gets_a_hint() {
    for question in ["¿cómo ser ingeniero de datos?", "දත්ත විද්‍යාඥයෙක් වෙන්නේ කොහොමද", "meilleur langage de programmation"]
    {
        let reply = shipped::ask(&format!("/search {question}"));
        let text = reply.pages.join("\n");
        assert!(text.contains("written in English"), "{question}: {text}");
    }
    // English with typos is the library's language.
    let reply = shipped::ask("/search machin lerning enginer skils");
    assert!(!reply.pages.join("\n").contains("written in English"));
}

#[test]
fn c_plus_plus_is_bold_whole() {
    let hits = top("c++ or c# for games");
    let snippets: Vec<&str> = hits.iter().map(|h| h.snippet.as_str()).collect();
    assert!(snippets.iter().any(|s| s.contains("**C++**")), "{snippets:#?}");
    assert!(!snippets.iter().any(|s| s.contains("**C**++")), "{snippets:#?}");
}
