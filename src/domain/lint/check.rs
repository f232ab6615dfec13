//! `check-forms`: everything that can be wrong in a form definition, each problem with its
//! file and, where the field can be found in the text, its line and column.

use std::collections::HashSet;

use crate::domain::form::catalog::{Diagnostic, SourceFile};
use crate::domain::form::condition::Condition;
use crate::domain::form::journey::Journey;
use crate::domain::form::resolve::{Scope, Target, placeholders, resolve_in};
use crate::domain::form::schema::{Field, FieldKind, FormDef};
use crate::domain::lint::locate::locate;
use crate::domain::lint::parse::ParsedForm;
use crate::domain::values::answer::is_ident;
use crate::domain::values::ids;
use crate::domain::values::states;
use crate::domain::values::status::FormStatus;

/// The longest wording printed for the recipient: a label, not a paragraph.
const MAX_PRINTED_CHARS: usize = 160;

/// Lints parsed forms and the journey.
pub fn lint(
    forms: &[ParsedForm<'_>],
    journey: &Journey,
    sources: &[SourceFile],
) -> Vec<Diagnostic> {
    let mut out = Vec::new();
    let find = |id: &str| forms.iter().map(|p| &p.def).find(|f| f.id == id);
    let mut seen = HashSet::new();
    for parsed in forms {
        let mut lint = FormLint {
            def: &parsed.def,
            file: parsed.file,
            find: &find,
            out: &mut out,
        };
        if !seen.insert(parsed.def.id.as_str()) {
            lint.at(
                &parsed.def.id,
                format!("form id {:?} is used by another file too", parsed.def.id),
            );
        }
        lint.form();
    }
    let journey_file = sources
        .iter()
        .find(|s| s.name == crate::domain::form::catalog::JOURNEY_FILE);
    lint_journey(forms, journey, journey_file, &mut out);
    out.extend(crate::domain::lint::cycles::find(forms));
    out
}

struct FormLint<'a, 'o, F: Fn(&str) -> Option<&'a FormDef>> {
    def: &'a FormDef,
    file: &'a SourceFile,
    find: &'o F,
    out: &'o mut Vec<Diagnostic>,
}

impl<'a, F: Fn(&str) -> Option<&'a FormDef>> FormLint<'a, '_, F> {
    /// Records a problem located at the first `"anchor"` in the file.
    fn at(&mut self, anchor: &str, message: String) {
        self.at_nth(anchor, 0, message);
    }

    /// Records a problem located at the `nth` (0-based) `"anchor"` in the file.
    fn at_nth(&mut self, anchor: &str, nth: usize, message: String) {
        let (line, col) = locate(&self.file.text, anchor, nth);
        self.out.push(Diagnostic {
            file: self.file.name.clone(),
            line,
            col,
            message,
        });
    }

    fn form(&mut self) {
        let def = self.def;
        if def.id.is_empty()
            || !def
                .id
                .chars()
                .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-')
        {
            self.at(
                &def.id,
                format!(
                    "form id {:?} must be lowercase letters, digits and '-'",
                    def.id
                ),
            );
        }
        if !(1..=7).contains(&def.step) {
            self.at(&def.id, format!("step {} must be 1 to 7", def.step));
        }
        if def.version == 0 {
            self.at(&def.id, "version must be 1 or more".into());
        }
        if def.sections.is_empty() {
            self.at(&def.id, "a form needs at least one section".into());
        }
        if let Some(original) = &def.original {
            self.printed(Some(original), "original", original);
        }
        let mut section_ids = HashSet::new();
        let mut field_ids = HashSet::new();
        for section in &def.sections {
            if !section_ids.insert(section.id.as_str()) {
                self.at(
                    &section.id,
                    format!("duplicate section id {:?}", section.id),
                );
            }
            if let Some(c) = &section.visible_if {
                self.condition(c, None, &format!("section {:?}", section.id), &section.id);
            }
            self.printed(
                section.print.as_deref(),
                &format!("section {:?}", section.id),
                &section.id,
            );
            for field in &section.fields {
                if !field_ids.insert(field.id.as_str()) {
                    self.at_nth(&field.id, 1, format!("duplicate field id {:?}", field.id));
                }
                if (self.find)(&field.id).is_some() {
                    self.at(
                        &field.id,
                        format!(
                            "field id {:?} is also a form id; paths would be ambiguous",
                            field.id
                        ),
                    );
                }
                self.field(field, None);
            }
        }
        self.recurring();
        self.submit_to();
        self.sources();
        self.signature();
        self.sent_on();
    }

