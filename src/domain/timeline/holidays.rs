//! US federal holidays (5 U.S.C. 6103) and business days, so a deadline that falls on a
//! weekend or a holiday can say so and name the next business day.
//!
//! The statute fixes the dates; a holiday on a Saturday is observed the Friday before and
//! one on a Sunday the Monday after (Executive Order 11582 and 5 U.S.C. 6103(b)). The
//! Inauguration Day holiday of 6103(c) only applies around Washington, D.C., and is left
//! out. Juneteenth counts from 2021, when it was added.

use chrono::{Datelike, Days, NaiveDate, Weekday};

/// The federal holidays observed in `year`, in date order: the observed date and the
/// holiday's name (with "observed" when it moved off a weekend). A New Year's Day on a
/// Saturday is observed on 31 December of the year before, and is listed in that year.
pub(crate) fn holidays(year: i32) -> Vec<(NaiveDate, String)> {
    let mut out: Vec<(NaiveDate, String)> = [year, year + 1]
        .into_iter()
        .flat_map(actual)
        .map(|(date, name)| match observed(date) {
            d if d == date => (d, name.to_string()),
            d => (d, format!("{name} (observed)")),
        })
        .filter(|(d, _)| d.year() == year)
        .collect();
    out.sort();
    out
}

/// The holiday observed on `date`, if any.
pub(crate) fn holiday(date: NaiveDate) -> Option<String> {
    holidays(date.year())
        .into_iter()
        .find(|(d, _)| *d == date)
        .map(|(_, name)| name)
}

/// Why `date` is not a business day (`Sunday`, `Independence Day (observed)`), if it is not.
pub fn closed(date: NaiveDate) -> Option<String> {
    match date.weekday() {
        Weekday::Sat => Some("Saturday".into()),
        Weekday::Sun => Some("Sunday".into()),
        _ => holiday(date),
    }
}

/// The first business day after `date`.
pub fn next_business_day(date: NaiveDate) -> NaiveDate {
    let mut day = date;
    loop {
        day = day.checked_add_days(Days::new(1)).unwrap_or(day);
        if closed(day).is_none() || day == NaiveDate::MAX {
            return day;
        }
    }
}

/// The last business day before `date`.
pub fn last_business_day_before(date: NaiveDate) -> NaiveDate {
    let mut day = date;
    loop {
        day = day.checked_sub_days(Days::new(1)).unwrap_or(day);
        if closed(day).is_none() || day == NaiveDate::MIN {
            return day;
        }
    }
}

/// The holidays' dates as the statute gives them, before weekend observance.
fn actual(year: i32) -> Vec<(NaiveDate, &'static str)> {
    let fixed = |m, d| NaiveDate::from_ymd_opt(year, m, d);
    let nth = |m, weekday, n| NaiveDate::from_weekday_of_month_opt(year, m, weekday, n);
    let mut out = vec![
        (fixed(1, 1), "New Year's Day"),
        (
            nth(1, Weekday::Mon, 3),
            "Birthday of Martin Luther King, Jr.",
        ),
        (nth(2, Weekday::Mon, 3), "Washington's Birthday"),
        (last_monday_of_may(year), "Memorial Day"),
        (fixed(7, 4), "Independence Day"),
        (nth(9, Weekday::Mon, 1), "Labor Day"),
        (nth(10, Weekday::Mon, 2), "Columbus Day"),
        (fixed(11, 11), "Veterans Day"),
        (nth(11, Weekday::Thu, 4), "Thanksgiving Day"),
        (fixed(12, 25), "Christmas Day"),
    ];
    if year >= 2021 {
        out.push((fixed(6, 19), "Juneteenth National Independence Day"));
    }
    out.into_iter()
        .filter_map(|(d, name)| Some((d?, name)))
        .collect()
}

fn last_monday_of_may(year: i32) -> Option<NaiveDate> {
    let last = NaiveDate::from_ymd_opt(year, 5, 31)?;
    let back = last.weekday().num_days_from_monday();
    last.checked_sub_days(Days::new(u64::from(back)))
}

