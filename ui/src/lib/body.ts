/** Body mass index from a weight (kg) and a height (m): kg / m². */
export function bmi(weightKg: number, heightM: number): number | null {
  if (!(weightKg > 0) || !(heightM > 0)) return null;
  return weightKg / (heightM * heightM);
}

/** The WHO adult band a BMI falls in. */
export function bmiBand(value: number): string {
  if (value < 18.5) return 'underweight';
  if (value < 25) return 'healthy range';
  if (value < 30) return 'overweight';
  return 'obese';
}
