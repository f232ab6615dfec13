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

macro_rules! states {
    ($(($code:literal, $name:literal, $region:expr, $commission:literal)),* $(,)?) => {
        /// All 50 states and the District of Columbia, sorted by code.
        pub const ALL: &[UsState] = &[
            $(UsState { code: $code, name: $name, region: $region, commission: $commission }),*
        ];
    };
}

// FL and NV as the two non-QC Lumen-retained states is an inference in the domain notes.
states![
    ("AK", "Alaska", Outside, "Regulatory Commission of Alaska"),
    (
        "AL",
        "Alabama",
        Outside,
        "Alabama Public Service Commission"
    ),
    (
        "AR",
        "Arkansas",
        Outside,
        "Arkansas Public Service Commission"
    ),
    ("AZ", "Arizona", Qc, "Arizona Corporation Commission"),
    (
        "CA",
        "California",
        Outside,
        "California Public Utilities Commission"
    ),
    ("CO", "Colorado", Qc, "Colorado Public Utilities Commission"),
    (
        "CT",
        "Connecticut",
        Outside,
        "Connecticut Public Utilities Regulatory Authority"
    ),
    (
        "DC",
        "District of Columbia",
        Outside,
        "Public Service Commission of the District of Columbia"
    ),
    (
        "DE",
        "Delaware",
        Outside,
        "Delaware Public Service Commission"
    ),
    ("FL", "Florida", CtEq, "Florida Public Service Commission"),
    (
        "GA",
        "Georgia",
        Outside,
        "Georgia Public Service Commission"
    ),
    (
        "HI",
        "Hawaii",
        Outside,
        "Hawaii Public Utilities Commission"
    ),
    ("IA", "Iowa", Qc, "Iowa Utilities Commission"),
    ("ID", "Idaho", Qc, "Idaho Public Utilities Commission"),
    ("IL", "Illinois", Outside, "Illinois Commerce Commission"),
    (
        "IN",
        "Indiana",
        Outside,
        "Indiana Utility Regulatory Commission"
    ),
    ("KS", "Kansas", Outside, "Kansas Corporation Commission"),
    (
        "KY",
        "Kentucky",
        Outside,
        "Kentucky Public Service Commission"
    ),
    (
        "LA",
        "Louisiana",
        Outside,
        "Louisiana Public Service Commission"
    ),
    (
        "MA",
        "Massachusetts",
        Outside,
        "Massachusetts Department of Telecommunications and Cable"
    ),
    (
        "MD",
        "Maryland",
        Outside,
        "Maryland Public Service Commission"
    ),
    ("ME", "Maine", Outside, "Maine Public Utilities Commission"),
    (
        "MI",
        "Michigan",
        Outside,
        "Michigan Public Service Commission"
    ),
    (
        "MN",
        "Minnesota",
        Qc,
        "Minnesota Public Utilities Commission"
    ),
    (
        "MO",
        "Missouri",
        Outside,
        "Missouri Public Service Commission"
    ),
    (
        "MS",
        "Mississippi",
        Outside,
        "Mississippi Public Service Commission"
    ),
    ("MT", "Montana", Qc, "Montana Public Service Commission"),
    (
        "NC",
        "North Carolina",
        Outside,
        "North Carolina Utilities Commission"
    ),
    (
        "ND",
        "North Dakota",
        Qc,
        "North Dakota Public Service Commission"
    ),
    ("NE", "Nebraska", Qc, "Nebraska Public Service Commission"),
    (
        "NH",
        "New Hampshire",
        Outside,
        "New Hampshire Public Utilities Commission"
    ),
    (
        "NJ",
        "New Jersey",
        Outside,
        "New Jersey Board of Public Utilities"
    ),
    (
        "NM",
        "New Mexico",
        Qc,
        "New Mexico Public Regulation Commission"
    ),
    (
        "NV",
        "Nevada",
        CtEq,
        "Public Utilities Commission of Nevada"
    ),
    (
        "NY",
        "New York",
        Outside,
        "New York State Public Service Commission"
    ),
    ("OH", "Ohio", Outside, "Public Utilities Commission of Ohio"),
    ("OK", "Oklahoma", Outside, "Oklahoma Corporation Commission"),
    ("OR", "Oregon", Qc, "Public Utility Commission of Oregon"),
    (
        "PA",
        "Pennsylvania",
        Outside,
        "Pennsylvania Public Utility Commission"
    ),
    (
        "RI",
        "Rhode Island",
        Outside,
        "Rhode Island Public Utilities Commission"
    ),
    (
        "SC",
        "South Carolina",
        Outside,
        "Public Service Commission of South Carolina"
    ),
    (
        "SD",
        "South Dakota",
        Qc,
        "South Dakota Public Utilities Commission"
    ),
    (
        "TN",
        "Tennessee",
        Outside,
        "Tennessee Public Utility Commission"
    ),
    ("TX", "Texas", Outside, "Public Utility Commission of Texas"),
    ("UT", "Utah", Qc, "Public Service Commission of Utah"),
    (
        "VA",
        "Virginia",
        Outside,
        "Virginia State Corporation Commission"
    ),
    (
        "VT",
        "Vermont",
        Outside,
        "Vermont Public Utility Commission"
    ),
    (
        "WA",
        "Washington",
        Qc,
        "Washington Utilities and Transportation Commission"
    ),
    (
        "WI",
        "Wisconsin",
        Outside,
        "Public Service Commission of Wisconsin"
    ),
    (
        "WV",
        "West Virginia",
        Outside,
        "Public Service Commission of West Virginia"
    ),
    ("WY", "Wyoming", Qc, "Wyoming Public Service Commission"),
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
pub fn region_name(region: Region) -> &'static str {
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
