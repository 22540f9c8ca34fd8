//! The one definition of every command: names, descriptions, options. The Discord layer
//! registers slash commands from it, the terminal parses invocations with it, autocomplete
//! and `/help` read it, the dispatcher defers the commands it marks `deferred`, and
//! [`OptionSpec::accept`] checks every option value, whichever front end it came from. Names
//! and descriptions are within Discord's limits (a test checks).

use super::invocation::{OptionValue, ParseError};

/// The commands careerbot answers.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum CommandName {
    /// `/career`: a career's overview or one of its sections.
    Career,
    /// `/certs`: certifications for a career.
    Certs,
    /// `/prompt`: ready-made LLM prompts.
    Prompt,
    /// `/search`: passages anywhere in the library.
    Search,
    /// `/careers`: every document.
    Careers,
    /// `/plan`: a member's target career and checklist.
    Plan,
    /// `/group`: the server's shared plans.
    Group,
    /// `/match`: the careers that fit what a member knows and likes.
    Match,
    /// `/compare`: two careers side by side.
    Compare,
    /// `/path`: how to get from one career to another.
    Path,
    /// `/ladder`: a career's levels and titles.
    Ladder,
    /// `/learn`: the study tracks, a track's outline, a lesson.
    Learn,
    /// `/define`: what a term means, from the tracks' glossaries and lessons.
    Define,
    /// `/help`: what each command does.
    Help,
    /// `/reload`: reload content (moderators).
    Reload,
}

impl CommandName {
    /// The name typed after the slash.
    pub fn as_str(self) -> &'static str {
        spec(self).name
    }

    /// Parses a command name, with or without the slash, any case.
    pub fn parse(text: &str) -> Option<CommandName> {
        let name = text.trim().trim_start_matches('/').to_ascii_lowercase();
        COMMANDS.iter().find(|c| c.name == name).map(|c| c.command)
    }
}

/// The type of an option's value.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum OptionType {
    /// Text.
    String,
    /// A whole number.
    Integer,
    /// true or false.
    Boolean,
    /// A member of the server.
    User,
}

/// Where an option value comes from, for [`OptionSpec::accept`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ValueSource {
    /// Typed by Discord (gateway or HTTP).
    Typed,
    /// Text: a terminal line or a page token.
    Text,
}

impl OptionType {
    /// What a value of this type is, for error messages: "a whole number".
    pub fn expected(self) -> &'static str {
        match self {
            OptionType::String => "text",
            OptionType::Integer => "a whole number",
            OptionType::Boolean => "true or false",
            OptionType::User => "a member (@name or id)",
        }
    }
}

/// Where autocomplete suggestions for an option come from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Completion {
    /// Career names: by name, alias, number, with typos.
    Career,
    /// Section keys of the career chosen in the same command.
    Section,
    /// Prompt numbers of the chosen career, with their first words.
    PromptNumber,
    /// Certification groups of the chosen career.
    CertGroup,
    /// What `/plan` does (show, set, done, …).
    PlanAction,
    /// Checklist items of the chosen (or the member's target) career.
    PlanItem,
    /// Certifications of the library's vocabulary, by name or abbreviation.
    Certification,
    /// Study tracks: by folder name, title words, with typos.
    Track,
    /// Lessons of the chosen track, by number and title.
    Lesson,
    /// Section keys of the chosen lesson.
    LessonSection,
    /// Terms the tracks define.
    Term,
    /// The languages lessons are written in.
    Language,
    /// Where `/search` looks: careers, tracks, or one track.
    SearchScope,
}

/// One option of a command.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct OptionSpec {
    /// 1–32 lowercase characters.
    pub name: &'static str,
    /// 1–100 characters.
    pub description: &'static str,
    /// Value type.
    pub kind: OptionType,
    /// Must be given.
    pub required: bool,
    /// Autocomplete source, if any.
    pub completion: Option<Completion>,
    /// Smallest integer accepted.
    pub min: Option<i64>,
    /// Longest text accepted (Discord enforces it in its client).
    pub max_length: Option<u16>,
    /// Filled from words typed without `name:` in the terminal (in this order).
    pub positional: bool,
}

