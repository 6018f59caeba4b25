//! Dates as people say them in a meeting: "12/3", "12月3日", "令和8年12月3日", "2週間以内",
//! "今週中", "次回まで". A due date or meeting date is always stored as typed; this module
//! works out which calendar day the words mean, relative to the meeting's date, so the record
//! can show both ("2週間以内（12月14日まで）") and sort and check by date.
//!
//! Full-width digits and punctuation (what a Japanese input method types) count as their
//! ASCII forms everywhere.

use chrono::{Datelike, Days, Months, NaiveDate, Weekday};

/// How a typed date was understood.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Reading {
    /// Nothing typed.
    Empty,
    /// A calendar date written out (2026-12-03, 12/3, 12月3日, 令和8年12月3日).
    Exact(NaiveDate),
    /// Words relative to the meeting (2週間以内, 今週中, 月末, 次回まで) resolved to a day.
    Relative(NaiveDate),
    /// Words that name no day we can work out (来期, そのうち, 次回まで without a next
    /// meeting date): kept as typed and flagged.
    Unknown,
}

impl Reading {
    /// The day meant, if any.
    pub(crate) fn date(self) -> Option<NaiveDate> {
        match self {
            Reading::Exact(d) | Reading::Relative(d) => Some(d),
            Reading::Empty | Reading::Unknown => None,
        }
    }
}

/// Full-width ASCII (U+FF01–U+FF5E) to ASCII, and the ideographic space to a space.
pub(crate) fn halfwidth(text: &str) -> String {
    text.chars()
        .map(|c| match c {
            '\u{ff01}'..='\u{ff5e}' => char::from_u32(c as u32 - 0xfee0).unwrap_or(c),
            '\u{3000}' => ' ',
            c => c,
        })
        .collect()
}

/// The value of a digit typed in ASCII or full width.
pub(crate) fn digit_value(c: char) -> Option<u32> {
    match c {
        '0'..='9' => c.to_digit(10),
        '０'..='９' => Some(c as u32 - '０' as u32),
        _ => None,
    }
}

/// Read a date typed for a meeting whose date is `meeting`. `next_meeting` resolves
/// "次回まで" when the next meeting's date is known.
pub(crate) fn read(text: &str, meeting: NaiveDate, next_meeting: Option<NaiveDate>) -> Reading {
    let norm: String = halfwidth(text)
        .chars()
        .filter(|c| !c.is_whitespace())
        .collect();
    if norm.is_empty() {
        return Reading::Empty;
    }
    // "までに", "まで", "中に" and similar endings add nothing to the day meant.
    let core = strip_suffixes(&norm);
    if let Some(d) = exact(core, meeting) {
        return Reading::Exact(d);
    }
    match relative(core, meeting, next_meeting) {
        Some(d) => Reading::Relative(d),
        None => Reading::Unknown,
    }
}

/// The words and the day together, as the record shows them: "2週間以内（12月14日まで）";
/// a written-out date as typed; words naming no day as typed.
pub(crate) fn describe(text: &str, reading: Reading) -> String {
    let text = text.trim();
    match reading {
        Reading::Relative(d) => format!("{text}（{}月{}日まで）", d.month(), d.day()),
        _ => text.to_string(),
    }
}

/// How a record shows a due date stored as `due_text` (as typed) and `due` (the day it was
/// understood to mean, YYYY-MM-DD): relative words get their day ("2週間以内（12月14日まで）"),
/// a written-out date and words naming no day stay as typed.
pub(crate) fn due_display(due_text: &str, due: Option<&str>) -> String {
    let day = due.and_then(|d| NaiveDate::parse_from_str(d, "%Y-%m-%d").ok());
    match day {
        _ if due_text.trim().is_empty() => due.unwrap_or("").to_string(),
        // Whether the words were relative does not depend on the day they are read against.
        Some(day) if matches!(read(due_text, day, Some(day)), Reading::Relative(_)) => {
            describe(due_text, Reading::Relative(day))
        }
        _ => due_text.trim().to_string(),
    }
}

