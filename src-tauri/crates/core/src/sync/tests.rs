//! The engine against a made-up source whose answers come from memory or
//! from files: no HTTP anywhere.

use std::collections::HashMap;
use std::sync::Mutex;
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};

use serde::{Deserialize, Serialize};

use super::*;
use crate::export::{CsvFilter, export_csv};
use crate::{Batch, Measurement, Metric, SourceId, Store, Zone};

/// Answers by URL; a URL it does not know fails.
#[derive(Default)]
struct Canned {
    answers: HashMap<String, Vec<u8>>,
    asked: Mutex<Vec<String>>,
    cancel_after: Option<usize>,
    calls: AtomicUsize,
}

impl Canned {
    fn with(answers: &[(&str, &str)]) -> Canned {
        Canned {
            answers: answers
                .iter()
                .map(|(u, b)| ((*u).to_owned(), b.as_bytes().to_vec()))
                .collect(),
            ..Canned::default()
        }
    }
}

impl Fetch for Canned {
    fn fetch<'a>(
        &'a self,
        request: FetchRequest<'a>,
    ) -> BoxFuture<'a, Result<Fetched, FetchError>> {
        Box::pin(async move {
            self.calls.fetch_add(1, Ordering::Relaxed);
            self.asked.lock().unwrap().push(request.url.to_owned());
            let body = self
                .answers
                .get(request.url)
                .cloned()
                .ok_or_else(|| FetchError::Failed(format!("{}: HTTP 404", request.what)))?;
            match (request.judge)(200, &Headers::default(), body) {
                Verdict::Ok(body) => Ok(Fetched {
                    headers: Headers::default(),
                    body,
                }),
                other => Err(FetchError::Failed(format!("{other:?}"))),
            }
        })
    }

    fn is_cancelled(&self) -> bool {
        self.cancel_after
            .is_some_and(|n| self.calls.load(Ordering::Relaxed) >= n)
    }
}

fn accept(_: u16, _: &Headers, body: Vec<u8>) -> Verdict {
    Verdict::Ok(body)
}

/// Pages `PREFIX/0`, `PREFIX/1`, …: each answer is `value[,value…]|more`;
/// each value becomes a weight at `value` seconds. With `detail`, every
/// page also fetches `PREFIX/N/detail` as a second part, and its text is
/// each row's detail.
struct Pages {
    name: &'static str,
    prefix: &'static str,
    detail: bool,
    optional: bool,
    /// Detail from another stream's stored answer, like Withings' devices.
    names_from: Option<&'static str>,
}

#[derive(Default, Serialize, Deserialize)]
struct PageCursor {
    next: u32,
    done: bool,
}

impl TypedStream for Pages {
    type Cursor = PageCursor;
    type Request = u32;

    fn name(&self) -> &'static str {
        self.name
    }

    fn optional(&self) -> bool {
        self.optional
    }

    fn plan(
        &self,
        cursor: &Stamped<PageCursor>,
        ctx: &PlanContext<'_>,
    ) -> Result<Option<Planned<u32>>, SyncError> {
        if cursor.cursor.done && cursor.this_run(ctx.run) {
            return Ok(None);
        }
        let page = if cursor.cursor.done {
            0
        } else {
            cursor.cursor.next
        };
        Ok(Some(Planned {
            request: page,
            key: format!("{} {page}", self.prefix),
            position: None,
        }))
    }

    fn fetch<'a>(
        &'a self,
        port: &'a dyn Fetch,
        page: &'a u32,
    ) -> BoxFuture<'a, Result<Vec<Part>, SyncError>> {
        Box::pin(async move {
            let get = |url: String| async move {
                let request = FetchRequest {
                    what: self.name,
                    method: Method::Get,
                    url: &url,
                    params: &[],
                    authorized: true,
                    judge: &accept,
                };
                port.fetch(request).await.map(|f| f.body)
            };
            let mut parts = vec![Part::single(get(format!("{}/{page}", self.prefix)).await?)];
            if self.detail {
                let body = get(format!("{}/{page}/detail", self.prefix)).await?;
                parts.push(Part {
                    key: "detail".into(),
                    body,
                });
            }
            Ok(parts)
        })
    }

    fn parse(
        &self,
        page: &u32,
        parts: &[Part],
        ctx: &ParseContext<'_>,
    ) -> Result<Parsed<PageCursor>, SyncError> {
        let (batch, more) = self.read(parts, ctx)?;
        Ok(Parsed {
            batch,
            complete_records: false,
            covers: None,
            next_cursor: PageCursor {
                next: page + 1,
                done: !more,
            },
        })
    }

    fn reparse(
        &self,
        _key: &str,
        parts: &[Part],
        ctx: &ParseContext<'_>,
    ) -> Result<Option<Batch>, SyncError> {
        Ok(Some(self.read(parts, ctx)?.0))
    }
}

