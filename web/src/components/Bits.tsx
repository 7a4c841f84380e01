// Small pieces every screen uses: amounts, dates, stage badges, key-value
// lists, and a button that runs an API action with busy and error states.
import { useState, type ReactNode } from "react";
import { useI18n } from "../i18n/i18n";
import { formatDate, formatTimestamp, formatYuan } from "../i18n/format";
import { errorText } from "./State";
import { isMessageKey } from "../i18n/messages";

export function Amount(props: { value: string | undefined }) {
  return <span className="amount">{props.value === undefined ? "—" : formatYuan(props.value)}</span>;
}

export function Day(props: { value: string | undefined }) {
  const { lang } = useI18n();
  return <span>{props.value ? formatDate(props.value, lang) : "—"}</span>;
}

export function When(props: { value: string | undefined }) {
  const { lang } = useI18n();
  return <span>{props.value ? formatTimestamp(props.value, lang) : "—"}</span>;
}

const STAGE_TONE: Record<string, string> = {
  offered: "good",
  disbursed: "good",
  awaiting_signature: "info",
  disbursing: "info",
  referred: "warn",
  awaiting_confirmation: "warn",
  awaiting_collateral: "warn",
  declined: "bad",
  offer_declined: "muted",
  offer_expired: "muted",
  disbursement_failed: "bad",
};

// An application stage or loan status in words, coloured by what it means.
export function StageBadge(props: { stage: string }) {
  const { t } = useI18n();
  const key = `stage_${props.stage}`;
  const label = isMessageKey(key) ? t(key) : props.stage;
  return (
    <span className={`badge badge-${STAGE_TONE[props.stage] ?? "muted"}`} data-testid="stage">
      {label}
    </span>
  );
}

export function Facts(props: { rows: [string, ReactNode][] }) {
  return (
    <dl className="facts">
      {props.rows.map(([label, value]) => (
        <div key={label}>
          <dt>{label}</dt>
          <dd>{value}</dd>
        </div>
      ))}
    </dl>
  );
}

// A button for one API action: disabled while it runs, its error shown
// beside it, `done` called with the answer.
export function ActionButton<T>(props: {
  label: string;
  run: () => Promise<T>;
  done: (result: T) => void;
  testId?: string;
  kind?: "primary" | "secondary" | "danger";
  disabled?: boolean;
}) {
  const { t } = useI18n();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  return (
    <span className="action">
      <button
        type="button"
        className={props.kind ?? "primary"}
        disabled={busy || props.disabled}
        data-testid={props.testId}
        onClick={async () => {
          setBusy(true);
          setError(null);
          try {
            props.done(await props.run());
          } catch (e) {
            setError(e);
          } finally {
            setBusy(false);
          }
        }}
      >
        {busy ? t("working") : props.label}
      </button>
      {error !== null && (
        <span className="inline-error" role="alert">
          {errorText(error, t)}
        </span>
      )}
    </span>
  );
}
