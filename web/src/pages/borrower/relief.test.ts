import { describe, expect, it } from "vitest";
import { reliefBody } from "./relief";

describe("reliefBody", () => {
  const choice = { deferPeriods: 2, newInstallments: 24, reason: "仓库搬迁" };

  it("asks for an extension by periods to defer", () => {
    expect(reliefBody({ ...choice, kind: "extension" }, "12.5")).toEqual({
      kind: "extension",
      defer_periods: 2,
      reason: "仓库搬迁",
    });
  });

  it("asks for a restructure at the loan's rate, its decimal string untouched", () => {
    expect(reliefBody({ ...choice, kind: "restructure" }, "12.3450")).toEqual({
      kind: "restructure",
      new_installments: 24,
      new_rate_percent: "12.3450",
      reason: "仓库搬迁",
    });
  });
});
