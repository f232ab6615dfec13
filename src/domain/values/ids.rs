//! Telecom and business identifiers: one checker per identifier, each returning the
//! normalized value (what is stored) or the message a user sees.
//!
//! Rules follow the project's domain notes (section 7): OCN, SPID, ACNA/CCNA, CIC, CLLI,
//! NPA-NXX, telephone numbers, LATA, SS7 point codes, RAO, FRN, FCC 499 Filer ID, EIN,
//! ZIP, e-mail and the ICA tracking number.

/// A value that passed its check: the normalized form and, for unusual but allowed
/// values, a warning that does not block.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Checked {
    pub value: String,
    pub warning: Option<String>,
}

impl Checked {
    fn ok(value: impl Into<String>) -> Self {
        Self {
            value: value.into(),
            warning: None,
        }
    }

    fn warn(value: impl Into<String>, warning: impl Into<String>) -> Self {
        Self {
            value: value.into(),
            warning: Some(warning.into()),
        }
    }
}

/// Result of checking one identifier: the normalized value or a human message.
pub type CheckResult = Result<Checked, String>;

/// What an identifier looks like, in words, with its one example: what the error
/// messages, `fill` and the wizard say, so a user meets the same example everywhere. Each
/// example passes its own check without a warning (a test says so).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Shape {
    /// The identifier's name.
    pub name: &'static str,
    /// Its shape in words ("9 digits").
    pub what: &'static str,
    /// One value of that shape (two, joined by " or ", where the shape has two forms).
    pub example: &'static str,
}

impl Shape {
    /// `9 digits, e.g. 12-3456789`.
    pub(crate) fn described(&self) -> String {
        format!("{}, e.g. {}", self.what, self.example)
    }
}

/// The shapes of the identifiers and other checked values, one each.
pub mod shape {
    use super::Shape;

    pub const OCN: Shape = Shape {
        name: "OCN",
        what: "4 letters or digits",
        example: "1234",
    };
    pub const SPID: Shape = Shape {
        name: "SPID",
        what: "4 letters or digits, usually the OCN",
        example: "1234",
    };
    pub const ACNA: Shape = Shape {
        name: "ACNA",
        what: "3 letters",
        example: "XYZ",
    };
    pub const CIC: Shape = Shape {
        name: "CIC",
        what: "3 or 4 digits",
        example: "5123",
    };
    pub(crate) const CLLI_8: Shape = Shape {
        name: "CLLI",
        what: "8 characters",
        example: "DNVRCOMA",
    };
    pub(crate) const CLLI_11: Shape = Shape {
        name: "CLLI",
        what: "11 characters",
        example: "DNVRCOMADS0",
    };
    pub(crate) const CLLI_ANY: Shape = Shape {
        name: "CLLI",
        what: "8 or 11 characters",
        example: "DNVRCOMA or DNVRCOMADS0",
    };
    pub const NPA_NXX: Shape = Shape {
        name: "NPA-NXX",
        what: "6 digits as area code and exchange",
        example: "303-226",
    };
    pub const PHONE: Shape = Shape {
        name: "phone",
        what: "a 10-digit US number",
        example: "303-555-0100",
    };
    pub const LATA: Shape = Shape {
        name: "LATA",
        what: "a 3-digit code",
        example: "656",
    };
    pub const POINT_CODE: Shape = Shape {
        name: "point code",
        what: "network-cluster-member",
        example: "245-012-001",
    };
    pub const RAO: Shape = Shape {
        name: "RAO",
        what: "3 letters or digits",
        example: "A12",
    };
    pub const FRN: Shape = Shape {
        name: "FRN",
        what: "10 digits",
        example: "0012345678",
    };
    pub(crate) const FILER_499: Shape = Shape {
        name: "499 Filer ID",
        what: "usually 6 digits",
        example: "825123",
    };
    pub const EIN: Shape = Shape {
        name: "EIN",
        what: "9 digits",
        example: "12-3456789",
    };
    pub const ZIP: Shape = Shape {
        name: "ZIP",
        what: "5 digits or ZIP+4",
        example: "80202 or 80202-1234",
    };
    pub(crate) const EMAIL: Shape = Shape {
        name: "e-mail",
        what: "an address",
        example: "name@example.com",
    };
    pub const ICA_TRACKING: Shape = Shape {
        name: "ICA tracking number",
        what: "CDS-, the date CenturyLink received the request (YYMMDD), - and 4 digits",
        example: "CDS-250131-0001",
    };
}

