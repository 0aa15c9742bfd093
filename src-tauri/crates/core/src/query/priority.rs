//! Which source a chart believes when several report the same metric, and
//! which sources it never shows.
//!
//! Charts never add two sources together (a watch and a phone both counting
//! steps would double them). For each bucket they take the highest-ranked
//! source that has data there; CSV export keeps every source.

use std::collections::HashMap;

use crate::metric::Metric;
use crate::source::SourceId;

#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct SourcePriority {
    /// Per metric, the sources in the user's order. Sources not listed rank
    /// after the listed ones, in the default order (providers, importers, demo).
    pub per_metric: HashMap<Metric, Vec<SourceId>>,
    /// Sources no chart, card or list shows, whatever the metric: the demo
    /// person once the user's own data has arrived. A hidden source is not a
    /// fallback either, so no bucket of a real source's chart is filled from it.
    pub hidden: Vec<SourceId>,
}

impl SourcePriority {
    /// The same order, with `source` hidden as well.
    pub fn hiding(mut self, source: SourceId) -> Self {
        if !self.hidden.contains(&source) {
            self.hidden.push(source);
        }
        self
    }

    /// Whether charts may show `source` at all.
    pub fn shows(&self, source: &SourceId) -> bool {
        !self.hidden.contains(source)
    }

    /// Lower ranks win.
    pub fn rank(&self, metric: Metric, source: &SourceId) -> (usize, usize) {
        let listed = self
            .per_metric
            .get(&metric)
            .and_then(|order| order.iter().position(|s| s == source))
            .unwrap_or(usize::MAX);
        (listed, source.default_rank())
    }

    /// Whether `source` is one a query may answer from: shown, and in
    /// `only` when the caller names sources.
    pub fn admits(&self, only: &[SourceId], source: &SourceId) -> bool {
        (only.is_empty() || only.contains(source)) && self.shows(source)
    }

    /// Adds `record` to `kept` (sorted by start) unless a better-ranked
    /// source's record overlaps it; replaces a worse-ranked overlapping one.
    /// A watch and a phone recording the same night or run are one, from the
    /// source the user prefers for `metric`.
    pub fn keep_best<T: Spanned>(&self, metric: Metric, kept: &mut Vec<T>, record: T) {
        let (start, end) = record.span();
        let rank = self.rank(metric, record.source());
        // Records come by start, so a clash can only be with a recent one.
        let clash = kept.iter().rposition(|k| {
            let (s, e) = k.span();
            e > start && s < end
        });
        match clash {
            Some(i) if self.rank(metric, kept[i].source()) <= rank => {}
            Some(i) => kept[i] = record,
            None => kept.push(record),
        }
    }

    /// Sorts `sources` best first for `metric`.
    pub fn order(&self, metric: Metric, sources: &mut [SourceId]) {
        sources.sort_by_key(|s| self.rank(metric, s));
    }
}

/// A record with a time span and a source (a night, a workout).
pub trait Spanned {
    fn span(&self) -> (i64, i64);
    fn source(&self) -> &SourceId;
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ids(names: &[&str]) -> Vec<SourceId> {
        names.iter().map(|n| n.parse().unwrap()).collect()
    }

    #[test]
    fn default_order_puts_providers_before_demo() {
        let mut sources = ids(&["demo", "exist", "withings"]);
        SourcePriority::default().order(Metric::Steps, &mut sources);
        assert_eq!(sources, ids(&["withings", "exist", "demo"]));
    }

    #[test]
    fn user_order_wins_for_its_metric_only() {
        let priority = SourcePriority {
            per_metric: HashMap::from([(Metric::Steps, ids(&["demo"]))]),
            ..SourcePriority::default()
        };
        let mut steps = ids(&["withings", "demo"]);
        priority.order(Metric::Steps, &mut steps);
        assert_eq!(steps, ids(&["demo", "withings"]));
        let mut weight = ids(&["demo", "withings"]);
        priority.order(Metric::Weight, &mut weight);
        assert_eq!(weight, ids(&["withings", "demo"]));
    }
}