impl OptionSpec {
    /// Checks a value for this option and gives it its type: the one place option values are
    /// checked. The terminal and page tokens send text, which is read here (`3`, `#3`, `yes`,
    /// `<@123>`). Discord sends typed values ([`ValueSource::Typed`]): those must have the
    /// option's type, except a whole number sent as text for a number.
    pub fn accept(&'static self, value: OptionValue, source: ValueSource) -> Result<OptionValue, ParseError> {
        // The value is echoed in the error, which Discord shows: markdown and mentions in it
        // are made inert.
        let bad = |value: &OptionValue, expected| ParseError::BadValue {
            option: self.name,
            value: super::format::escape_markdown(&value.to_string().chars().take(40).collect::<String>()),
            expected,
        };
        let text_read_as = |kind| source == ValueSource::Text || kind == OptionType::Integer;
        match (self.kind, value) {
            (OptionType::String, value @ OptionValue::String(_))
            | (OptionType::Integer, value @ OptionValue::Integer(_))
            | (OptionType::Boolean, value @ OptionValue::Boolean(_))
            | (OptionType::User, value @ OptionValue::User(_)) => Ok(value),
            (kind, value @ OptionValue::String(_)) if !text_read_as(kind) => Err(bad(&value, kind.expected())),
            (OptionType::Integer, OptionValue::String(text)) => match text.trim().trim_start_matches('#').parse() {
                Ok(n) => Ok(OptionValue::Integer(n)),
                Err(_) => Err(bad(&OptionValue::String(text), "a whole number")),
            },
            (OptionType::Boolean, OptionValue::String(text)) => match text.trim().to_ascii_lowercase().as_str() {
                "true" | "yes" | "y" | "1" | "on" => Ok(OptionValue::Boolean(true)),
                "false" | "no" | "n" | "0" | "off" => Ok(OptionValue::Boolean(false)),
                _ => Err(bad(&OptionValue::String(text), "true or false")),
            },
            (OptionType::User, OptionValue::String(text)) => {
                let digits = text
                    .trim()
                    .trim_start_matches("<@")
                    .trim_start_matches('!')
                    .trim_start_matches('@')
                    .trim_end_matches('>');
                match digits.parse() {
                    Ok(id) => Ok(OptionValue::User(id)),
                    Err(_) => Err(bad(&OptionValue::String(text), "a member (@name or id)")),
                }
            }
            (kind, value) => Err(bad(&value, kind.expected())),
        }
    }

    const fn text(name: &'static str, description: &'static str) -> OptionSpec {
        OptionSpec {
            name,
            description,
            kind: OptionType::String,
            required: false,
            completion: None,
            min: None,
            max_length: Some(100),
            positional: true,
        }
    }

    const fn required(mut self) -> Self {
        self.required = true;
        self
    }

    const fn complete(mut self, completion: Completion) -> Self {
        self.completion = Some(completion);
        self
    }

    const fn max_length(mut self, max: u16) -> Self {
        self.max_length = Some(max);
        self
    }

    const fn integer(mut self, min: i64) -> Self {
        self.kind = OptionType::Integer;
        self.min = Some(min);
        self.max_length = None;
        self
    }
}

/// `private:true` answers only the member who asked.
pub const PRIVATE: OptionSpec = OptionSpec {
    name: "private",
    description: "Only you see the answer",
    kind: OptionType::Boolean,
    required: false,
    completion: None,
    min: None,
    max_length: None,
    positional: false,
};

/// `mention:@member` points the answer at someone.
pub const MENTION: OptionSpec = OptionSpec {
    name: "mention",
    description: "Point the answer at a member (pings only them)",
    kind: OptionType::User,
    required: false,
    completion: None,
    min: None,
    max_length: None,
    positional: false,
};

/// One command.
#[derive(Debug, Clone, Copy)]
pub struct CommandSpec {
    /// Which command.
    pub command: CommandName,
    /// 1–32 lowercase characters.
    pub name: &'static str,
    /// 1–100 characters.
    pub description: &'static str,
    /// Options in display order (`private` and `mention` included where they apply).
    pub options: &'static [OptionSpec],
    /// Only moderators may run it (registered with MANAGE_GUILD, checked on every call).
    pub moderator_only: bool,
    /// Takes longer than Discord's 3 s: answer "thinking…" first, then edit.
    pub deferred: bool,
    /// What `/help` shows for it.
    pub examples: &'static [&'static str],
    /// A longer explanation for `/help`.
    pub help: &'static str,
}