    /// A wording printed for the recipient (`print`, an option's third string,
    /// `original`): words on one line, short enough for a label, with no control
    /// character (it goes into PDFs and e-mails as it is written).
    fn printed(&mut self, print: Option<&str>, what: &str, anchor: &str) {
        let Some(print) = print else { return };
        let problem = if print.trim().is_empty() {
            Some("is empty".to_string())
        } else if print.chars().any(crate::text::is_hidden_control) {
            Some("holds a control character".to_string())
        } else if print.chars().count() > MAX_PRINTED_CHARS {
            Some(format!(
                "is longer than {MAX_PRINTED_CHARS} characters ({})",
                print.chars().count()
            ))
        } else {
            None
        };
        if let Some(problem) = problem {
            self.at(
                anchor,
                format!("{what}: the wording printed for the recipient {problem}"),
            );
        }
    }

    fn sent_on(&mut self) {
        let Some(id) = &self.def.sent_on else {
            return;
        };
        match self.def.field(id).map(|at| &at.field.kind) {
            Some(FieldKind::Date { .. }) => {}
            Some(_) => self.at(id, format!("sent_on: {id:?} is not a date field")),
            None => self.at(id, format!("sent_on names unknown field {id:?}")),
        }
    }

    fn signature(&mut self) {
        let Some(sig) = &self.def.signature else {
            return;
        };
        for path in [&sig.name, &sig.title, &sig.date].into_iter().flatten() {
            if self.resolve(None, path).is_none() {
                self.at(path, format!("signature names unknown field {path:?}"));
            }
        }
    }

    fn field(&mut self, field: &'a Field, group: Option<&'a Field>) {
        let what = format!("field {:?}", field.id);
        if !is_ident(&field.id) {
            self.at(
                &field.id,
                format!(
                    "{what}: ids are lowercase letters, digits and '_', starting with a letter"
                ),
            );
        }
        if field.label.trim().is_empty() {
            self.at(&field.id, format!("{what} has no label"));
        }
        self.printed(field.print.as_deref(), &what, &field.id);
        for option in field.kind.options().unwrap_or_default() {
            if option.2.is_some() {
                let which = format!("{what}, option {:?}", option.value());
                self.printed(option.2.as_deref(), &which, option.value());
            }
        }
        for c in field.visible_if.iter().chain(&field.required_if) {
            self.condition(c, group, &what, &field.id);
            self.frozen_nested(c, &what, &field.id);
        }
        for rule in &field.rules {
            if let Condition::FrozenOnceSent(start, quarters) = &rule.must {
                self.frozen(field, group, start, quarters, &what);
                self.rule_text(rule, Some(field), &what, &field.id);
                continue;
            }
            self.condition(&rule.must, group, &what, &field.id);
            self.frozen_nested(&rule.must, &what, &field.id);
            self.rule_text(rule, group, &what, &field.id);
        }
        self.kind(field, group, &what);
        self.deadline(field, group, &what);
        self.was(field, group, &what);
        self.default(field, group, &what);
    }

