/**
 * Vitals: blood pressure (one bar per reading, diastolic to systolic), blood
 * oxygen, body and skin temperature and pulse wave velocity, whichever are
 * stored; the latest of each as a tile.
 */
import { useMemo } from 'preact/hooks';
import { pressureChart, formatPressure } from '../charts/pressure';
import { Chart } from '../components/Chart';
import { ChartCard } from '../components/ChartCard';
import { NoDataInRange } from '../components/EmptyState';
import { MetricChartCard } from '../components/MetricChartCard';
import { Page } from '../components/Page';
import { Tiles, type Tile } from '../components/Tiles';
import { useChartHeight } from '../hooks/useChartHeight';
import { useMetricColours } from '../hooks/useMetricColours';
import { usePalette } from '../hooks/usePalette';
import { useSeries } from '../hooks/useSeries';
import { useWidth } from '../hooks/useWidth';
import { useLatestValues } from '../hooks/useWorkouts';
import { viewerZone, type Metric } from '../ipc';
import { formatDay } from '../lib/time';
import { displayFor } from '../lib/units';
import { metricInfo } from '../state/catalog';
import { catalogueStore, hasMetric } from '../state/data';
import { rangeStore, selectPreset, zoomTo } from '../state/range';
import { settingsStore } from '../state/settings';
import { useStore } from '../state/store';
import { latestOf } from './Body';

/** Vitals drawn as plain readings, after blood pressure. */
const READINGS: readonly Metric[] = ['spo2', 'body_temperature', 'skin_temperature', 'pulse_wave_velocity'];

export function VitalsPage() {
  const { window } = useStore(rangeStore);
  const { units } = useStore(settingsStore);
  const catalogue = useStore(catalogueStore);
  const palette = usePalette();
  const colours = useMetricColours();
  const zone = viewerZone();
  const [bpRef, bpWidth] = useWidth<HTMLDivElement>();
  const [gridRef, gridWidth] = useWidth<HTMLDivElement>();
  const latest = useLatestValues();
  const withBp = hasMetric(catalogue, 'blood_pressure_systolic');
  const present = READINGS.map((m) => hasMetric(catalogue, m));
  const height = useChartHeight(560, 200, 340);
  const systolic = useSeries('blood_pressure_systolic', window, bpWidth, withBp);
  const diastolic = useSeries('blood_pressure_diastolic', window, bpWidth, withBp);
  const queryWidth = Math.floor(gridWidth / 2);
  const readings = [
    useSeries('spo2', window, queryWidth, present[0]),
    useSeries('body_temperature', window, queryWidth, present[1]),
    useSeries('skin_temperature', window, queryWidth, present[2]),
    useSeries('pulse_wave_velocity', window, queryWidth, present[3]),
  ];
  const displays = useMemo(() => READINGS.map((m) => displayFor(m, metricInfo(m)?.unit ?? '', units)), [units]);
  const readingColours = [colours.oxygen, colours.temperature, colours.temperature, colours.pressure];

  const bpModel = useMemo(
    () =>
      systolic.data && systolic.data.points.length > 0
        ? pressureChart({
            systolic: systolic.data,
            diastolic: diastolic.data ?? null,
            window: systolic.data.range,
            palette,
            colors: { systolic: colours.systolic, diastolic: colours.diastolic, bar: colours.pressure },
            zone,
            onZoom: zoomTo,
          })
        : null,
    [systolic.data, diastolic.data, palette, colours, zone],
  );

  const tiles: Tile[] = [];
  const sys = latestOf(latest.data, 'blood_pressure_systolic');
  const dia = latestOf(latest.data, 'blood_pressure_diastolic');
  if (sys) {
    // A cuff reports both at one instant; a diastolic from another reading is not its pair.
    const pair = dia?.start === sys.start ? dia.value : null;
    tiles.push({ label: 'Blood pressure', value: formatPressure(sys.value, pair), detail: formatDay(sys.start, zone), testId: 'tile-blood-pressure' });
  }
  READINGS.forEach((metric, i) => {
    const last = latestOf(latest.data, metric);
    const d = displays[i];
    if (!last || !d) return;
    tiles.push({ label: metricInfo(metric)?.label ?? metric, value: d.format(last.value), detail: formatDay(last.start, zone), testId: `tile-${metric}` });
  });
  const any = withBp || present.some(Boolean);

  return (
    <Page title="Vitals">
      <Tiles items={tiles} label="Latest vitals" />
      {!any && (
        <section class="card metrics-empty" data-testid="vitals-empty">
          <h2>No vitals yet</h2>
          <p>
            A blood pressure monitor, a pulse oximeter, a thermometer or a scale that measures pulse wave velocity fills this
            page once the service that holds its readings is connected.
          </p>
          <a class="button" href="#/connections">
            Connect a provider
          </a>
        </section>
      )}
      {withBp && (
        <ChartCard
          title="Blood pressure"
          subtitle="Each bar is one reading, from diastolic (bottom) to systolic (top)."
          yLabel="Blood pressure (mmHg)"
          testId="chart-blood-pressure"
          bodyRef={bpRef}
          loading={systolic.loading || diastolic.loading}
          error={systolic.error ?? diastolic.error}
          legend={[
            { label: 'Systolic', color: colours.systolic, kind: 'point' },
            { label: 'Diastolic', color: colours.diastolic, kind: 'point' },
          ]}
          empty={
            systolic.data?.points.length === 0 ? (
              <NoDataInRange
                what="blood pressure readings"
                onShowAll={() => {
                  selectPreset('all');
                }}
              />
            ) : undefined
          }
        >
          {bpModel && <Chart model={bpModel} width={bpWidth} height={height} label="Blood pressure over the selected range" dataKey={systolic.dataKey} />}
        </ChartCard>
      )}
      {present.some(Boolean) && (
        <div class="metrics-grid" ref={gridRef}>
          {READINGS.map((metric, i) => {
            const s = readings[i];
            const d = displays[i];
            if (!present[i] || !s || !d) return null;
            const label = metricInfo(metric)?.label ?? metric;
            const colour = readingColours[i] ?? colours.body;
            return (
              <MetricChartCard
                key={metric}
                title={label}
                series={s}
                display={d}
                color={colour}
                pointColor={colour}
                height={170}
                what={`${label.toLowerCase()} readings`}
                testId={`chart-${metric}`}
              />
            );
          })}
        </div>
      )}
    </Page>
  );
}
