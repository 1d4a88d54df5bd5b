//! Comparing an installed `DisplayVersion` with a catalogue minimum such as `2021 Build 6618`,
//! `4.4 (Build 14954)` or `422SP14 / 423SP7 / 424SP1`.
//!
//! Only versions of the same shape are compared; anything else is "check by hand", because a
//! wrong "sufficient" would send an admin into a failing OAuth setup.

/// The outcome of one comparison.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Comparison {
    Sufficient,
    Older,
    NotComparable,
}

/// Compares `installed` with `minimum`.
pub fn compare(installed: &str, minimum: &str) -> Comparison {
    if let Some(needed) = build_of(minimum) {
        return match installed_build(installed) {
            Some(have) if have >= needed => Comparison::Sufficient,
            Some(_) => Comparison::Older,
            None => Comparison::NotComparable,
        };
    }
    let releases: Vec<(u32, u32)> = minimum
        .split('/')
        .filter_map(|part| release_sp(part.trim()))
        .collect();
    if !releases.is_empty() {
        let Some((release, sp)) = release_sp(installed.trim()) else {
            return Comparison::NotComparable;
        };
        let lowest = releases.iter().map(|r| r.0).min().unwrap_or(0);
        let highest = releases.iter().map(|r| r.0).max().unwrap_or(0);
        return match releases.iter().find(|(r, _)| *r == release) {
            Some((_, needed)) if sp >= *needed => Comparison::Sufficient,
            Some(_) => Comparison::Older,
            None if release > highest => Comparison::Sufficient,
            None if release < lowest => Comparison::Older,
            None => Comparison::NotComparable,
        };
    }
    Comparison::NotComparable
}

/// `... Build 6618` -> 6618.
fn build_of(text: &str) -> Option<u64> {
    let lower = text.to_ascii_lowercase();
    let (_, after) = lower.split_once("build")?;
    let digits: String = after
        .trim_start()
        .chars()
        .take_while(char::is_ascii_digit)
        .collect();
    digits.parse().ok()
}

/// The build number of an installed version: `Build N`, or the third part of a dotted version
/// (`9.0.6333`, `2021.0.6618.1`): how BPA Platform's installer writes it.
fn installed_build(installed: &str) -> Option<u64> {
    if let Some(build) = build_of(installed) {
        return Some(build);
    }
    let parts: Vec<&str> = installed.trim().split('.').collect();
    if parts.len() < 3
        || parts
            .iter()
            .any(|p| p.is_empty() || !p.bytes().all(|b| b.is_ascii_digit()))
    {
        return None;
    }
    parts[2].parse().ok()
}

/// `422SP14` / `422 SP 14` -> (422, 14).
fn release_sp(text: &str) -> Option<(u32, u32)> {
    let lower = text.to_ascii_lowercase().replace(' ', "");
    let (release, sp) = lower.split_once("sp")?;
    Some((release.parse().ok()?, sp.parse().ok()?))
}

#[cfg(test)]
mod tests {
    use super::*;
    use Comparison::*;

    #[test]
    fn comparison_table() {
        let table = [
            ("9.0.6333", "2021 Build 6618", Older),
            ("2020 Build 6333", "2021 Build 6618", Older),
            ("10.0.6618", "2021 Build 6618", Sufficient),
            ("2024.0.8750.12", "2021 Build 6618", Sufficient),
            ("2021", "2021 Build 6618", NotComparable),
            ("", "2021 Build 6618", NotComparable),
            ("4.4.14954", "4.4 (Build 14954)", Sufficient),
            ("4.3.14000", "4.4 (Build 14954)", Older),
            ("422SP10", "422SP14 / 423SP7 / 424SP1", Older),
            ("422 SP 14", "422SP14 / 423SP7 / 424SP1", Sufficient),
            ("423SP7", "422SP14 / 423SP7 / 424SP1", Sufficient),
            ("425SP1", "422SP14 / 423SP7 / 424SP1", Sufficient),
            ("421SP20", "422SP14 / 423SP7 / 424SP1", Older),
            ("267SP13", "267SP14 / 500SP7 / 501SP1", Older),
            ("300SP1", "267SP14 / 500SP7 / 501SP1", NotComparable),
            ("422.10", "422SP14 / 423SP7 / 424SP1", NotComparable),
            ("15", "16 + Microsoft Graph patch", NotComparable),
        ];
        for (installed, minimum, expected) in table {
            assert_eq!(
                compare(installed, minimum),
                expected,
                "{installed} vs {minimum}"
            );
        }
    }
}
