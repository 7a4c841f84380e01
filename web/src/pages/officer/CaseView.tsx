// One application as an officer reviews it: the request and the engine's
// decision (reasons, model factors, the step trace of the decision record),
// the enterprise's credit report (registration, activity, events,
// consistency flags) with its relationship graph drawn, and the officer's
// decision with a reason.
import { useMemo, useState, type FormEvent } from "react";
import { api } from "../../api/client";
import type { Application, CreditReport, DecisionRecord } from "../../api/types";
import { useI18n } from "../../i18n/i18n";
import { useSession } from "../../lib/session";
import { AsyncView, Empty, ErrorBox, errorText, Loading, useAsync } from "../../components/State";
import { Amount, Facts, StageBadge, When } from "../../components/Bits";
import { Chart, type ChartOption } from "../../components/Chart";
import { DecisionCard } from "../borrower/ApplicationPage";
import { formatYuan } from "../../i18n/format";
import { isMessageKey, type MessageKey } from "../../i18n/messages";

// The world's edge types (docs/world.md), each with its colour.
const EDGE_TYPES = ["guarantee", "trade_partner", "shared_phone", "shared_address"] as const;
const EDGE_COLOURS = ["#c0392b", "#2e86c1", "#8e44ad", "#d68910"];

function RelationshipGraph(props: { report: CreditReport }) {
  const { t } = useI18n();
  const edges = props.report.relationships.edges;
  const option = useMemo<ChartOption>(() => {
    const self = props.report.enterprise_id;
    const typeOf = new Map<string, number>();
    for (const e of edges) {
      if (!typeOf.has(e.counterparty)) typeOf.set(e.counterparty, Math.max(0, EDGE_TYPES.indexOf(e.type as never)));
    }
    // The enterprise in the middle, its counterparties on a circle around
    // it: a fixed layout (no force simulation running after the chart goes).
    const others = [...typeOf];
    const radius = 100;
    return {
      color: EDGE_COLOURS,
      tooltip: {},
      legend: { data: EDGE_TYPES.map((type) => t(`edge_${type}`)), bottom: 0 },
      series: [
        {
          type: "graph",
          layout: "none",
          roam: true,
          animation: false,
          categories: EDGE_TYPES.map((type) => ({ name: t(`edge_${type}`) })),
          label: { show: true, fontSize: 10, position: "right" },
          edgeSymbol: ["none", "arrow"],
          data: [
            { name: self, x: 0, y: 0, symbolSize: 36, itemStyle: { color: "#0b5cad" } },
            ...others.map(([name, category], i) => {
              const angle = (2 * Math.PI * i) / others.length;
              return {
                name,
                category,
                symbolSize: 18,
                x: Math.round(radius * Math.cos(angle)),
                y: Math.round(radius * Math.sin(angle)),
              };
            }),
          ],
          links: edges.map((e) => ({
            source: e.direction === "out" ? self : e.counterparty,
            target: e.direction === "out" ? e.counterparty : self,
            lineStyle: { color: EDGE_COLOURS[Math.max(0, EDGE_TYPES.indexOf(e.type as never))], width: 2 },
          })),
        },
      ],
    };
  }, [edges, props.report.enterprise_id, t]);
  if (edges.length === 0) return <Empty>{t("noRelationships")}</Empty>;
  return <Chart option={option} height={320} label={t("relationshipGraph")} testId="relationship-graph" />;
}