    /// A default names a field that exists, or is a value the field takes.
    fn default(&mut self, field: &'a Field, group: Option<&'a Field>, what: &str) {
        match &field.default {
            None => {}
            Some(_) if !field.kind.is_input() || field.kind.group_fields().is_some() => {
                self.at(
                    &field.id,
                    format!("{what}: only a field that is answered takes a default"),
                );
            }
            Some(crate::domain::form::schema::FieldDefault::Answer(path))
                if self.resolve(group, path).is_none() =>
            {
                self.at(
                    &field.id,
                    format!("{what}: defaults to unknown field {path:?}"),
                );
            }
            Some(crate::domain::form::schema::FieldDefault::Answer(_)) => {}
            Some(crate::domain::form::schema::FieldDefault::FirstRow(_)) if group.is_none() => {
                self.at(
                    &field.id,
                    format!("{what}: FirstRow is a default for a column of a group"),
                );
            }
            Some(crate::domain::form::schema::FieldDefault::FirstRow(path))
                if self.resolve(group, path).is_none() =>
            {
                self.at(
                    &field.id,
                    format!("{what}: defaults to unknown field {path:?}"),
                );
            }
            Some(crate::domain::form::schema::FieldDefault::FirstRow(_)) => {}
            Some(
                crate::domain::form::schema::FieldDefault::Sent(form)
                | crate::domain::form::schema::FieldDefault::Acknowledged(form),
            ) => self.sent_log_default(field, form, what),
            Some(crate::domain::form::schema::FieldDefault::Signer(part)) => {
                use crate::domain::form::schema::FieldKind;
                use crate::domain::values::signer::SignerPart;
                let fits = match part {
                    SignerPart::Email => matches!(field.kind, FieldKind::Email),
                    SignerPart::Name | SignerPart::Title => {
                        matches!(field.kind, FieldKind::Text { .. })
                    }
                };
                if !fits {
                    let wants = match part {
                        SignerPart::Email => "an Email field",
                        SignerPart::Name | SignerPart::Title => "a Text field",
                    };
                    self.at(
                        &field.id,
                        format!(
                            "{what}: the signer's {} is a default for {wants}",
                            part.key()
                        ),
                    );
                }
            }
            Some(crate::domain::form::schema::FieldDefault::Value(value)) => {
                let today = chrono::NaiveDate::from_ymd_opt(2000, 1, 1).unwrap_or_default();
                if let Err(why) = field.kind.parse_input(value, today) {
                    self.at(
                        &field.id,
                        format!("{what}: the default {value:?} is not an answer it takes: {why}"),
                    );
                }
            }
        }
    }

    /// A default from a form's sent log names a form, and goes on a date field.
    fn sent_log_default(&mut self, field: &'a Field, form: &str, what: &str) {
        if (self.find)(form).is_none() {
            self.at(
                &field.id,
                format!("{what}: defaults to a day of unknown form {form:?}"),
            );
        } else if !matches!(
            field.kind,
            crate::domain::form::schema::FieldKind::Date { .. }
        ) {
            self.at(
                &field.id,
                format!(
                    "{what}: only a date field takes the day {form:?} was sent or acknowledged"
                ),
            );
        }
    }

    /// A field's old ids must be gone from the form (else its answers would be moved away
    /// from a field that still takes them) and claimed by one field only.
    fn was(&mut self, field: &'a Field, group: Option<&'a Field>, what: &str) {
        for old in &field.was {
            let sibling = group
                .and_then(|g| g.sub_field(old))
                .is_some_and(|f| f.id != field.id);
            if self.def.field(old).is_some() || sibling {
                self.at(
                    &field.id,
                    format!(
                        "{what}: was {old:?}, which is still a field of this form; remove one of them"
                    ),
                );
            } else if !is_ident(old) {
                self.at(
                    &field.id,
                    format!("{what}: was {old:?}, which is not a field id"),
                );
            }
            let claimed = self
                .def
                .fields()
                .flat_map(|f| {
                    std::iter::once(f.field).chain(f.field.kind.group_fields().unwrap_or_default())
                })
                .filter(|f| f.was.contains(old))
                .count();
            if claimed > 1 {
                self.at(
                    &field.id,
                    format!("{what}: was {old:?}, which {claimed} fields claim; keep one"),
                );
            }
        }
    }

    /// A deadline marks a date (typed or computed) and has a title.
    fn deadline(&mut self, field: &'a Field, group: Option<&'a Field>, what: &str) {
        let Some(mark) = &field.deadline else {
            return;
        };
        if !matches!(
            field.kind,
            FieldKind::Date { .. } | FieldKind::Computed { .. }
        ) {
            self.at(
                &field.id,
                format!("{what}: only a date or a computed date can be a deadline"),
            );
        }
        if mark.title.trim().is_empty() {
            self.at(&field.id, format!("{what}: the deadline has no title"));
        }
        if let Some(c) = &mark.done_if {
            self.condition(c, group, what, &field.id);
        }
    }

