//! Conferences for the export tests and benchmark, built through the store API with fixed
//! clock times, so every export of them is the same bytes on every machine.
//!
//! The case follows seed 000 (a man in his forties, schizophrenia diagnosed 2008 and untreated
//! for years, a hoarded flat, utilities cut off, rent arrears and an eviction suit); every name
//! is invented.

#![allow(dead_code)]

use caseconf::agenda::{ClockEvent, ClockEventKind};
use caseconf::config;
use caseconf::store::cards::{self, ActionStatus};
use caseconf::store::conferences::{self, ConferenceField, RecordField};
use caseconf::store::{NewConference, NoteKind, survey};
use chrono::{DateTime, NaiveDate, TimeDelta, TimeZone, Utc};
use rusqlite::Connection;

/// 10:00 JST on the day of the conference.
pub fn t0() -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2026, 11, 21, 1, 0, 0).unwrap()
}

fn at(min: i64, sec: i64) -> DateTime<Utc> {
    t0() + TimeDelta::seconds(min * 60 + sec)
}

fn clock(conn: &Connection, id: i64, min: i64, sec: i64, kind: ClockEventKind) {
    conferences::append_clock_event(conn, id, &ClockEvent::new(at(min, sec), kind)).unwrap();
}

fn note(conn: &Connection, id: i64, kind: NoteKind, body: &str, label: &str) -> cards::Note {
    cards::add_note(conn, id, kind, body, label).unwrap()
}

fn marked(conn: &Connection, id: i64, when: &str, body: &str, mark: &str) {
    let mut n = note(conn, id, NoteKind::Timeline, body, when);
    n.mark = mark.to_string();
    cards::update_note(conn, &n).unwrap();
}

fn qa(conn: &Connection, id: i64, question: &str, answer: &str) {
    let q = note(conn, id, NoteKind::Question, question, "");
    let mut a = note(conn, id, NoteKind::Answer, answer, "");
    a.parent_id = Some(q.id);
    cards::update_note(conn, &a).unwrap();
}

/// Participants: (name, agency, role, present).
pub const PARTICIPANTS: &[(&str, &str, &str, bool)] = &[
    ("佐藤 花子", "保健所", "保健師（司会）", true),
    ("高橋 健一", "保健所", "精神保健福祉士", true),
    (
        "田中 美紀",
        "精神保健福祉センター",
        "精神保健福祉士（講師）",
        true,
    ),
    ("伊藤 由美", "地域包括支援センター", "社会福祉士", true),
    ("渡辺 誠", "生活支援課", "ケースワーカー", true),
    ("山本 彩", "障害福祉課", "保健師", true),
    ("中村 大輔", "社会福祉協議会", "生活支援員", true),
    ("小林 修", "地域サポート医", "内科医", false),
    ("加藤 和子", "民生委員", "民生委員", true),
];

/// Names registered for redaction: (name, replacement label or "" for a letter).
pub const REGISTERED: &[(&str, &str)] =
    &[("鈴木 一郎", "A氏"), ("鈴木 幸子", ""), ("松本不動産", "")];

