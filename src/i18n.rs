//! The UI string catalog: every message the screen shows, in Japanese and English.
//!
//! Messages are an enum so a missing translation is a compile error, not a blank on the
//! projector. Japanese is the default for a Japanese locale; `--lang` overrides.

/// The language of the interface (and of a conference's record).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, clap::ValueEnum)]
pub enum Lang {
    /// 日本語
    #[default]
    #[value(alias = "jp")]
    Ja,
    /// English
    En,
}

impl Lang {
    pub fn code(self) -> &'static str {
        match self {
            Lang::Ja => "ja",
            Lang::En => "en",
        }
    }

    pub(crate) fn from_code(code: &str) -> Option<Lang> {
        match code.trim().to_ascii_lowercase().as_str() {
            "ja" | "jp" | "japanese" | "日本語" => Some(Lang::Ja),
            "en" | "english" => Some(Lang::En),
            _ => None,
        }
    }

    /// Japanese when the locale (LC_ALL, then LC_MESSAGES, then LANG, the first that is set and
    /// not empty) starts with `ja`. With none of them set, as on Windows, the desktop's display
    /// language decides; English otherwise.
    pub(crate) fn from_env(get: impl Fn(&str) -> Option<String>) -> Lang {
        for var in ["LC_ALL", "LC_MESSAGES", "LANG"] {
            if let Some(value) = get(var).filter(|v| !v.is_empty()) {
                return if value.starts_with("ja") {
                    Lang::Ja
                } else {
                    Lang::En
                };
            }
        }
        // No locale variable (as on Windows): the desktop's language, where the system has one.
        match crate::platform::desktop_is_japanese() {
            Some(true) => Lang::Ja,
            Some(false) | None => Lang::En,
        }
    }

    pub(crate) fn toggle(self) -> Lang {
        match self {
            Lang::Ja => Lang::En,
            Lang::En => Lang::Ja,
        }
    }

    /// Pick between a Japanese and an English text held in data (agenda titles, guidance).
    pub fn pick<'a>(self, ja: &'a str, en: &'a str) -> &'a str {
        match self {
            Lang::Ja => ja,
            Lang::En => en,
        }
    }
}

// Data safety (messages printed outside the screen: refusals, recovery). The command line
// has no `App`, so its language is set once by `main` and read here.
static CLI_LANG: std::sync::OnceLock<Lang> = std::sync::OnceLock::new();

/// Set the language of command-line messages (first call wins).
pub fn set_cli_lang(lang: Lang) {
    let _ = CLI_LANG.set(lang);
}

/// The language of command-line messages: as set by `main`, else from the locale.
pub(crate) fn cli_lang() -> Lang {
    *CLI_LANG.get_or_init(|| Lang::from_env(|k| std::env::var(k).ok()))
}

/// `ja` or `en`, whichever is the language of command-line messages.
pub(crate) fn cli_text(ja: &str, en: &str) -> String {
    cli_lang().pick(ja, en).to_string()
}