    /// Recurring dates: real month-days, about a top-level field of the form.
    fn recurring(&mut self) {
        for recurring in &self.def.recurring {
            let what = format!("recurring date {:?}", recurring.title);
            let anchor = recurring.title.as_str();
            if self.def.field(&recurring.field).is_none() {
                self.at(
                    anchor,
                    format!("{what}: names unknown field {:?}", recurring.field),
                );
                continue;
            }
            if recurring.on.is_empty() {
                self.at(anchor, format!("{what}: gives no date (on: [\"MM-DD\"])"));
            }
            for on in &recurring.on {
                if crate::domain::form::schema::Recurring::month_day(on).is_none() {
                    self.at(
                        anchor,
                        format!("{what}: {on:?} is not a month and day (MM-DD, e.g. \"04-01\")"),
                    );
                }
            }
            if let Some(c) = &recurring.when {
                self.condition(c, None, &what, anchor);
            }
        }
    }

    fn kind(&mut self, field: &'a Field, group: Option<&'a Field>, what: &str) {
        let id = field.id.as_str();
        match &field.kind {
            FieldKind::Text {
                min_len,
                max_len,
                pattern,
                ..
            } => {
                self.min_max(id, what, "length", *min_len, *max_len);
                if let Some(Err(e)) = pattern.as_ref().map(|p| p.regex()) {
                    let first = e.lines().last().unwrap_or(e).trim();
                    self.at(id, format!("{what}: pattern does not compile: {first}"));
                }
            }
            FieldKind::Integer { min, max } => self.min_max(id, what, "range", *min, *max),
            FieldKind::Decimal { min, max } => self.min_max(id, what, "range", *min, *max),
            FieldKind::Date { min, max, .. } => self.min_max(id, what, "dates", *min, *max),
            FieldKind::Choice { options, shared } => self.choices(id, what, options, shared),
            FieldKind::MultiChoice {
                options,
                min,
                max,
                shared,
            } => {
                self.choices(id, what, options, shared);
                self.min_max(id, what, "picks", *min, *max);
                if min.is_some_and(|m| m > options.len()) {
                    self.at(
                        id,
                        format!(
                            "{what}: min picks is more than the {} options",
                            options.len()
                        ),
                    );
                }
            }
            FieldKind::States { min, max, .. } => self.min_max(id, what, "picks", *min, *max),
            FieldKind::Reuse { .. } | FieldKind::Computed { .. } | FieldKind::Commission { .. } => {
                self.derived(field, group, what)
            }
            FieldKind::Linked if group.and_then(|g| g.kind.fixed_rows()).is_none() => {
                self.at(
                    id,
                    format!("{what}: a Linked field belongs in a group with fixed_rows"),
                );
            }
            FieldKind::Progress { form } if (self.find)(form).is_none() => {
                self.at(
                    id,
                    format!("{what}: shows the status of unknown form {form:?}"),
                );
            }
            FieldKind::Group { .. } => self.group(field, group, what),
            _ => {}
        }
    }

