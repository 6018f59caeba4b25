//! Catalogs shipped as data: the agencies that take part in a case conference, and the
//! participants' collaboration survey.
//!
//! Both are TOML files embedded with `include_str!` (`data/agencies.toml`,
//! `data/survey/collaboration.toml`) so the binary works without installed files. Keys are
//! stored in the database, so they must be unique and stable; validation refuses duplicates and
//! empty names with the file, line and column of the problem.

use serde::Deserialize;
use toml::Spanned;

use crate::config::datafile::{DataFileError, ShapeHints, Source, did_you_mean};

const AGENCIES_TOML: &str = include_str!("../../data/agencies.toml");
const SURVEY_TOML: &str = include_str!("../../data/survey/collaboration.toml");
const AGENCIES_LABEL: &str = "(built-in) data/agencies.toml";
const SURVEY_LABEL: &str = "(built-in) data/survey/collaboration.toml";

/// The groups an agency may belong to, with Japanese and English labels for grouping and
/// colouring in the agency-role table.
pub(crate) const AGENCY_GROUPS: &[(&str, &str, &str)] = &[
    ("public", "行政", "Public administration"),
    ("medical", "医療", "Medical"),
    ("welfare", "福祉", "Welfare"),
    ("legal", "司法・権利擁護", "Legal"),
    ("community", "地域", "Community"),
    ("utility", "ライフライン", "Utilities"),
    ("education", "教育", "Education"),
    ("employment", "就労", "Employment"),
    ("police", "警察", "Police"),
];

/// An agency or profession that takes part in a case conference.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Agency {
    /// Stable identifier stored in the database (`houkatsu`).
    pub(crate) key: String,
    /// Japanese name as said in the meeting (地域包括支援センター).
    pub(crate) ja: String,
    /// English name (Community general support centre).
    pub(crate) en: String,
    /// One of the keys of [`AGENCY_GROUPS`].
    pub(crate) group: String,
    /// Short forms people type (社協, ケアマネ); used only to find the agency.
    pub(crate) aliases: Vec<String>,
}

/// The agency catalog, in file order (which is the order shown when nothing is typed).
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub(crate) struct Agencies {
    pub(crate) agencies: Vec<Agency>,
}

impl Agencies {
    /// Agencies matching what the note-taker has typed, best first.
    ///
    /// Matches a prefix or a substring of the Japanese name, an alias, the English name
    /// (case-insensitive) or the key. Order: Japanese name starts with the text, then an
    /// alias does, then the English name or key does, then a substring of the Japanese name
    /// or an alias, then of the English name or key; within each, file order. Full-width letters, hiragana/katakana and the
    /// separators `・` and spaces are ignored, so `ｓｓｗ`, `はろーわーく` and `在宅医療介護`
    /// all find their agency. Empty input lists every agency.
    pub(crate) fn complete(&self, prefix: &str) -> Vec<&Agency> {
        let query = fold(prefix);
        if query.is_empty() {
            return self.agencies.iter().collect();
        }
        let mut ranked: Vec<(u8, usize, &Agency)> = self
            .agencies
            .iter()
            .enumerate()
            .filter_map(|(i, a)| match_rank(a, &query).map(|r| (r, i, a)))
            .collect();
        ranked.sort_by_key(|(rank, index, _)| (*rank, *index));
        ranked.into_iter().map(|(_, _, a)| a).collect()
    }

    /// The agency whose key, Japanese name, English name or alias is exactly `name`
    /// (ignoring the same differences as [`Agencies::complete`]); for turning typed text
    /// back into a key.
    pub(crate) fn lookup(&self, name: &str) -> Option<&Agency> {
        let name = fold(name);
        if name.is_empty() {
            return None;
        }
        self.agencies.iter().find(|a| {
            fold(&a.key) == name
                || fold(&a.ja) == name
                || fold(&a.en) == name
                || a.aliases.iter().any(|x| fold(x) == name)
        })
    }
}

