//! `serde_as` adapters for the variants Withings sends for one field: numbers
//! as JSON numbers or numeric strings, `more` as 0/1 or a boolean, zone names
//! wrapped in extra quotes, PHP's `[]` where an object or a map is meant, and
//! `-1` for "not computed".

use std::fmt;
use std::marker::PhantomData;

use serde::Deserialize;
use serde::de::value::MapAccessDeserializer;
use serde::de::{self, Deserializer, IgnoredAny, MapAccess, SeqAccess, Visitor};
use serde_with::DeserializeAs;
use serde_with::de::DeserializeAsWrap;

/// An integer: a JSON integer, a float with no fraction, or a numeric string.
pub struct LooseInt;

impl<'de> DeserializeAs<'de, i64> for LooseInt {
    fn deserialize_as<D: Deserializer<'de>>(deserializer: D) -> Result<i64, D::Error> {
        deserializer.deserialize_any(IntVisitor)
    }
}

struct IntVisitor;

impl Visitor<'_> for IntVisitor {
    type Value = i64;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("an integer or a numeric string")
    }

    fn visit_i64<E: de::Error>(self, v: i64) -> Result<i64, E> {
        Ok(v)
    }

    fn visit_u64<E: de::Error>(self, v: u64) -> Result<i64, E> {
        i64::try_from(v).map_err(|_| E::invalid_value(de::Unexpected::Unsigned(v), &self))
    }

    fn visit_f64<E: de::Error>(self, v: f64) -> Result<i64, E> {
        whole(v).ok_or_else(|| E::invalid_value(de::Unexpected::Float(v), &self))
    }

    fn visit_str<E: de::Error>(self, v: &str) -> Result<i64, E> {
        v.trim()
            .parse()
            .map_err(|_| E::invalid_value(de::Unexpected::Str(v), &self))
    }
}

/// `v` as an integer when it is whole and well inside i64.
fn whole(v: f64) -> Option<i64> {
    // Checked first: whole and well inside i64, so the cast is exact.
    (v.fract() == 0.0 && v.abs() < 9.0e15).then_some(v as i64)
}

/// A duration or count where Withings writes `-1` for "not computed": any
/// negative value, and anything that is not a whole number, reads as `None`
/// (the night's other totals are still good).
pub struct Computed;

impl<'de> DeserializeAs<'de, Option<i64>> for Computed {
    fn deserialize_as<D: Deserializer<'de>>(deserializer: D) -> Result<Option<i64>, D::Error> {
        let value = deserializer.deserialize_any(ScalarVisitor)?;
        let int = match value {
            Scalar::Int(i) => Some(i),
            Scalar::Float(f) => whole(f),
            Scalar::Text(s) => s.trim().parse().ok(),
            Scalar::Bool(_) | Scalar::Other => None,
        };
        Ok(int.filter(|i| *i >= 0))
    }
}

/// A value that should be a number: a JSON number or a numeric string, else
/// the text sent, so that the adapter can skip that one value with a warning
/// naming it instead of failing the page.
#[derive(Clone, Debug, PartialEq)]
pub enum Number {
    Value(f64),
    Unreadable(String),
}

impl Number {
    /// The finite number, if it is one.
    pub fn value(&self) -> Option<f64> {
        match self {
            Number::Value(v) if v.is_finite() => Some(*v),
            _ => None,
        }
    }
}

impl fmt::Display for Number {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Number::Value(v) => write!(f, "{v}"),
            Number::Unreadable(text) => write!(f, "{text:?}"),
        }
    }
}

impl<'de> Deserialize<'de> for Number {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        Ok(match deserializer.deserialize_any(ScalarVisitor)? {
            Scalar::Int(i) => Number::Value(i as f64),
            Scalar::Float(f) => Number::Value(f),
            Scalar::Text(s) => match s.trim().parse::<f64>() {
                Ok(v) if v.is_finite() => Number::Value(v),
                _ => Number::Unreadable(s),
            },
            Scalar::Bool(b) => Number::Unreadable(b.to_string()),
            Scalar::Other => Number::Unreadable("null".to_owned()),
        })
    }
}

/// `more`: `true`/`false`, a number (non-zero = yes), "true"/"1"; `null` is no.
pub struct LooseFlag;