    /// A reused, computed or commission field reads an answer of the right kind.
    fn derived(&mut self, field: &'a Field, group: Option<&'a Field>, what: &str) {
        let id = field.id.as_str();
        match &field.kind {
            FieldKind::Reuse { from } => match self.resolve(group, from) {
                Some(Target::Field { field: source, .. })
                    if source.kind.is_input()
                        || (source.kind.group_fields().is_some()
                            && source.kind.fixed_rows().is_none()) => {}
                Some(Target::Column { field: source, .. }) if source.kind.is_input() => {}
                Some(_) => self.at(
                    id,
                    format!(
                        "{what}: reuses {from:?}, which is not an answerable top-level field, a group, a group column or a lookup"
                    ),
                ),
                None => self.at(id, format!("{what}: reuses unknown field {from:?}")),
            },
            FieldKind::Computed { from, .. } => match self.resolve(group, from) {
                Some(t)
                    if matches!(
                        t.field().kind,
                        FieldKind::Date { .. } | FieldKind::Computed { .. }
                    ) => {}
                Some(_) => self.at(
                    id,
                    format!("{what}: computes from {from:?}, which is not a date"),
                ),
                None => self.at(id, format!("{what}: computes from unknown field {from:?}")),
            },
            FieldKind::Commission { from } => match self.resolve(group, from) {
                Some(t) if matches!(t.field().kind, FieldKind::State { .. }) => {}
                Some(_) => self.at(id, format!("{what}: {from:?} is not a single-state field")),
                None => self.at(id, format!("{what}: names unknown field {from:?}")),
            },
            _ => {}
        }
    }

    /// A group: its rows' bounds, its fixed rows, its label and its fields (not nested).
    fn group(&mut self, field: &'a Field, group: Option<&'a Field>, what: &str) {
        let id = field.id.as_str();
        let FieldKind::Group {
            fields,
            min_rows,
            max_rows,
            row_label,
            fixed_rows,
            lines_from,
        } = &field.kind
        else {
            return;
        };
        if let Some(from) = lines_from {
            self.lines_from(field, from, what);
        }
        self.min_max(id, what, "rows", *min_rows, *max_rows);
        self.fixed_rows(
            id,
            what,
            fixed_rows,
            min_rows.is_some() || max_rows.is_some(),
        );
        if group.is_some() {
            self.at(id, format!("{what}: groups cannot be nested"));
            return;
        }
        if fields.is_empty() {
            self.at(id, format!("{what}: a group needs at least one field"));
        }
        if let Some(label) = row_label
            && field.sub_field(label).is_none()
        {
            self.at(
                id,
                format!("{what}: row_label names unknown field {label:?}"),
            );
        }
        let mut ids = HashSet::new();
        for sub in fields {
            if !ids.insert(sub.id.as_str()) {
                self.at_nth(
                    &sub.id,
                    1,
                    format!("duplicate field id {:?} in group {id:?}", sub.id),
                );
            }
            self.field(sub, Some(field));
        }
    }

    /// The columns a `lines_from` fills exist, and so does the old row's group it copies from.
    fn lines_from(
        &mut self,
        group: &Field,
        from: &crate::domain::form::schema::LinesFrom,
        what: &str,
    ) {
        let id = group.id.as_str();
        if !group
            .sub_field(&from.into)
            .is_some_and(|f| f.kind.is_input())
        {
            let into = &from.into;
            self.at(
                id,
                format!("{what}: lines_from fills unknown column {into:?}"),
            );
        }
        let old_group = from.field.split_once('.').map(|(g, _)| g);
        for (old, new) in &from.carry {
            if group.sub_field(new).is_none() {
                self.at(
                    id,
                    format!("{what}: lines_from carries into unknown column {new:?}"),
                );
            }
            let source = old_group
                .and_then(|g| self.def.field(g))
                .and_then(|g| g.field.sub_field(old));
            if source.is_none() {
                let field = &from.field;
                self.at(
                    id,
                    format!(
                        "{what}: lines_from carries {old:?}, not a column of {field:?}'s group"
                    ),
                );
            }
        }
    }

    fn fixed_rows(
        &mut self,
        id: &str,
        what: &str,
        rows: &[crate::domain::form::schema::FixedRow],
        bounded: bool,
    ) {
        if !rows.is_empty() && bounded {
            self.at(
                id,
                format!("{what}: a group with fixed_rows takes no min_rows or max_rows"),
            );
        }
        let mut seen = HashSet::new();
        for row in rows {
            if !seen.insert(row.id.as_str()) {
                self.at_nth(
                    &row.id,
                    1,
                    format!("{what}: fixed row id {:?} appears twice", row.id),
                );
            }
            if let Some(path) = &row.shows
                && self.resolve(None, path).is_none()
            {
                self.at(
                    &row.id,
                    format!("{what}: row {:?} shows unknown field {path:?}", row.id),
                );
            }
        }
    }

