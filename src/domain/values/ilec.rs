//! CenturyLink's incumbent carriers (ILEC entities) as data: which company an agreement is
//! addressed to, the states it serves and the region (CenturyLink QC or CT/EQ) whose
//! templates, points of interconnection and collocation apply. One state can have more
//! than one (Idaho: Qwest Corporation beside two CenturyTel companies). Every entry names
//! its source tag (the domain notes' list) and the date the fact refers to; an entry the
//! sources do not name outright says so (`inferred`).
//!
//! The seed page the forms follow predates the Lumen–Brightspeed sale: entries whose fact
//! is later than the seed say so ([`Entity::postdates_seed`]), and `check-forms` lists them.

use serde::{Deserialize, Serialize};

/// The CenturyLink/Lumen incumbent region: what an entity belongs to, and a state lies in
/// (both, in Idaho).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum Region {
    /// CenturyLink QC, the former Qwest 14-state region (collocation, LIS POIs, NTA).
    Qc,
    /// Other Lumen-retained ILEC territory (former CenturyTel/Embarq templates).
    CtEq,
    /// No CenturyLink/Lumen ILEC territory.
    Outside,
}

/// One CenturyLink ILEC entity.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Entity {
    /// The value a choice stores (`qwest_qc`).
    pub id: &'static str,
    /// The legal name as agreements and commission filings give it.
    pub name: &'static str,
    pub region: Region,
    /// USPS codes of the states it serves as an incumbent.
    pub states: &'static [&'static str],
    /// Source tags of the domain notes (`S80`), or `I` for an inference.
    pub source: &'static str,
    /// When the fact holds: the date (or month) of its source.
    pub as_of: &'static str,
    /// The sources do not name the entity or its states outright: an inference to check.
    pub inferred: bool,
    /// The fact is later than the seed page (the journey's `seed`, June 6, 2022).
    pub postdates_seed: bool,
}

const QC_STATES: &[&str] = &[
    "AZ", "CO", "IA", "ID", "MN", "MT", "ND", "NE", "NM", "OR", "SD", "UT", "WA", "WY",
];

/// Every entity, the QC one first.
pub(crate) const ENTITIES: &[Entity] = &[
    Entity {
        id: "qwest_qc",
        name: "Qwest Corporation d/b/a CenturyLink QC",
        region: Region::Qc,
        states: QC_STATES,
        source: "S80",
        as_of: "2022, the 14 former Qwest states (kept after the October 2022 sale, S81)",
        inferred: false,
        postdates_seed: false,
    },
    Entity {
        id: "centurytel_idaho",
        name: "CenturyTel of Idaho, Inc. d/b/a CenturyLink",
        region: Region::CtEq,
        states: &["ID"],
        source: "S84",
        as_of: "2015 (Idaho PUC filings)",
        inferred: false,
        postdates_seed: false,
    },
    Entity {
        id: "centurytel_gem_state",
        name: "CenturyTel of the Gem State, Inc. d/b/a CenturyLink",
        region: Region::CtEq,
        states: &["ID"],
        source: "S84",
        as_of: "2015 (Idaho PUC filings)",
        inferred: false,
        postdates_seed: false,
    },
    // The sale left Lumen 16 ILEC states [S81]; that the two outside QC are Florida and
    // Nevada is the domain notes' inference, and the sources name no company there.
    Entity {
        id: "cteq_fl",
        name: "CenturyLink CT/EQ incumbent in Florida (legal name to confirm)",
        region: Region::CtEq,
        states: &["FL"],
        source: "S81, I",
        as_of: "October 2022 (after the Lumen-Brightspeed sale)",
        inferred: true,
        postdates_seed: true,
    },
    Entity {
        id: "cteq_nv",
        name: "CenturyLink CT/EQ incumbent in Nevada (legal name to confirm)",
        region: Region::CtEq,
        states: &["NV"],
        source: "S81, I",
        as_of: "October 2022 (after the Lumen-Brightspeed sale)",
        inferred: true,
        postdates_seed: true,
    },
];