/// The realistic Japanese conference: every board filled in, a finished 120-minute meeting
/// that ran late in the assessment.
pub fn realistic(conn: &Connection) -> i64 {
    let agenda = config::agenda::builtin("standard-120").unwrap();
    let id = conferences::create(
        conn,
        &NewConference {
            case_label: "A氏".into(),
            title: "第3回 精神保健福祉事例検討会".into(),
            date: NaiveDate::from_ymd_opt(2026, 11, 21).unwrap(),
            venue: "熊谷保健所 2階 大会議室".into(),
            facilitator: "佐藤 花子".into(),
            purpose:
                "事例の処遇を決めることではなく、アセスメントを言語化し、庁内外の連携を深める。"
                    .into(),
            lang: "ja".into(),
        },
        &agenda,
    )
    .unwrap();
    let conf = conferences::get(conn, id).unwrap();
    let version = conferences::set_field(
        conn,
        id,
        conf.version,
        ConferenceField::NextMeeting,
        "2027年2月20日（土）10:00　同会場（3か月後に経過を共有）",
    )
    .unwrap();
    conferences::set_record_field(conn, id, version, RecordField::Recorder, "高橋 健一").unwrap();

    let mut people = Vec::new();
    for (name, agency, role, present) in PARTICIPANTS {
        people.push(cards::add_participant(conn, id, name, agency, role, *present).unwrap());
    }
    for (name, label) in REGISTERED {
        note(conn, id, NoteKind::RedactName, name, label);
    }

    note(
        conn,
        id,
        NoteKind::Opening,
        "事例提供：保健所 高橋（精神保健福祉士）",
        "",
    );
    note(
        conn,
        id,
        NoteKind::Lecture,
        "アセスメントの基本と連携について（精神保健福祉センター 田中）",
        "",
    );
    for rule in [
        "事例提供者を責めない",
        "個人情報は会場の外に持ち出さない",
        "正解を出すより、考えを言葉にする",
    ] {
        note(conn, id, NoteKind::Rule, rule, "");
    }

    for (key, body) in [
        ("age_band", "40代"),
        ("gender", "男性"),
        ("household", "単身（母は2025年に死亡）"),
        (
            "referral",
            "家主（松本不動産）から地域包括支援センターへ相談",
        ),
        (
            "concern",
            "家賃滞納で立ち退き裁判の予定。電気・ガスが止まっている。",
        ),
        (
            "medical",
            "2008年に統合失調症と診断。通院は中断しており、未治療の期間が長い。",
        ),
        ("withdrawn_years", "約24年"),
        ("finances", "困窮（収入なし、生活保護の申請を拒否）"),
        ("housing", "賃貸アパート。ごみが堆積し、室内に入れない。"),
    ] {
        note(conn, id, NoteKind::Profile, body, key);
    }
    note(
        conn,
        id,
        NoteKind::Fact,
        "近隣から「夜中に大声がする」と自治会へ苦情が2回あった。",
        "",
    );

    marked(
        conn,
        id,
        "2000年頃",
        "大学院を中退。以後、定職に就けない。",
        "crisis",
    );
    marked(
        conn,
        id,
        "2008年",
        "統合失調症と診断され、精神科に通院を始める。",
        "",
    );
    marked(
        conn,
        id,
        "2013年",
        "父が死亡。精神科への通院が途切れる。",
        "missed",
    );
    marked(
        conn,
        id,
        "2025年5月",
        "母 鈴木 幸子さんが急死し、独居となる。",
        "crisis",
    );
    marked(
        conn,
        id,
        "2026年8月",
        "電気・ガスが停止。家主が地域包括支援センターに相談。",
        "missed",
    );

    qa(
        conn,
        id,
        "本人と直接話せた支援者はいますか。",
        "地域包括の伊藤さんが玄関越しに2回話せた。\n「困っていない」と繰り返している。",
    );
    qa(
        conn,
        id,
        "親族の連絡先は分かっていますか。",
        "遠方に叔父がいるが、ここ10年は交流がない。",
    );
    qa(
        conn,
        id,
        "食事はどうしているようですか。",
        "近くのコンビニで毎日買っている様子（民生委員の加藤さんの情報）。",
    );

    for (body, who) in [
        (
            "家賃を8か月滞納し、立ち退きの裁判が予定されている。",
            "家主・本人",
        ),
        ("電気とガスが止まり、冬を越せるか心配。", "近隣・民生委員"),
        ("ごみが堆積し、においで苦情が出ている。", "近隣・自治会"),
        ("支援の申し出を玄関越しに断り続けている。", "支援機関"),
    ] {
        note(conn, id, NoteKind::CaseNess, body, who);
    }
    for (body, who) in [
        (
            "2008年に統合失調症と診断。2013年から治療が中断。",
            "精神科医（当時の主治医）",
        ),
        ("独語・空笑があるとの情報（未確認）。", "保健師"),
        (
            "発達障害の可能性も否定できない。受診して評価が必要。",
            "地域サポート医",
        ),
    ] {
        note(conn, id, NoteKind::IllnessNess, body, who);
    }

    for theme in [
        "「困っていない」本人と、周囲の困りごとのずれ",
        "医療中断の情報が共有されるルートがなかった",
        "住まいを失う前に介入できる時期はいつか",
    ] {
        note(conn, id, NoteKind::Theme, theme, "");
    }
    note(
        conn,
        id,
        NoteKind::StrengthPerson,
        "毎日買い物に出ており、生活のリズムがある。",
        "",
    );
    note(
        conn,
        id,
        NoteKind::StrengthPerson,
        "玄関越しなら短い会話に応じる。",
        "",
    );
    note(
        conn,
        id,
        NoteKind::StrengthFamily,
        "叔父が遠方にいる（連絡は可能）。",
        "",
    );
    note(
        conn,
        id,
        NoteKind::StrengthEnvironment,
        "民生委員とコンビニ店員が日常的に見守っている。",
        "",
    );
    note(
        conn,
        id,
        NoteKind::StrengthEnvironment,
        "家主は裁判の前に支援機関とつながることを望んでいる。",
        "",
    );

    for (agency, body) in [
        (
            "地域包括支援センター",
            "初回から訪問を重ね、本人と話せる関係がある。",
        ),
        (
            "保健所",
            "精神科医療につなぐ経路と、アウトリーチ事業を使える。",
        ),
        (
            "生活支援課",
            "生活保護の申請を受ければ、住まいと公共料金を支えられる。",
        ),
    ] {
        note(conn, id, NoteKind::SupporterStrength, body, agency);
    }
    for (agency, body) in [
        (
            "地域包括支援センター",
            "本人は65歳未満で、本来の対象から外れる。",
        ),
        ("保健所", "未治療の方への訪問の頻度を上げる人手がない。"),
        (
            "社会福祉協議会",
            "金銭管理の支援は本人の同意がないと始められない。",
        ),
    ] {
        note(conn, id, NoteKind::SupporterChallenge, body, agency);
    }

    for (agency, now, proposed) in [
        (
            "地域包括支援センター",
            "家主からの相談を受け、訪問している",
            "訪問を続け、保健所に引き継ぐ",
        ),
        (
            "保健所",
            "情報提供を受けている",
            "精神科医療の必要性を見極め、医師アウトリーチを調整する",
        ),
        (
            "生活支援課",
            "関わりなし",
            "生活保護の申請を案内し、ライフラインの再開を支える",
        ),
        (
            "社会福祉協議会",
            "関わりなし",
            "日常生活自立支援事業（金銭管理）の説明をする",
        ),
        (
            "弁護士",
            "関わりなし",
            "家主との間で立ち退きの猶予を相談する",
        ),
    ] {
        cards::add_agency_role(conn, id, agency, now, proposed).unwrap();
    }

    for direction in [
        "住まいを失わないことを最優先に、裁判の前に支援を届ける。",
        "医療は急がず、まず保健師と医師が一緒に訪問して関係をつくる。",
    ] {
        note(conn, id, NoteKind::Direction, direction, "");
    }

    let actions = [
        (
            "地域サポート医と保健師の同行訪問を調整する",
            "保健所",
            "高橋 健一",
            Some("2026-12-05"),
            ActionStatus::Open,
        ),
        (
            "生活保護の申請について本人に案内する",
            "生活支援課",
            "渡辺 誠",
            Some("2026-12-10"),
            ActionStatus::Open,
        ),
        (
            "家主（松本不動産）に支援の状況を伝える",
            "地域包括支援センター",
            "伊藤 由美",
            Some("2026-11-28"),
            ActionStatus::Done,
        ),
        (
            "叔父への連絡を検討する",
            "保健所",
            "佐藤 花子",
            None,
            ActionStatus::Dropped,
        ),
    ];
    for (what, agency, person, due, status) in actions {
        let mut a = cards::add_action_item(conn, id, what, agency, person, due).unwrap();
        if status != ActionStatus::Open {
            a.status = status;
            cards::update_action_item(conn, &a).unwrap();
        }
    }

    for (who, body) in [
        (
            3usize,
            "事例性と疾病性を分けて話すと、包括として何ができるかが見えた。",
        ),
        (
            4,
            "生活保護の申請を待つだけでなく、こちらから案内する必要があると感じた。",
        ),
        (8, "見守っていることが支援につながると分かり、安心した。"),
    ] {
        let mut n = note(conn, id, NoteKind::Impression, body, "");
        n.participant_id = Some(people[who].id);
        cards::update_note(conn, &n).unwrap();
    }
    note(
        conn,
        id,
        NoteKind::Impression,
        "多機関で顔を合わせる場がもっと欲しい。",
        "参加者（匿名）",
    );

    for (key, count) in [
        ("role_clarity", 9),
        ("intake_assessment", 5),
        ("internal_planning", 3),
        ("internal_info_exchange", 6),
        ("staff_skills", 4),
        ("interagency_work", 8),
        ("mental_illness_understanding", 3),
        ("other", 1),
    ] {
        survey::set_tally(conn, id, "collaboration", key, count).unwrap();
    }
    note(
        conn,
        id,
        NoteKind::Closing,
        "本日の検討を踏まえ、3か月後に経過を共有します。資料は回収します。",
        "",
    );

    // The clock: 9 phases, the assessment extended by 5 minutes and still overrunning, a
    // 3-minute pause during the themes, finished at 12:07.
    use ClockEventKind as K;
    clock(conn, id, 0, 0, K::Start);
    clock(conn, id, 5, 30, K::Next); // opening 5:30
    clock(conn, id, 10, 30, K::Next); // self-introductions 5:00
    clock(conn, id, 29, 0, K::Next); // introduction 18:30
    clock(conn, id, 52, 0, K::Next); // case 23:00
    clock(
        conn,
        id,
        70,
        0,
        K::Adjust {
            phase: 4,
            minutes: 5,
        },
    );
    clock(conn, id, 84, 15, K::Next); // assessment 32:15
    clock(conn, id, 95, 0, K::Pause);
    clock(conn, id, 98, 0, K::Resume);
    clock(conn, id, 104, 0, K::Next); // themes 16:45
    clock(conn, id, 109, 0, K::Next); // direction 5:00
    clock(conn, id, 121, 0, K::Next); // impressions 12:00
    clock(conn, id, 127, 0, K::Finish); // closing 6:00
    fixed_uids(conn, id);
    id
}

