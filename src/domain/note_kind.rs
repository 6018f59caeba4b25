//! The kinds of note the boards hold, with the key each is stored under.

/// The kinds of note the boards hold. Stored as their snake_case key.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum NoteKind {
    /// Opening: purpose and other opening remarks.
    Opening,
    Lecture,
    Rule,
    /// A field of the anonymised case profile; `label` names the field.
    Profile,
    /// A life event; `label` is when, `mark` is crisis / missed.
    Timeline,
    Question,
    /// An answer; `parent_id` is its question.
    Answer,
    Fact,
    /// 事例性; `label` is who is troubled.
    CaseNess,
    /// 疾病性; `label` is who judged it.
    IllnessNess,
    Theme,
    StrengthPerson,
    StrengthFamily,
    StrengthEnvironment,
    /// `label` is the agency.
    SupporterStrength,
    /// `label` is the agency.
    SupporterChallenge,
    Direction,
    /// `participant_id` (or `label`) says whose.
    Impression,
    Closing,
    /// A name to replace on redacted export.
    RedactName,
    /// The previous conference's support direction, copied for reference when a conference
    /// of the same case is created.
    PrevDirection,
}

impl NoteKind {
    pub const ALL: [NoteKind; 21] = [
        Self::Opening,
        Self::Lecture,
        Self::Rule,
        Self::Profile,
        Self::Timeline,
        Self::Question,
        Self::Answer,
        Self::Fact,
        Self::CaseNess,
        Self::IllnessNess,
        Self::Theme,
        Self::StrengthPerson,
        Self::StrengthFamily,
        Self::StrengthEnvironment,
        Self::SupporterStrength,
        Self::SupporterChallenge,
        Self::Direction,
        Self::Impression,
        Self::Closing,
        Self::RedactName,
        Self::PrevDirection,
    ];

    pub fn key(self) -> &'static str {
        match self {
            Self::Opening => "opening",
            Self::Lecture => "lecture",
            Self::Rule => "rule",
            Self::Profile => "profile",
            Self::Timeline => "timeline",
            Self::Question => "question",
            Self::Answer => "answer",
            Self::Fact => "fact",
            Self::CaseNess => "case_ness",
            Self::IllnessNess => "illness_ness",
            Self::Theme => "theme",
            Self::StrengthPerson => "strength_person",
            Self::StrengthFamily => "strength_family",
            Self::StrengthEnvironment => "strength_environment",
            Self::SupporterStrength => "supporter_strength",
            Self::SupporterChallenge => "supporter_challenge",
            Self::Direction => "direction",
            Self::Impression => "impression",
            Self::Closing => "closing",
            Self::RedactName => "redact_name",
            Self::PrevDirection => "prev_direction",
        }
    }

    pub fn from_key(key: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|k| k.key() == key)
    }
}