impl<'de> DeserializeAs<'de, bool> for LooseFlag {
    fn deserialize_as<D: Deserializer<'de>>(deserializer: D) -> Result<bool, D::Error> {
        Ok(match deserializer.deserialize_any(ScalarVisitor)? {
            Scalar::Int(i) => i != 0,
            Scalar::Float(f) => f != 0.0,
            Scalar::Text(s) => matches!(s.trim(), "true" | "1"),
            Scalar::Bool(b) => b,
            Scalar::Other => false,
        })
    }
}

/// A name or an id: a non-empty string (trimmed). A number is a code, not a
/// name (sleep summaries send `"model": 32`), and reads as `None`, as do
/// `null` and blank strings.
pub struct LooseText;

impl<'de> DeserializeAs<'de, Option<String>> for LooseText {
    fn deserialize_as<D: Deserializer<'de>>(deserializer: D) -> Result<Option<String>, D::Error> {
        Ok(match deserializer.deserialize_any(ScalarVisitor)? {
            Scalar::Text(s) if !s.trim().is_empty() => Some(s.trim().to_owned()),
            _ => None,
        })
    }
}

/// A `timezone`, cleaned but not yet parsed (the adapter names the row when
/// it cannot be read): extra quotes (`"\"Europe/Paris\""`, as the old sleep
/// summary example shows) and escaped slashes (`Europe\/Paris`) are removed;
/// blank or `null` is `None`; a number is kept as its text, so that it fails
/// as an unknown zone rather than passing as none.
pub struct ZoneText;

impl<'de> DeserializeAs<'de, Option<String>> for ZoneText {
    fn deserialize_as<D: Deserializer<'de>>(deserializer: D) -> Result<Option<String>, D::Error> {
        let raw = match deserializer.deserialize_any(ScalarVisitor)? {
            Scalar::Text(s) => s,
            Scalar::Int(i) => i.to_string(),
            Scalar::Float(f) => f.to_string(),
            Scalar::Bool(b) => b.to_string(),
            Scalar::Other => return Ok(None),
        };
        let cleaned = raw
            .trim()
            .trim_matches(|c: char| c == '"' || c == '\'')
            .replace("\\/", "/");
        let cleaned = cleaned.trim();
        Ok((!cleaned.is_empty()).then(|| cleaned.to_owned()))
    }
}

/// A JSON scalar as it came; objects and lists are refused.
enum Scalar {
    Int(i64),
    Float(f64),
    Text(String),
    Bool(bool),
    /// `null`.
    Other,
}

struct ScalarVisitor;

impl Visitor<'_> for ScalarVisitor {
    type Value = Scalar;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a number, a string, a boolean or null")
    }

    fn visit_bool<E: de::Error>(self, v: bool) -> Result<Scalar, E> {
        Ok(Scalar::Bool(v))
    }

    fn visit_i64<E: de::Error>(self, v: i64) -> Result<Scalar, E> {
        Ok(Scalar::Int(v))
    }

    fn visit_u64<E: de::Error>(self, v: u64) -> Result<Scalar, E> {
        Ok(i64::try_from(v).map_or(Scalar::Float(v as f64), Scalar::Int))
    }

    fn visit_f64<E: de::Error>(self, v: f64) -> Result<Scalar, E> {
        Ok(Scalar::Float(v))
    }

    fn visit_str<E: de::Error>(self, v: &str) -> Result<Scalar, E> {
        Ok(Scalar::Text(v.to_owned()))
    }

    fn visit_unit<E: de::Error>(self) -> Result<Scalar, E> {
        Ok(Scalar::Other)
    }

    fn visit_none<E: de::Error>(self) -> Result<Scalar, E> {
        Ok(Scalar::Other)
    }
}

/// A list that PHP may encode as `{}` when it is empty; `null` is empty too.
pub struct PhpList<U>(PhantomData<U>);

impl<'de, T, U: DeserializeAs<'de, T>> DeserializeAs<'de, Vec<T>> for PhpList<U> {
    fn deserialize_as<D: Deserializer<'de>>(deserializer: D) -> Result<Vec<T>, D::Error> {
        deserializer.deserialize_any(ListVisitor::<T, U>(PhantomData))
    }
}

