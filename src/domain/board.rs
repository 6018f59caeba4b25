//! The boards: the areas of the screen where note-takers write, with their keys and titles.

/// A board: one area of the screen where the note-taker writes during a phase.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Board {
    Opening,
    Participants,
    Introduction,
    CaseProfile,
    Timeline,
    Qa,
    Assessment,
    Themes,
    Strengths,
    Supporters,
    AgencyRoles,
    Direction,
    Actions,
    Impressions,
    Survey,
    Closing,
    /// Names to replace in a redacted export (not shown on the projector's phase boards).
    Redaction,
    /// The previous conference's open actions, reviewed (前回からの確認). Last in the list so
    /// the board chooser keeps the keys it always had.
    Review,
}

impl Board {
    /// Every board, in the order they appear in a standard meeting.
    pub const ALL: [Board; 18] = [
        Board::Opening,
        Board::Participants,
        Board::Introduction,
        Board::CaseProfile,
        Board::Timeline,
        Board::Qa,
        Board::Assessment,
        Board::Themes,
        Board::Strengths,
        Board::Supporters,
        Board::AgencyRoles,
        Board::Direction,
        Board::Actions,
        Board::Impressions,
        Board::Survey,
        Board::Closing,
        Board::Redaction,
        Board::Review,
    ];

    /// The key used in agenda files (and anywhere the board is stored as text).
    pub fn key(self) -> &'static str {
        match self {
            Board::Opening => "opening",
            Board::Participants => "participants",
            Board::Introduction => "introduction",
            Board::Review => "review",
            Board::CaseProfile => "case_profile",
            Board::Timeline => "timeline",
            Board::Qa => "qa",
            Board::Assessment => "assessment",
            Board::Themes => "themes",
            Board::Strengths => "strengths",
            Board::Supporters => "supporters",
            Board::AgencyRoles => "agency_roles",
            Board::Direction => "direction",
            Board::Actions => "actions",
            Board::Impressions => "impressions",
            Board::Survey => "survey",
            Board::Closing => "closing",
            Board::Redaction => "redaction",
        }
    }

    /// The board for a key, or `None` for an unknown key.
    pub(crate) fn from_key(key: &str) -> Option<Board> {
        Board::ALL.into_iter().find(|b| b.key() == key)
    }

    /// The board's heading in Japanese, as the room sees it.
    pub(crate) fn title_ja(self) -> &'static str {
        match self {
            Board::Opening => "開会",
            Board::Participants => "参加者",
            Board::Introduction => "導入・ルール",
            Board::Review => "前回からの確認",
            Board::CaseProfile => "事例の概要",
            Board::Timeline => "生活歴",
            Board::Qa => "質疑応答",
            Board::Assessment => "事例性・疾病性",
            Board::Themes => "事例のテーマ",
            Board::Strengths => "ストレングス",
            Board::Supporters => "支援者の強みと課題",
            Board::AgencyRoles => "各機関の役割",
            Board::Direction => "支援の方向性",
            Board::Actions => "アクション",
            Board::Impressions => "感想",
            Board::Survey => "アンケート",
            Board::Closing => "閉会",
            Board::Redaction => "匿名化する名前",
        }
    }

    /// The board's heading in English.
    pub(crate) fn title_en(self) -> &'static str {
        match self {
            Board::Opening => "Opening",
            Board::Participants => "Participants",
            Board::Introduction => "Introduction and rules",
            Board::Review => "Review since last time",
            Board::CaseProfile => "Case profile",
            Board::Timeline => "Life-event timeline",
            Board::Qa => "Questions and answers",
            Board::Assessment => "Case-ness and illness-ness",
            Board::Themes => "Themes",
            Board::Strengths => "Strengths",
            Board::Supporters => "Supporters' strengths and challenges",
            Board::AgencyRoles => "Agency roles",
            Board::Direction => "Support direction",
            Board::Actions => "Action items",
            Board::Impressions => "Impressions",
            Board::Survey => "Survey",
            Board::Closing => "Closing",
            Board::Redaction => "Names to redact",
        }
    }

    /// All keys joined for error messages ("opening, participants, …").
    pub(crate) fn key_list() -> String {
        Board::ALL.map(Board::key).join(", ")
    }
}