fn strip_suffixes(s: &str) -> &str {
    let mut s = s;
    for suffix in ["までに", "まで", "迄に", "迄", "に"] {
        if let Some(rest) = s.strip_suffix(suffix)
            && !rest.is_empty()
        {
            s = rest;
            break;
        }
    }
    s
}

/// Leading digits of `s` as a number, and the rest.
fn number(s: &str) -> Option<(u32, &str)> {
    let end = s.find(|c: char| !c.is_ascii_digit()).unwrap_or(s.len());
    if end == 0 || end > 6 {
        return None;
    }
    Some((s[..end].parse().ok()?, &s[end..]))
}

/// A month and day without a year: the next such day on or after the meeting (a due date in
/// January typed at a December meeting is next year's).
fn month_day(month: u32, day: u32, meeting: NaiveDate) -> Option<NaiveDate> {
    let this = NaiveDate::from_ymd_opt(meeting.year(), month, day)?;
    if this >= meeting {
        Some(this)
    } else {
        NaiveDate::from_ymd_opt(meeting.year() + 1, month, day)
    }
}

fn last_of_month(year: i32, month: u32) -> Option<NaiveDate> {
    let first = NaiveDate::from_ymd_opt(year, month, 1)?;
    first.checked_add_months(Months::new(1))?.pred_opt()
}

/// Era years: 令和 (2019-), 平成 (1989-2019). "元年" is year 1.
fn era_year(s: &str) -> Option<(i32, &str)> {
    let (base, rest) = if let Some(r) = s.strip_prefix("令和") {
        (2018, r)
    } else if let Some(r) = s.strip_prefix('R').or_else(|| s.strip_prefix('r')) {
        (2018, r)
    } else if let Some(r) = s.strip_prefix("平成") {
        (1988, r)
    } else {
        return None;
    };
    if let Some(r) = rest.strip_prefix("元年") {
        return Some((base + 1, r));
    }
    let (n, r) = number(rest)?;
    let r = r
        .strip_prefix('年')
        .or_else(|| r.strip_prefix('.'))
        .or_else(|| r.strip_prefix('/'))?;
    Some((base + n as i32, r))
}

/// A date written out in full or as month and day.
fn exact(s: &str, meeting: NaiveDate) -> Option<NaiveDate> {
    // Weekday in brackets after a date: "12月3日(木)".
    let s = match s.find('(') {
        Some(i) if s.ends_with(')') && i > 0 => &s[..i],
        _ => s,
    };
    // With an era or a four-digit year.
    let (year, rest) = if let Some((y, r)) = era_year(s) {
        (Some(y), r)
    } else if let Some((y, r)) = number(s).filter(|(y, _)| (1900..=2200).contains(y)) {
        let r = r
            .strip_prefix('年')
            .or_else(|| r.strip_prefix('-'))
            .or_else(|| r.strip_prefix('/'))
            .or_else(|| r.strip_prefix('.'))?;
        (Some(y as i32), r)
    } else {
        (None, s)
    };
    let (month, r) = number(rest)?;
    let r = r
        .strip_prefix('月')
        .or_else(|| r.strip_prefix('-'))
        .or_else(|| r.strip_prefix('/'))
        .or_else(|| r.strip_prefix('.'))?;
    // "12月末", "12月中", "12月上旬/中旬/下旬".
    let part_of_month = |day_of: &dyn Fn(i32) -> Option<NaiveDate>| -> Option<NaiveDate> {
        match year {
            Some(y) => day_of(y),
            None => {
                let d = day_of(meeting.year())?;
                if d >= meeting {
                    Some(d)
                } else {
                    day_of(meeting.year() + 1)
                }
            }
        }
    };
    match r {
        "末" | "中" | "下旬" | "いっぱい" => {
            return part_of_month(&|y| last_of_month(y, month));
        }
        "上旬" => return part_of_month(&|y| NaiveDate::from_ymd_opt(y, month, 10)),
        "中旬" => return part_of_month(&|y| NaiveDate::from_ymd_opt(y, month, 20)),
        _ => {}
    }
    let (day, r) = number(r)?;
    if !(r.is_empty() || r == "日") {
        return None;
    }
    match year {
        Some(y) => NaiveDate::from_ymd_opt(y, month, day),
        None => month_day(month, day, meeting),
    }
}

