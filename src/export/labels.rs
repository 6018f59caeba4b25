//! Every heading and label of an exported record, in one table: Japanese first, then English.
//!
//! The record is written in the conference's language (`conferences.lang`), not the language
//! of the interface that exports it. Profile items and survey options come with their own
//! wording from `board::spec` and the survey catalog.

use crate::i18n::{Lang, bilingual};

bilingual! {
/// A heading or label of the exported record.
pub(crate) enum L {
    DocKind => "事例検討会 記録", "Case conference record";
    Sensitive => "この記録には要配慮個人情報が含まれます。取扱いに注意し、目的外に利用しないでください。",
        "This record contains sensitive personal information. Handle it with care and use it only for its purpose.";
    RedactedNotice => "この記録の氏名は記号に置き換えてあります。",
        "Names in this record have been replaced by labels.";

    Overview => "開催概要", "Overview";
    Case => "事例", "Case";
    Date => "日付", "Date";
    Venue => "会場", "Venue";
    Facilitator => "司会", "Facilitator";
    Purpose => "目的", "Purpose";
    Status => "状況", "Status";
    Time => "時間", "Time";
    NotStartedTime => "時計の記録なし", "no clock recorded";
    Recorder => "記録者", "Recorded by";
    Attendance => "出欠", "Attendance";
    RecordDate => "作成日", "Record written";
    PageHeader => "取扱注意（要配慮個人情報）", "CONFIDENTIAL (sensitive personal information)";
    Agenda => "進行表", "Agenda";
    StatusPlanned => "開催前", "planned";
    StatusRunning => "進行中", "running";
    StatusFinished => "終了", "finished";

    Participants => "参加者", "Participants";
    Agency => "機関", "Agency";
    Absent => "欠席", "absent";
    Present => "出席", "present";
    PresentAbsent => "出欠", "Attendance";
    Name => "氏名", "Name";
    Role => "役割・職種", "Role";
    NoAgency => "（所属未記入）", "(agency not given)";

    OpeningNotes => "開会メモ", "Opening notes";
    Introduction => "導入（講義）・ルール", "Introduction and ground rules";
    Lecture => "講義テーマ", "Lecture topic";
    Rules => "グラウンドルール", "Ground rules";

    Pacing => "進行の記録（予定と実績）", "Agenda: planned and actual time";
    PhaseNo => "No.", "No.";
    Phase => "フェーズ", "Phase";
    Planned => "予定", "Planned";
    Actual => "実績", "Actual";
    Overrun => "超過", "Overrun";
    Total => "合計", "Total";
    NotHeld => "未実施", "not held";
    AdjustedNote => "予定には当日の延長・短縮を含みます（括弧内は当初の予定）。",
        "Planned times include the extensions and shortenings made on the day (the original plan in brackets).";
    NotStartedNote => "時計の記録がありません（会議は開始されていません）。",
        "No clock was recorded (the meeting was not started).";
    ChartPlanned => "予定", "planned";
    ChartActual => "実績", "actual";

    Profile => "事例の概要（匿名化）", "Case profile (anonymised)";
    Item => "項目", "Item";
    Facts => "事実の補足", "Additional facts";
    Content => "内容", "Content";

    Timeline => "生活歴・経過", "Life-event timeline";
    When => "時期", "When";
    Event => "出来事", "Event";
    Mark => "印", "Mark";
    MarkCrisis => "危機", "crisis";
    MarkMissed => "介入の機会", "missed chance";

    Qa => "質疑応答", "Questions and answers";
    Question => "質問", "Question";
    Answer => "回答", "Answer";

    Assessment => "アセスメント（事例性・疾病性）", "Assessment: case-ness and illness-ness";
    CaseNess => "事例性（生活の中で起きている困りごと）", "Case-ness (the trouble in daily life)";
    Troubled => "困っている人", "Who is troubled";
    IllnessNess => "疾病性（症状・診断・治療）", "Illness-ness (symptoms, diagnosis, treatment)";
    JudgedBy => "判断した人", "Judged by";

    Themes => "事例のテーマ", "Themes";
    Strengths => "ストレングス", "Strengths";
    StrengthPerson => "本人", "The person";
    StrengthFamily => "家族", "The family";
    StrengthEnvironment => "環境", "The environment";

    Supporters => "支援者の強みと課題", "Supporters' strengths and challenges";
    SupporterStrength => "強み", "Strengths";
    SupporterChallenge => "課題", "Challenges";

    AgencyRoles => "各機関の役割", "Agency roles";
    RoleNow => "現在の役割", "Role now";
    RoleProposed => "今後の役割（案）", "Role proposed";
    Ecomap => "エコマップ", "Ecomap";
    EcomapLegend => "中央が本人。実線は現在関わっている機関、破線は今後の役割（案）が示された機関です。",
        "The person is at the centre. Solid lines: agencies involved now; dashed lines: agencies with a proposed role.";
    ChartRespondents => "回答者", "respondents";
    NoPictureFont => "（この環境に日本語フォントが見つからないため、図は省略しました。数値は上の表のとおりです。）",
        "(No Japanese font was found on this computer, so the picture is left out; the table above has the figures.)";
    EcoCurrent => "現在関わっている機関", "Involved now";
    EcoProposed => "今後の役割（案）が示された機関", "With a proposed role";

    Direction => "支援の方向性", "Support direction";

    Actions => "アクション", "Action items";
    What => "内容", "What";
    OwnerAgency => "担当機関", "Owner agency";
    OwnerPerson => "担当者", "Owner";
    Due => "期限", "Due";
    ActionStatus => "状況", "Status";
    ActionOpen => "未完了", "open";
    ActionDone => "完了", "done";
    ActionDropped => "中止", "dropped";

    Impressions => "感想", "Impressions";
    Whose => "誰の感想", "Whose";
    Impression => "感想", "Impression";

    Survey => "アンケート結果", "Survey results";
    MultipleAnswers => "（複数回答）", "(multiple answers)";
    SurveyOption => "選択肢", "Option";
    SurveyCount => "人数", "Count";

    Closing => "閉会", "Closing";
    ClosingRemarks => "閉会のことば", "Closing remarks";
    NextMeeting => "次回の予定", "Next meeting";

    NoneRecorded => "（記録なし）", "(none recorded)";

    CsvNo => "No.", "No.";
    CsvId => "ID", "ID";
    CsvKind => "種類", "Kind";
    CsvPosition => "順序", "Position";
    CsvLabel => "ラベル", "Label";
    CsvBody => "本文", "Body";
    CsvMark => "印", "Mark";
    CsvParent => "親ID", "Parent ID";
    CsvParticipant => "参加者", "Participant";

    RedactStaff => "職員", "staff";
    RedactParticipant => "参加者", "Participant";
    RedactPerson => "氏", "Person";
    RedactFacilitator => "司会者", "Facilitator";
    RedactNameKind => "伏せる氏名", "Name to redact";
    RedactAmbiguous => "〔氏名〕", "[name]";
    RedactPhone => "〔電話番号〕", "[phone]";
    RedactPostcode => "〔郵便番号〕", "[postcode]";
    RedactAddress => "〔住所〕", "[address]";
    RedactBirth => "〔生年月日〕", "[date of birth]";
    RedactIdNumber => "〔個人番号〕", "[ID number]";
    RedactEmail => "〔メールアドレス〕", "[e-mail]";

    // The case over time: the kind of meeting, consent, confidentiality, carried actions and
    // the case summary.
    MeetingType => "会議の種類", "Kind of meeting";
    SupportMeetingNote => "社会福祉法第106条の6に基づく支援会議：構成員には守秘義務があり、本人の同意は要しません。",
        "A support meeting under article 106-6 of the Social Welfare Act: members are bound to confidentiality; the person's consent is not needed.";
    CaseStudyNote => "研修としての事例検討会：事例は匿名化して扱います。",
        "A training case conference: the case is anonymised.";
    Consent => "本人の同意", "The person's consent";
    ConsentYes => "あり", "given";
    ConsentNo => "なし", "not given";
    ConsentUnknown => "未記録", "not recorded";
    Confidentiality => "守秘義務の確認", "Confidentiality confirmed";
    ConfirmedCount => "名が確認", "confirmed";
    NotConfirmed => "未確認", "not confirmed";
    Review => "前回からの確認", "Review since last time";
    PrevDirection => "前回の支援の方向性", "Last time's support direction";
    Outcome => "確認", "Review";
    OutcomeNote => "確認メモ", "Note";
    ReviewDate => "確認日", "Review date";
    OutcomePending => "未確認", "not reviewed";
    OutcomeDone => "完了", "done";
    OutcomeContinued => "継続", "continued";
    OutcomeChanged => "変更", "changed";
    OutcomeStopped => "中止", "stopped";
    CaseSummary => "事例の経過まとめ", "Case summary";
    CaseConferences => "会議の経過", "Conferences";
    ActionHistory => "アクションの経過", "Each action over time";
    Overdue => "期限超過", "overdue";
    Title => "会議名", "Conference";
    Owner => "担当", "Owner";
    CsvUid => "uid", "uid";
}
}

