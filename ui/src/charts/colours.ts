/** Colours of the body, vitals and workout charts, from CSS (styles/metrics.css) like the base palette. */
export interface MetricColours {
  workout: string;
  workoutSolid: string;
  systolic: string;
  diastolic: string;
  pressure: string;
  oxygen: string;
  temperature: string;
  body: string;
  bodyPoint: string;
}

export function readMetricColours(el: Element = document.documentElement): MetricColours {
  const css = getComputedStyle(el);
  const v = (name: string): string => css.getPropertyValue(name).trim();
  return {
    workout: v('--c-workout'),
    workoutSolid: v('--c-workout-solid'),
    systolic: v('--c-systolic'),
    diastolic: v('--c-diastolic'),
    pressure: v('--c-pressure'),
    oxygen: v('--c-oxygen'),
    temperature: v('--c-temperature'),
    body: v('--c-body'),
    bodyPoint: v('--c-body-point'),
  };
}