impl CommandSpec {
    /// The option with this name.
    pub fn option(&self, name: &str) -> Option<&'static OptionSpec> {
        self.options.iter().find(|o| o.name == name)
    }
}

const CAREER_OPTION: OptionSpec =
    OptionSpec::text("name", "Career name, alias or number (e.g. secops, 27)").required().complete(Completion::Career);

/// Every command, in the order `/help` lists them.
pub const COMMANDS: &[CommandSpec] = &[
    CommandSpec {
        command: CommandName::Career,
        name: "career",
        description: "Show a career path, or one section of it",
        options: &[
            CAREER_OPTION,
            OptionSpec::text("section", "Section, e.g. certifications, skills, portfolio").complete(Completion::Section),
            PRIVATE,
            MENTION,
        ],
        moderator_only: false,
        deferred: false,
        examples: &["/career secops", "/career secops certifications", "/career name:27 section:progression"],
        help: "Without a section: the definition, the list of sections and a link to the full page. With a section: that part, readable in the chat.",
    },
    CommandSpec {
        command: CommandName::Certs,
        name: "certs",
        description: "Certifications: a career's, who lists one, or the most listed",
        options: &[
            OptionSpec::text("career", "Career name, alias or number").complete(Completion::Career),
            OptionSpec::text("group", "Only one group, e.g. Entry-Level").complete(Completion::CertGroup).max_length(60),
            OptionSpec {
                positional: false,
                ..OptionSpec::text("name", "A certification, e.g. CISSP or AWS Solutions Architect").complete(Completion::Certification)
            },
            PRIVATE,
            MENTION,
        ],
        moderator_only: false,
        deferred: false,
        examples: &["/certs secops", "/certs career:17 group:cloud", "/certs name:CISSP", "/certs"],
        help: "A career's list, grouped, with issuers; for a career without one, the certifications its text names. With name: which careers list it and which mention it. Alone: the ones most careers list.",
    },
    CommandSpec {
        command: CommandName::Prompt,
        name: "prompt",
        description: "Get ready-made prompts to ask an AI assistant about a career",
        options: &[
            OptionSpec::text("career", "Career name, alias or number").complete(Completion::Career),
            OptionSpec::text("number", "Prompt number").integer(1).complete(Completion::PromptNumber),
            OptionSpec::text("topic", "Find prompts about a topic (every career and lesson when neither is given)"),
            OptionSpec { positional: false, ..OptionSpec::text("context", "About you, e.g. \"I'm a sysadmin with 5 years of Linux\"").max_length(300) },
            OptionSpec { positional: false, ..OptionSpec::text("track", "A study track's prompts instead of a career's").complete(Completion::Track) },
            OptionSpec { positional: false, ..OptionSpec::text("lesson", "With track: one lesson's prompts (2.3, or title words)").complete(Completion::Lesson) },
            PRIVATE,
            MENTION,
        ],
        moderator_only: false,
        deferred: false,
        examples: &["/prompt secops", "/prompt secops 3 context:\"I'm a sysadmin with 5 years of Linux\"", "/prompt topic:portfolio", "/prompt track:freelancing lesson:2.3", "/prompt track:freelancing topic:proposal"],
        help: "Prompts come as code blocks you can copy. Pick one with a number to get buttons that open it in ChatGPT or Claude; add context to make it about you. With track: (and lesson:) the study tracks' prompts, found by topic too.",
    },
    CommandSpec {
        command: CommandName::Search,
        name: "search",
        description: "Search every career and lesson for a passage",
        options: &[
            OptionSpec::text("query", "What to look for; \"quotes\" for an exact phrase").required().max_length(200),
            OptionSpec { positional: false, ..OptionSpec::text("career", "Only this career").complete(Completion::Career) },
            OptionSpec {
                positional: false,
                ..OptionSpec::text("in", "Only careers, only the study tracks, or one track").complete(Completion::SearchScope).max_length(100)
            },
            PRIVATE,
            MENTION,
        ],
        moderator_only: false,
        deferred: false,
        examples: &["/search admission controllers", "/search query:\"incident response\" career:secops", "/search sql injection in:tracks", "/search proposal in:freelancing"],
        help: "The five best passages of the careers and the study tracks' lessons, each naming its career or lesson (📘) and section, with the command that opens it. in: narrows to careers, tracks or one track. Small typos are forgiven; Sinhala and Tamil words find the translated lessons.",
    },
    CommandSpec {
        command: CommandName::Match,
        name: "match",
        description: "Which careers fit you: say what you know and like",
        options: &[
            OptionSpec::text("about", "What you know and like, e.g. Python and SQL, statistics, dashboards")
                .required()
                .max_length(300),
            PRIVATE,
            MENTION,
        ],
        moderator_only: false,
        deferred: false,
        examples: &["/match I know Python and SQL, I like statistics and dashboards", "/match about:\"k8s, linux, automation\""],
        help: "The five careers whose skills, tools and responsibilities hold most of what you said, with a bar for how well each fits and your words found in it. Short forms work (k8s, ML, JS).",
    },
    CommandSpec {
        command: CommandName::Compare,
        name: "compare",
        description: "Two careers side by side: skills, tools, certifications, entry titles",
        options: &[
            OptionSpec::text("a", "A career name, alias or number").required().complete(Completion::Career),
            OptionSpec::text("b", "Another career").required().complete(Completion::Career),
            PRIVATE,
            MENTION,
        ],
        moderator_only: false,
        deferred: false,
        examples: &["/compare devops secops", "/compare a:\"data scientist\" b:\"data engineer\""],
        help: "Each definition in a line; the skills and tools both need and those only one needs; certifications shared and apart; entry-level titles; and whether the library describes a move between them.",
    },
    CommandSpec {
        command: CommandName::Path,
        name: "path",
        description: "How to get from one career to another",
        options: &[
            OptionSpec::text("from", "Where you are: a career name, alias or number").required().complete(Completion::Career),
            OptionSpec::text("to", "Where you want to go").required().complete(Completion::Career),
            PRIVATE,
            MENTION,
        ],
        moderator_only: false,
        // Its picture is rendered after "thinking…", then attached by an edit.
        deferred: true,
        examples: &["/path secops cloud", "/path from:\"qa engineer\" to:\"software developer\""],
        help: "The move as the library describes it: what it takes, the skills that carry over, the certifications named and what the new career asks for that yours does not list. With no direct move, the shortest route (up to three steps).",
    },
    CommandSpec {
        command: CommandName::Ladder,
        name: "ladder",
        description: "A career's ladder: levels, titles and specialisations",
        options: &[
            OptionSpec::text("career", "Career name, alias or number").required().complete(Completion::Career),
            PRIVATE,
            MENTION,
        ],
        moderator_only: false,
        // Its picture is rendered after "thinking…", then attached by an edit.
        deferred: true,
        examples: &["/ladder devops"],
        help: "From entry level to architect and management, with the job titles of each level, and the specialisations.",
    },
    CommandSpec {
        command: CommandName::Learn,
        name: "learn",
        description: "Study tracks: the courses, a course's outline, a lesson",
        options: &[
            OptionSpec::text("track", "A course, e.g. freelancing, software security, full stack").complete(Completion::Track),
            OptionSpec::text("lesson", "A lesson: its number (2.3) or title words").complete(Completion::Lesson),
            OptionSpec::text("section", "One section of the lesson").complete(Completion::LessonSection),
            OptionSpec { positional: false, ..OptionSpec::text("lang", "Language: en, si (Sinhala) or ta (Tamil)").complete(Completion::Language).max_length(10) },
            PRIVATE,
            MENTION,
        ],
        moderator_only: false,
        // Reads the member's language (and, for a track's map, their ticks) from the database,
        // and a track's map is rendered after "thinking…".
        deferred: true,
        examples: &["/learn", "/learn freelancing", "/learn freelancing 2.3", "/learn software-security api security", "/learn ai-aptitude what is chatgpt lang:si"],
        help: "Alone: the courses, with their lessons. With a track: its outline, module by module, numbered. With a lesson: the lesson (or one section), with buttons to the previous and next lesson. Lessons are found by number, title words and typos.",
    },
    CommandSpec {
        command: CommandName::Define,
        name: "define",
        description: "What a term means, from the courses' glossaries and lessons",
        options: &[
            OptionSpec::text("term", "A term or abbreviation, e.g. CSRF, SOW, phishing").required().complete(Completion::Term),
            OptionSpec { positional: false, ..OptionSpec::text("track", "Prefer this course's definition").complete(Completion::Track) },
            OptionSpec { positional: false, ..OptionSpec::text("lang", "Language: en, si (Sinhala) or ta (Tamil)").complete(Completion::Language).max_length(10) },
            PRIVATE,
            MENTION,
        ],
        moderator_only: false,
        // Reads the member's language from the database.
        deferred: true,
        examples: &["/define csrf", "/define statement of work", "/define phishing track:information-and-data-security"],
        help: "The definition a lesson gives, citing the lesson and its /learn command; other lessons that define it are listed. Abbreviations and typos are forgiven.",
    },
    CommandSpec {
        command: CommandName::Plan,
        name: "plan",
        description: "Your study plan: set a target career, tick off what you have done",
        options: &[
            OptionSpec::text("action", "show (default), set, done, undo, share or forget").complete(Completion::PlanAction).max_length(10),
            OptionSpec::text("career", "For set: your target career").complete(Completion::Career),
            OptionSpec::text("item", "For done and undo: items, separated by commas").complete(Completion::PlanItem).max_length(300),
            OptionSpec { positional: false, ..OptionSpec::text("track", "For set: a study track to follow (off: none)").complete(Completion::Track) },
            OptionSpec { positional: false, ..OptionSpec::text("lesson", "For done and undo: lessons of your track (2.3, or title words), separated by commas").complete(Completion::Lesson).max_length(300) },
            OptionSpec { positional: false, ..OptionSpec::text("state", "For share: on or off").max_length(3) },
            OptionSpec { positional: false, ..OptionSpec::text("lang", "For set: the language /learn and /define show (en, si, ta)").complete(Completion::Language).max_length(10) },
            OptionSpec { name: "member", description: "Show another member's plan, if they share it", kind: OptionType::User, required: false, completion: None, min: None, max_length: None, positional: false },
            OptionSpec { name: "confirm", description: "For forget: yes, delete my plan data", kind: OptionType::Boolean, required: false, completion: None, min: None, max_length: None, positional: false },
        ],
        moderator_only: false,
        // Reads and writes the database: answered after "thinking…", only to the member.
        deferred: true,
        examples: &["/plan set career:secops", "/plan", "/plan done item:\"CompTIA Security+, Terraform\"", "/plan set track:freelancing", "/plan set lang:si", "/plan done lesson:\"1.1, 1.2\"", "/plan share state:on", "/plan forget confirm:true"],
        help: "One target career and one study track per server (either, or both). A track's checklist is its lessons, module by module, ticked with `lesson:`. The career's checklist comes from the career's document: certifications, technical skills, tools, portfolio projects, each ✅ or ⬜, with % per group. Items the document no longer lists stay, shown apart. Plans are private until you share them; forget deletes everything kept about you here.",
    },
    CommandSpec {
        command: CommandName::Group,
        name: "group",
        description: "Who in this server is studying toward which career, and how far",
        options: &[
            OptionSpec::text("career", "Only this career").complete(Completion::Career),
            PRIVATE,
        ],
        moderator_only: false,
        deferred: true,
        examples: &["/group", "/group secops"],
        help: "Members who share their plan, by career, with their %. Moderators also see how many plans each career has, without names.",
    },
    CommandSpec {
        command: CommandName::Careers,
        name: "careers",
        description: "List every career and guide",
        options: &[PRIVATE, MENTION],
        moderator_only: false,
        deferred: false,
        examples: &["/careers"],
        help: "Numbered, careers and guides apart. Use the number or name with /career.",
    },
    CommandSpec {
        command: CommandName::Help,
        name: "help",
        description: "What each command does, with examples",
        options: &[PRIVATE, MENTION],
        moderator_only: false,
        deferred: false,
        examples: &["/help"],
        help: "This list.",
    },
    CommandSpec {
        command: CommandName::Reload,
        name: "reload",
        description: "Reload career content from disk (moderators)",
        options: &[],
        moderator_only: true,
        deferred: true,
        examples: &["/reload"],
        help: "Checks every document first; if any has an error, nothing changes and the report says which file and line.",
    },
];

/// The spec of one command.
pub fn spec(command: CommandName) -> &'static CommandSpec {
    // Every CommandName has exactly one entry (a test checks), so the fallback is unreachable.
    COMMANDS.iter().find(|c| c.command == command).unwrap_or(&COMMANDS[0])
}