impl Pages {
    fn plain(name: &'static str, prefix: &'static str) -> Pages {
        Pages {
            name,
            prefix,
            detail: false,
            optional: false,
            names_from: None,
        }
    }

    fn read(&self, parts: &[Part], ctx: &ParseContext<'_>) -> Result<(Batch, bool), SyncError> {
        let bad = |reason: String| SyncError::Parse {
            source_id: "withings",
            what: self.name.into(),
            reason,
        };
        let text =
            |part: &Part| String::from_utf8(part.body.clone()).map_err(|e| bad(e.to_string()));
        let main = text(parts.first().ok_or_else(|| bad("no answer".into()))?)?;
        let (values, more) = main
            .split_once('|')
            .ok_or_else(|| bad(format!("not a page: {main}")))?;
        let mut detail = match Part::find(parts, "detail") {
            Some(part) => Some(text(part)?),
            None => None,
        };
        if let Some(stream) = self.names_from {
            detail = ctx.stored(stream)?.first().map(text).transpose()?;
        }
        let mut batch = Batch::new("withings".parse::<SourceId>().map_err(SyncError::Store)?);
        for value in values.split(',').filter(|v| !v.is_empty()) {
            let at: i64 = value
                .parse()
                .map_err(|_| bad(format!("bad value {value}")))?;
            let mut m =
                Measurement::sample(Metric::Weight, at, 70.0 + at as f64 / 1000.0, Zone::UTC)
                    .with_record_id(format!("w:{at}"));
            if let Some(d) = &detail {
                m = m.with_detail(d.clone());
            }
            batch.measurements.push(m);
        }
        Ok((batch, more == "more"))
    }
}

struct TestSource {
    version: i64,
    streams: Vec<Box<dyn Stream>>,
    pushes: Vec<Box<dyn Push>>,
}

impl Source for TestSource {
    fn id(&self) -> &'static str {
        "withings"
    }
    fn parser_version(&self) -> i64 {
        self.version
    }
    fn streams(&self) -> &[Box<dyn Stream>] {
        &self.streams
    }
    fn pushes(&self) -> &[Box<dyn Push>] {
        &self.pushes
    }
}

fn source(streams: Vec<Box<dyn Stream>>) -> TestSource {
    TestSource {
        version: 1,
        streams,
        pushes: Vec::new(),
    }
}

fn run(id: i64) -> RunOptions {
    RunOptions {
        id,
        today: "2025-03-10".parse().unwrap(),
        from: None,
    }
}

fn export(store: &Store) -> String {
    let mut out = Vec::new();
    export_csv(store, &CsvFilter::default(), &mut out).unwrap();
    String::from_utf8(out).unwrap()
}

fn block_on<F: std::future::Future>(f: F) -> F::Output {
    tokio::runtime::Builder::new_current_thread()
        .build()
        .unwrap()
        .block_on(f)
}

#[derive(Default)]
struct Events(Mutex<Vec<SyncEvent>>);

impl ProgressSink for Events {
    fn event(&self, event: &SyncEvent) {
        self.0.lock().unwrap().push(event.clone());
    }
}