/// A small English conference, not started, with a few notes.
pub fn english(conn: &Connection) -> i64 {
    let agenda = config::agenda::builtin("short-60").unwrap();
    let id = conferences::create(
        conn,
        &NewConference {
            case_label: "Mr B".into(),
            title: "Case conference (training)".into(),
            date: NaiveDate::from_ymd_opt(2026, 12, 1).unwrap(),
            venue: "Room 3".into(),
            facilitator: "Jane Smith".into(),
            purpose: "Practise the assessment".into(),
            lang: "en".into(),
        },
        &agenda,
    )
    .unwrap();
    cards::add_participant(
        conn,
        id,
        "Jane Smith",
        "保健所",
        "Public health nurse",
        true,
    )
    .unwrap();
    cards::add_participant(
        conn,
        id,
        "Tom Brown",
        "社会福祉協議会",
        "Social worker",
        true,
    )
    .unwrap();
    note(conn, id, NoteKind::RedactName, "Mary Jones", "");
    note(
        conn,
        id,
        NoteKind::CaseNess,
        "Mary Jones, the neighbour, reports noise at night",
        "neighbours",
    );
    note(
        conn,
        id,
        NoteKind::IllnessNess,
        "Possible relapse; Tom Brown to ask the clinic",
        "Jane Smith",
    );
    cards::add_action_item(
        conn,
        id,
        "Call the clinic",
        "社会福祉協議会",
        "Tom Brown",
        None,
    )
    .unwrap();
    fixed_uids(conn, id);
    id
}

