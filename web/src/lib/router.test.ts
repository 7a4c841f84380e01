import { describe, expect, it } from "vitest";
import { matchPath } from "./router";

describe("matchPath", () => {
  it("extracts parameters and refuses other shapes", () => {
    expect(matchPath("/borrower/loans/:id", "/borrower/loans/loan_7")).toEqual({ id: "loan_7" });
    expect(matchPath("/borrower/loans/:id", "/borrower/loans/loan_7/")).toEqual({ id: "loan_7" });
    expect(matchPath("/scf/vouchers/:id", "/scf/vouchers/V%2D1")).toEqual({ id: "V-1" });
    expect(matchPath("/borrower/loans/:id", "/borrower/loans")).toBeNull();
    expect(matchPath("/borrower/loans/:id", "/borrower/loans/")).toBeNull();
    expect(matchPath("/officer", "/officer/dashboard")).toBeNull();
  });
});