struct ListVisitor<T, U>(PhantomData<(T, U)>);

impl<'de, T, U: DeserializeAs<'de, T>> Visitor<'de> for ListVisitor<T, U> {
    type Value = Vec<T>;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a list")
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Vec<T>, A::Error> {
        let mut items = Vec::with_capacity(seq.size_hint().unwrap_or(0).min(1024));
        while let Some(item) = seq.next_element::<DeserializeAsWrap<T, U>>()? {
            items.push(item.into_inner());
        }
        Ok(items)
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Vec<T>, A::Error> {
        match map.next_key::<IgnoredAny>()? {
            None => Ok(Vec::new()),
            Some(_) => Err(de::Error::invalid_type(de::Unexpected::Map, &self)),
        }
    }

    fn visit_unit<E: de::Error>(self) -> Result<Vec<T>, E> {
        Ok(Vec::new())
    }
}

/// An object keyed by text (unix times, for Withings' series), in the order
/// sent; PHP's `[]` and `null` are empty. Keys stay text: the adapter names a
/// key it cannot read.
pub struct PhpMap<U>(PhantomData<U>);

impl<'de, T, U: DeserializeAs<'de, T>> DeserializeAs<'de, Vec<(String, T)>> for PhpMap<U> {
    fn deserialize_as<D: Deserializer<'de>>(deserializer: D) -> Result<Vec<(String, T)>, D::Error> {
        deserializer.deserialize_any(MapVisitor::<T, U>(PhantomData))
    }
}

struct MapVisitor<T, U>(PhantomData<(T, U)>);

impl<'de, T, U: DeserializeAs<'de, T>> Visitor<'de> for MapVisitor<T, U> {
    type Value = Vec<(String, T)>;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("an object keyed by time")
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Self::Value, A::Error> {
        let mut entries = Vec::with_capacity(map.size_hint().unwrap_or(0).min(1024));
        while let Some((key, value)) = map.next_entry::<String, DeserializeAsWrap<T, U>>()? {
            entries.push((key, value.into_inner()));
        }
        Ok(entries)
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Self::Value, A::Error> {
        match seq.next_element::<IgnoredAny>()? {
            None => Ok(Vec::new()),
            Some(_) => Err(de::Error::invalid_type(de::Unexpected::Seq, &self)),
        }
    }

    fn visit_unit<E: de::Error>(self) -> Result<Self::Value, E> {
        Ok(Vec::new())
    }
}

/// An object that PHP encodes as `[]` when it is empty; that and `null` read
/// as the default.
pub struct PhpObject<U>(PhantomData<U>);

impl<'de, T: Default, U: DeserializeAs<'de, T>> DeserializeAs<'de, T> for PhpObject<U> {
    fn deserialize_as<D: Deserializer<'de>>(deserializer: D) -> Result<T, D::Error> {
        deserializer.deserialize_any(ObjectVisitor::<T, U>(PhantomData))
    }
}

struct ObjectVisitor<T, U>(PhantomData<(T, U)>);