/// The Friday of the week of `d` (Monday to Sunday); on a weekend, that Sunday.
fn end_of_work_week(d: NaiveDate) -> Option<NaiveDate> {
    let from_monday = d.weekday().num_days_from_monday();
    let friday = Weekday::Fri.num_days_from_monday();
    if from_monday <= friday {
        d.checked_add_days(Days::new(u64::from(friday - from_monday)))
    } else {
        d.checked_add_days(Days::new(u64::from(6 - from_monday)))
    }
}

/// The Friday of the week `weeks` after the week of `d` (weeks run Monday to Sunday).
fn friday_of_week_after(d: NaiveDate, weeks: u64) -> Option<NaiveDate> {
    let monday = d.checked_sub_days(Days::new(u64::from(d.weekday().num_days_from_monday())))?;
    monday.checked_add_days(Days::new(7 * weeks + 4))
}

/// Words relative to the meeting date.
fn relative(s: &str, meeting: NaiveDate, next: Option<NaiveDate>) -> Option<NaiveDate> {
    let add_days = |n: u64| meeting.checked_add_days(Days::new(n));
    let fiscal_end = || {
        let y = if meeting.month() >= 4 {
            meeting.year() + 1
        } else {
            meeting.year()
        };
        NaiveDate::from_ymd_opt(y, 3, 31)
    };
    match s {
        "今日" | "本日" | "当日" | "即日" | "すぐ" | "至急" => return Some(meeting),
        "明日" | "あした" | "翌日" => return add_days(1),
        "明後日" | "あさって" => return add_days(2),
        "今週" | "今週中" | "今週末" | "週内" => return end_of_work_week(meeting),
        "来週" | "来週中" | "来週末" => return friday_of_week_after(meeting, 1),
        "再来週" | "再来週中" => return friday_of_week_after(meeting, 2),
        "月末" | "今月末" | "今月中" | "今月" | "月内" => {
            return last_of_month(meeting.year(), meeting.month());
        }
        "来月" | "来月中" | "来月末" => {
            let d = meeting.checked_add_months(Months::new(1))?;
            return last_of_month(d.year(), d.month());
        }
        "来月上旬" => {
            let d = meeting.checked_add_months(Months::new(1))?;
            return NaiveDate::from_ymd_opt(d.year(), d.month(), 10);
        }
        "来月中旬" => {
            let d = meeting.checked_add_months(Months::new(1))?;
            return NaiveDate::from_ymd_opt(d.year(), d.month(), 20);
        }
        "年内" | "年末" | "今年中" => {
            return NaiveDate::from_ymd_opt(meeting.year(), 12, 31);
        }
        "年度内" | "年度末" | "今年度中" | "今年度内" => return fiscal_end(),
        "次回" | "次回会議" | "次回会議まで" | "次回の会議" | "次回検討会" => {
            return next;
        }
        _ => {}
    }
    // "N日以内", "N日後", "N週間以内", "Nか月以内", "N年以内", optionally led by "今から".
    let s = s.strip_prefix("今から").unwrap_or(s);
    let (n, unit) = number(s)?;
    let unit = ["以内", "後", "内", "ほど", "程度", "くらい", "ぐらい"]
        .iter()
        .find_map(|suffix| unit.strip_suffix(suffix))
        .unwrap_or(unit);
    match unit {
        "日" | "日間" => add_days(u64::from(n)),
        "週" | "週間" => add_days(u64::from(n) * 7),
        "か月" | "ヶ月" | "カ月" | "ヵ月" | "ケ月" | "箇月" | "ヶ月間" | "か月間" | "カ月間" => {
            meeting.checked_add_months(Months::new(n))
        }
        "年" | "年間" => meeting.checked_add_months(Months::new(n.checked_mul(12)?)),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, day).unwrap()
    }

    /// A Monday: 2026-11-30.
    const MEETING: (i32, u32, u32) = (2026, 11, 30);

    fn meeting() -> NaiveDate {
        d(MEETING.0, MEETING.1, MEETING.2)
    }

    #[test]
    fn table_of_spoken_dates() {
        use Reading::*;
        let next = Some(d(2027, 1, 18));
        let cases: &[(&str, Reading)] = &[
            ("", Empty),
            ("   ", Empty),
            ("2026-12-03", Exact(d(2026, 12, 3))),
            ("２０２６－１２－０３", Exact(d(2026, 12, 3))),
            ("2026/12/3", Exact(d(2026, 12, 3))),
            ("12/3", Exact(d(2026, 12, 3))),
            ("１２／３", Exact(d(2026, 12, 3))),
            ("12月3日", Exact(d(2026, 12, 3))),
            ("１２月３日までに", Exact(d(2026, 12, 3))),
            ("12月3日(木)", Exact(d(2026, 12, 3))),
            ("2026年12月3日", Exact(d(2026, 12, 3))),
            ("令和8年12月3日", Exact(d(2026, 12, 3))),
            ("R8.12.3", Exact(d(2026, 12, 3))),
            ("令和元年5月1日", Exact(d(2019, 5, 1))),
            // Month and day already past this year: next year.
            ("1月15日", Exact(d(2027, 1, 15))),
            ("11/1", Exact(d(2027, 11, 1))),
            ("12月末", Exact(d(2026, 12, 31))),
            ("12月中", Exact(d(2026, 12, 31))),
            ("1月上旬", Exact(d(2027, 1, 10))),
            ("今日", Relative(d(2026, 11, 30))),
            ("明日", Relative(d(2026, 12, 1))),
            ("今週中", Relative(d(2026, 12, 4))),
            ("来週中", Relative(d(2026, 12, 11))),
            ("月末", Relative(d(2026, 11, 30))),
            ("来月中", Relative(d(2026, 12, 31))),
            ("2週間以内", Relative(d(2026, 12, 14))),
            ("２週間以内", Relative(d(2026, 12, 14))),
            ("10日以内", Relative(d(2026, 12, 10))),
            ("3か月以内", Relative(d(2027, 2, 28))),
            ("3ヶ月後", Relative(d(2027, 2, 28))),
            ("1年以内", Relative(d(2027, 11, 30))),
            ("年内", Relative(d(2026, 12, 31))),
            ("年度内", Relative(d(2027, 3, 31))),
            ("次回まで", Relative(d(2027, 1, 18))),
            // Nonsense and words that name no day are kept, flagged.
            ("来期", Unknown),
            ("そのうち", Unknown),
            ("13月40日", Unknown),
            ("2月30日", Unknown),
            ("abc", Unknown),
            ("99999999999週間以内", Unknown),
            ("12/3/4/5", Unknown),
        ];
        for (text, want) in cases {
            assert_eq!(read(text, meeting(), next), *want, "{text:?}");
        }
    }

    #[test]
    fn next_meeting_unknown_is_flagged() {
        assert_eq!(read("次回まで", meeting(), None), Reading::Unknown);
    }

    #[test]
    fn next_week_from_a_saturday_is_the_following_friday() {
        // 2026-11-21 is a Saturday: next week runs 23–29 November.
        assert_eq!(
            read("来週中", d(2026, 11, 21), None),
            Reading::Relative(d(2026, 11, 27))
        );
    }

    #[test]
    fn this_week_on_a_weekend_is_that_sunday() {
        // 2026-12-05 is a Saturday.
        assert_eq!(
            read("今週中", d(2026, 12, 5), None),
            Reading::Relative(d(2026, 12, 6))
        );
    }

    #[test]
    fn describe_keeps_the_words() {
        let r = read("2週間以内", meeting(), None);
        assert_eq!(describe("2週間以内", r), "2週間以内（12月14日まで）");
        assert_eq!(
            describe("12月3日", read("12月3日", meeting(), None)),
            "12月3日"
        );
        assert_eq!(describe("来期", Reading::Unknown), "来期");
    }

    #[test]
    fn halfwidth_digits() {
        assert_eq!(halfwidth("４２／ａ"), "42/a");
        assert_eq!(digit_value('４'), Some(4));
        assert_eq!(digit_value('x'), None);
    }

    proptest::proptest! {
        #[test]
        fn never_panics(s in "\\PC{0,20}") {
            let _ = read(&s, meeting(), None);
        }
    }
}
