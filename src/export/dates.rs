//! Dates and times as a filed record writes them: one style for the whole record, Japanese by
//! default (2026年10月17日（土）), optionally the Japanese era (令和8年10月17日（土）) or ISO
//! (2026-10-17). Clock times are shown in Japan time, so the same record gives the same file on
//! every machine.

use crate::i18n::Lang;
use chrono::{DateTime, Datelike, FixedOffset, NaiveDate, Offset, Utc, Weekday};

/// How the record writes dates.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, clap::ValueEnum)]
pub enum DateStyle {
    /// 2026年10月17日（土） / Saturday 17 October 2026.
    #[default]
    #[value(name = "ja", alias = "japanese")]
    Japanese,
    /// 令和8年10月17日（土） (English records write the Western year with the era after it).
    #[value(alias = "era")]
    Wareki,
    /// 2026-10-17.
    Iso,
}

impl DateStyle {
    /// The style named on the command line or stored with the conference: `ja` (or empty),
    /// `wareki`, `iso`.
    pub(crate) fn from_key(key: &str) -> Option<Self> {
        match key.trim().to_ascii_lowercase().as_str() {
            "" | "ja" | "japanese" => Some(Self::Japanese),
            "wareki" | "era" => Some(Self::Wareki),
            "iso" => Some(Self::Iso),
            _ => None,
        }
    }
}

/// The offset in which clock times are written (Japan Standard Time, no daylight saving).
pub(crate) fn record_offset() -> FixedOffset {
    // 9 hours is always a valid offset; UTC is only the type's required fallback.
    FixedOffset::east_opt(9 * 3600).unwrap_or(Utc.fix())
}

fn weekday_ja(w: Weekday) -> &'static str {
    match w {
        Weekday::Mon => "月",
        Weekday::Tue => "火",
        Weekday::Wed => "水",
        Weekday::Thu => "木",
        Weekday::Fri => "金",
        Weekday::Sat => "土",
        Weekday::Sun => "日",
    }
}

/// The Japanese era of a date and its year in that era (1 = 元年).
pub(crate) fn era(date: NaiveDate) -> Option<(&'static str, i32)> {
    const ERAS: [(&str, i32, u32, u32); 5] = [
        ("令和", 2019, 5, 1),
        ("平成", 1989, 1, 8),
        ("昭和", 1926, 12, 25),
        ("大正", 1912, 7, 30),
        ("明治", 1868, 1, 25),
    ];
    ERAS.iter().find_map(|(name, y, m, d)| {
        let start = NaiveDate::from_ymd_opt(*y, *m, *d)?;
        (date >= start).then(|| (*name, date.year() - y + 1))
    })
}

/// A date in `style`; text that is not a YYYY-MM-DD date is returned as typed.
pub(crate) fn format_date(text: &str, style: DateStyle, lang: Lang) -> String {
    match NaiveDate::parse_from_str(text.trim(), "%Y-%m-%d") {
        Ok(date) => date_of(date, style, lang),
        Err(_) => text.to_string(),
    }
}

/// A due date as the record shows it: `due` (the day, YYYY-MM-DD) in `style`; when the words
/// typed were relative ("2週間以内"), the words with that day ("2週間以内（2026年12月5日（土）まで）");
/// words that name no day exactly as typed.
pub(crate) fn due_cell(due_text: &str, due: Option<&str>, style: DateStyle, lang: Lang) -> String {
    let day = due.and_then(|d| NaiveDate::parse_from_str(d, "%Y-%m-%d").ok());
    match day {
        None => due_text.trim().to_string(),
        Some(day)
            if matches!(
                crate::dates::read(due_text, day, Some(day)),
                crate::dates::Reading::Relative(_)
            ) =>
        {
            let when = date_of(day, style, lang);
            match lang {
                Lang::Ja => format!("{}（{when}まで）", due_text.trim()),
                Lang::En => format!("{} (by {when})", due_text.trim()),
            }
        }
        Some(day) => date_of(day, style, lang),
    }
}

