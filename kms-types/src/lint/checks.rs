//! The KMS checks: actions and patterns, resources and ARNs, condition
//! keys, operators and values, against the generated tables.

use super::*;

impl Linter<'_> {
    /// The kms actions named by an Action/NotAction field.
    pub(super) fn actions(&mut self, value: &Spanned, path: &str) -> Vec<Covered> {
        let mut covered = Vec::new();
        for (name, at, index) in self.strings(value, path) {
            let span = (at.start, at.end);
            if !kms_iam_rules::action_name::names_service(name, SERVICE_PREFIX) {
                continue;
            }
            if name.contains(['*', '?']) {
                let before = covered.len();
                let matched = match self.patterns.get(name) {
                    Some(actions) => actions,
                    None => self
                        .patterns
                        .entry(name.to_string())
                        .or_insert_with(|| Action::matching(name).collect()),
                };
                covered.extend(matched.iter().map(|&action| Covered {
                    action,
                    by_wildcard: true,
                }));
                if covered.len() == before {
                    self.find(Code::PatternMatchesNothing, Severity::Error, span, &grammar::item_path(path, index),
                        format!("the pattern `{name}` matches no KMS action; check its spelling (`kms:` names are PascalCase, e.g. `kms:GenerateDataKey*`)"));
                }
            } else {
                match name.parse::<Action>() {
                    Ok(action) => covered.push(Covered { action, by_wildcard: false }),
                    Err(_) if named_by_condition_key_page(name) => {
                        self.find(Code::UnknownAction, Severity::Warning, span, &grammar::item_path(path, index), format!(
                            "`{name}` is not in this crate's action list, but the AWS condition-key page names it: the action data is older than the page; regenerate from newer sources to check it"
                        ))
                    }
                    Err(error) => self.find(Code::UnknownAction, Severity::Error, span, &grammar::item_path(path, index), error.to_string()),
                }
            }
        }
        covered
    }

    /// Each kms ARN against the ARN formats of the data.
    pub(super) fn arn_formats(&mut self, listed: &[(&str, &Spanned, Option<usize>)], base: &str) {
        for (resource, at, index) in listed {
            if let Some(problem) = arn_problem(resource) {
                let message = format!("`{resource}` matches no KMS resource: {problem}");
                self.find(
                    Code::ResourceArnFormat,
                    Severity::Warning,
                    (at.start, at.end),
                    &grammar::item_path(base, *index),
                    message,
                );
            }
        }
    }

    pub(super) fn resources(
        &mut self,
        covered: &[Covered],
        resources: &[(&str, (usize, usize))],
        at: (usize, usize),
        path: &str,
    ) {
        let kinds: Vec<ResourceKind> = resources.iter().map(|(r, _)| ResourceKind::of(r)).collect();
        if kinds.contains(&ResourceKind::Any) {
            return;
        }
        for (kind_of_action, actions) in [
            (
                false,
                covered
                    .iter()
                    .filter(|c| !c.by_wildcard)
                    .collect::<Vec<_>>(),
            ),
            (true, covered.iter().filter(|c| c.by_wildcard).collect()),
        ] {
            let mismatched: Vec<Action> = actions
                .iter()
                .map(|c| c.action)
                .filter(|action| {
                    let takes: Vec<ResourceType> = action
                        .resources()
                        .iter()
                        .filter_map(|r| r.resource_type)
                        .collect();
                    !kinds.iter().any(|k| match k {
                        ResourceKind::Any => true,
                        ResourceKind::Kms(ty) => takes.contains(ty),
                        ResourceKind::Other => false,
                    })
                })
                .collect();
            if mismatched.is_empty() {
                continue;
            }
            let names: Vec<String> = mismatched.iter().map(|a| a.to_string()).collect();
            let shown: Vec<&str> = resources.iter().map(|(r, _)| *r).collect();
            let wants: Vec<String> = mismatched
                .iter()
                .map(|a| {
                    let takes: Vec<&str> = a
                        .resources()
                        .iter()
                        .filter_map(|r| r.resource_type.map(|t| t.name()))
                        .collect();
                    if takes.is_empty() {
                        format!("{a} takes no resource (use \"*\")")
                    } else {
                        format!("{a} takes {}", takes.join(" or "))
                    }
                })
                .collect();
            let (severity, how) = if kind_of_action {
                (Severity::Warning, "brought in by a wildcard, ")
            } else {
                (Severity::Error, "")
            };
            let message = format!(
                "{how}{} cannot match any of these resources ({}): {}; the statement has no effect for {}",
                names.join(", "),
                shown.join(", "),
                wants.join("; "),
                if names.len() == 1 { "it" } else { "them" }
            );
            self.find(Code::ResourceKindMismatch, severity, at, path, message);
        }
    }

    pub(super) fn conditions(
        &mut self,
        condition: &Spanned,
        path: &str,
        covered: &[Covered],
        effect: &str,
    ) {
        if self.opaque(condition) {
            return;
        }
        let Some(operators) = condition.as_object() else {
            let message = format!(
                "`Condition` is an object of operators, not {}",
                condition.kind()
            );
            self.grammar(condition, path, message);
            return;
        };
        for (operator_text, operator_at, keys) in operators {
            let operator_path = format!("{path}/{}", pointer(operator_text));
            let operator_span = (*operator_at, self.token_end(*operator_at, operator_text));
            let operator = Operator::parse(operator_text);
            if operator.is_none() {
                self.find(
                    Code::UnknownOperator,
                    Severity::Error,
                    operator_span,
                    &operator_path,
                    format!("`{operator_text}` is not an IAM condition operator"),
                );
            }
            if self.opaque(keys) {
                continue;
            }
            let Some(entries) = keys.as_object() else {
                let message = format!(
                    "an operator maps condition keys to values, not {}",
                    keys.kind()
                );
                self.grammar(keys, &operator_path, message);
                continue;
            };
            for (key_text, key_at, value) in entries {
                let key_path = format!("{operator_path}/{}", pointer(key_text));
                let key_span = (*key_at, self.token_end(*key_at, key_text));
                // A key the KMS data lists (its own `kms:` keys, and the
                // `aws:` keys scoped to KMS resources: `aws:ResourceTag/*`,
                // `aws:RequestTag/*`, `aws:TagKeys`) is checked against the
                // actions that take it, exactly as the builder checks it;
                // other global keys (`aws:SourceIp`, ...) are left alone.
                let own = key_text
                    .split_once(':')
                    .is_some_and(|(prefix, _)| prefix.eq_ignore_ascii_case(SERVICE_PREFIX));
                let found = match self.keys.get(key_text.as_str()) {
                    Some(found) => *found,
                    None => {
                        let found = ConditionKey::for_policy_key(key_text);
                        self.keys.insert(key_text.clone(), found);
                        found
                    }
                };
                let Some(key) = found else {
                    if !own {
                        continue;
                    }
                    let message = match key_text.parse::<ConditionKey>() {
                        Err(error) if !error.suggestions.is_empty() => error.to_string(),
                        _ => format!("unknown KMS condition key `{key_text}`"),
                    };
                    self.find(
                        Code::UnknownConditionKey,
                        Severity::Error,
                        key_span,
                        &key_path,
                        message,
                    );
                    continue;
                };
                self.key(
                    key,
                    key_text,
                    key_span,
                    &key_path,
                    value,
                    operator.as_ref(),
                    covered,
                    effect,
                );
            }
        }
    }

    #[allow(clippy::too_many_arguments)]
    pub(super) fn key(
        &mut self,
        key: ConditionKey,
        key_text: &str,
        at: (usize, usize),
        path: &str,
        value: &Spanned,
        operator: Option<&Operator>,
        covered: &[Covered],
        effect: &str,
    ) {
        #[allow(deprecated)]
        if let Some(replacement) = key.deprecated_by() {
            self.find(
                Code::DeprecatedKey,
                Severity::Warning,
                at,
                path,
                format!(
                    "`{key_text}` is deprecated: use `{replacement}`, which works the same way"
                ),
            );
        }
        // What IAM does for the actions that do not support the key: it is
        // absent from their requests (see `evaluation`).
        let null_value = match &value.value {
            Json::Bool(b) => Some(*b),
            Json::String(s) if is_bool(s) => Some(s.eq_ignore_ascii_case("true")),
            _ => None,
        };
        let absent = operator.and_then(|op| evaluation::on_absent_key(op, null_value));
        // Written out only for a finding.
        let operator_text = || operator.map(|op| op.to_string()).unwrap_or_default();
        for by_wildcard in [false, true] {
            let missing: Vec<String> = covered
                .iter()
                .filter(|c| c.by_wildcard == by_wildcard && !c.action.accepts(key))
                .map(|c| c.action.to_string())
                .collect::<std::collections::BTreeSet<_>>()
                .into_iter()
                .collect();
            if missing.is_empty() {
                continue;
            }
            let them = if missing.len() == 1 { "it" } else { "them" };
            let how = if by_wildcard {
                " (brought in by a wildcard)"
            } else {
                ""
            };
            let not_action = if self.not_action {
                " (the statement's NotAction leaves them in)"
            } else {
                ""
            };
            let (severity, consequence) = match &absent {
                Some(absent) => {
                    let outcome = evaluation::Outcome::of(effect == "Deny", absent.holds);
                    let why = absent.explain(&operator_text());
                    (
                        evaluation::severity(outcome, by_wildcard),
                        format!(
                            "the key is absent from {their} requests and {why}, so {}",
                            outcome.describe(them),
                            their = if missing.len() == 1 { "its" } else { "their" },
                        ),
                    )
                }
                None => (
                    if by_wildcard {
                        Severity::Warning
                    } else {
                        Severity::Error
                    },
                    format!(
                        "the key is absent from {} requests",
                        if missing.len() == 1 { "its" } else { "their" }
                    ),
                ),
            };
            self.find(Code::KeyNotForAction, severity, at, path, format!(
                "`{key_text}` does not apply to {}{how}{not_action}; {consequence} (split the statement or drop those actions)",
                missing.join(", ")
            ));
        }
        // Auto (a streamed policy whose kind is known only at its end): the
        // finding waits, and counts if some statement has a Principal.
        if self.kind != PolicyKind::Identity {
            let iam_only: Vec<String> = covered
                .iter()
                .filter(|c| {
                    c.action
                        .condition_keys()
                        .iter()
                        .any(|k| k.key == key && k.policy_type == Some(PolicyType::IamOnly))
                })
                .map(|c| c.action.to_string())
                .collect();
            if !iam_only.is_empty() {
                self.find(Code::IamOnlyKeyInKeyPolicy, Severity::Error, at, path, format!(
                    "`{key_text}` is valid in IAM policies only for {}: it cannot be used in a key policy; move the statement to an IAM policy",
                    iam_only.join(", ")
                ));
                if self.kind == PolicyKind::Auto
                    && let Some(finding) = self.findings.pop()
                {
                    self.if_key_policy.push(finding);
                }
            }
        }
        let Some(operator) = operator else { return };
        let condition_type = key.condition_type();
        let multi = key.value_type() == Some(ValueType::MultiValued);
        if let Some(qualifier) = operator.qualifier
            && key.value_type() == Some(ValueType::SingleValued)
        {
            let operator_text = operator_text();
            self.find(Code::SetOperatorOnSingleValued, Severity::Error, at, path, format!(
                "`{operator_text}` on the single-valued key `{key_text}` also matches requests without the key (AWS rejects ForAllValues here as OverlyPermissiveCondition); remove `{}:`",
                qualifier.name()
            ));
        }
        if operator.qualifier.is_none() && multi && operator.family() != Family::Null {
            let operator_text = operator_text();
            self.find(Code::MissingSetOperator, Severity::Error, at, path, format!(
                "`{key_text}` is multi-valued: use `ForAnyValue:{operator_text}` (any value matches) or `ForAllValues:{operator_text}` (every value matches)",
            ));
        }
        let values = self.values(value, path);
        if let Some(condition_type) = condition_type {
            self.operator_fit(operator, condition_type, key_text, &values, at, path);
            self.value_types(operator, condition_type, key_text, &values, path);
        }
        self.closed_values(key, operator, key_text, &values, path);
    }

    pub(super) fn values<'d>(
        &mut self,
        value: &'d Spanned,
        path: &str,
    ) -> Vec<(&'d Spanned, Option<usize>)> {
        if self.opaque(value) {
            return Vec::new();
        }
        match &value.value {
            Json::Array(items) => items
                .iter()
                .enumerate()
                .filter(|(_, v)| !self.opaque(v))
                .map(|(i, v)| (v, Some(i)))
                .collect(),
            Json::Object(_) | Json::Null => {
                let message = format!(
                    "a condition value is a string, number, boolean or an array of them, not {}",
                    value.kind()
                );
                self.grammar(value, path, message);
                Vec::new()
            }
            _ => vec![(value, None)],
        }
    }

    pub(super) fn operator_fit(
        &mut self,
        operator: &Operator,
        ty: ConditionType,
        key_text: &str,
        values: &[(&Spanned, Option<usize>)],
        at: (usize, usize),
        path: &str,
    ) {
        // IAM's rule (`kms_iam_rules::fit`): the builder's `Fits` impls come
        // from the same list; the linter adds the tier that works but checks less.
        let key_type = kms_iam_rules::KeyType::of_condition_type(ty.name())
            .unwrap_or(kms_iam_rules::KeyType::Untyped);
        let fit = match kms_iam_rules::fit(operator.family(), key_type, operator.base()) {
            kms_iam_rules::Fit::WeakOnBooleanText(why)
                if values
                    .iter()
                    .all(|(v, _)| matches!(&v.value, Json::String(s) if is_bool(s))) =>
            {
                kms_iam_rules::Fit::Weak(why)
            }
            kms_iam_rules::Fit::WeakOnBooleanText(_) => kms_iam_rules::Fit::Mismatch,
            fit => fit,
        };
        let type_name = ty.name();
        match fit {
            kms_iam_rules::Fit::Fits | kms_iam_rules::Fit::WeakOnBooleanText(_) => {}
            kms_iam_rules::Fit::Weak(why) => self.find(Code::WeakOperator, Severity::Warning, at, path, format!(
                "`{operator}` works on the {type_name} key `{key_text}` but checks less than it should: {why}",
            )),
            kms_iam_rules::Fit::Mismatch => self.find(Code::OperatorTypeMismatch, Severity::Error, at, path, format!(
                "`{operator}` does not fit the {type_name} key `{key_text}`: {}",
                key_type.suggestion()
            )),
        }
    }

    /// Values under an `...Equals` String operator: a wildcard is compared
    /// as written, and a key with a closed set (the KMS API's values) only
    /// ever carries one of them.
    pub(super) fn closed_values(
        &mut self,
        key: ConditionKey,
        operator: &Operator,
        key_text: &str,
        values: &[(&Spanned, Option<usize>)],
        path: &str,
    ) {
        // The builder's list: `...Equals` String operators take the key's
        // closed set (or text); patterns and the other kinds are not
        // compared with the set.
        if operator.value_kind() != kms_iam_rules::ValueKind::Equals {
            return;
        }
        let ignore_case = operator.def.ignores_case();
        for (value, index) in values {
            let Json::String(text) = &value.value else {
                continue;
            };
            if text.contains("${") {
                continue; // a policy variable: resolved at request time
            }
            let span = (value.start, value.end);
            if text.contains(['*', '?']) {
                let like = operator
                    .base()
                    .replace("Equals", "Like")
                    .replace("IgnoreCase", "");
                self.find(
                    Code::WildcardInEquals,
                    Severity::Warning,
                    span,
                    &grammar::item_path(path, *index),
                    format!(
                        "`{operator}` does not expand wildcards: {text:?} is compared as written, `*` and `?` included; use `{like}` to match a pattern",
                    ),
                );
                continue;
            }
            let (Some(set), Some(shape)) = (key.value_set(), key.value_shape()) else {
                continue;
            };
            let known = set.iter().any(|v| {
                if ignore_case {
                    v.eq_ignore_ascii_case(text)
                } else {
                    v == text
                }
            });
            if known {
                continue;
            }
            let suggestions = crate::names::suggest(text, set);
            let hint = match suggestions.as_slice() {
                [] => format!("its values are {}", set.join(", ")),
                [one] => format!("did you mean `{one}`?"),
                many => format!(
                    "did you mean one of {}?",
                    many.iter()
                        .map(|s| format!("`{s}`"))
                        .collect::<Vec<_>>()
                        .join(", ")
                ),
            };
            let effect = if operator.negated() {
                "so this condition holds for every request that has the key"
            } else {
                "so this condition never matches it"
            };
            self.find(
                Code::ValueNotInSet,
                Severity::Error,
                span,
                &grammar::item_path(path, *index),
                format!(
                    "{text:?} is not a value of `{key_text}` (the KMS API's `{shape}`): no request carries it, {effect}; {hint}"
                ),
            );
        }
    }

    pub(super) fn value_types(
        &mut self,
        operator: &Operator,
        ty: ConditionType,
        key_text: &str,
        values: &[(&Spanned, Option<usize>)],
        path: &str,
    ) {
        for (value, index) in values {
            let value_path = &grammar::item_path(path, *index);
            let text: std::borrow::Cow<str> = match &value.value {
                Json::String(s) => s.as_str().into(),
                Json::Number(n) => n.as_str().into(),
                Json::Bool(b) => b.to_string().into(),
                _ => {
                    let message = format!(
                        "a condition value is a string, number or boolean, not {}",
                        value.kind()
                    );
                    self.grammar(value, value_path, message);
                    continue;
                }
            };
            if text.contains("${") {
                continue; // a policy variable: resolved at request time
            }
            let span = (value.start, value.end);
            // Which check applies follows the builder's value kinds
            // (`policy::op::OPERATOR_VALUE_KINDS`); the key's own type adds
            // a check where the operator is of the wrong family.
            let number = |text: &str| text.trim().parse::<f64>().is_err();
            use kms_iam_rules::ValueKind;
            let problem = match (operator.value_kind(), ty) {
                (ValueKind::Boolean, _) if operator.family() == Family::Null => (!is_bool(&text)).then(|| "`Null` takes true (key absent) or false (key present)".to_string()),
                (ValueKind::Boolean, _) => (!is_bool(&text)).then(|| format!("`{key_text}` is Boolean: use true or false")),
                (ValueKind::Number, ConditionType::Numeric | ConditionType::Timestamp) | (_, ConditionType::Numeric) => {
                    number(&text).then(|| format!("`{key_text}` takes a number here, not {text:?}"))
                }
                (ValueKind::Time, ConditionType::Timestamp) => (!is_date(&text)).then(|| {
                    format!("`{key_text}` takes a date (2030-01-01T00:00:00Z) or epoch seconds here, not {text:?}")
                }),
                (_, ConditionType::Boolean) => (!is_bool(&text)).then(|| format!("`{key_text}` is Boolean: use true or false, not {text:?}")),
                _ => None,
            };
            if let Some(problem) = problem {
                self.find(
                    Code::InvalidValue,
                    Severity::Error,
                    span,
                    value_path,
                    problem,
                );
            }
        }
    }
}