impl<'de, T: Default, U: DeserializeAs<'de, T>> Visitor<'de> for ObjectVisitor<T, U> {
    type Value = T;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("an object")
    }

    fn visit_map<A: MapAccess<'de>>(self, map: A) -> Result<T, A::Error> {
        U::deserialize_as(MapAccessDeserializer::new(map))
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<T, A::Error> {
        match seq.next_element::<IgnoredAny>()? {
            None => Ok(T::default()),
            Some(_) => Err(de::Error::invalid_type(de::Unexpected::Seq, &self)),
        }
    }

    fn visit_unit<E: de::Error>(self) -> Result<T, E> {
        Ok(T::default())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;
    use serde_with::serde_as;

    #[serde_as]
    #[derive(Deserialize)]
    struct Probe {
        #[serde_as(as = "Option<LooseInt>")]
        int: Option<i64>,
        #[serde_as(as = "LooseFlag")]
        #[serde(default)]
        flag: bool,
        #[serde_as(as = "ZoneText")]
        #[serde(default)]
        zone: Option<String>,
        #[serde_as(as = "Computed")]
        #[serde(default)]
        computed: Option<i64>,
        #[serde_as(as = "LooseText")]
        #[serde(default)]
        text: Option<String>,
    }

    fn probe(value: serde_json::Value) -> Probe {
        serde_json::from_value(value).unwrap()
    }

    #[test]
    fn integers_and_flags_in_their_several_spellings() {
        let int = |v| probe(json!({ "int": v })).int;
        assert_eq!(int(json!(42)), Some(42));
        assert_eq!(int(json!(42.0)), Some(42));
        assert_eq!(int(json!("42")), Some(42));
        assert_eq!(int(json!(null)), None);
        assert!(serde_json::from_value::<Probe>(json!({"int": 4.5})).is_err());
        let flag = |v| probe(json!({ "flag": v })).flag;
        assert!(flag(json!(1)) && flag(json!(true)) && flag(json!("1")));
        assert!(!flag(json!(0)) && !flag(json!(false)) && !flag(json!(null)));
        assert!(!probe(json!({})).flag);
    }

    #[test]
    fn zones_lose_extra_quotes_and_escaped_slashes() {
        let zone = |v| probe(json!({ "zone": v })).zone;
        assert_eq!(
            zone(json!("\"Europe/Paris\"")).as_deref(),
            Some("Europe/Paris")
        );
        assert_eq!(
            zone(json!("Europe\\/Paris")).as_deref(),
            Some("Europe/Paris")
        );
        assert_eq!(zone(json!("")), None);
        assert_eq!(zone(json!(null)), None);
        assert_eq!(probe(json!({})).zone, None);
        assert_eq!(zone(json!(5)).as_deref(), Some("5"));
    }

    #[test]
    fn minus_one_and_fractions_are_not_computed() {
        let computed = |v| probe(json!({ "computed": v })).computed;
        assert_eq!(computed(json!(1800)), Some(1800));
        assert_eq!(computed(json!("1800")), Some(1800));
        assert_eq!(computed(json!(-1)), None);
        assert_eq!(computed(json!(0.92)), None);
    }

    #[test]
    fn numbers_keep_what_they_cannot_read() {
        let n = |v| serde_json::from_value::<Number>(v).unwrap();
        assert_eq!(n(json!(12)).value(), Some(12.0));
        assert_eq!(n(json!(" 12.5 ")).value(), Some(12.5));
        assert_eq!(n(json!("lots")), Number::Unreadable("lots".into()));
        assert_eq!(n(json!("NaN")).value(), None);
        assert_eq!(n(json!(true)), Number::Unreadable("true".into()));
    }

    #[test]
    fn a_numeric_model_is_a_code_not_a_name() {
        assert_eq!(probe(json!({"text": 32})).text, None);
        assert_eq!(
            probe(json!({"text": " Body+ "})).text.as_deref(),
            Some("Body+")
        );
        assert_eq!(probe(json!({"text": " "})).text, None);
    }

    #[serde_as]
    #[derive(Deserialize, Default, Debug, PartialEq)]
    struct Holder {
        #[serde_as(as = "PhpList<_>")]
        #[serde(default)]
        list: Vec<i64>,
        #[serde_as(as = "PhpMap<_>")]
        #[serde(default)]
        map: Vec<(String, i64)>,
    }

    #[serde_as]
    #[derive(Deserialize)]
    struct Outer {
        #[serde_as(as = "PhpObject<_>")]
        inner: Holder,
    }

    #[test]
    fn php_writes_empty_lists_as_objects_and_empty_objects_as_lists() {
        let outer: Outer = serde_json::from_value(json!({"inner": []})).unwrap();
        assert_eq!(outer.inner, Holder::default());
        let holder: Holder = serde_json::from_value(json!({"list": {}, "map": []})).unwrap();
        assert_eq!(holder, Holder::default());
        let holder: Holder =
            serde_json::from_str(r#"{"list": [1, 2], "map": {"9": 1, "3": 2}}"#).unwrap();
        assert_eq!(holder.list, vec![1, 2]);
        assert_eq!(holder.map, vec![("9".into(), 1), ("3".into(), 2)]);
        assert!(serde_json::from_value::<Holder>(json!({"list": {"a": 1}})).is_err());
        assert!(serde_json::from_value::<Holder>(json!({"map": [1]})).is_err());
    }
}
