//! A realistic large draft on the shipped forms: the example draft grown to what a big
//! facility-based CLEC files. Every state CenturyLink serves (the 14 QC states and the
//! two CTEQ ones) in the per-state groups and state lists, 40 LATAs (each with a point of
//! interconnection), 200 trunk groups, 100 collocation requests and 50 contacts. Each
//! generated row copies a row of the example draft (cycling through them) and gets its
//! own state, LATA, NPA-NXX, CLLI codes, name, e-mail and phone, so the answers are
//! plausible and the draft loads and validates (warnings included) like a real one.
//!
//! `cargo bench --bench large` measures it; with `CLEC_WIZARD_LARGE_DRAFT=DIR` that bench
//! also writes it to `DIR/large.ron` for the release binary (`--saves DIR open large`).

use std::collections::BTreeMap;

use clec_wizard::domain::draft::Draft;
use clec_wizard::domain::values::answer::Answer;

/// The states CenturyLink serves as an incumbent: QC, then CTEQ.
pub const STATES: [&str; 16] = [
    "AZ", "CO", "IA", "ID", "MN", "MT", "ND", "NE", "NM", "OR", "SD", "UT", "WA", "WY", "FL", "NV",
];
pub const LATAS: usize = 40;
pub const TRUNK_GROUPS: usize = 200;
pub const COLLOCATIONS: usize = 100;
pub const CONTACTS: usize = 50;

/// A CLLI city code per state (four letters), for switches, POIs and wire centers.
const CITIES: [&str; 16] = [
    "PHNX", "DNVR", "DSMN", "BOIS", "MPLS", "BLNG", "FARG", "OMAH", "ALBQ", "PTLD", "SXFL", "SLKC",
    "STTL", "CHEY", "TLHS", "LSVG",
];
const NPAS: [&str; 16] = [
    "602", "720", "515", "208", "612", "406", "701", "402", "505", "503", "605", "801", "206",
    "307", "850", "702",
];
const FIRST: [&str; 10] = [
    "Ana", "Ben", "Chloe", "Dev", "Elena", "Farid", "Grace", "Hiro", "Ines", "Jonah",
];
const LAST: [&str; 10] = [
    "Alvarez", "Brandt", "Castillo", "Dubois", "Eriksen", "Fong", "Gallo", "Haddad", "Ivanova",
    "Jensen",
];

/// The example draft grown to the sizes above.
pub fn large_draft(example: &Draft) -> Draft {
    let mut draft = example.clone();
    let all: Vec<String> = STATES.iter().map(|s| s.to_string()).collect();
    for list in [
        "profile.target_states",
        "agreement-request.states_requested",
    ] {
        draft.answers.insert(list.into(), Answer::Many(all.clone()));
    }
    let per_state = |i: usize| i % STATES.len();
    let per_lata = |i: usize| i % LATAS % STATES.len();
    grow(&mut draft, "certification.states", STATES.len(), per_state);
    grow(
        &mut draft,
        "questionnaire.state_rows",
        STATES.len(),
        per_state,
    );
    grow(
        &mut draft,
        "agreement-request.agreements",
        STATES.len(),
        per_state,
    );
    grow(&mut draft, "questionnaire.latas", LATAS, per_lata);
    grow(&mut draft, "network.pois", LATAS, per_lata);
    grow(&mut draft, "network.trunk_groups", TRUNK_GROUPS, per_lata);
    grow(&mut draft, "collocation.requests", COLLOCATIONS, per_lata);
    grow(&mut draft, "questionnaire.contacts", CONTACTS, per_state);
    draft
}

/// Replaces the rows of `group` (`form.group`) by `n` rows made from its rows in the
/// example; row `i` (from 0) is in the state `STATES[state(i)]`.
fn grow(draft: &mut Draft, group: &str, n: usize, state: impl Fn(usize) -> usize) {
    let prefix = format!("{group}[");
    let templates: Vec<BTreeMap<String, Answer>> = {
        let mut rows: BTreeMap<usize, BTreeMap<String, Answer>> = BTreeMap::new();
        for (key, answer) in &draft.answers {
            let Some(rest) = key.strip_prefix(&prefix) else {
                continue;
            };
            let Some((row, field)) = rest.split_once("].") else {
                continue;
            };
            let row: usize = row.parse().expect("rows are numbered in memory");
            rows.entry(row)
                .or_default()
                .insert(field.to_string(), answer.clone());
        }
        rows.into_values().collect()
    };
    assert!(
        !templates.is_empty(),
        "the example draft has rows of {group}"
    );
    draft.answers.retain(|k, _| !k.starts_with(&prefix));
    draft.answers.insert(group.to_string(), Answer::Rows(n));
    draft.row_ids.insert(
        group.to_string(),
        (1..=n).map(|r| format!("{r}-{}", tag(group, r))).collect(),
    );
    for i in 0..n {
        let template = &templates[i % templates.len()];
        for (field, answer) in template {
            let answer = match answer {
                Answer::Text(t) => Answer::Text(value(field, t, i, state(i))),
                other => other.clone(),
            };
            draft
                .answers
                .insert(format!("{group}[{}].{field}", i + 1), answer);
        }
    }
}

/// The answer of `field` in generated row `i` (in state `s`), from the example's `text`.
fn value(field: &str, text: &str, i: usize, s: usize) -> String {
    let person = (FIRST[i % FIRST.len()], LAST[(i / FIRST.len()) % LAST.len()]);
    match field {
        "state" | "optin_state" => STATES[s].into(),
        "lata" => lata(i % LATAS),
        "npa_nxx" => format!("{}-{}", NPAS[s], 200 + i),
        "name" if text.contains(' ') && text.chars().any(|c| c.is_ascii_digit()) => {
            format!("{} local {}", &CITIES[s], i + 1)
        }
        "name" | "badge_spoc" => format!("{} {}", person.0, person.1),
        "email" | "badge_spoc_email" => format!(
            "{}.{}{}@prairielantern.example",
            person.0.to_lowercase(),
            person.1.to_lowercase(),
            i + 1
        ),
        "phone" | "after_hours_phone" => format!("{}-555-{:04}", NPAS[s], 100 + i % 100),
        f if f.ends_with("clli") || f == "wire_center" || f == "actl" => {
            // The city, the state's two letters, then what the example has after them.
            let tail = text.get(6..).unwrap_or("");
            format!("{}{}{tail}", CITIES[s], STATES[s])
        }
        _ => text.to_string(),
    }
}

/// A LATA number (three digits) per index.
fn lata(i: usize) -> String {
    format!("{}", 620 + 2 * i)
}

/// The letters of a row id, fixed by the group and the row (so every run writes the same
/// file).
fn tag(group: &str, row: usize) -> String {
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    for b in group.bytes().chain(row.to_le_bytes()) {
        h = (h ^ u64::from(b)).wrapping_mul(0x0100_0000_01b3);
    }
    (0..4)
        .map(|k| {
            let d = ((h >> (k * 8)) % 36) as u32;
            char::from_digit(d, 36).unwrap()
        })
        .collect()
}
