//! US states (USPS codes) with the CenturyLink/Lumen ILEC region each belongs to and the
//! name of its public utility commission (pre-filled on the certification form).

use serde::{Deserialize, Serialize};

/// The CenturyLink/Lumen incumbent region a state belongs to.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum Region {
    /// CenturyLink QC, the former Qwest 14-state region (collocation, LIS POIs, NTA).
    Qc,
    /// Other Lumen-retained ILEC territory (former CenturyTel/Embarq templates).
    CtEq,
    /// No CenturyLink/Lumen ILEC territory.
    Outside,
}

/// One US state or district.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct UsState {
    pub code: &'static str,
    pub name: &'static str,
    pub region: Region,
    /// The state's public utility commission (or equivalent agency).
    pub commission: &'static str,
}

use Region::{CtEq, Outside, Qc};

const fn state(
    code: &'static str,
    name: &'static str,
    region: Region,
    commission: &'static str,
) -> UsState {
    UsState {
        code,
        name,
        region,
        commission,
    }
}

/// All 50 states and the District of Columbia, sorted by code.
// FL and NV as the two non-QC Lumen-retained states is an inference in the domain notes.
#[rustfmt::skip]
pub(crate) const ALL: &[UsState] = &[
    state("AK", "Alaska", Outside, "Regulatory Commission of Alaska"),
    state("AL", "Alabama", Outside, "Alabama Public Service Commission"),
    state("AR", "Arkansas", Outside, "Arkansas Public Service Commission"),
    state("AZ", "Arizona", Qc, "Arizona Corporation Commission"),
    state("CA", "California", Outside, "California Public Utilities Commission"),
    state("CO", "Colorado", Qc, "Colorado Public Utilities Commission"),
    state("CT", "Connecticut", Outside, "Connecticut Public Utilities Regulatory Authority"),
    state("DC", "District of Columbia", Outside, "Public Service Commission of the District of Columbia"),
    state("DE", "Delaware", Outside, "Delaware Public Service Commission"),
    state("FL", "Florida", CtEq, "Florida Public Service Commission"),
    state("GA", "Georgia", Outside, "Georgia Public Service Commission"),
    state("HI", "Hawaii", Outside, "Hawaii Public Utilities Commission"),
    state("IA", "Iowa", Qc, "Iowa Utilities Commission"),
    state("ID", "Idaho", Qc, "Idaho Public Utilities Commission"),
    state("IL", "Illinois", Outside, "Illinois Commerce Commission"),
    state("IN", "Indiana", Outside, "Indiana Utility Regulatory Commission"),
    state("KS", "Kansas", Outside, "Kansas Corporation Commission"),
    state("KY", "Kentucky", Outside, "Kentucky Public Service Commission"),
    state("LA", "Louisiana", Outside, "Louisiana Public Service Commission"),
    state("MA", "Massachusetts", Outside, "Massachusetts Department of Telecommunications and Cable"),
    state("MD", "Maryland", Outside, "Maryland Public Service Commission"),
    state("ME", "Maine", Outside, "Maine Public Utilities Commission"),
    state("MI", "Michigan", Outside, "Michigan Public Service Commission"),
    state("MN", "Minnesota", Qc, "Minnesota Public Utilities Commission"),
    state("MO", "Missouri", Outside, "Missouri Public Service Commission"),
    state("MS", "Mississippi", Outside, "Mississippi Public Service Commission"),
    state("MT", "Montana", Qc, "Montana Public Service Commission"),
    state("NC", "North Carolina", Outside, "North Carolina Utilities Commission"),
    state("ND", "North Dakota", Qc, "North Dakota Public Service Commission"),
    state("NE", "Nebraska", Qc, "Nebraska Public Service Commission"),
    state("NH", "New Hampshire", Outside, "New Hampshire Public Utilities Commission"),
    state("NJ", "New Jersey", Outside, "New Jersey Board of Public Utilities"),
    state("NM", "New Mexico", Qc, "New Mexico Public Regulation Commission"),
    state("NV", "Nevada", CtEq, "Public Utilities Commission of Nevada"),
    state("NY", "New York", Outside, "New York State Public Service Commission"),
    state("OH", "Ohio", Outside, "Public Utilities Commission of Ohio"),
    state("OK", "Oklahoma", Outside, "Oklahoma Corporation Commission"),
    state("OR", "Oregon", Qc, "Public Utility Commission of Oregon"),
    state("PA", "Pennsylvania", Outside, "Pennsylvania Public Utility Commission"),
    state("RI", "Rhode Island", Outside, "Rhode Island Public Utilities Commission"),
    state("SC", "South Carolina", Outside, "Public Service Commission of South Carolina"),
    state("SD", "South Dakota", Qc, "South Dakota Public Utilities Commission"),
    state("TN", "Tennessee", Outside, "Tennessee Public Utility Commission"),
    state("TX", "Texas", Outside, "Public Utility Commission of Texas"),
    state("UT", "Utah", Qc, "Public Service Commission of Utah"),
    state("VA", "Virginia", Outside, "Virginia State Corporation Commission"),
    state("VT", "Vermont", Outside, "Vermont Public Utility Commission"),
    state("WA", "Washington", Qc, "Washington Utilities and Transportation Commission"),
    state("WI", "Wisconsin", Outside, "Public Service Commission of Wisconsin"),
    state("WV", "West Virginia", Outside, "Public Service Commission of West Virginia"),
    state("WY", "Wyoming", Qc, "Wyoming Public Service Commission"),
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
        Some(region) if state.region != region => Err(format!(
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
            .filter(|s| s.region == Qc)
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