fn upper_compact(input: &str) -> String {
    input.trim().to_ascii_uppercase()
}

fn all(s: &str, pred: fn(&char) -> bool) -> bool {
    s.chars().all(|c| pred(&c))
}

fn is_upper_alnum(c: &char) -> bool {
    c.is_ascii_uppercase() || c.is_ascii_digit()
}

fn is_upper(c: &char) -> bool {
    c.is_ascii_uppercase()
}

fn is_digit(c: &char) -> bool {
    c.is_ascii_digit()
}

/// Keeps only the digits of a value typed with punctuation ("(303) 555-0100").
fn digits_only(input: &str) -> Option<String> {
    let mut out = String::new();
    for c in input.trim().chars() {
        match c {
            '0'..='9' => out.push(c),
            ' ' | '-' | '.' | '(' | ')' => {}
            _ => return None,
        }
    }
    Some(out)
}

/// OCN (NECA company code): 4 letters or digits; usually 2 digits then 2 letters or digits.
pub fn ocn(input: &str) -> CheckResult {
    let v = upper_compact(input);
    if v.len() != 4 || !all(&v, is_upper_alnum) {
        return Err(format!("OCN must be {}", shape::OCN.described()));
    }
    if v[..2].chars().all(|c| c.is_ascii_digit()) {
        Ok(Checked::ok(v))
    } else {
        Ok(Checked::warn(
            v,
            format!(
                "OCNs usually start with 2 digits (e.g. {}); check the NECA assignment",
                shape::OCN.example
            ),
        ))
    }
}

/// SPID (NPAC service provider id): normally the OCN, so the OCN's rules and warnings;
/// NPAC's surrogate SPIDs X000-X999 are not OCNs and are taken without a warning.
pub fn spid(input: &str) -> CheckResult {
    let v = upper_compact(input);
    if v.len() != 4 || !all(&v, is_upper_alnum) {
        return Err(format!("SPID must be {}", shape::SPID.described()));
    }
    if v.starts_with('X') && all(&v[1..], is_digit) {
        return Ok(Checked::ok(v));
    }
    match ocn(&v) {
        Ok(Checked {
            warning: Some(_), ..
        }) => Ok(Checked::warn(
            v,
            format!(
                "a SPID is normally the OCN, and OCNs usually start with 2 digits (e.g. {}); \
                 check the NECA assignment, or NPAC's if this is a surrogate SPID (X000-X999)",
                shape::OCN.example
            ),
        )),
        _ => Ok(Checked::ok(v)),
    }
}

/// ACNA / CCNA (IAC code): 3 letters; ZZZ and CUS are not a carrier's own code.
pub fn acna(input: &str) -> CheckResult {
    let v = upper_compact(input);
    if v.len() != 3 || !all(&v, is_upper) {
        return Err(format!(
            "an ACNA or CCNA (IAC code) must be {}",
            shape::ACNA.described()
        ));
    }
    if v == "ZZZ" || v == "CUS" {
        return Err(format!(
            "{v} is reserved for end-user or casual billing, not a carrier's own ACNA or CCNA"
        ));
    }
    Ok(Checked::ok(v))
}

/// CIC (carrier identification code): 3 or 4 digits, 4 preferred.
pub fn cic(input: &str) -> CheckResult {
    let v = input.trim().to_string();
    if !(3..=4).contains(&v.len()) || !all(&v, is_digit) {
        return Err(format!("CIC must be {}", shape::CIC.described()));
    }
    if v.len() == 3 {
        return Ok(Checked::warn(v, "CICs are normally 4 digits today"));
    }
    Ok(Checked::ok(v))
}