    fn min_max<T: PartialOrd + std::fmt::Debug>(
        &mut self,
        id: &str,
        what: &str,
        name: &str,
        min: Option<T>,
        max: Option<T>,
    ) {
        if let (Some(min), Some(max)) = (&min, &max)
            && min > max
        {
            self.at(
                id,
                format!("{what}: min {name} {min:?} is greater than max {max:?}"),
            );
        }
    }

    /// A choice's own options; a shared set's are checked by [`lint_option_sets`].
    fn choices(
        &mut self,
        id: &str,
        what: &str,
        options: &[crate::domain::form::schema::ChoiceOption],
        shared: &Option<String>,
    ) {
        if shared.is_none() {
            self.options(id, what, options);
        }
    }

    fn options(
        &mut self,
        id: &str,
        what: &str,
        options: &[crate::domain::form::schema::ChoiceOption],
    ) {
        if options.is_empty() {
            self.at(id, format!("{what}: a choice needs options"));
        }
        let mut seen = HashSet::new();
        for o in options {
            if !seen.insert(o.value()) {
                self.at(
                    id,
                    format!("{what}: option value {:?} appears twice", o.value()),
                );
            }
        }
    }

    fn resolve(&self, group: Option<&'a Field>, path: &str) -> Option<Target<'a>> {
        resolve_in(
            |id| (self.find)(id),
            Scope {
                form: self.def,
                group,
            },
            path,
        )
    }

    fn condition(
        &mut self,
        condition: &Condition,
        group: Option<&'a Field>,
        what: &str,
        anchor: &str,
    ) {
        let mut found = Vec::new();
        condition.visit(&mut |path, values| found.push((path.to_string(), values.to_vec())));
        for (path, values) in found {
            let Some(target) = self.resolve(group, &path) else {
                self.at(
                    anchor,
                    format!("{what}: condition names unknown field {path:?}"),
                );
                continue;
            };
            for value in &values {
                if let Some(why) = impossible(&target.field().kind, value) {
                    self.at(
                        anchor,
                        format!("{what}: condition compares {path:?} with {value:?}, {why}"),
                    );
                }
            }
        }
    }

    /// A `FrozenOnceSent` rule sits on a top-level group: its start is a date of the form,
    /// its quarters are fields of that group.
    fn frozen(
        &mut self,
        field: &'a Field,
        group: Option<&'a Field>,
        start: &str,
        quarters: &[String],
        what: &str,
    ) {
        if group.is_some() || field.kind.group_fields().is_none() {
            let message = format!("{what}: FrozenOnceSent is a rule of a top-level group");
            return self.at(&field.id, message);
        }
        let date = self.resolve(None, start).map(|t| &t.field().kind);
        if !matches!(date, Some(FieldKind::Date { .. })) {
            let message =
                format!("{what}: FrozenOnceSent starts at {start:?}, not a date of this form");
            self.at(&field.id, message);
        }
        for quarter in quarters {
            if !matches!(
                self.resolve(Some(field), quarter),
                Some(Target::SameRow { .. })
            ) {
                let message =
                    format!("{what}: FrozenOnceSent names {quarter:?}, not a field of this group");
                self.at(&field.id, message);
            }
        }
    }

    /// `FrozenOnceSent` is a rule's whole condition, never part of another or a visibility.
    fn frozen_nested(&mut self, condition: &Condition, what: &str, anchor: &str) {
        let mut inside = false;
        let mut look = |c: &Condition| inside |= matches!(c, Condition::FrozenOnceSent(..));
        walk(condition, &mut look);
        if inside {
            let message = format!("{what}: FrozenOnceSent is only a rule's whole condition");
            self.at(anchor, message);
        }
    }

    /// A rule's message placeholders name fields, and its source tag is a known shape.
    fn rule_text(
        &mut self,
        rule: &crate::domain::form::schema::Rule,
        group: Option<&'a Field>,
        what: &str,
        anchor: &str,
    ) {
        let given: &[&str] = match rule.must {
            // A `Covers` rule names each value left out as `{value}`.
            Condition::Covers(..) => &["value"],
            Condition::FrozenOnceSent(..) => &["period", "sent_on", "then", "now"],
            _ => &[],
        };
        for inner in placeholders(&rule.message) {
            if given.contains(&inner.trim()) {
                continue;
            }
            for path in inner.split(" - ").map(str::trim) {
                if self.resolve(group, path).is_none() {
                    self.at(
                        anchor,
                        format!("{what}: rule message names unknown field {{{path}}}"),
                    );
                }
            }
        }
        if let Some(tag) = &rule.source
            && !crate::domain::form::schema::is_source_tag(tag)
        {
            self.at(
                anchor,
                format!(
                    "{what}: rule source {tag:?} is not a source tag (S1, S22b... or I for an inference)"
                ),
            );
        }
    }

    fn sources(&mut self) {
        for tag in &self.def.sources {
            if !crate::domain::form::schema::is_source_tag(tag) {
                self.at(
                    tag,
                    format!(
                        "sources: {tag:?} is not a source tag (S1, S22b... or I for an inference)"
                    ),
                );
            }
        }
    }

    fn submit_to(&mut self) {
        let Some(submit) = &self.def.submit_to else {
            return;
        };
        let to: Vec<&str> = placeholders(&submit.to).collect();
        match to.as_slice() {
            [] if ids::email(&submit.to).is_err() => self.at(
                &submit.to,
                format!("submit_to: {:?} is not an e-mail address", submit.to),
            ),
            [] => {}
            paths
                if submit.to
                    == paths
                        .iter()
                        .map(|p| format!("{{{p}}}"))
                        .collect::<Vec<_>>()
                        .join(" or ") =>
            {
                for path in paths {
                    if self.resolve(None, path).is_none() {
                        self.at(
                            &submit.to,
                            format!("submit_to: to names unknown field {{{path}}}"),
                        );
                    }
                }
            }
            _ => self.at(
                &submit.to,
                format!(
                    "submit_to: to is {:?}: give an address, or {{field}}s that hold one \
                     (\"{{a}} or {{b}}\": the first answered)",
                    submit.to
                ),
            ),
        }
        let templates = [
            ("subject", Some(&submit.subject)),
            ("request", submit.request.as_ref()),
            ("dear", submit.dear.as_ref()),
        ];
        for (what, template) in templates {
            let Some(template) = template else { continue };
            for path in placeholders(template) {
                if self.resolve(None, path).is_none() {
                    self.at(
                        template,
                        format!("submit_to: {what} names unknown field {{{path}}}"),
                    );
                }
            }
        }
    }
}

/// Why a literal can never equal an answer of this kind, if it cannot.
fn impossible(kind: &FieldKind, value: &str) -> Option<String> {
    match kind {
        FieldKind::Choice { options, .. } | FieldKind::MultiChoice { options, .. } => {
            (!options.iter().any(|o| o.value() == value)).then(|| {
                let values: Vec<_> = options.iter().map(|o| o.value()).collect();
                format!("which is not one of its options ({})", values.join(", "))
            })
        }
        FieldKind::Progress { .. } => FormStatus::from_id(value)
            .is_none()
            .then(|| "but a form status is not_started, in_progress, complete or finalized".into()),
        FieldKind::YesNo => (value != "yes" && value != "no")
            .then(|| "but a yes/no answer is \"yes\" or \"no\"".into()),
        FieldKind::State { .. } | FieldKind::States { .. } => {
            (states::ALL.iter().all(|s| s.code != value))
                .then(|| "which is not a US state code".into())
        }
        _ => None,
    }
}

/// Shared option sets: every set has options with unique values, and every choice that
/// names a set names one that `options.ron` defines.
pub(crate) fn lint_option_sets(
    forms: &[ParsedForm<'_>],
    both: &[Vec<String>],
    sets: &crate::domain::form::option_sets::OptionSets,
    sources: &[SourceFile],
) -> Vec<Diagnostic> {
    let at_field = |parsed: &ParsedForm<'_>, id: &str, message: String| {
        let (line, col) = locate(&parsed.file.text, id, 0);
        Diagnostic {
            file: parsed.file.name.clone(),
            line,
            col,
            message,
        }
    };
    let mut out = set_problems(sets, sources);
    for (parsed, both) in forms.iter().zip(both) {
        for id in both {
            let message = format!("field {id:?}: lists options and names a shared set; keep one");
            out.push(at_field(parsed, id, message));
        }
        let fields = parsed.def.fields().flat_map(|at| {
            std::iter::once(at.field).chain(at.field.kind.group_fields().unwrap_or_default())
        });
        for field in fields {
            if let Some(set) = crate::domain::form::option_sets::shared(&field.kind)
                && !sets.sets.contains_key(set)
            {
                let message = format!(
                    "field {:?}: names the option set {set:?}, which {} does not define",
                    field.id,
                    crate::domain::form::option_sets::OPTIONS_FILE
                );
                out.push(at_field(parsed, &field.id, message));
            }
        }
    }
    out
}

/// Every set of `options.ron` has options, each value once.
fn set_problems(
    sets: &crate::domain::form::option_sets::OptionSets,
    sources: &[SourceFile],
) -> Vec<Diagnostic> {
    let file = sources
        .iter()
        .find(|s| s.name == crate::domain::form::option_sets::OPTIONS_FILE);
    let mut out = Vec::new();
    for (id, options) in &sets.sets {
        let (line, col) = file.map_or((0, 0), |f| locate(&f.text, id, 0));
        let mut problem = |message: String| {
            out.push(Diagnostic {
                file: crate::domain::form::option_sets::OPTIONS_FILE.into(),
                line,
                col,
                message,
            });
        };
        if options.is_empty() {
            problem(format!("option set {id:?} has no options"));
        }
        let mut seen = HashSet::new();
        for o in options.iter().filter(|o| !seen.insert(o.value())) {
            problem(format!(
                "option set {id:?}: option value {:?} appears twice",
                o.value()
            ));
        }
    }
    out
}

fn lint_journey(
    forms: &[ParsedForm<'_>],
    journey: &Journey,
    file: Option<&SourceFile>,
    out: &mut Vec<Diagnostic>,
) {
    let mut at = |anchor: &str, message: String| {
        let (name, (line, col)) = match file {
            Some(f) => (f.name.clone(), locate(&f.text, anchor, 0)),
            None => (
                crate::domain::form::catalog::JOURNEY_FILE.to_string(),
                (0, 0),
            ),
        };
        out.push(Diagnostic {
            file: name,
            line,
            col,
            message,
        });
    };
    let numbers: Vec<u8> = journey.steps.iter().map(|s| s.number).collect();
    if numbers != (1..=7).collect::<Vec<u8>>() {
        at(
            "steps",
            format!("the journey must list steps 1 to 7 in order (has {numbers:?})"),
        );
    }
    for step in &journey.steps {
        for id in &step.forms {
            match forms.iter().find(|p| &p.def.id == id) {
                None => at(
                    id,
                    format!("step {} lists unknown form {id:?}", step.number),
                ),
                Some(p) if p.def.step != step.number => at(
                    id,
                    format!(
                        "step {} lists form {id:?}, whose own step is {}",
                        step.number, p.def.step
                    ),
                ),
                Some(_) => {}
            }
        }
    }
    for p in forms {
        if !journey.steps.iter().any(|s| s.forms.contains(&p.def.id)) {
            let (line, col) = locate(&p.file.text, &p.def.id, 0);
            out.push(Diagnostic {
                file: p.file.name.clone(),
                line,
                col,
                message: format!("form {:?} is not listed in any journey step", p.def.id),
            });
        }
    }
}

/// Calls `f` with a condition and every condition inside it.
fn walk(condition: &Condition, f: &mut dyn FnMut(&Condition)) {
    f(condition);
    match condition {
        Condition::All(cs) | Condition::Any(cs) => cs.iter().for_each(|c| walk(c, f)),
        Condition::Not(c) => walk(c, f),
        _ => {}
    }
}
