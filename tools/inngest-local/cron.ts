const RANGES: [number, number][] = [
  [0, 59],
  [0, 23],
  [1, 31],
  [1, 12],
  [0, 7],
];

function parseField(field: string, [min, max]: [number, number], cron: string): Set<number> {
  const values = new Set<number>();
  for (const part of field.split(",")) {
    const match = /^(\*|(\d+)(?:-(\d+))?)(?:\/(\d+))?$/.exec(part);
    if (!match) throw new Error(`inngest-local: unsupported cron "${cron}" (field "${field}")`);
    const from = match[1] === "*" ? min : Number(match[2]);
    const to = match[1] === "*" ? max : match[3] ? Number(match[3]) : match[4] ? max : from;
    const step = Number(match[4] ?? 1);
    if (from < min || to > max || step < 1) throw new Error(`inngest-local: cron "${cron}" is out of range`);
    for (let value = from; value <= to; value += step) values.add(value);
  }
  return values;
}

/**
 * A standard five-field cron schedule (minute hour day-of-month month day-of-week)
 * in UTC, as Inngest reads one without a TZ= prefix. Names (MON, JAN) and TZ=
 * prefixes are refused rather than misread.
 */
export function parseCron(cron: string) {
  const fields = cron.trim().split(/\s+/);
  if (fields.length !== 5) throw new Error(`inngest-local: unsupported cron "${cron}" (five fields, UTC)`);
  const [minutes, hours, days, months, weekdays] = fields.map((field, i) => parseField(field, RANGES[i]!, cron));
  if (weekdays!.has(7)) weekdays!.add(0);
  const dayRestricted = fields[2] !== "*";
  const weekdayRestricted = fields[4] !== "*";
  return {
    matches(date: Date) {
      const day = days!.has(date.getUTCDate());
      const weekday = weekdays!.has(date.getUTCDay());
      // Classic cron: when both day fields are restricted, either one matching is enough.
      const dayMatches = dayRestricted && weekdayRestricted ? day || weekday : day && weekday;
      return (
        minutes!.has(date.getUTCMinutes()) &&
        hours!.has(date.getUTCHours()) &&
        months!.has(date.getUTCMonth() + 1) &&
        dayMatches
      );
    },
  };
}