/// Which CLLI lengths a field takes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub enum ClliLength {
    /// 8-character building code (e.g. an ACTL or wire center).
    Eight,
    /// 11-character entity code (e.g. a switch).
    Eleven,
    /// Either length.
    Any,
}

/// The shape of a CLLI of this length.
pub fn clli_shape(length: ClliLength) -> Shape {
    match length {
        ClliLength::Eight => shape::CLLI_8,
        ClliLength::Eleven => shape::CLLI_11,
        ClliLength::Any => shape::CLLI_ANY,
    }
}

/// CLLI: place (4 letters), state (2 letters), site (2 letters or 2 digits), then for the
/// 11-character form an entity code of 3 letters or digits.
pub fn clli(input: &str, length: ClliLength) -> CheckResult {
    let v = upper_compact(input);
    let expected = format!("CLLI must be {}", clli_shape(length).described());
    let len_ok = match length {
        ClliLength::Eight => v.len() == 8,
        ClliLength::Eleven => v.len() == 11,
        ClliLength::Any => v.len() == 8 || v.len() == 11,
    };
    if !len_ok || !v.is_ascii() {
        return Err(expected);
    }
    let place_state = &v[..6];
    let site = &v[6..8];
    let site_ok = all(site, is_upper) || all(site, is_digit);
    if !all(place_state, is_upper) || !site_ok {
        return Err(format!(
            "{expected}: 6 letters (place and state), then 2 letters or 2 digits"
        ));
    }
    if v.len() == 11 && !all(&v[8..], is_upper_alnum) {
        return Err(format!(
            "{expected}: the last 3 characters are letters or digits"
        ));
    }
    if crate::domain::values::states::find(&v[4..6]).is_none() {
        return Ok(Checked::warn(
            v.clone(),
            format!(
                "characters 5-6 of a CLLI are normally a state or province code; {} is not a US state",
                &v[4..6]
            ),
        ));
    }
    Ok(Checked::ok(v))
}

fn npa_ok(npa: &str) -> bool {
    let b = npa.as_bytes();
    npa.len() == 3
        && (b'2'..=b'9').contains(&b[0])
        && (b'0'..=b'8').contains(&b[1])
        && b[2].is_ascii_digit()
        && &npa[1..] != "11"
}

fn nxx_ok(nxx: &str) -> bool {
    let b = nxx.as_bytes();
    nxx.len() == 3
        && (b'2'..=b'9').contains(&b[0])
        && b[1..].iter().all(u8::is_ascii_digit)
        && &nxx[1..] != "11"
}

/// Why an area code cannot hold a central office code of a LATA: it is not geographic
/// or is reserved. Source: ATIS-0300051 Central Office Code (NXX) Assignment Guidelines
/// and NANPA's pages on non-geographic and reserved area codes [S85] (docs/sources.md).
fn npa_not_geographic(npa: &str) -> Option<&'static str> {
    match npa {
        "800" | "833" | "844" | "855" | "866" | "877" | "888" => {
            Some("a toll-free (8YY) area code, not tied to any LATA")
        }
        "456" => Some("the area code for inbound international services, not tied to any LATA"),
        "500" | "521" | "522" | "523" | "524" | "525" | "526" | "527" | "528" | "529" | "533"
        | "544" | "566" | "577" | "588" => {
            Some("a personal communications services (5XX) area code, not tied to any LATA")
        }
        "600" => Some("a non-geographic area code (Canadian services), not tied to any LATA"),
        "700" => Some("the area code of carrier-specific services, not tied to any LATA"),
        "710" => Some("the area code of U.S. government services, not tied to any LATA"),
        "900" => Some("the area code of premium services, not tied to any LATA"),
        _ if npa.starts_with("37") || npa.starts_with("96") => {
            Some("reserved for future use (37X and 96X are not assigned)")
        }
        _ => None,
    }
}