/// The entity stored as `id`.
pub fn find(id: &str) -> Option<&'static Entity> {
    ENTITIES.iter().find(|e| e.id == id)
}

/// The entities that serve `state` (a USPS code), in table order.
pub(crate) fn serving(state: &str) -> impl Iterator<Item = &'static Entity> + '_ {
    ENTITIES.iter().filter(move |e| e.states.contains(&state))
}

/// Whether `state` lies in `region`: an entity of that region serves it (for `Outside`:
/// none serves it). A state can be in both QC and CT/EQ.
pub(crate) fn in_region(state: &str, region: Region) -> bool {
    match region {
        Region::Outside => serving(state).next().is_none(),
        _ => serving(state).any(|e| e.region == region),
    }
}

/// Whether the entity stored as `id` serves `state`.
pub fn serves(id: &str, state: &str) -> bool {
    find(id).is_some_and(|e| e.states.contains(&state))
}

/// The entities as the options of a choice (the shared set `ilec_entities`): value and
/// label.
pub fn options() -> impl Iterator<Item = (&'static str, &'static str)> {
    ENTITIES.iter().map(|e| (e.id, e.name))
}

/// The name of the shared option set the table provides.
pub(crate) const OPTION_SET: &str = "ilec_entities";

/// One line per entity for `check-forms`: name, states, region, source and date, marked
/// when it is an inference or later than the seed page.
pub fn describe() -> Vec<String> {
    ENTITIES
        .iter()
        .map(|e| {
            let region = match e.region {
                Region::Qc => "CenturyLink QC",
                Region::CtEq => "CenturyLink CT/EQ",
                Region::Outside => "none",
            };
            let mut line = format!(
                "{} ({}): {}; source {}, as of {}",
                e.name,
                region,
                e.states.join(", "),
                e.source,
                e.as_of
            );
            if e.inferred {
                line.push_str("; inferred");
            }
            if e.postdates_seed {
                line.push_str("; later than the seed page");
            }
            line
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn idaho_has_three_entities_in_two_regions() {
        let ids: Vec<_> = serving("ID").map(|e| e.id).collect();
        assert_eq!(
            ids,
            ["qwest_qc", "centurytel_idaho", "centurytel_gem_state"]
        );
        assert!(in_region("ID", Region::Qc) && in_region("ID", Region::CtEq));
        assert!(in_region("CO", Region::Qc) && !in_region("CO", Region::CtEq));
        assert!(in_region("NV", Region::CtEq) && !in_region("NV", Region::Qc));
        assert!(in_region("TX", Region::Outside) && !in_region("CO", Region::Outside));
    }

    #[test]
    fn entities_have_unique_ids_a_source_and_known_states() {
        let mut ids: Vec<_> = ENTITIES.iter().map(|e| e.id).collect();
        ids.dedup();
        assert_eq!(ids.len(), ENTITIES.len());
        for e in ENTITIES {
            assert!(!e.source.is_empty() && !e.as_of.is_empty(), "{e:?}");
            assert!(
                e.states
                    .iter()
                    .all(|s| s.len() == 2 && s.chars().all(|c| c.is_ascii_uppercase()))
            );
            // An inferred entry says so in the name documents print.
            assert_eq!(e.inferred, e.name.contains("to confirm"), "{e:?}");
        }
        assert!(serves("centurytel_idaho", "ID") && !serves("centurytel_idaho", "UT"));
    }

    #[test]
    fn check_forms_lines_mark_inferences_and_later_facts() {
        let lines = describe();
        assert!(lines.iter().any(|l| l.contains("Nevada")
            && l.contains("inferred")
            && l.contains("later than the seed page")));
        assert!(lines[0].starts_with("Qwest Corporation d/b/a CenturyLink QC"));
        assert!(!lines[0].contains("later than"));
    }
}
