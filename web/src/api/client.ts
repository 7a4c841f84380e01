// The console's only way to the platform: the same /v1 API every client
// uses. A request carries the signed-in credential as a bearer token; every
// POST carries an Idempotency-Key, so a retried click cannot act twice; an
// error answer (RFC 9457 problem+json) becomes an ApiError with the stable
// `code` the API documents.

export class ApiError extends Error {
  readonly status: number;
  readonly code: string;
  readonly detail: string;

  constructor(status: number, code: string, detail: string) {
    super(detail || code);
    this.status = status;
    this.code = code;
    this.detail = detail;
  }
}

let credential: string | null = null;

export function setCredential(value: string | null): void {
  credential = value;
}

export function newIdempotencyKey(): string {
  return crypto.randomUUID();
}

// The key for one intended action, to send again when the same action is
// retried: after a network failure or a 5xx (which the platform does not
// keep) the retry must carry the same key, so that an action the platform
// did complete is not done twice. A new intent (after success, or after a
// 4xx that the borrower corrects) takes a new key.
export function keepKeyFor(error: unknown): boolean {
  return !(error instanceof ApiError) || error.status === 0 || error.status >= 500;
}

interface RequestOptions {
  method?: "GET" | "POST";
  body?: unknown;
  idempotencyKey?: string;
  // Overrides the signed-in credential (sign-in checks a candidate first).
  credential?: string;
  signal?: AbortSignal;
}

export async function api<T>(path: string, options: RequestOptions = {}): Promise<T> {
  const method = options.method ?? "GET";
  const headers: Record<string, string> = { Accept: "application/json" };
  const token = options.credential ?? credential;
  if (token) headers.Authorization = `Bearer ${token}`;
  let body: string | undefined;
  if (method === "POST") {
    headers["Content-Type"] = "application/json";
    headers["Idempotency-Key"] = options.idempotencyKey ?? newIdempotencyKey();
    body = JSON.stringify(options.body ?? {});
  }
  let response: Response;
  try {
    response = await fetch(path, { method, headers, body, signal: options.signal });
  } catch (e) {
    if (e instanceof DOMException && e.name === "AbortError") throw e;
    throw new ApiError(0, "network", "the platform cannot be reached");
  }
  const text = await response.text();
  let parsed: unknown = null;
  if (text) {
    try {
      parsed = JSON.parse(text);
    } catch {
      throw new ApiError(response.status, "malformed_response", "the answer is not JSON");
    }
  }
  if (!response.ok) {
    const problem = (parsed ?? {}) as { code?: string; detail?: string; title?: string };
    throw new ApiError(
      response.status,
      problem.code ?? `http_${response.status}`,
      problem.detail ?? problem.title ?? response.statusText,
    );
  }
  return parsed as T;
}