function ReportCard(props: { report: CreditReport }) {
  const { t } = useI18n();
  const r = props.report;
  const rel = r.relationships;
  return (
    <section className="card" data-testid="credit-report">
      <h2>
        {t("creditReport")} <small className="muted">{t("asOf", { month: r.as_of_month })}</small>
      </h2>
      <Facts
        rows={[
          [t("founded"), r.registration.founded],
          [t("registeredCapital"), <Amount key="c" value={r.registration.registered_capital} />],
          [t("declaredEmployees"), String(r.registration.declared_employees)],
          [t("consistencyScore"), <strong key="s">{r.consistency.score}</strong>],
        ]}
      />
      <h3>{t("consistencyFlags")}</h3>
      {r.consistency.flags.length === 0 ? (
        <Empty>{t("noFlags")}</Empty>
      ) : (
        <ul className="flags" data-testid="flags">
          {r.consistency.flags.map((f) => (
            <li key={f.code} className={`flag flag-${f.severity}`}>
              <span className="badge">{f.severity}</span> <code>{f.code}</code> {f.detail}
            </li>
          ))}
        </ul>
      )}
      <h3>{t("activity")}</h3>
      <div className="table-wrap">
        <table>
          <thead>
            <tr>
              <th />
              <th className="num">{t("last12m")}</th>
              <th className="num">{t("previous12m")}</th>
            </tr>
          </thead>
          <tbody>
            {Object.entries(r.activity).map(([name, line]) => (
              <tr key={name}>
                <td>{t(`activity_${name}` as MessageKey)}</td>
                <td className="num">{/^-?\d+\.\d{2}$/.test(line.last_12m) ? formatYuan(line.last_12m) : line.last_12m}</td>
                <td className="num">
                  {/^-?\d+\.\d{2}$/.test(line.previous_12m) ? formatYuan(line.previous_12m) : line.previous_12m}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      <h3>{t("events")}</h3>
      <div className="table-wrap">
        <table>
          <thead>
            <tr>
              <th />
              <th className="num">{t("last12m")}</th>
              <th className="num">{t("last36m")}</th>
              <th className="num">{t("amount36m")}</th>
            </tr>
          </thead>
          <tbody>
            {Object.entries(r.events).map(([kind, e]) => (
              <tr key={kind}>
                <td>{t(`event_${kind}` as MessageKey)}</td>
                <td className="num">{e.last_12m}</td>
                <td className="num">{e.last_36m}</td>
                <td className="num">
                  <Amount value={e.amount_36m} />
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      <h3>{t("relationshipGraph")}</h3>
      <p className="muted small">
        {t("relationshipSummary", {
          given: rel.guarantees_given,
          received: rel.guarantees_received,
          mutual: rel.mutual_guarantees,
          partners: rel.trade_partners,
        })}
      </p>
      <RelationshipGraph report={r} />
    </section>
  );
}

function TraceCard(props: { id: string }) {
  const { t } = useI18n();
  const record = useAsync(
    (signal) => api<DecisionRecord>(`/v1/applications/${props.id}/decision-record`, { signal }),
    [props.id],
  );
  return (
    <section className="card" data-testid="trace">
      <h2>{t("decisionTrace")}</h2>
      <AsyncView state={record}>
        {(r) => (
          <>
            <p className="muted small">
              {t("policy")} <code>{r.policy}</code> · {t("inputHash")} <code>{r.input_sha256.slice(0, 16)}…</code>
            </p>
            <ol className="trace">
              {r.trace.map((s, i) => (
                <li key={i}>
                  <code>{s.step}</code> {s.note}
                </li>
              ))}
            </ol>
          </>
        )}
      </AsyncView>
    </section>
  );
}

function DecideCard(props: { application: Application; onDecided: (a: Application) => void }) {
  const { t } = useI18n();
  const [decision, setDecision] = useState<"approve" | "decline">("approve");
  const [reason, setReason] = useState("");
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    setBusy(true);
    setError(null);
    try {
      props.onDecided(
        await api<Application>(`/v1/reviews/${props.application.id}/decision`, {
          method: "POST",
          body: { decision, reason },
        }),
      );
    } catch (err) {
      setError(err);
    } finally {
      setBusy(false);
    }
  };
  return (
    <section className="card" data-testid="decide">
      <h2>{props.application.stage === "awaiting_confirmation" ? t("confirmTitle") : t("decideTitle")}</h2>
      <form onSubmit={submit} className="grid-form">
        <fieldset className="field wide radio-row">
          <legend>{t("decision")}</legend>
          {(["approve", "decline"] as const).map((d) => (
            <label key={d}>
              <input
                type="radio"
                name="decision"
                value={d}
                data-testid={`decide-${d}`}
                checked={decision === d}
                onChange={() => setDecision(d)}
              />{" "}
              {t(`outcome_${d}`)}
            </label>
          ))}
        </fieldset>
        <div className="field wide">
          <label htmlFor="decision-reason">{t("reason")}</label>
          <textarea
            id="decision-reason"
            data-testid="decision-reason"
            rows={2}
            maxLength={500}
            value={reason}
            onChange={(e) => setReason(e.target.value)}
            required
          />
        </div>
        {error !== null && (
          <div className="state state-error wide" role="alert">
            {errorText(error, t)}
          </div>
        )}
        <div className="wide">
          <button type="submit" className="primary" disabled={busy || !reason.trim()} data-testid="submit-decision">
            {busy ? t("working") : t("submitDecision")}
          </button>
        </div>
      </form>
    </section>
  );
}

export function CaseView(props: { id: string }) {
  const { t } = useI18n();
  const { session } = useSession();
  const application = useAsync((signal) => api<Application>(`/v1/applications/${props.id}`, { signal }), [props.id]);
  const enterpriseId = application.data?.enterprise_id;
  const report = useAsync(
    (signal) =>
      enterpriseId ? api<CreditReport>(`/v1/enterprises/${enterpriseId}/credit-report`, { signal }) : new Promise<never>(() => {}),
    [enterpriseId],
  );
  const canDecide = session?.role === "officer" || session?.role === "admin";
  return (
    <AsyncView state={application}>
      {(a) => (
        <div className="two-columns">
          <div className="stack">
            <section className="card">
              <div className="card-head">
                <h1>{t("application")}</h1>
                <StageBadge stage={a.stage} />
              </div>
              <Facts
                rows={[
                  [t("enterprise"), <code key="e">{a.enterprise_id}</code>],
                  [t("product"), a.product_code],
                  [t("requested"), <Amount key="r" value={a.requested} />],
                  [t("installments"), String(a.installments)],
                  [t("purpose"), isMessageKey(`purpose_${a.purpose}`) ? t(`purpose_${a.purpose}` as MessageKey) : a.purpose],
                  [t("submitted"), <When key="s" value={a.submitted_at} />],
                ]}
              />
              {a.review && (
                <p className="state state-info" data-testid="review-result">
                  {t("reviewedBy", { officer: a.review.officer, decision: a.review.decision })}: {a.review.reason}
                </p>
              )}
            </section>
            {a.decision && <DecisionCard decision={a.decision} />}
            {canDecide && (a.stage === "referred" || a.stage === "awaiting_confirmation") && (
              <DecideCard application={a} onDecided={application.reload} />
            )}
            <TraceCard id={a.id} />
          </div>
          <div className="stack">
            {report.error ? (
              <ErrorBox error={report.error} retry={report.reload} />
            ) : report.data ? (
              <ReportCard report={report.data} />
            ) : (
              <Loading />
            )}
          </div>
        </div>
      )}
    </AsyncView>
  );
}