/// Why an exchange code is never assigned as a central office code in a LATA. Source:
/// ATIS-0300051 Central Office Code (NXX) Assignment Guidelines and NANPA's 555 line
/// numbers page [S85] (docs/sources.md).
fn nxx_not_assignable(nxx: &str) -> Option<&'static str> {
    match nxx {
        "555" => Some(
            "555 is not a central office code: its line numbers are assigned one by one \
             (555-0100 to 555-0199 are fictitious)",
        ),
        "950" => Some("950 is reserved for Feature Group B carrier access"),
        "958" | "959" => Some("958 and 959 are reserved for plant testing"),
        _ => None,
    }
}

/// NPA-NXX: area code and central office code, stored as `NPA-NXX`. Refused: the shape,
/// N11 codes, non-geographic or reserved area codes and exchange codes never assigned as
/// central office codes (555, 950, 958, 959), each with its reason.
pub fn npa_nxx(input: &str) -> CheckResult {
    let msg = format!("NPA-NXX must be {}", shape::NPA_NXX.described());
    let Some(d) = digits_only(input).filter(|d| d.len() == 6) else {
        return Err(msg);
    };
    let (npa, nxx) = d.split_at(3);
    if !npa_ok(npa) {
        return Err(format!(
            "{npa} is not a valid area code (2-9, then 0-8, then a digit; not N11)"
        ));
    }
    if !nxx_ok(nxx) {
        return Err(format!(
            "{nxx} is not a valid exchange code (starts with 2-9; not N11)"
        ));
    }
    if let Some(why) = npa_not_geographic(npa) {
        return Err(format!("{npa}-{nxx}: {npa} is {why} [S85]"));
    }
    if let Some(why) = nxx_not_assignable(nxx) {
        return Err(format!("{npa}-{nxx}: {why} [S85]"));
    }
    Ok(Checked::ok(format!("{npa}-{nxx}")))
}

/// NANP telephone number, stored as `NPA-NXX-XXXX`; a leading 1 is dropped.
pub fn phone(input: &str) -> CheckResult {
    let msg = format!("phone must be {}", shape::PHONE.described());
    let trimmed = input.trim().trim_start_matches('+');
    let Some(mut d) = digits_only(trimmed) else {
        return Err(msg);
    };
    if d.len() == 11 && d.starts_with('1') {
        d.remove(0);
    }
    if d.len() != 10 {
        return Err(msg);
    }
    let (npa, rest) = d.split_at(3);
    let (nxx, line) = rest.split_at(3);
    if !npa_ok(npa) || !(b'2'..=b'9').contains(&nxx.as_bytes()[0]) {
        return Err(format!(
            "{msg}; area code and exchange cannot start with 0 or 1"
        ));
    }
    Ok(Checked::ok(format!("{npa}-{nxx}-{line}")))
}

/// LATA: a 3-digit code.
pub fn lata(input: &str) -> CheckResult {
    let v = input.trim();
    if v.len() != 3 || !all(v, is_digit) {
        return Err(format!("LATA must be {}", shape::LATA.described()));
    }
    Ok(Checked::ok(v))
}

/// ANSI SS7 point code `NNN-NNN-NNN`, each part 0-255, network 1-255.
pub fn point_code(input: &str) -> CheckResult {
    let msg = format!("point code must be {}", shape::POINT_CODE.described());
    let parts: Vec<&str> = input.trim().split('-').collect();
    if parts.len() != 3
        || parts
            .iter()
            .any(|p| p.is_empty() || p.len() > 3 || !all(p, is_digit))
    {
        return Err(msg);
    }
    let nums: Vec<u32> = parts.iter().map(|p| p.parse().unwrap_or(999)).collect();
    if nums.iter().any(|n| *n > 255) {
        return Err(format!("{msg}; each part is 0-255"));
    }
    if nums[0] == 0 {
        return Err(format!("{msg}; the network part is 1-255"));
    }
    Ok(Checked::ok(format!(
        "{:03}-{:03}-{:03}",
        nums[0], nums[1], nums[2]
    )))
}

