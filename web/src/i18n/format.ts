// Amounts and dates for people, in the chosen language. Amounts arrive as
// exact decimal strings ("1234567.80") or integer fen and are grouped by
// string manipulation, never through floating point, so what is shown is
// exactly what the ledger holds.

export type Lang = "zh-CN" | "en";

function groupThousands(digits: string): string {
  let out = "";
  for (let i = 0; i < digits.length; i++) {
    if (i > 0 && (digits.length - i) % 3 === 0) out += ",";
    out += digits[i];
  }
  return out;
}

// "1234567.8" -> "¥1,234,567.80"; "-5" -> "-¥5.00". Unparseable text is
// returned as it came (the API validated it; the console does not guess).
export function formatYuan(amount: string): string {
  const match = /^(-?)(\d+)(?:\.(\d{1,2}))?$/.exec(amount.trim());
  if (!match) return amount;
  const [, sign, whole = "0", cents = ""] = match;
  return `${sign}¥${groupThousands(whole.replace(/^0+(?=\d)/, ""))}.${cents.padEnd(2, "0")}`;
}

export function fenToYuanText(fen: number | bigint): string {
  const value = BigInt(fen);
  const negative = value < 0n;
  const abs = negative ? -value : value;
  const text = `${abs / 100n}.${(abs % 100n).toString().padStart(2, "0")}`;
  return negative ? `-${text}` : text;
}

export function formatFen(fen: number | bigint): string {
  return formatYuan(fenToYuanText(fen));
}

// "12.5000" (a percentage) -> "12.50%".
export function formatPercent(percent: string): string {
  const match = /^(-?\d+)(?:\.(\d+))?$/.exec(percent.trim());
  if (!match) return percent;
  const [, whole = "0", fraction = ""] = match;
  return `${whole}.${fraction.padEnd(2, "0").slice(0, 2)}%`;
}

// "0.0137" (a ratio) -> "1.37%", exactly: the decimal point moves two places.
export function formatRatio(ratio: string): string {
  const match = /^(\d+)\.(\d{4})$/.exec(ratio.trim());
  if (!match) return ratio;
  const [, whole = "0", fraction = "0000"] = match;
  const hundredths = BigInt(whole) * 10000n + BigInt(fraction);
  return `${hundredths / 100n}.${(hundredths % 100n).toString().padStart(2, "0")}%`;
}

// "2026-12-04" -> "2026年12月4日" / "Dec 4, 2026". Calendar dates carry no
// time zone, so they are formatted as UTC midnight.
export function formatDate(date: string, lang: Lang): string {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(date);
  if (!match) return date;
  const instant = Date.UTC(Number(match[1]), Number(match[2]) - 1, Number(match[3]));
  return new Intl.DateTimeFormat(lang, { dateStyle: "medium", timeZone: "UTC" }).format(instant);
}

export function formatTimestamp(timestamp: string, lang: Lang): string {
  const instant = Date.parse(timestamp);
  if (Number.isNaN(instant)) return timestamp;
  return new Intl.DateTimeFormat(lang, { dateStyle: "medium", timeStyle: "short" }).format(instant);
}

// A duration in milliseconds, in the largest unit that keeps it readable.
export function formatDuration(ms: number, lang: Lang): string {
  if (ms < 0) return "—";
  if (ms < 1000) return lang === "zh-CN" ? `${ms} 毫秒` : `${ms} ms`;
  if (ms < 60_000) {
    const tenths = (Math.round(ms / 100) / 10).toString();
    return lang === "zh-CN" ? `${tenths} 秒` : `${tenths} s`;
  }
  return formatSeconds(Math.round(ms / 1000), lang);
}

export function formatSeconds(seconds: number, lang: Lang): string {
  if (seconds < 0) return "—";
  const zh = lang === "zh-CN";
  if (seconds < 60) return zh ? `${seconds} 秒` : `${seconds} s`;
  if (seconds < 3600) return zh ? `${Math.round(seconds / 60)} 分钟` : `${Math.round(seconds / 60)} min`;
  if (seconds < 86400) return zh ? `${Math.round(seconds / 3600)} 小时` : `${Math.round(seconds / 3600)} h`;
  return zh ? `${Math.round(seconds / 86400)} 天` : `${Math.round(seconds / 86400)} d`;
}

// An axis label for an amount of yuan: 万 in Chinese, k and M in English.
export function formatAxisYuan(yuan: number, lang: Lang): string {
  if (yuan === 0) return "0";
  if (lang === "zh-CN") return `${yuan / 10_000}万`;
  return Math.abs(yuan) >= 1_000_000 ? `${yuan / 1_000_000}M` : `${yuan / 1_000}k`;
}
