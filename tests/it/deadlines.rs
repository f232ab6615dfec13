//! `clec-wizard deadlines`: the timeline as text, JSON and an iCalendar file, the file read
//! back with an independent parser (the `ical` crate, not the `icalendar` that writes it).

use std::fs;
use std::path::Path;

use crate::support::{with_example, wizard};
use serde_json::Value;

fn json(dir: &Path, name: &str) -> Value {
    let out = wizard(dir)
        .args(["deadlines", name, "--json"])
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    serde_json::from_slice(&out.stdout).unwrap()
}

/// One parsed event: UID, DTSTART (with its VALUE parameter), SEQUENCE, alarm triggers.
#[derive(Debug)]
struct Parsed {
    uid: String,
    start: String,
    start_is_date: bool,
    end: String,
    sequence: u64,
    summary: String,
    description: String,
    triggers: Vec<String>,
}

/// RFC 5545 text as written (`\\,` `\\;` `\\n` `\\\\`), which the parser leaves escaped.
fn unescape(text: &str) -> String {
    let mut out = String::new();
    let mut chars = text.chars();
    while let Some(c) = chars.next() {
        match (c, c == '\\') {
            (_, true) => match chars.next() {
                Some('n' | 'N') => out.push('\n'),
                Some(other) => out.push(other),
                None => {}
            },
            _ => out.push(c),
        }
    }
    out
}

fn parse(path: &Path) -> Vec<Parsed> {
    let file = std::io::BufReader::new(fs::File::open(path).unwrap());
    let calendars: Vec<_> = ical::IcalParser::new(file)
        .map(|c| c.expect("a valid calendar"))
        .collect();
    assert_eq!(calendars.len(), 1, "one calendar");
    let calendar = &calendars[0];
    let prodids = calendar
        .properties
        .iter()
        .filter(|p| p.name == "PRODID")
        .count();
    assert_eq!(prodids, 1, "exactly one PRODID");
    calendar
        .events
        .iter()
        .map(|e| {
            let prop = |name: &str| e.properties.iter().find(|p| p.name == name);
            let value = |name: &str| {
                prop(name)
                    .and_then(|p| p.value.clone())
                    .unwrap_or_else(|| panic!("{name} in {e:?}"))
            };
            let start_is_date = prop("DTSTART")
                .and_then(|p| p.params.as_ref())
                .is_some_and(|ps| ps.iter().any(|(k, v)| k == "VALUE" && v == &["DATE"]));
            Parsed {
                uid: value("UID"),
                start: value("DTSTART"),
                start_is_date,
                end: value("DTEND"),
                sequence: value("SEQUENCE").parse().unwrap(),
                summary: unescape(&value("SUMMARY")),
                description: unescape(&value("DESCRIPTION")),
                triggers: e
                    .alarms
                    .iter()
                    .filter_map(|a| a.properties.iter().find(|p| p.name == "TRIGGER"))
                    .filter_map(|p| p.value.clone())
                    .collect(),
            }
        })
        .collect()
}