/// RAO (revenue accounting office): 3 letters or digits.
pub fn rao(input: &str) -> CheckResult {
    let v = upper_compact(input);
    if v.len() != 3 || !all(&v, is_upper_alnum) {
        return Err(format!("RAO must be {}", shape::RAO.described()));
    }
    Ok(Checked::ok(v))
}

/// FRN (FCC registration number): 10 digits, leading zeros kept.
pub fn frn(input: &str) -> CheckResult {
    let d = digits_only(input).filter(|d| d.len() == 10);
    d.map(Checked::ok)
        .ok_or_else(|| format!("FRN must be {}", shape::FRN.described()))
}

/// FCC Form 499 Filer ID: usually 6 digits. Its format is not published (the domain
/// notes infer it), so anything else is a warning, never a refusal.
pub fn filer_499(input: &str) -> CheckResult {
    let v = input.trim();
    if v.chars().any(char::is_control) {
        return Err("a 499 Filer ID holds no control characters".into());
    }
    if !all(v, is_digit) {
        return Ok(Checked::warn(
            v,
            "499 Filer IDs are usually 6 digits; check the one USAC gave you",
        ));
    }
    if v.len() != 6 {
        return Ok(Checked::warn(v, "499 Filer IDs are usually 6 digits"));
    }
    Ok(Checked::ok(v))
}

/// The two-digit EIN prefixes missing from the IRS list of valid prefixes. Source: IRS
/// "How EINs are assigned and valid EIN prefixes" [S86] (docs/sources.md).
const EIN_PREFIXES_NEVER_ASSIGNED: [&str; 17] = [
    "00", "07", "08", "09", "17", "18", "19", "28", "29", "49", "69", "70", "78", "79", "89", "96",
    "97",
];

/// EIN (federal tax id): 9 digits, stored as `NN-NNNNNNN`; a prefix the IRS never
/// assigns is refused.
pub fn ein(input: &str) -> CheckResult {
    let v = input.trim();
    let ok_shape = (v.len() == 9 && all(v, is_digit))
        || (v.len() == 10
            && v.as_bytes()[2] == b'-'
            && all(&v[..2], is_digit)
            && all(&v[3..], is_digit));
    if !ok_shape {
        return Err(format!("EIN must be {}", shape::EIN.described()));
    }
    let d: String = v.chars().filter(char::is_ascii_digit).collect();
    if EIN_PREFIXES_NEVER_ASSIGNED.contains(&&d[..2]) {
        return Err(format!(
            "EIN prefix {} is not one the IRS assigns; check the number on the IRS notice [S86]",
            &d[..2]
        ));
    }
    Ok(Checked::ok(format!("{}-{}", &d[..2], &d[2..])))
}

/// US ZIP code: 5 digits or ZIP+4.
pub fn zip(input: &str) -> CheckResult {
    let v = input.trim();
    let ok = (v.len() == 5 && all(v, is_digit))
        || (v.len() == 10
            && v.as_bytes()[5] == b'-'
            && all(&v[..5], is_digit)
            && all(&v[6..], is_digit));
    if !ok {
        return Err(format!("ZIP must be {}", shape::ZIP.described()));
    }
    Ok(Checked::ok(v))
}