#[test]
fn pages_follow_the_cursor_and_a_new_run_starts_over() {
    let mut store = Store::open_in_memory().unwrap();
    let port = Canned::with(&[("m/0", "100,200|more"), ("m/1", "300|end")]);
    let src = source(vec![Box::new(Pages::plain("measures", "m"))]);
    let report = block_on(pull(&src, &mut store, &port, &run(1), &NoProgress)).unwrap();
    assert_eq!((report.requests, report.records), (2, 3));
    assert!(report.failures.is_empty());
    assert_eq!(store.raw_payload_count("withings").unwrap(), 2);
    let cursor = store.cursor("withings", "measures").unwrap().unwrap();
    assert_eq!(cursor, r#"{"run":1,"next":2,"done":true}"#);
    // The same run has nothing left; the next one asks again from page 0.
    let again = block_on(pull(&src, &mut store, &port, &run(1), &NoProgress)).unwrap();
    assert_eq!(again.requests, 0);
    let next = block_on(pull(&src, &mut store, &port, &run(2), &NoProgress)).unwrap();
    assert_eq!(next.requests, 2);
    assert_eq!(
        export(&store).lines().count(),
        4,
        "header + 3 rows, no duplicates"
    );
}

#[test]
fn the_finished_event_says_what_arrived_and_nothing_when_up_to_date() {
    let mut store = Store::open_in_memory().unwrap();
    let port = Canned::with(&[("m/0", "100,200|more"), ("m/1", "300|end")]);
    let src = source(vec![Box::new(Pages::plain("measures", "m"))]);
    let arrived = |events: &Events| match events.0.lock().unwrap().last() {
        Some(SyncEvent::Finished { arrived, .. }) => arrived.clone(),
        other => panic!("the last event is {other:?}"),
    };
    let first = Events::default();
    block_on(pull(&src, &mut store, &port, &run(1), &first)).unwrap();
    assert_eq!(
        arrived(&first),
        [Arrived {
            metric: Metric::Weight,
            count: 3
        }]
    );
    // A new run reads the same three weigh-ins again: nothing new.
    let second = Events::default();
    let report = block_on(pull(&src, &mut store, &port, &run(2), &second)).unwrap();
    assert_eq!(report.records, 3, "read again");
    assert_eq!(arrived(&second), []);
}

/// Three streams: "devices" (optional) answers garbage, "sleep" is not
/// there at all (404), "measures" answers one value.
fn one_failing_of_three() -> (Canned, TestSource) {
    let port = Canned::with(&[("d/0", "not a page"), ("m/0", "100|end")]);
    let mut devices = Pages::plain("devices", "d");
    devices.optional = true;
    let src = source(vec![
        Box::new(devices),
        Box::new(Pages::plain("sleep", "s")),
        Box::new(Pages::plain("measures", "m")),
    ]);
    (port, src)
}

#[test]
fn one_failing_stream_keeps_what_the_others_got_and_is_named() {
    let mut store = Store::open_in_memory().unwrap();
    let (port, src) = one_failing_of_three();
    let events = Events::default();
    let report = block_on(pull(&src, &mut store, &port, &run(1), &events)).unwrap();
    assert_eq!(report.records, 1, "measures ran after two failures");
    let failed: Vec<_> = report
        .failures
        .iter()
        .map(|f| (f.stream.as_str(), f.optional))
        .collect();
    assert_eq!(failed, [("devices", true), ("sleep", false)]);
    assert_eq!(report.failed_streams().count(), 1);
    assert!(
        report.failures[1].error.contains("sleep: HTTP 404"),
        "{:?}",
        report.failures
    );
    // A run with a failed stream is not a successful sync.
    assert_eq!(store.account("withings").unwrap(), None);
    let failed_events = events
        .0
        .lock()
        .unwrap()
        .iter()
        .filter(|e| matches!(e, SyncEvent::StreamFailed { .. }))
        .count();
    assert_eq!(failed_events, 2);
    assert_eq!(export(&store).lines().count(), 2);
}

#[test]
fn a_lost_sign_in_or_a_cancel_ends_the_run() {
    struct Refused;
    impl Fetch for Refused {
        fn fetch<'a>(&'a self, _: FetchRequest<'a>) -> BoxFuture<'a, Result<Fetched, FetchError>> {
            Box::pin(async {
                Err(FetchError::NeedsSignIn {
                    provider: "withings".into(),
                    message: "Withings needs you to sign in again".into(),
                })
            })
        }
    }
    let mut store = Store::open_in_memory().unwrap();
    let src = source(vec![
        Box::new(Pages::plain("sleep", "s")),
        Box::new(Pages::plain("measures", "m")),
    ]);
    let error = block_on(pull(&src, &mut store, &Refused, &run(1), &NoProgress)).unwrap_err();
    assert!(error.needs_sign_in(), "{error}");
    assert_eq!(
        error.fix().map(|f| f.command()).as_deref(),
        Some("healthdash connect withings")
    );

    let mut port = Canned::with(&[("s/0", "1|more"), ("s/1", "2|more"), ("m/0", "3|end")]);
    port.cancel_after = Some(1);
    let error = block_on(pull(&src, &mut store, &port, &run(1), &NoProgress)).unwrap_err();
    assert!(error.is_cancelled());
    assert_eq!(
        port.calls.load(Ordering::Relaxed),
        1,
        "nothing asked after the cancel"
    );
    assert_eq!(export(&store).lines().count(), 2, "the first page is kept");
}

#[test]
fn a_page_in_parts_keeps_each_part_and_a_reparse_gives_the_same_rows() {
    let mut store = Store::open_in_memory().unwrap();
    let port = Canned::with(&[
        ("names/0", "|end"),
        ("names/0/detail", "Body Scale"),
        ("m/0", "100,200|end"),
        ("s/0", "300|end"),
        ("s/0/detail", "night 7"),
    ]);
    let names = Pages {
        detail: true,
        ..Pages::plain("devices", "names")
    };
    // "measures" takes its detail from the stored devices answer.
    let measures = Pages {
        names_from: Some("devices"),
        ..Pages::plain("measures", "m")
    };
    let sleep = Pages {
        detail: true,
        ..Pages::plain("sleep", "s")
    };
    let src = source(vec![Box::new(names), Box::new(measures), Box::new(sleep)]);
    block_on(pull(&src, &mut store, &port, &run(1), &NoProgress)).unwrap();
    assert_eq!(store.raw_payload_count("withings").unwrap(), 5);
    let first = export(&store);
    assert!(first.contains("night 7"), "{first}");
    assert_eq!(
        first.matches("Body Scale").count(),
        0,
        "devices' main part holds no rows"
    );

    // A parser fix: every stored answer is parsed again, parts together,
    // and the rows are exactly those of the first parse.
    let fixed = TestSource { version: 2, ..src };
    let empty = Canned::default();
    let report = block_on(pull(&fixed, &mut store, &empty, &run(1), &NoProgress)).unwrap();
    assert_eq!(report.reparsed_payloads, 3);
    assert_eq!(export(&store), first);
}

#[test]
fn a_file_importer_reads_through_the_same_engine() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::create_dir(dir.path().join("f")).unwrap();
    std::fs::write(dir.path().join("f/0"), "100|more").unwrap();
    std::fs::write(dir.path().join("f/1"), "200,300|end").unwrap();
    let mut store = Store::open_in_memory().unwrap();
    let src = source(vec![Box::new(Pages::plain("file", "f"))]);
    let port = FileFetch::new(dir.path());
    let report = block_on(pull(&src, &mut store, &port, &run(1), &NoProgress)).unwrap();
    assert_eq!((report.requests, report.records), (2, 3));
    // A missing file fails its stream with the path named.
    std::fs::remove_file(dir.path().join("f/0")).unwrap();
    let report = block_on(pull(&src, &mut store, &port, &run(2), &NoProgress)).unwrap();
    assert!(
        report.failures[0].error.contains("f/0"),
        "{:?}",
        report.failures
    );
    port.cancelled.store(true, Ordering::Relaxed);
    let cancelled = block_on(pull(&src, &mut store, &port, &run(3), &NoProgress));
    assert!(cancelled.unwrap_err().is_cancelled());
}

