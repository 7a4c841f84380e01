// A loan as its borrower follows it: balances and the next installment, the
// schedule with what is paid, the history, repaying from the bank account
// (the platform asks the bank to collect; the page waits for the bank's
// report), and asking for relief: an extension or a restructure.
import { useEffect, useState, type FormEvent } from "react";
import { api, keepKeyFor, newIdempotencyKey } from "../../api/client";
import type { Loan, LoanInstallment, Statement } from "../../api/types";
import { useI18n } from "../../i18n/i18n";
import { AsyncView, Empty, errorText, useAsync } from "../../components/State";
import { ActionButton, Amount, Day, Facts, StageBadge } from "../../components/Bits";
import { formatPercent } from "../../i18n/format";
import type { MessageKey } from "../../i18n/messages";
import { DEFER_CHOICES, RESTRUCTURE_TERMS, reliefBody, type ReliefKind } from "./relief";

const POLL_MS = 1000;
const MAX_POLLS = 30;

interface LoanView {
  loan: Loan;
  schedule: LoanInstallment[];
  statement: Statement;
}

async function loadLoan(id: string, signal: AbortSignal): Promise<LoanView> {
  const loan = await api<Loan>(`/v1/loans/${id}`, { signal });
  const [schedule, statement] = await Promise.all([
    api<{ installments: LoanInstallment[] }>(`/v1/loans/${id}/schedule`, { signal }),
    api<Statement>(`/v1/loans/${id}/statement?from=2000-01-01&to=${loan.as_of}`, { signal }),
  ]);
  return { loan, schedule: schedule.installments, statement };
}

function RepayCard(props: { loan: Loan; paymentsSoFar: number; onPaid: () => void }) {
  const { t } = useI18n();
  const [amount, setAmount] = useState(props.loan.next_due?.amount ?? "");
  const [requested, setRequested] = useState<{ collection_id: string; seen: number } | null>(null);
  const [polls, setPolls] = useState(0);
  const [payKey, setPayKey] = useState(newIdempotencyKey);
  const arrived = requested !== null && props.paymentsSoFar > requested.seen;
  const { onPaid } = props;

  useEffect(() => {
    if (!requested || arrived || polls >= MAX_POLLS) return;
    const timer = window.setTimeout(() => {
      setPolls((n) => n + 1);
      onPaid();
    }, POLL_MS);
    return () => window.clearTimeout(timer);
  }, [requested, arrived, polls, onPaid]);

  return (
    <section className="card" data-testid="repay-card">
      <h2>{t("repayTitle")}</h2>
      <p className="muted">{t("repayHelp")}</p>
      <div className="inline-form">
        <label htmlFor="repay-amount">{t("amount")}</label>
        <input
          id="repay-amount"
          data-testid="repay-amount"
          inputMode="decimal"
          value={amount}
          onChange={(e) => setAmount(e.target.value)}
        />
        <ActionButton
          label={t("repayFromBank")}
          testId="repay"
          disabled={!/^\d{1,13}(\.\d{1,2})?$/.test(amount)}
          run={async () => {
            try {
              return await api<{ collection_id: string }>(`/v1/loans/${props.loan.id}/bank-payments`, {
                method: "POST",
                idempotencyKey: payKey,
                body: { amount },
              });
            } catch (e) {
              if (!keepKeyFor(e)) setPayKey(newIdempotencyKey());
              throw e;
            }
          }}
          done={(r) => {
            setPayKey(newIdempotencyKey());
            setRequested({ collection_id: r.collection_id, seen: props.paymentsSoFar });
            setPolls(0);
          }}
        />
      </div>
      {requested && !arrived && polls < MAX_POLLS && (
        <p className="state state-info">
          <span className="spinner" aria-hidden="true" /> {t("repayWaiting", { id: requested.collection_id })}
        </p>
      )}
      {requested && !arrived && polls >= MAX_POLLS && <p className="state state-error">{t("repaySlow")}</p>}
      {arrived && (
        <p className="state state-ok" data-testid="repaid">
          {t("repayArrived")}
        </p>
      )}
    </section>
  );
}

// A labelled choice among a few numbers (its test id is its id).
function NumberChoice(props: {
  id: string;
  label: string;
  choices: readonly number[];
  value: number;
  onChange: (value: number) => void;
}) {
  return (
    <div className="field">
      <label htmlFor={props.id}>{props.label}</label>
      <select
        id={props.id}
        data-testid={props.id}
        value={props.value}
        onChange={(e) => props.onChange(Number(e.target.value))}
      >
        {props.choices.map((n) => (
          <option key={n} value={n}>
            {n}
          </option>
        ))}
      </select>
    </div>
  );
}