/// E-mail address: a light check (one @, a dotted domain, no spaces).
pub fn email(input: &str) -> CheckResult {
    let v = input.trim();
    let msg = format!("e-mail must look like {}", shape::EMAIL.example);
    if !v.is_ascii() {
        return Err(
            "e-mail addresses must be plain ASCII (letters a-z, digits, . _ - +): \
                    internationalized addresses are not supported"
                .into(),
        );
    }
    let Some((local, domain)) = v.split_once('@') else {
        return Err(msg);
    };
    // RFC 5322 atoms: no quoting, comments or encoded words (`=?`, which some mail
    // programs would decode even inside an address).
    let local_char = |c: char| c.is_ascii_alphanumeric() || "!#$%&'*+/=?^_`{|}~-.".contains(c);
    let domain_char = |c: char| c.is_ascii_alphanumeric() || c == '-' || c == '.';
    let domain_ok = domain.contains('.')
        && !domain.starts_with('.')
        && !domain.ends_with('.')
        && !domain.contains("..")
        && domain.chars().all(domain_char);
    let local_ok = !local.is_empty()
        && local.chars().all(local_char)
        && !local.contains("=?")
        && !local.starts_with('.')
        && !local.ends_with('.')
        && !local.contains("..");
    if !local_ok || !domain_ok || v.len() > 254 {
        return Err(msg);
    }
    Ok(Checked::ok(v))
}

