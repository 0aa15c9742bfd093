//! getmeas: measure groups, newest first.

use serde_json::{Value, json};

use super::ApiResult;
use super::params::{int_param, list_param, offset_param, paged};
use crate::withings::data::{HOME_TZ, MeasureGroup};
use crate::withings::envelope;
use crate::withings::{Params, Shared, unix_now};

pub(super) fn getmeas(shared: &Shared, params: &Params) -> ApiResult {
    let types: Option<Vec<i32>> = match (params.get("meastype"), list_param(params, "meastypes")) {
        (_, Some(list)) => Some(
            list.iter()
                .map(|t| t.parse().map_err(|_| envelope::invalid_params("meastypes")))
                .collect::<Result<_, _>>()?,
        ),
        (Some(_), None) => int_param(params, "meastype")?
            .map(|t| {
                i32::try_from(t)
                    .map(|t| vec![t])
                    .map_err(|_| envelope::invalid_params("meastype"))
            })
            .transpose()?,
        (None, None) => None,
    };
    let category = int_param(params, "category")?;
    if category.is_some_and(|c| c != 1 && c != 2) {
        return Err(envelope::invalid_params("category"));
    }
    let start = int_param(params, "startdate")?;
    let end = int_param(params, "enddate")?;
    let lastupdate = int_param(params, "lastupdate")?;
    let offset = offset_param(params)?;
    let keep = |g: &MeasureGroup| {
        category.is_none_or(|c| i64::from(g.category) == c)
            && start.is_none_or(|s| g.date >= s)
            && end.is_none_or(|e| g.date <= e)
            && lastupdate.is_none_or(|l| g.modified > l)
            && types
                .as_ref()
                .is_none_or(|ts| g.measures.iter().any(|m| ts.contains(&m.meastype)))
    };
    let (page, more, next) = shared.data.with_groups(|groups| {
        let mut matched: Vec<&MeasureGroup> = groups.iter().filter(|g| keep(g)).collect();
        matched.sort_by_key(|g| std::cmp::Reverse((g.date, g.grpid)));
        let (from, to, more, next) = paged(shared, 0, matched.len(), offset);
        let page: Vec<Value> = matched[from..to]
            .iter()
            .map(|g| {
                let mut g = (*g).clone();
                if let Some(ts) = &types {
                    g.measures.retain(|m| ts.contains(&m.meastype));
                }
                serde_json::to_value(g).unwrap_or(Value::Null)
            })
            .collect();
        (page, more, next)
    });
    Ok(json!({
        "updatetime": unix_now(),
        "timezone": HOME_TZ.name(),
        "measuregrps": page,
        "more": more,
        "offset": next,
    }))
}