/// Sends stored weights one at a time; the provider refuses value 2.
struct SendWeights {
    refused: AtomicBool,
}

#[derive(Default, Serialize, Deserialize)]
struct SentCursor {
    sent: u32,
}

impl TypedPush for SendWeights {
    type Cursor = SentCursor;
    type Request = u32;

    fn name(&self) -> &'static str {
        "weight"
    }

    fn plan(
        &self,
        sent: &Stamped<SentCursor>,
        _: &PlanContext<'_>,
    ) -> Result<Option<PushPlan<u32>>, SyncError> {
        let next = sent.cursor.sent + 1;
        Ok((next <= 3).then(|| PushPlan {
            request: next,
            key: format!("weight {next}"),
            values: 1,
        }))
    }

    fn send<'a>(
        &'a self,
        port: &'a dyn Fetch,
        n: &'a u32,
    ) -> BoxFuture<'a, Result<Vec<Part>, SyncError>> {
        Box::pin(async move {
            let url = format!("push/{n}");
            let answer = port
                .fetch(FetchRequest {
                    what: "update",
                    method: Method::Post,
                    url: &url,
                    params: &[],
                    authorized: true,
                    judge: &accept,
                })
                .await?;
            Ok(vec![Part::single(answer.body)])
        })
    }

    fn confirm(&self, n: &u32, answer: &[Part]) -> Result<SentCursor, SyncError> {
        if answer.first().is_some_and(|p| p.body == b"refused") {
            self.refused.store(true, Ordering::Relaxed);
            return Err(SyncError::Parse {
                source_id: "exist",
                what: "update".into(),
                reason: format!("value {n} refused"),
            });
        }
        Ok(SentCursor { sent: *n })
    }
}