/// ICA tracking number assigned by CenturyLink: `CDS-YYMMDD-NNNN`.
pub fn ica_tracking(input: &str) -> CheckResult {
    let v = upper_compact(input);
    let b = v.as_bytes();
    let ok = v.len() == 15
        && v.starts_with("CDS-")
        && b[10] == b'-'
        && all(&v[4..10], is_digit)
        && all(&v[11..], is_digit);
    if !ok {
        return Err(format!(
            "ICA tracking number must look like {}",
            shape::ICA_TRACKING.example
        ));
    }
    Ok(Checked::ok(v))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn value(r: CheckResult) -> String {
        r.expect("valid").value
    }

    /// Each identifier's one example passes its own check without a warning, and the
    /// message refusing a bad value gives that same example.
    #[test]
    fn each_shape_has_one_example_that_its_check_accepts_and_its_message_gives() {
        let any_clli = |v: &str| clli(v, ClliLength::Any);
        let eight = |v: &str| clli(v, ClliLength::Eight);
        let eleven = |v: &str| clli(v, ClliLength::Eleven);
        type Check<'a> = &'a dyn Fn(&str) -> CheckResult;
        let checks: [(Shape, Check<'_>); 18] = [
            (shape::OCN, &ocn),
            (shape::SPID, &spid),
            (shape::ACNA, &acna),
            (shape::CIC, &cic),
            (shape::CLLI_8, &eight),
            (shape::CLLI_11, &eleven),
            (shape::CLLI_ANY, &any_clli),
            (shape::NPA_NXX, &npa_nxx),
            (shape::PHONE, &phone),
            (shape::LATA, &lata),
            (shape::POINT_CODE, &point_code),
            (shape::RAO, &rao),
            (shape::FRN, &frn),
            (shape::FILER_499, &filer_499),
            (shape::EIN, &ein),
            (shape::ZIP, &zip),
            (shape::EMAIL, &email),
            (shape::ICA_TRACKING, &ica_tracking),
        ];
        for (shape, check) in checks {
            for example in shape.example.split(" or ") {
                let checked = check(example).unwrap_or_else(|e| panic!("{example}: {e}"));
                assert_eq!(checked.warning, None, "{example}");
            }
            if shape == shape::FILER_499 {
                continue; // refused only for control characters
            }
            let refused = check("?").unwrap_err();
            assert!(refused.contains(shape.example), "{}: {refused}", shape.name);
        }
        assert_eq!(
            ein("12345").unwrap_err(),
            "EIN must be 9 digits, e.g. 12-3456789"
        );
    }

    #[test]
    fn ocn_accepts_four_alnum_and_normalizes_case() {
        assert_eq!(value(ocn("1234")), "1234");
        assert_eq!(value(ocn(" 12ab ")), "12AB");
        assert!(ocn("12AB").unwrap().warning.is_none());
        assert!(ocn("AB12").unwrap().warning.is_some());
    }

    #[test]
    fn ocn_rejects_wrong_length_and_symbols() {
        for bad in ["123", "12345", "12-4", "", "12é4"] {
            let err = ocn(bad).unwrap_err();
            assert!(
                err.contains("OCN must be 4 letters or digits"),
                "{bad}: {err}"
            );
        }
    }

    #[test]
    fn spid_accepts_surrogates() {
        assert_eq!(value(spid("x123")), "X123");
        assert!(spid("X12").is_err());
        assert!(spid("X123").unwrap().warning.is_none(), "a surrogate");
        assert!(spid("1234").unwrap().warning.is_none());
        let odd = spid("AB12").unwrap();
        assert!(odd.warning.unwrap().contains("normally the OCN"));
    }

    #[test]
    fn acna_rules() {
        assert_eq!(value(acna("xyz")), "XYZ");
        assert!(acna("XY1").unwrap_err().contains("ACNA or CCNA"));
        assert!(acna("ABCD").is_err());
        assert!(acna("ZZZ").unwrap_err().contains("reserved"));
        assert!(acna("cus").unwrap_err().contains("reserved"));
    }

    #[test]
    fn cic_rules() {
        assert_eq!(value(cic("5123")), "5123");
        assert!(cic("512").unwrap().warning.is_some());
        assert!(cic("51").is_err());
        assert!(cic("51234").is_err());
        assert!(cic("51a3").is_err());
    }

    #[test]
    fn clli_eight_and_eleven() {
        assert_eq!(value(clli("dnvrcoma", ClliLength::Eight)), "DNVRCOMA");
        assert_eq!(value(clli("DNVRCO12", ClliLength::Any)), "DNVRCO12");
        assert_eq!(
            value(clli("DNVRCOMADS0", ClliLength::Eleven)),
            "DNVRCOMADS0"
        );
        assert!(clli("DNVRCOMADS0", ClliLength::Eight).is_err());
        assert!(clli("DNVRCOMA", ClliLength::Eleven).is_err());
        assert!(clli("DNVRCOM1", ClliLength::Any).is_err(), "mixed site");
        assert!(clli("DNV1COMA", ClliLength::Any).is_err(), "digit in place");
        assert!(clli("DNVRCOMAD-0", ClliLength::Any).is_err());
        assert!(clli("DNVRCOMA", ClliLength::Any).unwrap().warning.is_none());
        assert!(
            clli("TRNTONMA", ClliLength::Any).unwrap().warning.is_some(),
            "ON is not a US state"
        );
    }

    #[test]
    fn npa_nxx_rules() {
        assert_eq!(value(npa_nxx("303 226")), "303-226");
        assert_eq!(value(npa_nxx("(720) 222")), "720-222");
        assert!(npa_nxx("103-226").is_err(), "NPA starting with 1");
        assert!(npa_nxx("393-226").is_err(), "9 as middle digit");
        assert!(npa_nxx("411-226").is_err(), "N11 NPA");
        assert!(npa_nxx("303-911").is_err(), "N11 NXX");
        assert!(npa_nxx("303-155").is_err());
        assert!(npa_nxx("30322").is_err());
        assert!(npa_nxx("303-22a").is_err());
    }

    #[test]
    fn npa_nxx_refuses_codes_never_assigned_in_a_lata_with_the_reason() {
        let refused = |input: &str, why: &str| {
            let e = npa_nxx(input).unwrap_err();
            assert!(e.contains(why) && e.contains("[S85]"), "{input}: {e}");
        };
        refused("303-555", "555 is not a central office code");
        refused("303-950", "Feature Group B");
        refused("720-958", "plant testing");
        refused("720-959", "plant testing");
        for toll_free in ["800", "833", "844", "855", "866", "877", "888"] {
            refused(&format!("{toll_free}-226"), "toll-free (8YY)");
        }
        refused("456-226", "inbound international");
        refused("500-226", "personal communications");
        refused("533-226", "personal communications");
        refused("600-226", "non-geographic");
        refused("700-226", "carrier-specific");
        refused("710-226", "government");
        refused("900-226", "premium");
        refused("370-226", "reserved for future use");
        refused("967-226", "reserved for future use");
        // Neighbours of the refused codes are ordinary geographic codes.
        for ok in [
            "303-556", "303-951", "303-957", "801-960", "822-226", "385-226", "580-226",
        ] {
            assert!(npa_nxx(ok).is_ok(), "{ok}: {:?}", npa_nxx(ok));
        }
    }

    #[test]
    fn phone_rules() {
        assert_eq!(value(phone("(303) 555-0100")), "303-555-0100");
        assert_eq!(value(phone("+1 303 555 0100")), "303-555-0100");
        assert_eq!(value(phone("3035550100")), "303-555-0100");
        assert!(phone("555-0100").is_err());
        assert!(phone("303-055-0100").is_err());
        assert!(phone("call me").is_err());
    }

    #[test]
    fn small_codes() {
        assert_eq!(value(lata("656")), "656");
        assert!(lata("65").is_err());
        assert_eq!(value(point_code("245-12-1")), "245-012-001");
        assert!(point_code("0-1-1").is_err());
        assert!(point_code("256-1-1").is_err());
        assert!(point_code("1-1").is_err());
        assert_eq!(value(rao("a12")), "A12");
        assert!(rao("A1").is_err());
    }

    #[test]
    fn frn_keeps_leading_zeros() {
        assert_eq!(value(frn("0012345678")), "0012345678");
        assert!(frn("12345678").is_err());
        assert!(frn("00123456789").is_err());
    }

    #[test]
    fn filer_499_warns_on_unusual_length() {
        assert!(filer_499("831234").unwrap().warning.is_none());
        assert!(filer_499("8312345").unwrap().warning.is_some());
        let odd = filer_499("83A234").unwrap();
        assert_eq!(odd.value, "83A234", "kept as given");
        assert!(odd.warning.unwrap().contains("usually 6 digits"));
    }

    #[test]
    fn ein_is_normalized() {
        assert_eq!(value(ein("123456789")), "12-3456789");
        assert_eq!(value(ein("12-3456789")), "12-3456789");
        assert!(ein("1-23456789").is_err());
        assert!(ein("12345678").is_err());
    }

    #[test]
    fn ein_prefixes_the_irs_never_assigns_are_refused() {
        for prefix in [
            "00", "07", "08", "09", "17", "18", "19", "28", "29", "49", "69", "70", "78", "79",
            "89", "96", "97",
        ] {
            let e = ein(&format!("{prefix}-3456789")).unwrap_err();
            assert!(
                e.contains(&format!("EIN prefix {prefix}")) && e.contains("[S86]"),
                "{e}"
            );
        }
        for prefix in [
            "01", "06", "10", "16", "20", "27", "30", "48", "50", "68", "71", "77", "80", "88",
            "90", "95", "98", "99",
        ] {
            assert!(ein(&format!("{prefix}3456789")).is_ok(), "{prefix}");
        }
    }

    #[test]
    fn zip_and_email() {
        assert!(zip("80202").is_ok());
        assert!(zip("80202-1234").is_ok());
        assert!(zip("8020").is_err());
        assert!(zip("80202 1234").is_err());
        assert!(email("a.b@example.com").is_ok());
        assert!(email("o'brien+cw@mail-1.example.com").is_ok());
        for bad in [
            "ab",
            "a@b",
            "a b@c.com",
            "@c.com",
            "a@.com",
            "a@c..com",
            "a@b.com\nBcc: x",
            "josé@example.com",
            "a@exämple.com",
            "=?utf-8?q?Y2@y.com",
            "a@b_c.com",
            ".a@b.com",
        ] {
            assert!(email(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn ica_tracking_number() {
        assert_eq!(value(ica_tracking("cds-150519-0001")), "CDS-150519-0001");
        assert!(ica_tracking("CDS-1505190001").is_err());
        assert!(ica_tracking("ABC-150519-0001").is_err());
    }
}
