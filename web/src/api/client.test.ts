import { describe, expect, it } from "vitest";
import { ApiError, keepKeyFor } from "./client";

describe("keepKeyFor", () => {
  it("keeps the Idempotency-Key only where the platform kept nothing", () => {
    expect(keepKeyFor(new ApiError(0, "network", ""))).toBe(true);
    expect(keepKeyFor(new ApiError(503, "unavailable", ""))).toBe(true);
    expect(keepKeyFor(new TypeError("fetch failed"))).toBe(true);
    expect(keepKeyFor(new ApiError(400, "invalid_argument", ""))).toBe(false);
    expect(keepKeyFor(new ApiError(409, "failed_precondition", ""))).toBe(false);
  });
});
