//! US states (USPS codes), the name of each one's public utility commission (pre-filled on
//! the certification form) and the CenturyLink regions, which the ILEC entity table decides.

pub use super::ilec::Region;

/// One US state or district.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct UsState {
    pub code: &'static str,
    pub name: &'static str,
    /// The state's public utility commission (or equivalent agency).
    pub commission: &'static str,
}

use Region::{CtEq, Outside, Qc};

impl UsState {
    /// Whether a CenturyLink entity of `region` serves the state (for `Outside`: none
    /// does), from the table of ILEC entities: a state can be in QC and CT/EQ both.
    pub(crate) fn in_region(&self, region: Region) -> bool {
        crate::domain::values::ilec::in_region(self.code, region)
    }
}

const fn state(code: &'static str, name: &'static str, commission: &'static str) -> UsState {
    UsState {
        code,
        name,
        commission,
    }
}

/// All 50 states and the District of Columbia, sorted by code.
#[rustfmt::skip]
pub(crate) const ALL: &[UsState] = &[
    state("AK", "Alaska", "Regulatory Commission of Alaska"),
    state("AL", "Alabama", "Alabama Public Service Commission"),
    state("AR", "Arkansas", "Arkansas Public Service Commission"),
    state("AZ", "Arizona", "Arizona Corporation Commission"),
    state("CA", "California", "California Public Utilities Commission"),
    state("CO", "Colorado", "Colorado Public Utilities Commission"),
    state("CT", "Connecticut", "Connecticut Public Utilities Regulatory Authority"),
    state("DC", "District of Columbia", "Public Service Commission of the District of Columbia"),
    state("DE", "Delaware", "Delaware Public Service Commission"),
    state("FL", "Florida", "Florida Public Service Commission"),
    state("GA", "Georgia", "Georgia Public Service Commission"),
    state("HI", "Hawaii", "Hawaii Public Utilities Commission"),
    state("IA", "Iowa", "Iowa Utilities Commission"),
    state("ID", "Idaho", "Idaho Public Utilities Commission"),
    state("IL", "Illinois", "Illinois Commerce Commission"),
    state("IN", "Indiana", "Indiana Utility Regulatory Commission"),
    state("KS", "Kansas", "Kansas Corporation Commission"),
    state("KY", "Kentucky", "Kentucky Public Service Commission"),
    state("LA", "Louisiana", "Louisiana Public Service Commission"),
    state("MA", "Massachusetts", "Massachusetts Department of Telecommunications and Cable"),
    state("MD", "Maryland", "Maryland Public Service Commission"),
    state("ME", "Maine", "Maine Public Utilities Commission"),
    state("MI", "Michigan", "Michigan Public Service Commission"),
    state("MN", "Minnesota", "Minnesota Public Utilities Commission"),
    state("MO", "Missouri", "Missouri Public Service Commission"),
    state("MS", "Mississippi", "Mississippi Public Service Commission"),
    state("MT", "Montana", "Montana Public Service Commission"),
    state("NC", "North Carolina", "North Carolina Utilities Commission"),
    state("ND", "North Dakota", "North Dakota Public Service Commission"),
    state("NE", "Nebraska", "Nebraska Public Service Commission"),
    state("NH", "New Hampshire", "New Hampshire Public Utilities Commission"),
    state("NJ", "New Jersey", "New Jersey Board of Public Utilities"),
    state("NM", "New Mexico", "New Mexico Public Regulation Commission"),
    state("NV", "Nevada", "Public Utilities Commission of Nevada"),
    state("NY", "New York", "New York State Public Service Commission"),
    state("OH", "Ohio", "Public Utilities Commission of Ohio"),
    state("OK", "Oklahoma", "Oklahoma Corporation Commission"),
    state("OR", "Oregon", "Public Utility Commission of Oregon"),
    state("PA", "Pennsylvania", "Pennsylvania Public Utility Commission"),
    state("RI", "Rhode Island", "Rhode Island Public Utilities Commission"),
    state("SC", "South Carolina", "Public Service Commission of South Carolina"),
    state("SD", "South Dakota", "South Dakota Public Utilities Commission"),
    state("TN", "Tennessee", "Tennessee Public Utility Commission"),
    state("TX", "Texas", "Public Utility Commission of Texas"),
    state("UT", "Utah", "Public Service Commission of Utah"),
    state("VA", "Virginia", "Virginia State Corporation Commission"),
    state("VT", "Vermont", "Vermont Public Utility Commission"),
    state("WA", "Washington", "Washington Utilities and Transportation Commission"),
    state("WI", "Wisconsin", "Public Service Commission of Wisconsin"),
    state("WV", "West Virginia", "Public Service Commission of West Virginia"),
    state("WY", "Wyoming", "Wyoming Public Service Commission"),
];

/// Finds a state by its USPS code (case-insensitive) or full name.
pub fn find(code_or_name: &str) -> Option<&'static UsState> {
    let key = code_or_name.trim();
    ALL.iter()
        .find(|s| s.code.eq_ignore_ascii_case(key) || s.name.eq_ignore_ascii_case(key))
}

/// Checks a typed state and returns its code, refusing states outside `only` when given.
pub fn parse(input: &str, only: Option<Region>) -> Result<&'static UsState, String> {
    let state =
        find(input).ok_or_else(|| format!("{:?} is not a US state code, e.g. CO", input.trim()))?;
    match only {
        Some(region) if !state.in_region(region) => Err(format!(
            "{} is outside the {} region",
            state.code,
            region_name(region)
        )),
        _ => Ok(state),
    }
}

/// A region's name as users read it.
pub(crate) fn region_name(region: Region) -> &'static str {
    match region {
        Qc => "CenturyLink QC (former Qwest 14-state)",
        CtEq => "CenturyLink CT/EQ",
        Outside => "non-CenturyLink",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fifty_states_and_dc_sorted_and_unique() {
        assert_eq!(ALL.len(), 51);
        assert!(ALL.windows(2).all(|w| w[0].code < w[1].code));
    }

    #[test]
    fn qc_region_has_the_fourteen_states() {
        let qc: Vec<_> = ALL
            .iter()
            .filter(|s| s.in_region(Qc))
            .map(|s| s.code)
            .collect();
        assert_eq!(
            qc,
            [
                "AZ", "CO", "IA", "ID", "MN", "MT", "ND", "NE", "NM", "OR", "SD", "UT", "WA", "WY"
            ]
        );
    }

    #[test]
    fn find_by_code_or_name() {
        assert_eq!(find("co").unwrap().code, "CO");
        assert_eq!(find("New Mexico").unwrap().code, "NM");
        assert!(find("XX").is_none());
    }

    #[test]
    fn parse_limits_to_region() {
        assert!(parse("CO", Some(Qc)).is_ok());
        let err = parse("TX", Some(Qc)).unwrap_err();
        assert!(err.contains("TX is outside the CenturyLink QC"), "{err}");
        assert!(parse("ZZ", None).unwrap_err().contains("not a US state"));
    }
}