/// A conference with `n` notes spread over every kind (for the benchmark), and its share of
/// participants, roles and action items.
pub fn big(conn: &Connection, n: usize) -> i64 {
    let id = realistic(conn);
    let kinds = [
        NoteKind::Timeline,
        NoteKind::Question,
        NoteKind::CaseNess,
        NoteKind::IllnessNess,
        NoteKind::Theme,
        NoteKind::StrengthPerson,
        NoteKind::StrengthFamily,
        NoteKind::StrengthEnvironment,
        NoteKind::SupporterStrength,
        NoteKind::SupporterChallenge,
        NoteKind::Direction,
        NoteKind::Impression,
    ];
    let existing = cards::notes(conn, id).unwrap().len();
    conn.execute_batch("BEGIN").unwrap();
    for i in existing..n {
        let kind = kinds[i % kinds.len()];
        let body = format!(
            "{i}件目：佐藤 花子さんが訪問し、鈴木 幸子さんの件で家主（松本不動産）と話した。\n\
             本人は「困っていない」と話す。ごみの片付けは少しずつ進んでいる。"
        );
        note(conn, id, kind, &body, "地域包括支援センター");
    }
    for i in 0..40 {
        cards::add_participant(conn, id, &format!("参加者 {i}"), "保健所", "保健師", true).unwrap();
        cards::add_agency_role(conn, id, "保健所", "訪問", &format!("役割 {i}")).unwrap();
        cards::add_action_item(
            conn,
            id,
            &format!("アクション {i}"),
            "保健所",
            "高橋 健一",
            None,
        )
        .unwrap();
    }
    conn.execute_batch("COMMIT").unwrap();
    id
}

/// Participants of the identifying conference: a one-character surname (森) that also stands
/// inside ordinary words (森林), a surname that is part of a place name (山田町), and an agency
/// whose name already names a person (民生委員).
pub const ID_PARTICIPANTS: &[(&str, &str, &str)] = &[
    ("森 大樹", "精神保健福祉センター", "医師"),
    ("山田 太郎", "保健所", "保健師（司会）"),
    ("林 美咲", "民生委員", "民生委員"),
    ("中島 聡子", "保健所", "精神保健福祉士"),
];