/// The label of a note kind as a list title (CSV "kind" column).
pub(crate) fn kind_label(kind: crate::store::NoteKind) -> L {
    use crate::store::NoteKind as K;
    match kind {
        K::Opening => L::OpeningNotes,
        K::Lecture => L::Lecture,
        K::Rule => L::Rules,
        K::Profile => L::Profile,
        K::Timeline => L::Timeline,
        K::Question => L::Question,
        K::Answer => L::Answer,
        K::Fact => L::Facts,
        K::CaseNess => L::CaseNess,
        K::IllnessNess => L::IllnessNess,
        K::Theme => L::Themes,
        K::StrengthPerson => L::StrengthPerson,
        K::StrengthFamily => L::StrengthFamily,
        K::StrengthEnvironment => L::StrengthEnvironment,
        K::SupporterStrength => L::SupporterStrength,
        K::SupporterChallenge => L::SupporterChallenge,
        K::Direction => L::Direction,
        K::PrevDirection => L::PrevDirection,
        K::Impression => L::Impression,
        K::Closing => L::ClosingRemarks,
        K::RedactName => L::RedactNameKind,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_label_has_both_languages() {
        for l in L::ALL {
            assert!(!l.text(Lang::Ja).trim().is_empty(), "{l:?} ja");
            assert!(!l.text(Lang::En).trim().is_empty(), "{l:?} en");
        }
    }
}
