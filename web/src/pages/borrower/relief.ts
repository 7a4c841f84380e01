// What a borrower may ask for when repaying gets hard, as the body of
// POST /v1/loans/{id}/relief-requests. An officer decides either way.
//   extension:   defer the unpaid installments by 1–3 periods (延)
//   restructure: spread what is owed — principal plus any penalty, fees and
//                interest due — over a new number of installments at the
//                loan's current rate (重组); the officer may agree or not.

export type ReliefKind = "extension" | "restructure";

export const DEFER_CHOICES = [1, 2, 3] as const;
export const RESTRUCTURE_TERMS = [12, 24, 36] as const;

export interface ReliefChoice {
  kind: ReliefKind;
  deferPeriods: number;
  newInstallments: number;
  reason: string;
}

// The request body; the rate is the loan's exact decimal string, passed on
// untouched (never through a number).
export function reliefBody(choice: ReliefChoice, currentRatePercent: string): Record<string, unknown> {
  if (choice.kind === "extension") {
    return { kind: "extension", defer_periods: choice.deferPeriods, reason: choice.reason };
  }
  return {
    kind: "restructure",
    new_installments: choice.newInstallments,
    new_rate_percent: currentRatePercent,
    reason: choice.reason,
  };
}
