//! Dates as an admin types them: the one reader for every date field (the secret's expiry,
//! KING's refresh token renewal), so a form accepted on one page is accepted on every page and
//! in the summary.

use chrono::NaiveDate;

/// The forms accepted: ISO (`2028-03-09`, what Overstap shows) and the day-month-year order a
/// Dutch portal or application shows (`09-03-2028`, `9-3-2028`, `09/03/2028`).
const FORMATS: [&str; 4] = ["%Y-%m-%d", "%d-%m-%Y", "%d/%m/%Y", "%-d-%-m-%Y"];

/// Reads a typed date; `None` when it is none of the accepted forms or no real day.
pub fn parse_date(typed: &str) -> Option<NaiveDate> {
    let typed = typed.trim();
    FORMATS
        .iter()
        .find_map(|format| NaiveDate::parse_from_str(typed, format).ok())
}

#[cfg(test)]
mod tests {
    use super::parse_date;
    use chrono::NaiveDate;

    #[test]
    fn dates_in_iso_and_dutch_order() {
        let expected = NaiveDate::from_ymd_opt(2028, 3, 9);
        assert_eq!(parse_date("2028-03-09"), expected);
        assert_eq!(parse_date(" 09-03-2028 "), expected);
        assert_eq!(parse_date("9-3-2028"), expected);
        assert_eq!(parse_date("09/03/2028"), expected);
        assert_eq!(parse_date("March 9"), None);
        assert_eq!(parse_date("2028-02-30"), None);
        assert_eq!(parse_date("gisteren"), None);
    }
}