#[test]
fn the_calendar_has_one_all_day_event_per_deadline_with_stable_uids() {
    let (dir, _) = with_example();
    let doc = json(dir.path(), "example");
    let listed = doc["deadlines"].as_array().unwrap();
    assert!(listed.len() >= 10, "{doc}");
    let (a, b) = (dir.path().join("a.ics"), dir.path().join("b.ics"));
    for path in [&a, &b] {
        wizard(dir.path())
            .args(["deadlines", "example", "--ics"])
            .arg(path)
            .assert()
            .success();
    }
    let (first, second) = (parse(&a), parse(&b));
    assert_eq!(first.len(), listed.len(), "one event per deadline");
    for (event, d) in first.iter().zip(listed) {
        let date = d["date"].as_str().unwrap().replace('-', "");
        assert_eq!(event.start, date, "{event:?}");
        assert!(event.start_is_date, "all-day: {event:?}");
        let next = chrono::NaiveDate::parse_from_str(&date, "%Y%m%d")
            .unwrap()
            .succ_opt()
            .unwrap();
        assert_eq!(
            event.end,
            next.format("%Y%m%d").to_string(),
            "ends the day after"
        );
        assert_eq!(event.summary, d["title"].as_str().unwrap());
        let path = d["path"].as_str().unwrap();
        assert!(
            event.description.contains(path),
            "the source field: {event:?}"
        );
        let future = d["days_left"].as_i64().unwrap() >= 0 && !d["done"].as_bool().unwrap();
        let reminders = d["remind_days_before"].as_array().unwrap().len();
        assert_eq!(
            event.triggers.len(),
            if future { reminders } else { 0 },
            "{event:?}"
        );
    }
    let uids: Vec<&str> = first.iter().map(|e| e.uid.as_str()).collect();
    let mut unique = uids.clone();
    unique.sort();
    unique.dedup();
    assert_eq!(unique.len(), uids.len(), "UIDs are unique: {uids:?}");
    let again: Vec<&str> = second.iter().map(|e| e.uid.as_str()).collect();
    assert_eq!(uids, again, "the same UIDs on a second export");
    assert!(second[0].sequence >= first[0].sequence);
    // The 499-A reminder 30 days ahead goes off at 9:00 (30 days less 9 hours before the
    // all-day event starts at midnight), written in seconds.
    let annual = first
        .iter()
        .find(|e| e.summary.starts_with("FCC Form 499-A"))
        .unwrap();
    let seconds = (30 * 24 - 9) * 3600;
    assert!(
        annual.triggers.contains(&format!("-PT{seconds}S")),
        "{annual:?}"
    );
}

#[test]
fn a_changed_date_keeps_its_uid_so_a_reimport_updates_the_event() {
    let dir = tempfile::tempdir().unwrap();
    wizard(dir.path()).args(["new", "acme"]).assert().success();
    let set = |path: &str, value: &str| {
        wizard(dir.path())
            .args(["set", "acme", path, value])
            .assert()
            .success();
    };
    set("network.turn_up_on", "2030-03-04");
    let ics = dir.path().join("acme.ics");
    let export = || {
        wizard(dir.path())
            .args(["deadlines", "acme", "--force", "--ics"])
            .arg(&ics)
            .assert()
            .success();
        parse(&ics)
    };
    let before = export();
    set("network.turn_up_on", "2030-03-11");
    let after = export();
    let turn_up = |events: &[Parsed]| {
        events
            .iter()
            .find(|e| e.summary == "Turn-up")
            .map(|e| (e.uid.clone(), e.start.clone()))
            .unwrap()
    };
    let (uid_before, start_before) = turn_up(&before);
    let (uid_after, start_after) = turn_up(&after);
    assert_eq!(uid_before, uid_after);
    assert_eq!(
        (start_before.as_str(), start_after.as_str()),
        ("20300304", "20300311")
    );
    // Without --force an existing file is kept.
    let out = wizard(dir.path())
        .args(["deadlines", "acme", "--ics"])
        .arg(&ics)
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("--force"));
}

