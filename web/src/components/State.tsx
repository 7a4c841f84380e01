// Loading, empty and error states, and the hook that drives them: every
// screen that reads from the API shows one of the three until it has data.
import { useCallback, useEffect, useRef, useState, type DependencyList, type ReactNode } from "react";
import { ApiError } from "../api/client";
import { useI18n } from "../i18n/i18n";

export interface Async<T> {
  data: T | null;
  error: unknown;
  loading: boolean;
  reload: () => void;
}

// Runs `load` when `deps` change (and on reload()); a newer run's answer
// wins, an older one still in flight is aborted.
export function useAsync<T>(load: (signal: AbortSignal) => Promise<T>, deps: DependencyList): Async<T> {
  const [state, setState] = useState<{ data: T | null; error: unknown; loading: boolean }>({
    data: null,
    error: null,
    loading: true,
  });
  const [generation, setGeneration] = useState(0);
  const loadRef = useRef(load);
  loadRef.current = load;
  useEffect(() => {
    const controller = new AbortController();
    setState((s) => ({ ...s, loading: true, error: null }));
    loadRef.current(controller.signal).then(
      (data) => {
        if (!controller.signal.aborted) setState({ data, error: null, loading: false });
      },
      (error: unknown) => {
        if (!controller.signal.aborted) setState({ data: null, error, loading: false });
      },
    );
    return () => controller.abort();
  }, [...deps, generation]);
  const reload = useCallback(() => setGeneration((g) => g + 1), []);
  return { ...state, reload };
}

export function Loading() {
  const { t } = useI18n();
  return (
    <div className="state state-loading" role="status" aria-live="polite">
      <span className="spinner" aria-hidden="true" />
      {t("loading")}
    </div>
  );
}

export function Empty(props: { children: ReactNode }) {
  return <div className="state state-empty">{props.children}</div>;
}

export function errorText(error: unknown, t: ReturnType<typeof useI18n>["t"]): string {
  if (error instanceof ApiError) {
    if (error.status === 0) return t("errorNetwork");
    if (error.status === 401) return t("errorUnauthenticated");
    if (error.status === 403) return t("errorForbidden");
    return error.detail ? `${error.detail} (${error.code})` : error.code;
  }
  if (error instanceof Error) return error.message;
  return String(error);
}

export function ErrorBox(props: { error: unknown; retry?: () => void }) {
  const { t } = useI18n();
  return (
    <div className="state state-error" role="alert">
      <strong>{t("errorTitle")}</strong> {errorText(props.error, t)}
      {props.retry && (
        <button type="button" className="link-button" onClick={props.retry}>
          {t("retry")}
        </button>
      )}
    </div>
  );
}

// Renders loading / error / children(data) for an Async.
export function AsyncView<T>(props: { state: Async<T>; children: (data: T) => ReactNode }) {
  if (props.state.error) return <ErrorBox error={props.state.error} retry={props.state.reload} />;
  if (props.state.data === null) return <Loading />;
  return <>{props.children(props.state.data)}</>;
}
