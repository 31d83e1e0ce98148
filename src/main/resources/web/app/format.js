// Numbers for people: durations, relative times, counts.

const UNITS = [
  ['d', 86_400_000],
  ['h', 3_600_000],
  ['min', 60_000],
  ['s', 1000],
];

/** 3 h 12 min, 45 s, 820 ms: the two largest units. */
export function duration(ms) {
  if (ms === null || ms === undefined || Number.isNaN(ms)) {
    return '–';
  }
  if (ms < 1000) {
    return `${Math.round(ms)} ms`;
  }
  const parts = [];
  let rest = ms;
  for (const [unit, size] of UNITS) {
    if (rest >= size && parts.length < 2) {
      const count = Math.floor(rest / size);
      parts.push(`${count} ${unit}`);
      rest -= count * size;
    } else if (parts.length > 0) {
      break;
    }
  }
  return parts.join(' ');
}

export function seconds(s) {
  if (s === null || s === undefined) {
    return '–';
  }
  return s < 1 ? 'under a second' : duration(s * 1000);
}

export function parseTime(value) {
  if (!value) {
    return null;
  }
  const t = Date.parse(value);
  return Number.isNaN(t) ? null : t;
}

const relative = new Intl.RelativeTimeFormat(undefined, { numeric: 'auto' });

/** "5 minutes ago", "yesterday". */
export function ago(value, now = Date.now()) {
  const t = parseTime(value);
  if (t === null) {
    return '–';
  }
  const diff = (t - now) / 1000;
  const abs = Math.abs(diff);
  if (abs < 45) {
    return relative.format(Math.round(diff), 'second');
  }
  if (abs < 2700) {
    return relative.format(Math.round(diff / 60), 'minute');
  }
  if (abs < 64_800) {
    return relative.format(Math.round(diff / 3600), 'hour');
  }
  if (abs < 2_592_000) {
    return relative.format(Math.round(diff / 86_400), 'day');
  }
  return new Date(t).toLocaleDateString();
}

/** The exact time, for a tooltip. */
export function exact(value) {
  const t = parseTime(value);
  return t === null ? '' : new Date(t).toLocaleString();
}

const numbers = new Intl.NumberFormat();

export function count(n) {
  return n === null || n === undefined ? '–' : numbers.format(n);
}

/** in_progress → "in progress". */
export function label(status) {
  return (status || 'unknown').replace(/_/g, ' ');
}