/// How well an agency matches a folded query: lower is better, `None` for no match.
fn match_rank(agency: &Agency, query: &str) -> Option<u8> {
    let ja = fold(&agency.ja);
    let aliases: Vec<String> = agency.aliases.iter().map(|s| fold(s)).collect();
    let en_side = [fold(&agency.en), fold(&agency.key)];
    if ja.starts_with(query) {
        Some(0)
    } else if aliases.iter().any(|s| s.starts_with(query)) {
        Some(1)
    } else if en_side.iter().any(|s| s.starts_with(query)) {
        Some(2)
    } else if ja.contains(query) || aliases.iter().any(|s| s.contains(query)) {
        Some(3)
    } else if en_side.iter().any(|s| s.contains(query)) {
        Some(4)
    } else {
        None
    }
}

/// Normalise text for matching: full-width ASCII to half-width, hiragana to katakana,
/// lower case, and without spaces, `・` or `_`, so what an IME produces matches the catalog.
fn fold(text: &str) -> String {
    text.chars()
        .filter_map(|c| {
            let c = match c {
                '\u{FF01}'..='\u{FF5E}' => char::from_u32(c as u32 - 0xFEE0).unwrap_or(c),
                '\u{3041}'..='\u{3096}' => char::from_u32(c as u32 + 0x60).unwrap_or(c),
                _ => c,
            };
            (!(c.is_whitespace() || matches!(c, '・' | '･' | '_'))).then_some(c)
        })
        .flat_map(char::to_lowercase)
        .collect()
}

/// A participant survey: one question, several options, counts per option.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Survey {
    /// Stable identifier stored in the database (`collaboration`).
    pub id: String,
    pub(crate) question_ja: String,
    pub(crate) question_en: String,
    /// Whether a participant may choose several options (複数回答).
    pub(crate) multiple: bool,
    pub options: Vec<SurveyOption>,
}

/// One answer a participant can choose.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SurveyOption {
    /// Stable identifier stored in the database (`role_clarity`).
    pub key: String,
    /// Wording exactly as printed on the survey.
    pub(crate) ja: String,
    pub(crate) en: String,
}

impl Survey {
    /// The option with this key.
    pub(crate) fn option(&self, key: &str) -> Option<&SurveyOption> {
        self.options.iter().find(|o| o.key == key)
    }
}

/// The built-in agency catalog. The embedded file is checked by the tests; should it ever fail
/// to parse, the catalog is empty (completion offers nothing) rather than the program stopping.
pub(crate) fn agencies() -> Agencies {
    parse_agencies(AGENCIES_LABEL, AGENCIES_TOML).unwrap_or_default()
}

