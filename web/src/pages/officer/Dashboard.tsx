// The portfolio dashboard (GET /v1/portfolio/summary): outstanding balance,
// disbursements per day, days-past-due buckets, the five-category
// classification, NPL ratio, approval rate and time to cash. Amounts become
// numbers only to be plotted; every figure shown as text is the API's exact
// decimal.
import { useMemo, useState, type ReactNode } from "react";
import { api } from "../../api/client";
import type { PortfolioSummary } from "../../api/types";
import { useI18n } from "../../i18n/i18n";
import { AsyncView, useAsync } from "../../components/State";
import { Amount } from "../../components/Bits";
import { Chart, type ChartOption } from "../../components/Chart";
import { formatAxisYuan, formatDate, formatDuration, formatRatio, formatSeconds, formatYuan } from "../../i18n/format";
import type { MessageKey } from "../../i18n/messages";

const WINDOWS = [7, 30, 90] as const;
const PALETTE = ["#0b5cad", "#2e86c1", "#f1c40f", "#e67e22", "#c0392b", "#7f8c8d"];

function Kpi(props: { label: string; value: ReactNode; testId: string }) {
  return (
    <div className="kpi" data-testid={props.testId}>
      <div className="kpi-label">{props.label}</div>
      <div className="kpi-value">{props.value}</div>
    </div>
  );
}

function Charts(props: { s: PortfolioSummary }) {
  const { t, lang } = useI18n();
  const s = props.s;
  const options = useMemo(() => {
    const yuanTooltip = (value: unknown) => formatYuan(Number(value).toFixed(2));
    const disbursements: ChartOption = {
      color: PALETTE,
      tooltip: { trigger: "axis" },
      legend: { data: [t("disbursedCount"), t("disbursedAmount")], bottom: 0 },
      grid: { left: 56, right: 64, top: 24, bottom: 56 },
      xAxis: { type: "category", data: s.disbursements_by_day.map((d) => formatDate(d.date, lang)) },
      yAxis: [
        { type: "value", name: t("loans"), minInterval: 1 },
        { type: "value", name: "¥", axisLabel: { formatter: (v: number) => formatAxisYuan(v, lang) } },
      ],
      series: [
        { name: t("disbursedCount"), type: "bar", data: s.disbursements_by_day.map((d) => d.count) },
        {
          name: t("disbursedAmount"),
          type: "line",
          yAxisIndex: 1,
          data: s.disbursements_by_day.map((d) => Number(d.amount)),
          tooltip: { valueFormatter: yuanTooltip },
        },
      ],
    };
    const dpd: ChartOption = {
      color: PALETTE,
      tooltip: { trigger: "axis" },
      grid: { left: 56, right: 16, top: 24, bottom: 32 },
      xAxis: { type: "category", data: s.dpd_buckets.map((b) => (b.bucket === "current" ? t("current") : b.bucket)) },
      yAxis: { type: "value", name: t("loans"), minInterval: 1 },
      series: [{ name: t("loans"), type: "bar", data: s.dpd_buckets.map((b) => b.loans) }],
    };
    const classification: ChartOption = {
      color: ["#27ae60", "#f1c40f", "#e67e22", "#c0392b", "#7b241c"],
      tooltip: { trigger: "item", valueFormatter: yuanTooltip },
      legend: { bottom: 0 },
      series: [
        {
          type: "pie",
          radius: ["40%", "70%"],
          minShowLabelAngle: 3, // no labels piled on empty classes
          data: s.classification.map((c) => ({
            name: t(`class_${c.class}` as MessageKey),
            value: Number(c.principal),
          })),
        },
      ],
    };
    const timeToCash: ChartOption = {
      color: PALETTE.slice(1),
      tooltip: { trigger: "axis" },
      grid: { left: 56, right: 16, top: 24, bottom: 32 },
      xAxis: {
        type: "category",
        data: s.time_to_cash.buckets.map((b) =>
          b.below_seconds !== undefined
            ? `< ${formatSeconds(b.below_seconds, lang)}`
            : `≥ ${formatSeconds(b.from_seconds ?? 0, lang)}`,
        ),
      },
      yAxis: { type: "value", name: t("applicationsCount"), minInterval: 1 },
      series: [{ name: t("applicationsCount"), type: "bar", data: s.time_to_cash.buckets.map((b) => b.count) }],
    };
    const outcomes: ChartOption = {
      color: ["#27ae60", "#c0392b", "#f1c40f"],
      tooltip: { trigger: "item" },
      legend: { bottom: 0 },
      series: [
        {
          type: "pie",
          radius: "65%",
          data: [
            { name: t("outcome_approve"), value: s.applications.approved },
            { name: t("outcome_decline"), value: s.applications.declined },
            { name: t("pending"), value: s.applications.pending },
          ],
        },
      ],
    };
    return { disbursements, dpd, classification, timeToCash, outcomes };
  }, [s, t, lang]);

  return (
    <div className="chart-grid">
      <section className="card wide-card">
        <h2>{t("disbursementsPerDay")}</h2>
        <Chart option={options.disbursements} label={t("disbursementsPerDay")} testId="chart-disbursements" />
      </section>
      <section className="card">
        <h2>{t("dpdBuckets")}</h2>
        <Chart option={options.dpd} label={t("dpdBuckets")} testId="chart-dpd" />
      </section>
      <section className="card">
        <h2>{t("classification")}</h2>
        <Chart option={options.classification} label={t("classification")} testId="chart-classification" />
      </section>
      <section className="card">
        <h2>{t("timeToCash")}</h2>
        <Chart option={options.timeToCash} label={t("timeToCash")} testId="chart-time-to-cash" />
      </section>
      <section className="card">
        <h2>{t("decisions")}</h2>
        <Chart option={options.outcomes} label={t("decisions")} testId="chart-outcomes" />
      </section>
    </div>
  );
}

export function Dashboard() {
  const { t, lang } = useI18n();
  const [days, setDays] = useState<number>(30);
  const state = useAsync((signal) => api<PortfolioSummary>(`/v1/portfolio/summary?days=${days}`, { signal }), [days]);
  return (
    <div className="stack">
      <div className="card-head">
        <h1>{t("dashboardTitle")}</h1>
        <label className="inline-form">
          {t("window")}
          <select value={days} onChange={(e) => setDays(Number(e.target.value))}>
            {WINDOWS.map((d) => (
              <option key={d} value={d}>
                {t("lastDays", { days: d })}
              </option>
            ))}
          </select>
        </label>
      </div>
      <AsyncView state={state}>
        {(s) => (
          <>
            <div className="kpis">
              <Kpi testId="kpi-outstanding" label={t("outstanding")} value={<Amount value={s.outstanding_principal} />} />
              <Kpi testId="kpi-active" label={t("activeLoans")} value={s.active_loans} />
              <Kpi testId="kpi-npl" label={t("nplRatio")} value={formatRatio(s.npl_ratio)} />
              <Kpi testId="kpi-approval" label={t("approvalRate")} value={formatRatio(s.approval_rate)} />
              <Kpi
                testId="kpi-ttc"
                label={t("timeToCashP50")}
                value={`${formatDuration(s.time_to_cash.p50_ms, lang)} / ${formatDuration(s.time_to_cash.p90_ms, lang)}`}
              />
            </div>
            <p className="muted small">{t("asOfDate", { date: formatDate(s.as_of, lang) })}</p>
            <Charts s={s} />
          </>
        )}
      </AsyncView>
    </div>
  );
}
