//! Reading the request parameters and paging the answers, as Withings does.

use chrono::NaiveDate;
use serde_json::{Map, Value, json};

use super::ApiResult;
use crate::withings::envelope;
use crate::withings::{Params, Shared};

pub(super) fn int_param(params: &Params, name: &str) -> Result<Option<i64>, Value> {
    match params.get(name).map(|v| v.trim()) {
        None | Some("") => Ok(None),
        Some(v) => v
            .parse()
            .map(Some)
            .map_err(|_| envelope::invalid_params(name)),
    }
}

fn ymd_param(params: &Params, name: &str) -> Result<Option<NaiveDate>, Value> {
    match params.get(name).map(|v| v.trim()) {
        None | Some("") => Ok(None),
        Some(v) => NaiveDate::parse_from_str(v, "%Y-%m-%d")
            .map(Some)
            .map_err(|_| envelope::invalid_params(name)),
    }
}

pub(super) fn offset_param(params: &Params) -> Result<usize, Value> {
    match int_param(params, "offset")? {
        None => Ok(0),
        Some(o) => usize::try_from(o).map_err(|_| envelope::invalid_params("offset")),
    }
}

/// A comma list (`data_fields`, `meastypes`).
pub(super) fn list_param(params: &Params, name: &str) -> Option<Vec<String>> {
    let v = params.get(name)?.trim();
    (!v.is_empty()).then(|| v.split(',').map(|s| s.trim().to_string()).collect())
}

/// Which records a dated list action selects: a `*ymd` range or `lastupdate`,
/// one of which Withings requires.
struct Selection {
    range: Option<(NaiveDate, NaiveDate)>,
    lastupdate: Option<i64>,
}

impl Selection {
    fn parse(params: &Params) -> Result<Self, Value> {
        let start = ymd_param(params, "startdateymd")?;
        let end = ymd_param(params, "enddateymd")?;
        let lastupdate = int_param(params, "lastupdate")?;
        let range = match (start, end) {
            (Some(s), Some(e)) => Some((s, e)),
            (None, None) => None,
            (Some(_), None) => return Err(envelope::invalid_params("enddateymd")),
            (None, Some(_)) => return Err(envelope::invalid_params("startdateymd")),
        };
        if range.is_none() && lastupdate.is_none() {
            return Err(envelope::invalid_params(
                "startdateymd/enddateymd or lastupdate",
            ));
        }
        Ok(Self { range, lastupdate })
    }

    fn keeps(&self, date: NaiveDate, modified: i64) -> bool {
        self.range.is_none_or(|(s, e)| date >= s && date <= e)
            && self.lastupdate.is_none_or(|l| modified > l)
    }
}

/// Inclusive `startdate`/`enddate`, cut to the first 24 h.
pub(super) fn day_span(params: &Params) -> Result<(i64, i64), Value> {
    let start =
        int_param(params, "startdate")?.ok_or_else(|| envelope::invalid_params("startdate"))?;
    let end = int_param(params, "enddate")?.unwrap_or(start + 86_400);
    if end < start {
        return Err(envelope::invalid_params("enddate"));
    }
    Ok((start, end.min(start + 86_400)))
}

/// Keeps only the listed keys of an object (for `data_fields`).
pub(super) fn retain_fields(
    map: &mut Map<String, Value>,
    fields: Option<&[String]>,
    filterable: &[&str],
) {
    if let Some(fields) = fields {
        map.retain(|k, _| !filterable.contains(&k.as_str()) || fields.iter().any(|f| f == k));
    }
}

/// One page of `items` and the paging fields.
pub(super) fn paged(
    shared: &Shared,
    salt: usize,
    total: usize,
    offset: usize,
) -> (usize, usize, Value, usize) {
    let size = shared.config.page_size.max(1);
    let end = offset.saturating_add(size).min(total);
    let more = end < total;
    let more_value = if shared.more_as_bool(salt, offset / size) {
        json!(more)
    } else {
        json!(u8::from(more))
    };
    (offset.min(total), end, more_value, end)
}

/// The answer of the actions that list dated items (getactivity,
/// getworkouts, sleep getsummary): the items that `startdateymd`/
/// `enddateymd` or `lastupdate` keep, one page of them as JSON under `key`,
/// and the paging fields (`salt` varies how `more` is written).
pub(super) fn dated_list<T>(
    shared: &Shared,
    params: &Params,
    (key, salt): (&str, usize),
    items: &[T],
    stamp: impl Fn(&T) -> (NaiveDate, i64),
    to_json: impl Fn(&Shared, &T, Option<&[String]>) -> Value,
) -> ApiResult {
    let selection = Selection::parse(params)?;
    let offset = offset_param(params)?;
    let fields = list_param(params, "data_fields");
    let kept: Vec<&T> = items
        .iter()
        .filter(|item| {
            let (date, modified) = stamp(item);
            selection.keeps(date, modified)
        })
        .collect();
    let (from, to, more, next) = paged(shared, salt, kept.len(), offset);
    let page: Vec<Value> = kept[from..to]
        .iter()
        .map(|item| to_json(shared, item, fields.as_deref()))
        .collect();
    let mut answer = Map::new();
    answer.insert(key.to_owned(), Value::Array(page));
    answer.insert("more".to_owned(), more);
    answer.insert("offset".to_owned(), json!(next));
    Ok(Value::Object(answer))
}