/// What is seeded into every note, action and role of the identifying conference.
pub const ID_TEXT: &str = "（精神保健福祉センター 森）の助言。山田さんと美咲さんが訪問し、保健所 中島が同行。\
森林公園の近く、山田町の林道沿い。電話 048-523-2811、携帯０９０－１２３４－５６７８、\
〒360-0031 熊谷市宮町2丁目5番地、生年月日：昭和57年4月3日、個人番号 1234 5678 9012、\
taro.yamada@example.jp。叔母の田村 光子さんと鈴木さん。";

/// The identifying details of [`ID_TEXT`] that must never survive a redacted export.
pub const ID_SECRETS: &[&str] = &[
    "森 大樹",
    "森大樹",
    "大樹",
    "山田 太郎",
    "山田太郎",
    "山田さん",
    "太郎",
    "林 美咲",
    "美咲",
    "中島",
    "聡子",
    "田村",
    "光子",
    "鈴木",
    "一郎",
    "048-523-2811",
    "１２３４－５６７８",
    "５６７８",
    "360-0031",
    "宮町",
    "2丁目5番地",
    "昭和57年",
    "1234 5678 9012",
    "example.jp",
    "taro.yamada",
    "センター 森",
    "森）",
    "森さん",
];

/// Words that merely contain a name's character and must be left alone.
pub const ID_ORDINARY: &[&str] = &["森林公園", "山田町", "林道"];

/// A conference with names, surnames alone, phone numbers, addresses, birth dates, My Number
/// and e-mail typed into every kind of note, the action items and the roles board.
pub fn identifying(conn: &Connection) -> i64 {
    let agenda = config::agenda::builtin("standard-120").unwrap();
    let id = conferences::create(
        conn,
        &NewConference {
            case_label: "A氏".into(),
            title: "個別ケース会議".into(),
            date: NaiveDate::from_ymd_opt(2026, 10, 17).unwrap(),
            venue: "熊谷保健所".into(),
            facilitator: "山田 太郎".into(),
            purpose: ID_TEXT.into(),
            lang: "ja".into(),
        },
        &agenda,
    )
    .unwrap();
    for (name, agency, role) in ID_PARTICIPANTS {
        cards::add_participant(conn, id, name, agency, role, true).unwrap();
    }
    note(conn, id, NoteKind::RedactName, "鈴木 一郎", "A氏");
    note(conn, id, NoteKind::RedactName, "田村 光子", "");
    for kind in NoteKind::ALL {
        if kind != NoteKind::RedactName {
            note(conn, id, kind, ID_TEXT, "（精神保健福祉センター 森）");
        }
    }
    cards::add_agency_role(conn, id, "精神保健福祉センター", ID_TEXT, ID_TEXT).unwrap();
    cards::add_agency_role(conn, id, "民生委員", "見守り", "").unwrap();
    cards::add_action_item(conn, id, ID_TEXT, "保健所", "中島 聡子", Some("2026-11-01")).unwrap();
    cards::add_action_item(conn, id, "訪問", "民生委員", "林", None).unwrap();
    use ClockEventKind as K;
    clock(conn, id, 0, 0, K::Start);
    clock(conn, id, 95, 0, K::Finish);
    id
}

/// Identities are random in real use; the fixtures give them fixed values (derived from the
/// table and the row's place) so their exports are the same bytes in every database.
pub fn fixed_uids(conn: &Connection, id: i64) {
    conn.execute(
        "UPDATE conferences SET uid = printf('conference-%s', title) WHERE id = ?1",
        [id],
    )
    .unwrap();
    for table in ["participants", "notes", "agency_roles", "action_items"] {
        conn.execute(
            &format!(
                "UPDATE {table} SET uid = printf('{table}-%d', \
                 (SELECT count(*) FROM {table} o WHERE o.conference_id = ?1 AND o.id < {table}.id))
                 WHERE conference_id = ?1"
            ),
            [id],
        )
        .unwrap();
    }
    // The names to redact are the case's list.
    conn.execute(
        "UPDATE case_names SET uid = printf('case_names-%d', \
         (SELECT count(*) FROM case_names o WHERE o.case_id = case_names.case_id AND o.id < case_names.id))
         WHERE case_id = (SELECT case_id FROM conferences WHERE id = ?1)",
        [id],
    )
    .unwrap();
}