function ReliefCard(props: { loan: Loan }) {
  const { t } = useI18n();
  const [kind, setKind] = useState<ReliefKind>("extension");
  const [periods, setPeriods] = useState<number>(DEFER_CHOICES[0]);
  const [installments, setInstallments] = useState<number>(RESTRUCTURE_TERMS[1]);
  const [reason, setReason] = useState("");
  const [state, setState] = useState<{ error?: unknown; done?: boolean; busy?: boolean }>({});
  const [requestKey, setRequestKey] = useState(newIdempotencyKey);
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    setState({ busy: true });
    try {
      await api(`/v1/loans/${props.loan.id}/relief-requests`, {
        method: "POST",
        idempotencyKey: requestKey,
        body: reliefBody(
          { kind, deferPeriods: periods, newInstallments: installments, reason },
          props.loan.annual_rate_percent,
        ),
      });
      setState({ done: true });
    } catch (error) {
      if (!keepKeyFor(error)) setRequestKey(newIdempotencyKey());
      setState({ error });
    }
  };
  return (
    <section className="card" data-testid="relief-card">
      <h2>{t("reliefTitle")}</h2>
      <p className="muted">{kind === "extension" ? t("extensionHelp") : t("restructureHelp")}</p>
      {state.done ? (
        <p className="state state-ok" data-testid="relief-requested">
          {t("reliefRequested")}
        </p>
      ) : (
        <form onSubmit={submit} className="grid-form">
          <div className="field">
            <label htmlFor="relief-kind">{t("reliefKind")}</label>
            <select
              id="relief-kind"
              data-testid="relief-kind"
              value={kind}
              onChange={(e) => setKind(e.target.value as ReliefKind)}
            >
              <option value="extension">{t("reliefExtension")}</option>
              <option value="restructure">{t("reliefRestructure")}</option>
            </select>
          </div>
          {kind === "extension" ? (
            <NumberChoice
              id="defer"
              label={t("deferPeriods")}
              choices={DEFER_CHOICES}
              value={periods}
              onChange={setPeriods}
            />
          ) : (
            <NumberChoice
              id="new-installments"
              label={t("newInstallments")}
              choices={RESTRUCTURE_TERMS}
              value={installments}
              onChange={setInstallments}
            />
          )}
          <div className="field wide">
            <label htmlFor="relief-reason">{t("reason")}</label>
            <input
              id="relief-reason"
              data-testid="relief-reason"
              value={reason}
              maxLength={500}
              onChange={(e) => setReason(e.target.value)}
              required
            />
          </div>
          {state.error !== undefined && (
            <div className="state state-error wide" role="alert">
              {errorText(state.error, t)}
            </div>
          )}
          <div className="wide">
            <button type="submit" className="secondary" disabled={state.busy} data-testid="request-relief">
              {t("requestRelief")}
            </button>
          </div>
        </form>
      )}
    </section>
  );
}

export function LoanPage(props: { id: string }) {
  const { t } = useI18n();
  const state = useAsync((signal) => loadLoan(props.id, signal), [props.id]);
  return (
    <AsyncView state={state}>
      {({ loan, schedule, statement }) => {
        const payments = statement.transactions.filter(
          (x) => x.kind === "repayment" || x.kind === "prepayment",
        ).length;
        return (
          <div className="stack">
            <section className="card" data-testid="loan">
              <div className="card-head">
                <h1>
                  {t("loan")} <code>{loan.id}</code>
                </h1>
                <StageBadge stage={loan.closed ? "closed" : loan.status} />
              </div>
              <Facts
                rows={[
                  [t("principal"), <Amount key="p" value={loan.principal} />],
                  [t("annualRate"), formatPercent(loan.annual_rate_percent)],
                  [t("principalOutstanding"), <Amount key="po" value={loan.principal_outstanding} />],
                  [t("interestOutstanding"), <Amount key="io" value={loan.interest_outstanding} />],
                  [t("penaltyOutstanding"), <Amount key="pe" value={loan.penalty_outstanding} />],
                  [
                    t("nextDue"),
                    loan.next_due ? (
                      <span key="n" data-testid="next-due">
                        <Day value={loan.next_due.date} /> · <Amount value={loan.next_due.amount} />
                      </span>
                    ) : (
                      "—"
                    ),
                  ],
                  [t("daysPastDue"), String(loan.days_past_due)],
                  [t("loanClass"), t(`class_${loan.loan_class}` as MessageKey)],
                ]}
              />
            </section>
            {!loan.closed && <RepayCard loan={loan} paymentsSoFar={payments} onPaid={state.reload} />}
            <section className="card">
              <h2>{t("schedule")}</h2>
              <div className="table-wrap">
                <table data-testid="loan-schedule">
                  <thead>
                    <tr>
                      <th>#</th>
                      <th>{t("dueDate")}</th>
                      <th className="num">{t("principal")}</th>
                      <th className="num">{t("interest")}</th>
                      <th className="num">{t("paid")}</th>
                      <th>{t("status")}</th>
                    </tr>
                  </thead>
                  <tbody>
                    {schedule.map((i) => (
                      <tr key={i.number}>
                        <td>{i.number}</td>
                        <td>
                          <Day value={i.due_date} />
                        </td>
                        <td className="num">
                          <Amount value={i.principal} />
                        </td>
                        <td className="num">
                          <Amount value={i.interest} />
                        </td>
                        <td className="num">
                          <Amount value={i.paid} />
                        </td>
                        <td>{t(`installment_${i.status}` as MessageKey)}</td>
                      </tr>
                    ))}
                  </tbody>
                </table>
              </div>
            </section>
            <section className="card">
              <h2>{t("history")}</h2>
              {statement.transactions.length === 0 ? (
                <Empty>{t("noTransactions")}</Empty>
              ) : (
                <ul className="history" data-testid="history">
                  {statement.transactions.map((x, i) => (
                    <li key={i}>
                      <Day value={x.value_date} /> · {t(`tx_${x.kind}` as MessageKey)} ·{" "}
                      <Amount value={x.amount} />
                    </li>
                  ))}
                </ul>
              )}
            </section>
            {!loan.closed && <ReliefCard loan={loan} />}
          </div>
        );
      }}
    </AsyncView>
  );
}
