//! A policy read one statement at a time: the common shape of a large
//! policy (an object with `Version` and a `Statement` array) never becomes
//! one tree in memory. Each statement is read, checked exactly as the
//! whole-document path checks it, and dropped. Any other shape, and any
//! text that is not JSON, is left to the whole-document path (`None`), so
//! that both give the same report and the same errors.

use super::*;

/// The report for `text` if it is a policy with a `Statement` array and
/// no top-level key twice; `None` for anything else.
pub(super) fn lint_policy(text: &str, options: Options) -> Option<Report> {
    if options.intrinsics {
        return None; // templates: their policies are parts of a larger tree
    }
    let mut reader = json::Reader::new(text);
    let start = reader.position();
    if !reader.eat(b'{') || reader.peek() == Some(b'}') {
        return None;
    }
    let mut linter = Linter::new(text, options);
    linter.whole_policy = true;
    let mut elements: Vec<(String, usize, Spanned)> = Vec::new();
    let mut statements = None;
    let mut any_principal = false;
    loop {
        let (key, key_at) = reader.key().ok()?;
        let repeated = elements.iter().any(|(k, _, _)| *k == key)
            || (key == "Statement" && statements.is_some());
        if repeated || !reader.eat(b':') {
            return None;
        }
        if key == "Statement" {
            if !reader.eat(b'[') {
                return None;
            }
            let mut count = 0;
            if !reader.eat(b']') {
                loop {
                    let statement = reader.value().ok()?;
                    let path = format!("/Statement/{count}");
                    linter.duplicates(&statement, &path);
                    any_principal |= statement.get("Principal").is_some()
                        || statement.get("NotPrincipal").is_some();
                    linter.statement(&statement, &path);
                    linter.collect_access(count, &statement);
                    count += 1;
                    if reader.eat(b',') {
                        continue;
                    }
                    if reader.eat(b']') {
                        break;
                    }
                    return None;
                }
            }
            statements = Some(count);
        } else {
            let value = reader.value().ok()?;
            linter.duplicates(&value, &format!("/{}", pointer(&key)));
            elements.push((key, key_at, value));
        }
        if reader.eat(b',') {
            continue;
        }
        if reader.eat(b'}') {
            break;
        }
        return None;
    }
    let statements = statements?;
    if !reader.at_end() {
        return None;
    }
    linter.policy_elements(&elements, start);
    Some(linter.finish(statements, any_principal))
}