/// A bilingual table: an enum whose every variant has a Japanese and an English text, so a
/// missing translation fails to compile. Used for the interface's messages (here) and the
/// record's labels (`export::labels`).
macro_rules! bilingual {
    ($(#[$meta:meta])* $vis:vis enum $name:ident { $($id:ident => $ja:expr, $en:expr;)* }) => {
        $(#[$meta])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq)]
        $vis enum $name { $($id),* }

        impl $name {
            #[cfg(test)]
            const ALL: &'static [$name] = &[$($name::$id),*];

            /// The text of this entry in `lang`.
            pub(crate) fn text(self, lang: Lang) -> &'static str {
                match (self, lang) {
                    $(($name::$id, Lang::Ja) => $ja, ($name::$id, Lang::En) => $en,)*
                }
            }
        }
    };
}
pub(crate) use bilingual;

bilingual! {
/// A message of the interface.
pub enum Msg {
    AppName => "事例検討会", "Case conference";
    Case => "事例", "Case";
    Venue => "会場", "Venue";
    Phase => "フェーズ", "Phase";
    PhaseLeft => "残り", "Left";
    PhaseOver => "超過", "Over";
    PhaseUsed => "経過", "Used";
    Minutes => "分", "min";
    Meeting => "会議", "Meeting";
    MeetingUsed => "経過", "used";
    MeetingLeft => "残り", "left";
    ProjectedEnd => "終了見込み", "ends at";
    EndedAt => "終了時刻", "ended at";
    PlannedEnd => "予定終了", "planned end";
    Behind => "遅れ", "behind";
    Ahead => "余裕", "ahead";
    OnTime => "予定どおり", "on time";
    TotalOverrun => "全体の超過", "total overrun";
    StateNotStarted => "開始前", "Not started";
    StateRunning => "進行中", "Running";
    StatePaused => "一時停止中", "Paused";
    StateFinished => "終了", "Finished";
    Planned => "予定", "planned";
    Actual => "実績", "actual";
    Guidance => "司会のポイント", "For the facilitator";
    Board => "板書", "Board";
    BoardPlaceholder => "このフェーズの板書はここに表示されます。", "This phase's board appears here.";
    ReplanOffer => "F3: 遅れを以降のフェーズから比例配分して取り戻す", "F3: take the delay from later phases in proportion";
    ReplanDone => "以降のフェーズを調整しました", "Later phases re-planned";
    KeyHelp => "ヘルプ", "help";
    KeyStart => "開始", "start";
    KeyPause => "一時停止", "pause";
    KeyResume => "再開", "resume";
    KeyPrev => "前へ", "previous";
    KeyNext => "次へ", "next";
    KeyFinish => "閉会", "finish";
    KeyJump => "フェーズ選択", "go to phase";
    KeyShorten => "-1分", "-1 min";
    KeyExtend => "+1分", "+1 min";
    KeyTheme => "配色", "theme";
    KeyLang => "English", "日本語";
    KeyQuit => "終了", "quit";
    KeyReplan => "再配分", "re-plan";
    KeyOpen => "開く", "open";
    KeyNew => "新規作成", "new";
    KeyCancel => "取消", "cancel";
    KeyCreate => "作成", "create";
    KeyField => "項目移動", "next field";
    KeyChoose => "選択", "choose";
    HelpTitle => "操作一覧", "Keys";
    HelpClock => "時計", "Clock";
    HelpPhases => "フェーズ", "Phases";
    HelpView => "表示", "Display";
    HelpStartPause => "会議を開始 / 一時停止 / 再開", "Start / pause / resume the meeting";
    HelpJump => "フェーズを選んで移動", "Choose a phase to go to";
    HelpReplan => "遅れを以降のフェーズから比例配分（提案があるとき）", "Take the delay from later phases (when offered)";
    HelpTheme => "配色を切り替え（投影機に合わせて）", "Switch colour theme (to suit the projector)";
    HelpLang => "表示言語を切り替え", "Switch language";
    HelpQuit => "終了（内容はすべて保存済み）", "Quit (everything is already saved)";
    HelpSaved => "入力はすべて自動で保存されます。", "Everything is saved automatically.";
    JumpTitle => "移動先のフェーズ（番号または↑↓ と Enter）", "Go to phase (number, or ↑↓ and Enter)";
    PickerTitle => "事例検討会を選ぶ", "Choose a case conference";
    PickerEmpty => "まだ事例検討会がありません。N で新しく作成します。", "No conferences yet. Press N to create one.";
    PickerStatusPlanned => "予定", "planned";
    PickerStatusRunning => "進行中", "running";
    PickerStatusFinished => "終了", "finished";
    NewTitle => "新しい事例検討会", "New case conference";
    NewCase => "事例（仮名 例: A氏）", "Case (pseudonym, e.g. A氏)";
    NewConfTitle => "題名", "Title";
    NewDate => "日付（YYYY-MM-DD）", "Date (YYYY-MM-DD)";
    NewVenue => "会場", "Venue";
    NewFacilitator => "司会", "Facilitator";
    NewAgenda => "進行表（←→で選択）", "Agenda (←→ to choose)";
    NewHint => "Tab: 次の項目  Enter: 作成  Esc: 取消", "Tab: next field  Enter: create  Esc: cancel";
    ErrEmptyCase => "事例の仮名を入力してください（実名は不要です）", "Enter a pseudonymous case label (no real name needed)";
    ErrEmptyTitle => "題名を入力してください", "Enter a title";
    ErrBadDate => "日付は 2026-11-21 のように入力してください", "Write the date like 2026-11-21";
    TooSmall => "画面が小さすぎます。ウィンドウを広げてください", "Terminal too small: please enlarge the window";
    SaveError => "保存できません（内容は保持し再試行します）", "Cannot save (kept in memory, retrying)";
    Saved => "保存済み", "saved";
    Present => "出席", "present";
    Absent => "欠席", "absent";
    MarkNone => "-", "-";
    MarkCrisis => "危機", "crisis";
    MarkMissed => "介入の機会", "missed chance";
    StatusOpen => "未完了", "open";
    StatusDone => "完了", "done";
    StatusDropped => "中止", "dropped";
    FieldText => "内容", "Text";
    FieldValue => "内容", "Value";
    FieldName => "氏名", "Name";
    FieldAgency => "機関", "Agency";
    FieldRole => "役割・職種", "Role";
    FieldPresent => "出欠", "Present";
    FieldWhen => "時期", "When";
    FieldWhat => "内容", "What";
    FieldMark => "印", "Mark";
    FieldQuestion => "質問", "Question";
    FieldAnswer => "回答", "Answer";
    FieldTroubled => "困っている人", "Who is troubled";
    FieldJudgedBy => "判断した人", "Judged by";
    FieldRoleNow => "現在の役割", "Role now";
    FieldRoleProposed => "今後の役割（案）", "Role proposed";
    FieldOwnerAgency => "担当機関", "Owner agency";
    FieldOwnerPerson => "担当者", "Owner";
    FieldDue => "期限", "Due";
    FieldStatus => "状況", "Status";
    FieldWho => "誰の感想", "Whose";
    FieldCount => "人数", "Count";
    FieldDate => "日付", "Date";
    FieldPurpose => "目的", "Purpose";
    FieldNextMeeting => "次回の予定", "Next meeting";
    FieldRecorder => "記録者", "Recorder";
    BoardOpeningInfo => "開催情報", "Meeting details";
    ListOpeningNotes => "開会メモ", "Opening notes";
    ListParticipants => "参加者", "Participants";
    ListLecture => "講義テーマ", "Lecture topic";
    ListRules => "グラウンドルール", "Ground rules";
    ListProfile => "事例の概要（匿名化）", "Case profile (anonymised)";
    ListTimeline => "生活歴・経過", "Life-event timeline";
    ListQa => "質疑応答", "Questions and answers";
    ListCaseNess => "事例性（生活の中で起きている困りごと）", "Case-ness (the trouble in daily life)";
    ListIllnessNess => "疾病性（症状・診断・治療）", "Illness-ness (symptoms, diagnosis, treatment)";
    ListThemes => "事例のテーマ", "Themes";
    ListStrengthPerson => "本人のストレングス", "Strengths: the person";
    ListStrengthFamily => "家族のストレングス", "Strengths: the family";
    ListStrengthEnvironment => "環境のストレングス", "Strengths: the environment";
    ListSupporterStrength => "支援者の強み", "Supporters' strengths";
    ListSupporterChallenge => "支援者の課題", "Supporters' challenges";
    ListAgencyRoles => "各機関の役割", "Agency roles";
    ListDirection => "支援の方向性", "Support direction";
    ListActions => "アクション", "Action items";
    ListImpressions => "感想", "Impressions";
    ListSurvey => "アンケート：庁内外の連携で必要だと思うこと（複数回答）", "Survey: what collaboration inside and outside the office needs (multiple answers)";
    ListClosing => "閉会のことば", "Closing remarks";
    ListNextMeeting => "次回", "Next meeting";
    ProfileAge => "年代", "Age band";
    ProfileGender => "性別", "Gender";
    ProfileHousehold => "世帯構成", "Household";
    ProfileReferral => "相談経路", "Referral route";
    ProfileConcern => "主訴・困りごと", "Presenting concern";
    ProfileMedical => "医療の状況", "Medical status";
    ProfileWithdrawn => "ひきこもり年数", "Years withdrawn";
    ProfileFinances => "経済状況", "Finances";
    ProfileHousing => "住居", "Housing";
    ProfileOther => "その他・まとめ", "Other / summary";
    TypeHere => "ここに入力", "type here";
    SaveSaving => "保存中", "saving";
    ConflictKept => "他の人の変更と重なったため、両方を残しました", "Someone else changed this card: both versions were kept";
    ConflictMark => "[競合]", "[conflict]";
    // Note-takers' capture: dates as said, focus, conflicts.
    DueMeans => "期限の解釈:", "Due date read as";
    DueNotADate => "期限は日付として読めませんでした。入力どおり保存しています（例: 12月3日、2週間以内）", "The due date names no day: kept as typed (e.g. 3 Dec, within 2 weeks)";
    DateNotADate => "日付として読めません。入力どおり保存しています（例: 2026-11-30、11月30日）", "Not a date: kept as typed (e.g. 2026-11-30)";
    ConflictHere => "[競合] 他の書記が同時に変更したカードです。Ctrl+K で解決", "[conflict] Another note-taker changed this card at the same time. Ctrl+K to resolve";
    PhaseMovedElsewhere => "他の書記がフェーズを進めました。Esc で現在のフェーズへ移動", "Another note-taker moved the meeting on. Esc goes to the current phase";
    ResolveTitle => "競合の解決", "Resolve the conflict";
    ResolveKeepThis => "このカードを残す（もう一方を削除）", "Keep this card (delete the other)";
    ResolveKeepOther => "もう一方を残す（このカードを削除）", "Keep the other card (delete this one)";
    ResolveKeepBoth => "両方を残す（印を消す）", "Keep both (clear the mark)";
    ResolveMerge => "統合する（もう一方に追記）", "Merge (append this text to the other)";
    ConflictResolved => "競合を解決しました", "Conflict resolved";
    NoConflictHere => "このカードに競合はありません", "This card has no conflict";
    ReviewTitle => "匿名化の確認（書き出す前に）", "Redaction review (before the file is written)";
    ReviewClean => "特定につながりそうな語は見つかりませんでした。", "Nothing else found that looks identifying.";
    ReviewSuspects => "まだ特定につながりそうな語があります。Esc で戻り、Ctrl+B「伏せる氏名」に追加できます。", "Words remain that may identify someone: Esc, then add them to the names to redact (Ctrl+B).";
    ReviewExport => "この内容で書き出す", "write the file";
    ReviewBack => "戻る", "back";
    KeyNewCard => "次のカード", "new card";
    KeyNewline => "改行", "new line";
    KeyDelete => "削除", "delete";
    KeyUndo => "元に戻す", "undo";
    KeyMove => "並べ替え", "move";
    KeyBoards => "板書一覧", "boards";
    KeyFieldNext => "次の欄", "next field";
    BoardsTitle => "板書を選ぶ（番号・↑↓ と Enter）", "Choose a board (number or ↑↓ and Enter)";
    HelpBoards => "板書", "Boards";
    HelpType => "文字はそのまま入力されます", "Typing goes straight into the focused field";
    HelpEnter => "カードを確定して次のカードへ", "Finish the card and start the next";
    HelpNewline => "カード内で改行", "New line inside a card";
    HelpTab => "次の欄・行・列・板書へ（入力はそのまま）", "Next field, line, column, board (what you typed stays)";
    HelpArrows => "カード間の移動", "Move between cards";
    HelpDelete => "カードを削除（^Z で元に戻す）", "Delete the card (^Z brings it back)";
    HelpUndo => "元に戻す / やり直す", "Undo / redo";
    HelpMove => "カードを上下に移動", "Move the card up / down";
    HelpChoice => "選択欄（出欠・状況・印）を切り替え", "Change a choice (present, status, mark)";
    HelpBoardChooser => "どの板書へも移動", "Go to any board";
    ReadOnlyView => "投影用の表示です（ここでは編集できません）", "Projector view: nothing can be edited here";
    // Data safety: whether the open database is encrypted (picker header).
    DbEncrypted => "データベース: 暗号化あり", "database: encrypted";
    DbNotEncrypted => "データベース: 暗号化なし", "database: not encrypted";
    ReadOnlyFile => "このファイルは書き込めないため、閲覧のみで開きました", "This file cannot be written: opened for viewing only";
    ProjectorBadge => "投影", "projector";
    ClockMovedElsewhere => "時計は他の書記が先に操作しました。画面を確かめてからもう一度どうぞ", "Someone else moved the clock first: check the screen and try again";
    ListRedactNames => "匿名化する名前（この事例のすべての会議で、書き出し時に記号に置き換え）", "Names to redact (for every conference of this case; replaced by labels on a redacted export)";
    ExportTitle => "記録を書き出す（番号・↑↓ と Enter、R: 匿名化の切替、Esc: 閉じる）", "Export the record (number or ↑↓ and Enter, R: redaction, Esc: close)";
    ExportRedact => "匿名化", "Redacted";
    ExportPlain => "匿名化なし", "Not redacted";
    ExportWritten => "書き出しました", "Written";
    ExportFailed => "書き出せませんでした", "Export failed";
    KeyExport => "書き出し", "export";
    HelpExport => "記録を書き出す（Word・HTML・Markdown・CSV・JSON）", "Export the record (Word, HTML, Markdown, CSV, JSON)";
    FormatDocx => "Word 文書 (.docx)", "Word document (.docx)";
    FormatHtml => "HTML（印刷用、1 ファイル）", "HTML (printable, one file)";
    FormatMarkdown => "Markdown", "Markdown";
    FormatCsvActions => "CSV：アクション（Excel 用）", "CSV: action items (for Excel)";
    FormatCsvNotes => "CSV：すべてのメモ", "CSV: all notes";
    FormatJson => "JSON（取り込み・バックアップ用）", "JSON (for import and backup)";
    ConfirmFinish => "最後のフェーズです。もう一度 F8 で閉会します", "This is the last phase: press F8 again to finish the meeting";
    NotStartedHint => "会議はまだ始まっていません。F5 で開始します", "The meeting has not started: press F5 to start";
    NothingToDo => "ここではその操作はできません", "That does nothing here";
    // Export record (記録者 in the new-conference dialog).
    NewRecorder => "記録者（空欄は司会）", "Recorder (blank: facilitator)";
    // The new-conference dialog: the kind of meeting and consent (the case over time).
    NewKind => "会議の種類（←→）", "Meeting kind (←→)";
    NewConsent => "本人同意（←→）", "Consent (←→)";
    NewConsentDate => "同意日", "Consent date";
    NewKindHint => "←→で選ぶか、ほかの名前を入力", "←→ to choose, or type another name";
    NewPrefilled => "前回の会議から引き継ぎました（変更できます）", "Taken from the case's previous conference (you can change it)";
    // The room's screen and the key table (src/app/keymap.rs, src/ui/meeting.rs, src/ui/present.rs).
    KeyText => "文字", "text";
    KeyReturnToPhase => "現在のフェーズへ", "current phase";
    KeyClose => "閉じる", "close";
    KeyConfirm => "決定", "choose";
    KeyRedact => "氏名を伏せる", "redact";
    HelpHelp => "操作一覧（このヘルプ）を開く / 閉じる", "Open / close this list of keys";
    HelpShorten => "このフェーズを1分短く", "Shorten this phase by a minute";
    HelpExtend => "このフェーズを1分長く", "Extend this phase by a minute";
    HelpNext => "次のフェーズへ（最後のフェーズで閉会）", "Next phase (from the last phase: finish)";
    HelpPrev => "前のフェーズへ", "Previous phase";
    HelpReturnToPhase => "現在のフェーズの板書へ戻る", "Back to the current phase's board";
    HelpCaret => "文字の間を移動（Ctrl で単語ごと）", "Move in the text (with Ctrl: by word)";
    HelpErase => "文字を消す", "Erase a character";
    HelpAcceptSuggestion => "表示された候補（機関名）を番号で選ぶ", "Take the numbered suggestion (agency names)";
    HelpResolveConflict => "競合したカードを解決（どちらを残すか選ぶ）", "Resolve a card marked as a conflict";
    HelpClose => "閉じる", "Close";
    HelpListMove => "選択を上下に移動", "Move the selection";
    HelpListConfirm => "選んだものに決定", "Take the selected one";
    HelpListPick => "番号（板書は A–I も）で選ぶ", "Choose by number (boards also A–I)";
    HelpRedact => "書き出しで氏名を伏せる / 伏せない", "Redact names in the export, or not";
    HelpPicker => "会議の一覧", "Conference list";
    HelpLists => "一覧・ダイアログの中", "In lists and dialogs";
    HelpPickerMove => "会議を選ぶ", "Select a conference";
    HelpPickerOpen => "選んだ会議を開く", "Open the selected conference";
    HelpPickerNew => "新しい会議を作る", "Create a conference";
    HelpDialogCreate => "この内容で作成", "Create the conference";
    HelpDialogField => "次の項目 / 前の項目", "Next / previous field";
    HelpDialogAgenda => "進行表・会議の種類・本人同意を選ぶ（その欄で）", "Choose the agenda, the kind of meeting or consent (on that field)";
    HelpDialogCancel => "作成をやめる", "Cancel";
    HelpQuitPresent => "投影を終了", "Quit the projector view";
    ReadmeMeetingKeys => "会議画面", "Meeting screen";
    ReadmeListKeys => "フェーズ選択（F2）・板書選択（Ctrl+B）・書き出し（Ctrl+E）の中", "Inside the phase chooser (F2), the board chooser (Ctrl+B) and the export dialog (Ctrl+E)";
    ReadmePickerKeys => "会議の一覧と新規作成", "Conference list and the new-conference dialog";
    ReadmePresentKeys => "投影画面（caseconf present）", "Projector view (caseconf present)";
    ReadmeKey => "キー", "Key";
    ReadmeWhat => "操作", "What it does";
    MeetingOver => "予定超過", "over time";
    BriefType => "文字はそのまま入力", "typing goes in";
    BriefTab => "次の欄・列・板書", "next field / board";
    BriefArrows => "カード間の移動", "between cards";
    BriefChoice => "選択欄を切り替え", "change a choice";
    BriefCaret => "文字の間を移動", "move in the text";
    BriefDelete => "カードを削除", "delete the card";
    BriefMove => "カードを上下に移動", "move the card";
    BriefSuggestion => "候補を番号で選ぶ", "take a suggestion";
    BriefConflict => "競合を解決", "resolve a conflict";
    BriefBoards => "どの板書へも移動", "go to any board";
    BriefStartPause => "開始 / 一時停止 / 再開", "start / pause / resume";
    BriefReplan => "遅れを再配分（提案時）", "re-plan (when offered)";
    BriefShorten => "このフェーズを1分短く", "phase 1 min shorter";
    BriefExtend => "このフェーズを1分長く", "phase 1 min longer";
    BriefNext => "次のフェーズ（最後は閉会）", "next phase / finish";
    BriefPrev => "前のフェーズ", "previous phase";
    BriefHelp => "この一覧を開く / 閉じる", "this list";
    BriefQuit => "終了（保存済み）", "quit (all saved)";
    BriefTheme => "配色を切り替え", "colour theme";
    BriefLang => "日本語 / English", "日本語 / English";
    BriefExport => "記録を書き出す", "export the record";

    // The case over time: carried actions, the plan read-back, the kind of meeting, the case
    // view.
    ListCarried => "前回のアクションの確認", "Actions from last time";
    ListPrevDirection => "前回の支援の方向性（参考）", "Last time's support direction (for reference)";
    FieldOutcome => "確認", "Review";
    FieldOutcomeNote => "確認メモ", "Note";
    FieldReviewDate => "確認日", "Review date";
    FieldConfirmed => "守秘確認", "Confidentiality";
    OutcomePending => "未確認", "not yet";
    OutcomeDone => "完了", "done";
    OutcomeContinued => "継続", "continued";
    OutcomeChanged => "変更", "changed";
    OutcomeStopped => "中止", "stopped";
    ConfirmedYes => "確認済", "confirmed";
    ConfirmedNo => "未", "not yet";
    FieldMeetingType => "会議の種類", "Meeting kind";
    FieldConsent => "本人同意", "Consent";
    FieldConsentDate => "同意日", "Consent date";
    ReadBackTitle => "支援計画の読み上げ確認", "Reading back the plan";
    ReadBackIntro => "全員で確認してください。［未定］の欄（担当・期限・確認日）は決めてから進みましょう。", "Check it together. Decide every [missing] owner, due date and review date before going on.";
    ReadBackEmpty => "アクションがまだありません。", "There are no action items yet.";
    ReadBackKeys => "Enter / F8: 確認して進む   Esc: 戻って直す", "Enter / F8: confirmed, go on   Esc: go back and fix";
    ReadBackMissing => "未定", "missing";
    ReadBackOwner => "担当", "Owner";
    ReadBackCarried => "前回から", "from last time";
    ReadBackFixHint => "アクションを直してから、もう一度 F8 で進みます", "Fix the actions, then press F8 again to go on";
    ReadBackCount => "件", "items";
    CaseViewTitle => "事例の経過", "The case over time";
    CaseViewConferences => "会議", "Conferences";
    CaseViewOpen => "未完了のアクション", "Open actions";
    CaseViewOverdue => "期限超過", "overdue";
    CaseViewNone => "未完了のアクションはありません。", "No open actions.";
    CaseViewKeys => "Esc: 閉じる", "Esc: close";
    KeyCaseView => "事例の経過", "case";
    KeyFixPlan => "戻って直す", "fix";
    HelpReadBackConfirm => "読み上げた計画を確認して進む（閉会する）", "Confirm the plan read back and go on (or finish)";
    HelpReadBackFix => "計画に戻って未定の欄を直す", "Go back to the plan and fill in what is missing";
    HelpCaseView => "選んだ会議の事例の経過（会議と未完了のアクション）", "The selected conference's case over time (conferences, open actions)";
}
}

/// The text of `msg` in `lang` (a shorthand for the call sites in `ui`).
pub(crate) fn t(lang: Lang, msg: Msg) -> &'static str {
    msg.text(lang)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_message_has_both_languages() {
        for m in Msg::ALL {
            assert!(!m.text(Lang::Ja).is_empty(), "{m:?} ja");
            assert!(!m.text(Lang::En).is_empty(), "{m:?} en");
        }
    }

    #[test]
    fn locale_detection() {
        let env = |pairs: &'static [(&'static str, &'static str)]| {
            move |k: &str| {
                pairs
                    .iter()
                    .find(|(n, _)| *n == k)
                    .map(|(_, v)| v.to_string())
            }
        };
        assert_eq!(Lang::from_env(env(&[("LANG", "ja_JP.UTF-8")])), Lang::Ja);
        assert_eq!(Lang::from_env(env(&[("LANG", "en_US.UTF-8")])), Lang::En);
        assert_eq!(
            Lang::from_env(env(&[("LC_ALL", "ja_JP.UTF-8"), ("LANG", "C")])),
            Lang::Ja
        );
        assert_eq!(
            Lang::from_env(env(&[("LC_ALL", "C.UTF-8"), ("LANG", "ja_JP.UTF-8")])),
            Lang::En
        );
        assert_eq!(
            Lang::from_env(env(&[("LC_ALL", ""), ("LANG", "ja_JP.UTF-8")])),
            Lang::Ja
        );
        // No locale variable: the desktop's language (Windows), else English.
        let desktop = match crate::platform::desktop_is_japanese() {
            Some(true) => Lang::Ja,
            _ => Lang::En,
        };
        assert_eq!(Lang::from_env(env(&[])), desktop);
        #[cfg(unix)]
        assert_eq!(desktop, Lang::En);
        assert_eq!(Lang::from_code("EN"), Some(Lang::En));
        assert_eq!(Lang::from_code("fr"), None);
    }
}