/// The built-in collaboration survey (seed 002). Like [`agencies`], never fails: a broken
/// embedded file (caught by the tests) would give the question with no options.
pub fn survey() -> Survey {
    parse_survey(SURVEY_LABEL, SURVEY_TOML).unwrap_or_else(|_| Survey {
        id: "collaboration".into(),
        question_ja: "庁内外の連携で必要だと思うこと".into(),
        question_en: "What is needed for collaboration inside and outside the municipal office?"
            .into(),
        multiple: true,
        options: Vec::new(),
    })
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawAgencies {
    #[serde(default)]
    agency: Vec<RawAgency>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawAgency {
    key: Spanned<String>,
    ja: Spanned<String>,
    en: Spanned<String>,
    group: Spanned<String>,
    #[serde(default)]
    aliases: Vec<Spanned<String>>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawSurvey {
    id: Spanned<String>,
    question_ja: Spanned<String>,
    question_en: Spanned<String>,
    #[serde(default)]
    multiple: bool,
    #[serde(default)]
    option: Vec<RawOption>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawOption {
    key: Spanned<String>,
    ja: Spanned<String>,
    en: Spanned<String>,
}

/// Parse an agency catalog from TOML text. `file_label` names the file in error messages.
pub(crate) fn parse_agencies(file_label: &str, text: &str) -> Result<Agencies, DataFileError> {
    let src = Source::new(file_label, text);
    let raw: RawAgencies = src.parse(&shape_hints(
        "each agency is a [[agency]] section with key, ja, en, group and optionally \
         aliases = [\"…\"]",
    ))?;
    build_agencies(&src, raw)
}

/// Parse a survey from TOML text. `file_label` names the file in error messages.
pub(crate) fn parse_survey(file_label: &str, text: &str) -> Result<Survey, DataFileError> {
    let src = Source::new(file_label, text);
    let raw: RawSurvey = src.parse(&shape_hints(
        "a survey has id, question_ja, question_en, multiple = true/false and one [[option]] \
         section per answer with key, ja and en",
    ))?;
    build_survey(&src, raw)
}

/// For any error in a catalog's shape, say what the file may contain.
fn shape_hints(shape: &str) -> ShapeHints<'_> {
    ShapeHints {
        unknown_field: Some(shape),
        missing_field: Some(shape),
        wrong_type: Some(shape),
    }
}

/// The trimmed text of a field that must not be empty; `what` names it.
fn non_empty(
    src: &Source<'_>,
    value: &Spanned<String>,
    what: &str,
) -> Result<String, DataFileError> {
    src.non_blank(
        value,
        format!("{what} is empty"),
        format!("write the {what} between the quotes"),
    )
}

/// A key: lower-case ASCII letters, digits and `_`, starting with a letter, because keys
/// are stored in the database and typed in configuration.
fn valid_key(src: &Source<'_>, value: &Spanned<String>) -> Result<String, DataFileError> {
    let key = value.get_ref();
    let well_formed = key.chars().next().is_some_and(|c| c.is_ascii_lowercase())
        && key
            .chars()
            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '_');
    if !well_formed {
        return Err(src.error_at(
            value,
            format!("`{key}` is not a valid key"),
            "use lower-case letters a-z, digits and _, starting with a letter \
             (e.g. \"houkatsu\")",
        ));
    }
    Ok(key.clone())
}

/// Refuse `value` if an earlier entry already used it (compared as `normalised`); `what`
/// names the field.
fn unique<'s>(
    src: &Source<'_>,
    seen: &mut Vec<(String, &'s Spanned<String>)>,
    normalised: String,
    value: &'s Spanned<String>,
    what: &str,
) -> Result<(), DataFileError> {
    if let Some((_, first)) = seen.iter().find(|(n, _)| *n == normalised) {
        return Err(src.error_at(
            value,
            format!(
                "duplicate {what} `{}`: line {} already uses it",
                value.get_ref().trim(),
                src.line_of(first)
            ),
            format!("give each entry its own {what}, or remove one of the two"),
        ));
    }
    seen.push((normalised, value));
    Ok(())
}

fn build_agencies(src: &Source<'_>, raw: RawAgencies) -> Result<Agencies, DataFileError> {
    if raw.agency.is_empty() {
        return Err(src.error(
            None,
            "the file lists no agencies",
            "add [[agency]] sections with key, ja, en and group",
        ));
    }
    let groups: Vec<&str> = AGENCY_GROUPS.iter().map(|(key, _, _)| *key).collect();
    let mut keys = Vec::new();
    let mut names = Vec::new();
    let mut agencies = Vec::with_capacity(raw.agency.len());
    for a in &raw.agency {
        let key = valid_key(src, &a.key)?;
        unique(src, &mut keys, key.clone(), &a.key, "key")?;
        let ja = non_empty(src, &a.ja, "Japanese name (ja)")?;
        unique(src, &mut names, fold(&ja), &a.ja, "Japanese name")?;
        let en = non_empty(src, &a.en, "English name (en)")?;
        let group = a.group.get_ref().trim();
        if !groups.contains(&group) {
            return Err(src.error_at(
                &a.group,
                format!(
                    "unknown agency group `{group}`{}",
                    did_you_mean(group, &groups)
                ),
                format!("use one of: {}", groups.join(", ")),
            ));
        }
        let aliases = a
            .aliases
            .iter()
            .map(|alias| non_empty(src, alias, "alias"))
            .collect::<Result<Vec<_>, _>>()?;
        agencies.push(Agency {
            key,
            ja,
            en,
            group: group.to_string(),
            aliases,
        });
    }
    Ok(Agencies { agencies })
}

fn build_survey(src: &Source<'_>, raw: RawSurvey) -> Result<Survey, DataFileError> {
    let id = valid_key(src, &raw.id)?;
    let question_ja = non_empty(src, &raw.question_ja, "Japanese question (question_ja)")?;
    let question_en = non_empty(src, &raw.question_en, "English question (question_en)")?;
    if raw.option.len() < 2 {
        return Err(src.error_at(
            &raw.id,
            format!(
                "the survey has {} option(s); it needs at least two to choose from",
                raw.option.len()
            ),
            "add [[option]] sections with key, ja and en",
        ));
    }
    let mut keys = Vec::new();
    let mut names = Vec::new();
    let mut options = Vec::with_capacity(raw.option.len());
    for o in &raw.option {
        let key = valid_key(src, &o.key)?;
        unique(src, &mut keys, key.clone(), &o.key, "option key")?;
        let ja = non_empty(src, &o.ja, "Japanese wording (ja)")?;
        unique(src, &mut names, fold(&ja), &o.ja, "Japanese wording")?;
        let en = non_empty(src, &o.en, "English wording (en)")?;
        options.push(SurveyOption { key, ja, en });
    }
    Ok(Survey {
        id,
        question_ja,
        question_en,
        multiple: raw.multiple,
        options,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn keys(found: &[&Agency]) -> Vec<String> {
        found.iter().map(|a| a.key.clone()).collect()
    }

    fn line_of(text: &str, needle: &str) -> usize {
        text.lines()
            .position(|l| l.contains(needle))
            .map(|i| i + 1)
            .unwrap()
    }

    const TWO: &str = "\
[[agency]]
key = \"houkatsu\"
ja = \"地域包括支援センター\"
en = \"Community general support centre\"
group = \"welfare\"

[[agency]]
key = \"hokenjo\"
ja = \"保健所\"
en = \"Public health centre\"
group = \"public\"
";

    #[test]
    fn embedded_agencies_parse() {
        let parsed =
            parse_agencies(AGENCIES_LABEL, AGENCIES_TOML).unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(parsed, agencies());
        assert!(parsed.agencies.len() >= 23);
    }

    #[test]
    fn embedded_agencies_cover_the_seed_agencies() {
        let all = agencies();
        for ja in [
            "地域包括支援センター",
            "保健所",
            "精神保健福祉センター",
            "基幹相談支援センター",
            "社会福祉協議会",
            "障害福祉課",
            "生活支援課",
            "健康推進課",
            "中核地域生活支援センター",
            "在宅医療・介護連携支援センター",
            "地域サポート医",
            "専門サポート医",
            "弁護士",
            "精神科病院・診療所",
            "訪問看護ステーション",
            "相談支援事業所",
            "居宅介護支援事業所",
            "ライフライン事業者",
            "民生委員",
            "学校・SSW",
            "ハローワーク",
            "警察",
            "グループホーム",
            "年金課",
            "生活介護事業所",
            "発達障害者支援センター",
            "障害者就業・生活支援センター",
        ] {
            assert!(all.agencies.iter().any(|a| a.ja == ja), "missing {ja}");
        }
        let houkatsu = all.agencies.iter().find(|a| a.key == "houkatsu").unwrap();
        assert_eq!(houkatsu.en, "Community general support centre");
        for a in &all.agencies {
            assert!(
                AGENCY_GROUPS.iter().any(|(g, _, _)| *g == a.group),
                "{}",
                a.key
            );
        }
    }

    #[test]
    fn japanese_prefix_matches_come_first() {
        let all = agencies();
        let found = all.complete("地域");
        let first = found.first().unwrap();
        assert!(first.ja.starts_with("地域"), "{}", first.ja);
        // Every ja-prefix match precedes every other match.
        let split = found
            .iter()
            .position(|a| !a.ja.starts_with("地域"))
            .unwrap();
        assert!(found[split..].iter().all(|a| !a.ja.starts_with("地域")));
        // 中核地域生活支援センター matches only as a substring, after the prefixes.
        let sub = found
            .iter()
            .position(|a| a.key == "chukaku_chiiki_seikatsu_shien")
            .unwrap();
        assert!(sub >= split);
    }

    #[test]
    fn completion_ranks_and_keeps_file_order() {
        let all = parse_agencies("two.toml", TWO).unwrap();
        assert_eq!(keys(&all.complete("")), ["houkatsu", "hokenjo"]);
        assert_eq!(keys(&all.complete("保健")), ["hokenjo"]);
        assert_eq!(keys(&all.complete("centre")), ["houkatsu", "hokenjo"]);
        assert_eq!(keys(&all.complete("PUBLIC")), ["hokenjo"]);
        assert_eq!(keys(&all.complete("包括")), ["houkatsu"]);
        assert_eq!(keys(&all.complete("hok")), ["hokenjo"]);
        assert!(all.complete("銀行").is_empty());
    }

    #[test]
    fn completion_folds_width_kana_and_separators() {
        let all = agencies();
        assert_eq!(keys(&all.complete("ｓｓｗ")), ["school_ssw"]);
        assert_eq!(keys(&all.complete("はろー"))[0], "hellowork");
        assert_eq!(
            keys(&all.complete("在宅医療介護"))[0],
            "zaitaku_iryou_kaigo_renkei"
        );
        assert_eq!(keys(&all.complete("社協")), ["shakyo"]);
        assert_eq!(keys(&all.complete("ケアマネ"))[0], "kyotaku_kaigo_shien");
        assert_eq!(keys(&all.complete("  Hello "))[0], "hellowork");
    }

    #[test]
    fn lookup_turns_names_back_into_keys() {
        let all = agencies();
        assert_eq!(
            all.lookup("社会福祉協議会").map(|a| a.key.as_str()),
            Some("shakyo")
        );
        assert_eq!(all.lookup("社協").map(|a| a.key.as_str()), Some("shakyo"));
        assert_eq!(
            all.lookup("police").map(|a| a.key.as_str()),
            Some("keisatsu")
        );
        assert_eq!(all.lookup("社"), None);
        assert_eq!(all.lookup(""), None);
    }

    #[test]
    fn duplicate_agency_key_is_located() {
        let text = TWO.replace("key = \"hokenjo\"", "key = \"houkatsu\"");
        let err = parse_agencies("a.toml", &text).unwrap_err();
        assert_eq!(err.line, Some(8));
        assert!(
            err.message.contains("duplicate key `houkatsu`"),
            "{}",
            err.message
        );
        assert!(err.message.contains("line 2"), "{}", err.message);
    }

    #[test]
    fn duplicate_japanese_name_is_located() {
        let text = TWO.replace("ja = \"保健所\"", "ja = \"地域包括支援センター\"");
        let err = parse_agencies("a.toml", &text).unwrap_err();
        assert_eq!(err.line, Some(9));
        assert!(
            err.message.contains("duplicate Japanese name"),
            "{}",
            err.message
        );
    }

    #[test]
    fn empty_names_are_refused() {
        let text = TWO.replace("en = \"Public health centre\"", "en = \" \"");
        let err = parse_agencies("a.toml", &text).unwrap_err();
        assert_eq!(err.line, Some(line_of(&text, "en = \" \"")));
        assert!(err.message.contains("English name"), "{}", err.message);

        let text = TWO.replace("ja = \"保健所\"", "ja = \"\"");
        let err = parse_agencies("a.toml", &text).unwrap_err();
        assert_eq!(err.line, Some(9));
    }

    #[test]
    fn bad_key_and_group_are_located() {
        let text = TWO.replace("key = \"hokenjo\"", "key = \"Hoken Jo\"");
        let err = parse_agencies("a.toml", &text).unwrap_err();
        assert_eq!((err.line, err.column), (Some(8), Some(7)));

        let text = TWO.replace("group = \"public\"", "group = \"publc\"");
        let err = parse_agencies("a.toml", &text).unwrap_err();
        assert_eq!(err.line, Some(11));
        assert!(
            err.message.contains("did you mean `public`"),
            "{}",
            err.message
        );
        assert!(err.hint.contains("employment"), "{}", err.hint);
    }

    #[test]
    fn agency_structure_errors_are_located() {
        let text = TWO.replace("group = \"public\"", "group = \"public\"\nphone = \"1\"");
        let err = parse_agencies("a.toml", &text).unwrap_err();
        assert_eq!(err.line, Some(12));
        assert!(err.hint.contains("[[agency]]"), "{}", err.hint);

        let text = TWO.replace("en = \"Public health centre\"\n", "");
        let err = parse_agencies("a.toml", &text).unwrap_err();
        assert!(err.message.contains("en"), "{}", err.message);

        let err = parse_agencies("a.toml", "# nothing\n").unwrap_err();
        assert!(err.message.contains("no agencies"), "{}", err.message);

        let err = parse_agencies("a.toml", "[[agency]\nkey = \"x\"\n").unwrap_err();
        assert_eq!(err.line, Some(1));
    }

    #[test]
    fn embedded_survey_matches_seed_002() {
        let s = parse_survey(SURVEY_LABEL, SURVEY_TOML).unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(s, survey());
        assert_eq!(s.id, "collaboration");
        assert!(s.multiple);
        assert_eq!(s.question_ja, "庁内外の連携で必要だと思うこと");
        let ja: Vec<&str> = s.options.iter().map(|o| o.ja.as_str()).collect();
        assert_eq!(
            ja,
            [
                "各機関の役割理解と明確化",
                "適切なインテークとアセスメント",
                "所属内で方針検討できる体制",
                "庁内の定期的な情報交換の場",
                "職員のスキルアップの機会",
                "他機関や他課との協働の機会",
                "精神障害への理解を深める機会",
                "その他",
            ]
        );
        assert!(s.options.iter().all(|o| !o.en.is_empty()));
        assert_eq!(s.option("other").map(|o| o.en.as_str()), Some("Other"));
    }

    const SURVEY: &str = "\
id = \"s\"
question_ja = \"質問\"
question_en = \"Question\"
multiple = false

[[option]]
key = \"a\"
ja = \"はい\"
en = \"Yes\"

[[option]]
key = \"b\"
ja = \"いいえ\"
en = \"No\"
";

    #[test]
    fn survey_validation_is_located() {
        let s = parse_survey("s.toml", SURVEY).unwrap();
        assert!(!s.multiple);
        assert_eq!(s.options.len(), 2);

        let text = SURVEY.replace("key = \"b\"", "key = \"a\"");
        let err = parse_survey("s.toml", &text).unwrap_err();
        assert_eq!(err.line, Some(12));
        assert!(
            err.message.contains("duplicate option key `a`"),
            "{}",
            err.message
        );
        assert!(err.message.contains("line 7"), "{}", err.message);

        let text = SURVEY.replace("ja = \"いいえ\"", "ja = \"はい\"");
        let err = parse_survey("s.toml", &text).unwrap_err();
        assert_eq!(err.line, Some(13));

        let text = SURVEY.replace("question_en = \"Question\"", "question_en = \"\"");
        let err = parse_survey("s.toml", &text).unwrap_err();
        assert_eq!(err.line, Some(3));

        let text = SURVEY.replace("en = \"No\"", "en = \"No\"\ncount = 3");
        let err = parse_survey("s.toml", &text).unwrap_err();
        assert_eq!(err.line, Some(15));
        assert!(err.hint.contains("[[option]]"), "{}", err.hint);

        let one: String = SURVEY.lines().take(10).map(|l| format!("{l}\n")).collect();
        let err = parse_survey("s.toml", &one).unwrap_err();
        assert!(err.message.contains("at least two"), "{}", err.message);
    }
}