#[test]
fn a_push_moves_its_cursor_only_after_the_provider_confirmed() {
    let mut store = Store::open_in_memory().unwrap();
    let pushes: Vec<Box<dyn Push>> = vec![Box::new(SendWeights {
        refused: AtomicBool::new(false),
    })];
    let src = TestSource {
        version: 1,
        streams: Vec::new(),
        pushes,
    };
    let port = Canned::with(&[("push/1", "ok"), ("push/2", "refused"), ("push/3", "ok")]);
    let report = block_on(push(&src, &mut store, &port, &run(1))).unwrap();
    assert_eq!((report.sends, report.values), (1, 1));
    assert_eq!(report.failures.len(), 1);
    assert!(report.failures[0].error.contains("value 2 refused"));
    assert_eq!(
        store.cursor("withings", "push.weight").unwrap().as_deref(),
        Some(r#"{"run":1,"sent":1}"#)
    );
    // Next time the refused value is the first one sent again.
    let port = Canned::with(&[("push/2", "ok"), ("push/3", "ok")]);
    let report = block_on(push(&src, &mut store, &port, &run(2))).unwrap();
    assert_eq!((report.sends, report.failures.len()), (2, 0));
    assert_eq!(*port.asked.lock().unwrap(), ["push/2", "push/3"]);
}

/// Each recorded run as (stream, first day, last day, failed).
fn runs_of(store: &Store) -> Vec<(String, i64, i64, bool)> {
    store
        .sync_runs()
        .unwrap()
        .into_iter()
        .map(|r| (r.stream, r.first_day, r.last_day, r.error.is_some()))
        .collect()
}

#[test]
fn each_stream_records_the_days_its_run_covered_and_how_it_ended() {
    let mut store = Store::open_in_memory().unwrap();
    let (port, src) = one_failing_of_three();
    block_on(pull(&src, &mut store, &port, &run(1), &NoProgress)).unwrap();
    let day = |d: &str| crate::time::date_to_day_number(d.parse().unwrap());
    let (ten_years_ago, today) = (day("2015-03-10"), day("2025-03-10"));
    let runs = runs_of(&store);
    // A first sync covers the default history; the optional stream's failure loses no data.
    assert_eq!(
        runs,
        [
            ("sleep".to_owned(), ten_years_ago, today, true),
            ("measures".to_owned(), ten_years_ago, today, false),
        ]
    );
    assert!(
        store.sync_runs().unwrap()[0]
            .error
            .as_deref()
            .unwrap()
            .contains("HTTP 404")
    );

    // The next day sleep answers: its success covers the failure but for the
    // day that fell out of the ten years, and the incremental measures run
    // extends its run from where it stopped.
    let port = Canned::with(&[("d/0", "|end"), ("m/0", "100|end"), ("s/0", "|end")]);
    let next = RunOptions {
        today: "2025-03-11".parse().unwrap(),
        ..run(2)
    };
    block_on(pull(&src, &mut store, &port, &next, &NoProgress)).unwrap();
    let runs = runs_of(&store);
    assert_eq!(
        runs,
        [
            ("sleep".to_owned(), ten_years_ago, ten_years_ago, true),
            ("measures".to_owned(), ten_years_ago, today + 1, false),
            ("devices".to_owned(), ten_years_ago + 1, today + 1, false),
            ("sleep".to_owned(), ten_years_ago + 1, today + 1, false),
        ]
    );
}