/// Saturday to the Friday before, Sunday to the Monday after.
fn observed(date: NaiveDate) -> NaiveDate {
    match date.weekday() {
        Weekday::Sat => date.pred_opt().unwrap_or(date),
        Weekday::Sun => date.succ_opt().unwrap_or(date),
        _ => date,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn day(s: &str) -> NaiveDate {
        NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap()
    }

    fn dates(year: i32) -> Vec<String> {
        holidays(year).iter().map(|(d, _)| d.to_string()).collect()
    }

    #[test]
    fn the_2026_list_as_the_office_of_personnel_management_publishes_it() {
        assert_eq!(
            dates(2026),
            [
                "2026-01-01",
                "2026-01-19",
                "2026-02-16",
                "2026-05-25",
                "2026-06-19",
                "2026-07-03", // 4 July is a Saturday
                "2026-09-07",
                "2026-10-12",
                "2026-11-11",
                "2026-11-26",
                "2026-12-25",
            ]
        );
        assert_eq!(
            holiday(day("2026-07-03")).as_deref(),
            Some("Independence Day (observed)")
        );
        assert_eq!(holiday(day("2026-07-04")), None, "the Saturday itself");
    }

    #[test]
    fn weekend_holidays_move_to_the_nearest_weekday() {
        // 2021: 19 June a Saturday, 4 July a Sunday, 25 December a Saturday, and 1 January
        // 2022 a Saturday, observed on 31 December 2021.
        let d2021 = dates(2021);
        for d in ["2021-06-18", "2021-07-05", "2021-12-24", "2021-12-31"] {
            assert!(d2021.contains(&d.to_string()), "{d} in {d2021:?}");
        }
        assert!(!dates(2022).contains(&"2022-01-01".to_string()));
        // 2022: 25 December a Sunday, observed Monday the 26th.
        assert!(dates(2022).contains(&"2022-12-26".to_string()));
        // 2027: 4 July a Sunday, 25 December a Saturday.
        assert!(dates(2027).contains(&"2027-07-05".to_string()));
        assert!(dates(2027).contains(&"2027-12-24".to_string()));
        // 2028: 1 January a Saturday is observed in 2027; Memorial Day 29 May.
        assert!(dates(2027).contains(&"2027-12-31".to_string()));
        assert!(dates(2028).contains(&"2028-05-29".to_string()));
        assert_eq!(dates(2028).len(), 10, "New Year's moved into 2027");
        // Before 2021 there was no Juneteenth holiday.
        assert!(!dates(2020).iter().any(|d| d.ends_with("06-19")));
    }

    #[test]
    fn business_days_skip_weekends_and_holidays() {
        assert_eq!(closed(day("2026-07-12")).as_deref(), Some("Sunday"));
        assert_eq!(next_business_day(day("2026-07-11")), day("2026-07-13"));
        // Friday 3 July 2026 is the observed Independence Day: Monday 6 July.
        assert_eq!(next_business_day(day("2026-07-02")), day("2026-07-06"));
        // Thanksgiving Thursday: Friday is a business day.
        assert_eq!(next_business_day(day("2026-11-26")), day("2026-11-27"));
        assert_eq!(closed(day("2026-11-27")), None);
        // Christmas 2027 on a Saturday, observed Friday 24: from Thursday 23 to Monday 27.
        assert_eq!(next_business_day(day("2027-12-23")), day("2027-12-27"));
        // Backwards: Sunday 12 July 2026 to Friday 10; Monday 6 July 2026 over the
        // observed Independence Day (Friday 3) to Thursday 2; Monday 27 December 2027
        // over the observed Christmas (Friday 24) to Thursday 23.
        assert_eq!(
            last_business_day_before(day("2026-07-12")),
            day("2026-07-10")
        );
        assert_eq!(
            last_business_day_before(day("2026-07-06")),
            day("2026-07-02")
        );
        assert_eq!(
            last_business_day_before(day("2027-12-27")),
            day("2027-12-23")
        );
    }
}
