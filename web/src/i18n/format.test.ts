import { describe, expect, it } from "vitest";
import {
  fenToYuanText,
  formatAxisYuan,
  formatDate,
  formatDuration,
  formatPercent,
  formatRatio,
  formatYuan,
} from "./format";

describe("formatYuan", () => {
  it("groups exactly, without floating point", () => {
    expect(formatYuan("1234567.8")).toBe("¥1,234,567.80");
    expect(formatYuan("90071992547409.93")).toBe("¥90,071,992,547,409.93");
    expect(formatYuan("0.05")).toBe("¥0.05");
    expect(formatYuan("-5")).toBe("-¥5.00");
    expect(formatYuan("100")).toBe("¥100.00");
  });
  it("leaves what it cannot read alone", () => {
    expect(formatYuan("n/a")).toBe("n/a");
  });
});

describe("fen", () => {
  it("converts integers of fen to yuan text", () => {
    expect(fenToYuanText(15000000)).toBe("150000.00");
    expect(fenToYuanText(7)).toBe("0.07");
    expect(fenToYuanText(-1234)).toBe("-12.34");
  });
});

describe("ratios and percentages", () => {
  it("moves the decimal point exactly", () => {
    expect(formatRatio("0.0137")).toBe("1.37%");
    expect(formatRatio("1.0000")).toBe("100.00%");
    expect(formatPercent("12.8")).toBe("12.80%");
    expect(formatPercent("7.2000")).toBe("7.20%");
  });
});

describe("dates", () => {
  it("formats calendar dates for the language", () => {
    expect(formatDate("2026-12-04", "zh-CN")).toBe("2026年12月4日");
    expect(formatDate("2026-12-04", "en")).toBe("Dec 4, 2026");
  });
});

describe("durations and axes", () => {
  it("picks a readable unit", () => {
    expect(formatDuration(412, "en")).toBe("412 ms");
    expect(formatDuration(1460, "en")).toBe("1.5 s");
    expect(formatDuration(1460, "zh-CN")).toBe("1.5 秒");
    expect(formatDuration(7_200_000, "en")).toBe("2 h");
    expect(formatDuration(-1, "en")).toBe("—");
    expect(formatAxisYuan(0, "en")).toBe("0");
    expect(formatAxisYuan(300_000, "en")).toBe("300k");
    expect(formatAxisYuan(1_500_000, "en")).toBe("1.5M");
    expect(formatAxisYuan(1_500_000, "zh-CN")).toBe("150万");
  });
});