#[test]
fn the_text_lists_each_deadline_with_days_left_and_weekend_notes() {
    let dir = tempfile::tempdir().unwrap();
    wizard(dir.path()).args(["new", "acme"]).assert().success();
    // Sunday 12 July 2026 and Friday 3 July 2026, the observed Independence Day.
    for (path, value) in [
        ("network.turn_up_on", "2026-07-12"),
        ("network.joint_planning_on", "2026-07-03"),
    ] {
        wizard(dir.path())
            .args(["set", "acme", path, value])
            .assert()
            .success();
    }
    let out = wizard(dir.path())
        .args(["deadlines", "acme"])
        .output()
        .unwrap();
    let text = String::from_utf8(out.stdout).unwrap();
    assert!(text.contains("2026-07-12 Sun"), "{text}");
    assert!(
        text.contains("! Sunday; next business day Mon 2026-07-13"),
        "{text}"
    );
    assert!(
        text.contains("! Independence Day (observed); next business day Mon 2026-07-06"),
        "{text}"
    );
    assert!(text.contains("network.turn_up_on"), "{text}");
    assert!(text.contains(" deadlines: 0 overdue, "), "{text}");
    let doc = json(dir.path(), "acme");
    let turn_up = doc["deadlines"]
        .as_array()
        .unwrap()
        .iter()
        .find(|d| d["path"] == "network.turn_up_on")
        .unwrap();
    assert_eq!(turn_up["weekday"], "Sun");
    assert_eq!(turn_up["kind"], "plan");
    assert_eq!(turn_up["next_business_day"], "2026-07-13");
    assert_eq!(turn_up["note"], "Sunday; next business day Mon 2026-07-13");
    // A statutory deadline's note never points past it: Day 0 on 2 February 2026 puts
    // day 160 on Sunday 12 July 2026.
    for (path, value) in [
        ("negotiation.agreements[+].state", "CO"),
        ("negotiation.agreements[1].received_on", "2026-02-02"),
    ] {
        wizard(dir.path())
            .args(["set", "acme", path, value])
            .assert()
            .success();
    }
    let closes = json(dir.path(), "acme")["deadlines"]
        .as_array()
        .unwrap()
        .iter()
        .find(|d| d["path"] == "negotiation.agreements[1].arbitration_window_closes")
        .cloned()
        .unwrap();
    assert_eq!(closes["kind"], "statutory");
    assert_eq!(closes["last_business_day_before"], "2026-07-10");
    let note = "Sunday; the deadline does not move: last business day before it Fri 2026-07-10";
    assert_eq!(closes["note"], note);
    let out = wizard(dir.path())
        .args(["deadlines", "acme"])
        .output()
        .unwrap();
    let text = String::from_utf8(out.stdout).unwrap();
    assert!(text.contains(&format!("! {note}")), "{text}");
}

/// A company name is the calendar's name: a line break, `BEGIN:VEVENT` or a comma in it
/// stay text (RFC 5545 escaping of every property, NAME included), so the file holds
/// exactly the events listed, and the name reads back as typed, on one line (a tab read
/// as a space).
#[test]
fn a_hostile_company_name_cannot_add_an_event_to_the_calendar() {
    let (dir, _) = with_example();
    let file = dir.path().join("saves/example.ron");
    let forged = r"Evil,\tInc; \\ x\nEND:VCALENDAR\nBEGIN:VEVENT\nUID:forged@x\nSUMMARY:Forged\nDTSTART;VALUE=DATE:20270101\nEND:VEVENT";
    let text = fs::read_to_string(&file).unwrap().replace(
        r#""profile.legal_name": Text("Prairie Lantern Communications LLC")"#,
        &format!(r#""profile.legal_name": Text("{forged}")"#),
    );
    fs::write(&file, text).unwrap();
    let listed = json(dir.path(), "example")["deadlines"]
        .as_array()
        .unwrap()
        .len();
    let ics = dir.path().join("x.ics");
    wizard(dir.path())
        .args(["deadlines", "example", "--ics"])
        .arg(&ics)
        .assert()
        .success();
    let events = parse(&ics);
    assert_eq!(events.len(), listed, "exactly the events listed");
    assert!(events.iter().all(|e| e.summary != "Forged"));
    let reader = std::io::BufReader::new(fs::File::open(&ics).unwrap());
    let calendar = ical::IcalParser::new(reader).next().unwrap().unwrap();
    for name in ["NAME", "X-WR-CALNAME"] {
        let value = calendar
            .properties
            .iter()
            .find(|p| p.name == name)
            .and_then(|p| p.value.clone())
            .unwrap_or_else(|| panic!("{name}"));
        assert_eq!(
            unescape(&value),
            r"Evil, Inc; \ x END:VCALENDAR BEGIN:VEVENT UID:forged@x SUMMARY:Forged DTSTART;VALUE=DATE:20270101 END:VEVENT - CLEC deadlines",
            "{name}"
        );
    }
}
