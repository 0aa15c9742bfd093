//! Small readers over `serde_json::Value` that accept the variants Withings
//! sends for the same field (numbers as strings, `more` as 0/1 or a boolean,
//! quoted zone names).

use healthdash_core::time::Zone;
use serde_json::Value;

use super::UnknownZone;

pub(super) type Object = serde_json::Map<String, Value>;

/// An integer: a JSON integer, a float with no fraction, or a numeric string.
pub(super) fn int(value: &Value) -> Option<i64> {
    match value {
        Value::Number(n) => n.as_i64().or_else(|| {
            n.as_f64()
                .filter(|f| f.fract() == 0.0 && f.abs() < 9.0e15)
                // Checked just above: whole and well inside i64.
                .map(|f| f as i64)
        }),
        Value::String(s) => s.trim().parse().ok(),
        _ => None,
    }
}

/// A finite number: a JSON number or a numeric string.
pub(super) fn number(value: &Value) -> Option<f64> {
    let parsed = match value {
        Value::Number(n) => n.as_f64(),
        Value::String(s) => s.trim().parse().ok(),
        _ => None,
    };
    parsed.filter(|f| f.is_finite())
}

/// A yes/no flag: `true`/`false`, or a number (non-zero = yes), or "true"/"1".
pub(super) fn flag(value: &Value) -> bool {
    match value {
        Value::Bool(b) => *b,
        Value::Number(n) => n.as_f64().is_some_and(|f| f != 0.0),
        Value::String(s) => matches!(s.trim(), "true" | "1"),
        _ => false,
    }
}

/// A field that is present and not `null`.
pub(super) fn field<'a>(object: &'a Object, key: &str) -> Option<&'a Value> {
    object.get(key).filter(|v| !v.is_null())
}

/// A non-empty string field.
pub(super) fn text<'a>(object: &'a Object, key: &str) -> Option<&'a str> {
    object
        .get(key)
        .and_then(Value::as_str)
        .map(str::trim)
        .filter(|s| !s.is_empty())
}

/// A `timezone` value: `None` when absent, null or empty. Extra quotes
/// (`"\"Europe/Paris\""`, as the old sleep summary example shows) and escaped
/// slashes (`Europe\/Paris`) are removed before parsing.
pub(super) fn zone(value: Option<&Value>) -> Result<Option<Zone>, UnknownZone> {
    let raw = match value {
        None | Some(Value::Null) => return Ok(None),
        Some(Value::String(s)) => s.as_str(),
        Some(other) => return Err(UnknownZone(other.to_string())),
    };
    let cleaned = raw
        .trim()
        .trim_matches(|c: char| c == '"' || c == '\'')
        .replace("\\/", "/");
    let cleaned = cleaned.trim();
    if cleaned.is_empty() {
        return Ok(None);
    }
    cleaned
        .parse::<Zone>()
        .map(Some)
        .map_err(|_| UnknownZone(cleaned.to_owned()))
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn integers_and_flags_in_their_several_spellings() {
        assert_eq!(int(&json!(42)), Some(42));
        assert_eq!(int(&json!(42.0)), Some(42));
        assert_eq!(int(&json!("42")), Some(42));
        assert_eq!(int(&json!(4.5)), None);
        assert!(flag(&json!(1)) && flag(&json!(true)) && flag(&json!("1")));
        assert!(!flag(&json!(0)) && !flag(&json!(false)) && !flag(&json!(null)));
    }

    #[test]
    fn zones_lose_extra_quotes_and_escaped_slashes() {
        let paris = Some(Zone::Named(chrono_tz::Europe::Paris));
        assert_eq!(zone(Some(&json!("\"Europe/Paris\""))).ok(), Some(paris));
        assert_eq!(zone(Some(&json!("Europe\\/Paris"))).ok(), Some(paris));
        assert_eq!(zone(Some(&json!(""))).ok(), Some(None));
        assert_eq!(zone(None).ok(), Some(None));
        assert_eq!(
            zone(Some(&json!("Mars/Base"))).err().map(|e| e.to_string()),
            Some("unknown time zone 'Mars/Base'".to_owned())
        );
    }
}