fn is_bool(text: &str) -> bool {
    text.eq_ignore_ascii_case("true") || text.eq_ignore_ascii_case("false")
}

fn is_date(text: &str) -> bool {
    let text = text.trim();
    if text.parse::<f64>().is_ok() {
        return true;
    }
    let bytes = text.as_bytes();
    bytes.len() >= 10
        && bytes[..4].iter().all(u8::is_ascii_digit)
        && bytes[4] == b'-'
        && bytes[5..7].iter().all(u8::is_ascii_digit)
        && bytes[7] == b'-'
        && bytes[8..10].iter().all(u8::is_ascii_digit)
}

/// Whether the condition-key page names this action as an operation that the
/// action data lacks (e.g. `kms:GenerateMac` in the seed vintage).
fn named_by_condition_key_page(name: &str) -> bool {
    let bare = name.split_once(':').map_or(name, |(_, rest)| rest);
    ConditionKey::ALL.iter().any(|key| {
        key.operations()
            .iter()
            .any(|op| op.unmatched.iter().any(|u| u.eq_ignore_ascii_case(bare)))
    })
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum ResourceKind {
    Any,
    Kms(ResourceType),
    Other,
}

impl ResourceKind {
    /// `*`, a kms ARN (`...:key/...`, `...:alias/...`), a wildcard resource
    /// part, or another service's ARN.
    fn of(resource: &str) -> ResourceKind {
        if resource == "*" {
            return ResourceKind::Any;
        }
        let Some(parts) = split_arn(resource) else {
            return ResourceKind::Other;
        };
        if !glob(parts[2], SERVICE_PREFIX) {
            return ResourceKind::Other;
        }
        let resource_part = parts[5];
        let type_part = resource_part.split('/').next().unwrap_or_default();
        if type_part.contains(['*', '?']) {
            return ResourceKind::Any;
        }
        ResourceType::ALL
            .iter()
            .find(|t| glob(type_part, t.name()))
            .map_or(ResourceKind::Other, |t| ResourceKind::Kms(*t))
    }
}

/// The six parts of an ARN (`arn`, partition, service, region, account,
/// resource), splitting on `:` outside policy variables
/// (`${aws:PrincipalAccount}` is one piece); `None` if there are fewer.
fn split_arn(arn: &str) -> Option<[&str; 6]> {
    let mut parts = [""; 6];
    let (mut start, mut index, mut depth) = (0, 0, 0usize);
    let bytes = arn.as_bytes();
    let mut i = 0;
    while i < bytes.len() && index < 5 {
        match bytes[i] {
            b'$' if bytes.get(i + 1) == Some(&b'{') => {
                depth += 1;
                i += 1;
            }
            b'}' if depth > 0 => depth -= 1,
            b':' if depth == 0 => {
                parts[index] = &arn[start..i];
                index += 1;
                start = i + 1;
            }
            _ => {}
        }
        i += 1;
    }
    if index < 5 || parts[0] != "arn" {
        return None;
    }
    parts[5] = &arn[start..];
    Some(parts)
}

/// Why a kms ARN matches no KMS resource, if it does not. Other services'
/// ARNs and `*` are not this check's business.
fn arn_problem(resource: &str) -> Option<String> {
    let parts = split_arn(resource)?;
    let [_, partition, service, region, account, rest] = parts;
    if !glob(service, SERVICE_PREFIX) {
        return None;
    }
    let free = |part: &str| part.contains(['*', '?']) || part.contains("${");
    if !free(partition) && crate::policy::arn::Partition::from_str(partition).is_err() {
        return Some(format!(
            "`{partition}` is not an AWS partition (aws, aws-cn, aws-us-gov, ...)"
        ));
    }
    if region.is_empty() {
        return Some(
            "the region is empty; KMS keys and aliases are regional (use `*` for any region)"
                .to_string(),
        );
    }
    if account.is_empty() {
        return Some(
            "the account is empty; KMS keys and aliases belong to an account (use the 12-digit ID, `*`, or `${aws:PrincipalAccount}`)"
                .to_string(),
        );
    }
    if !(free(account) || kms_iam_rules::grammar::is_account_id(account)) {
        return Some(format!("`{account}` is not a 12-digit account ID"));
    }
    // The resource part against each ARN format's (`key/${KeyId}`).
    let formats: Vec<&str> = ResourceType::ALL
        .iter()
        .filter_map(|t| t.arn_format())
        .filter_map(|f| split_arn(f).map(|p| p[5]))
        .collect();
    if formats.is_empty() {
        return None; // sources without ARN formats: nothing to compare
    }
    let fits = |format: &str| {
        let fixed = &format[..format.find("${").unwrap_or(format.len())];
        let literal_end = rest.find(['*', '?', '$']).unwrap_or(rest.len());
        let literal = &rest[..literal_end];
        if literal_end < rest.len() {
            // A pattern: its literal head must agree with the format's.
            literal.starts_with(fixed) || fixed.starts_with(literal)
        } else {
            literal.starts_with(fixed) && literal.len() > fixed.len()
        }
    };
    if formats.iter().any(|f| fits(f)) {
        return None;
    }
    Some(format!(
        "the resource part `{rest}` fits none of the ARN formats ({})",
        formats
            .iter()
            .map(|f| format!("`{f}`"))
            .collect::<Vec<_>>()
            .join(", ")
    ))
}