/// A date in `style`.
pub(crate) fn date_of(date: NaiveDate, style: DateStyle, lang: Lang) -> String {
    let (y, m, d) = (date.year(), date.month(), date.day());
    match (style, lang) {
        (DateStyle::Iso, _) => date.format("%Y-%m-%d").to_string(),
        (DateStyle::Japanese, Lang::Ja) => {
            format!("{y}年{m}月{d}日（{}）", weekday_ja(date.weekday()))
        }
        (DateStyle::Wareki, Lang::Ja) => match era(date) {
            Some((name, 1)) => format!("{name}元年{m}月{d}日（{}）", weekday_ja(date.weekday())),
            Some((name, n)) => format!("{name}{n}年{m}月{d}日（{}）", weekday_ja(date.weekday())),
            None => format!("{y}年{m}月{d}日（{}）", weekday_ja(date.weekday())),
        },
        (DateStyle::Japanese, Lang::En) => date.format("%A %-d %B %Y").to_string(),
        (DateStyle::Wareki, Lang::En) => {
            let era = match era(date) {
                Some(("令和", n)) => format!(" (Reiwa {n})"),
                Some(("平成", n)) => format!(" (Heisei {n})"),
                Some(("昭和", n)) => format!(" (Showa {n})"),
                _ => String::new(),
            };
            format!("{}{era}", date.format("%A %-d %B %Y"))
        }
    }
}

/// A clock time (HH:MM) in Japan time.
pub(crate) fn time_of(at: DateTime<Utc>) -> String {
    at.with_timezone(&record_offset())
        .format("%H:%M")
        .to_string()
}

/// The calendar day of an instant in Japan time.
pub(crate) fn day_of(at: DateTime<Utc>) -> NaiveDate {
    at.with_timezone(&record_offset()).date_naive()
}

/// A meeting's length as people say it: 「2時間5分」「45分」 / "2 h 5 min", "45 min".
pub(crate) fn hours_minutes(ms: i64, lang: Lang) -> String {
    let minutes = (ms.max(0) + 30_000) / 60_000;
    let (h, m) = (minutes / 60, minutes % 60);
    match (lang, h, m) {
        (Lang::Ja, 0, _) => format!("{m}分"),
        (Lang::Ja, _, 0) => format!("{h}時間"),
        (Lang::Ja, _, _) => format!("{h}時間{m}分"),
        (Lang::En, 0, _) => format!("{m} min"),
        (Lang::En, _, 0) => format!("{h} h"),
        (Lang::En, _, _) => format!("{h} h {m} min"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::TimeZone;

    fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, day).unwrap()
    }

    #[test]
    fn japanese_and_era_dates() {
        let date = d(2026, 10, 17);
        assert_eq!(
            date_of(date, DateStyle::Japanese, Lang::Ja),
            "2026年10月17日（土）"
        );
        assert_eq!(
            date_of(date, DateStyle::Wareki, Lang::Ja),
            "令和8年10月17日（土）"
        );
        assert_eq!(date_of(date, DateStyle::Iso, Lang::Ja), "2026-10-17");
        assert_eq!(
            date_of(date, DateStyle::Japanese, Lang::En),
            "Saturday 17 October 2026"
        );
        assert_eq!(
            date_of(d(2019, 5, 1), DateStyle::Wareki, Lang::Ja),
            "令和元年5月1日（水）"
        );
        assert_eq!(
            date_of(d(2019, 4, 30), DateStyle::Wareki, Lang::Ja),
            "平成31年4月30日（火）"
        );
        assert_eq!(
            date_of(d(1989, 1, 7), DateStyle::Wareki, Lang::Ja),
            "昭和64年1月7日（土）"
        );
    }

    #[test]
    fn text_that_is_not_a_date_is_kept() {
        assert_eq!(
            format_date("来月中旬", DateStyle::Japanese, Lang::Ja),
            "来月中旬"
        );
        assert_eq!(
            format_date("2026-12-05", DateStyle::Japanese, Lang::Ja),
            "2026年12月5日（土）"
        );
    }

    #[test]
    fn styles_by_key_and_times() {
        assert_eq!(DateStyle::from_key(""), Some(DateStyle::Japanese));
        assert_eq!(DateStyle::from_key("Wareki"), Some(DateStyle::Wareki));
        assert_eq!(DateStyle::from_key("us"), None);
        let at = Utc.with_ymd_and_hms(2026, 11, 21, 1, 0, 0).unwrap();
        assert_eq!(time_of(at), "10:00");
        assert_eq!(hours_minutes(125 * 60_000, Lang::Ja), "2時間5分");
        assert_eq!(hours_minutes(45 * 60_000, Lang::En), "45 min");
    }
}
