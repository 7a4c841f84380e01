// One application as its borrower follows it: the decision with its reasons
// and factors, the offer with its APR and whole schedule, accepting, reading
// and signing the contract with this device's Ed25519 key, and the money
// arriving (the page polls while the bank disburses).
import { useEffect } from "react";
import { api } from "../../api/client";
import type { Application, Contract, Decision, Offer } from "../../api/types";
import { useI18n } from "../../i18n/i18n";
import { useSession } from "../../lib/session";
import { Link } from "../../lib/router";
import { createSigningKey, signMessage, storedPublicKey } from "../../lib/signing";
import { AsyncView, useAsync } from "../../components/State";
import { ActionButton, Amount, Day, Facts, StageBadge, When } from "../../components/Bits";
import { formatPercent } from "../../i18n/format";

const POLL_MS = 1500;
const WAITING_STAGES = new Set(["disbursing", "submitted"]);

export function DecisionCard(props: { decision: Decision }) {
  const { t } = useI18n();
  const d = props.decision;
  return (
    <section className="card" data-testid="decision">
      <h2>
        {t("decision")}: <span className={`outcome outcome-${d.outcome}`}>{t(`outcome_${d.outcome}`)}</span>
      </h2>
      {d.outcome === "approve" && (
        <Facts
          rows={[
            [t("limit"), <Amount key="l" value={d.limit} />],
            [t("annualRate"), formatPercent(d.annual_rate_percent)],
          ]}
        />
      )}
      {d.reasons.length > 0 && (
        <>
          <h3>{t("reasons")}</h3>
          <ul className="reasons" data-testid="reasons">
            {d.reasons.map((r) => (
              <li key={r.code}>
                {r.text} <code>{r.code}</code>
              </li>
            ))}
          </ul>
        </>
      )}
      {d.factors.length > 0 && (
        <>
          {/* Signs differ by model (scorecard points received, SHAP toward default), so
              the list shows what weighed most, in order, without a direction. */}
          <h3>{t("factors")}</h3>
          <ul className="factors">
            {d.factors.slice(0, 6).map((f) => (
              <li key={`${f.model}-${f.feature}`}>
                {f.text} <small className="muted">({f.model})</small>
              </li>
            ))}
          </ul>
        </>
      )}
    </section>
  );
}

function OfferCard(props: { offer: Offer }) {
  const { t } = useI18n();
  const o = props.offer;
  return (
    <section className="card" data-testid="offer">
      <h2>{t("offer")}</h2>
      <Facts
        rows={[
          [t("amount"), <Amount key="a" value={o.amount} />],
          [t("annualRate"), formatPercent(o.annual_rate_percent)],
          [t("apr"), <strong key="apr" data-testid="apr">{formatPercent(o.apr_percent)}</strong>],
          [t("upfrontFee"), <Amount key="f" value={o.upfront_fee} />],
          [t("totalInterest"), <Amount key="i" value={o.total_interest} />],
          [t("installments"), String(o.installments)],
          [t("offerExpires"), <When key="e" value={o.expires_at} />],
        ]}
      />
      <h3>{t("schedule")}</h3>
      <div className="table-wrap">
        <table data-testid="offer-schedule">
          <thead>
            <tr>
              <th>#</th>
              <th>{t("dueDate")}</th>
              <th className="num">{t("principal")}</th>
              <th className="num">{t("interest")}</th>
              <th className="num">{t("fees")}</th>
              <th className="num">{t("total")}</th>
              <th className="num">{t("balance")}</th>
            </tr>
          </thead>
          <tbody>
            {o.schedule.map((i) => (
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
                  <Amount value={i.fees} />
                </td>
                <td className="num">
                  <Amount value={i.total} />
                </td>
                <td className="num">
                  <Amount value={i.balance} />
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </section>
  );
}

// Signs with this device's key, registering a new key first when the
// device has none for the enterprise.
async function signContract(enterpriseId: string, contractId: string): Promise<Application> {
  if (!(await storedPublicKey(enterpriseId))) {
    const publicKey = await createSigningKey(enterpriseId);
    await api(`/v1/enterprises/${enterpriseId}/signing-key`, { method: "POST", body: { public_key: publicKey } });
  }
  const contract = await api<Contract>(`/v1/contracts/${contractId}`);
  const signature = await signMessage(enterpriseId, contract.signing_message);
  return api<Application>(`/v1/contracts/${contractId}/signatures`, { method: "POST", body: { signature } });
}

function ContractCard(props: { application: Application; onSigned: () => void }) {
  const { t } = useI18n();
  const { session } = useSession();
  const contractId = props.application.contract?.id ?? "";
  const contract = useAsync((signal) => api<Contract>(`/v1/contracts/${contractId}`, { signal }), [contractId]);
  return (
    <section className="card" data-testid="contract">
      <h2>{t("contract")}</h2>
      <AsyncView state={contract}>
        {(c) => (
          <>
            <pre className="contract-text">{c.text}</pre>
            <p className="muted small">
              SHA-256 <code>{c.sha256}</code>
            </p>
          </>
        )}
      </AsyncView>
      <p className="muted">{t("signHelp")}</p>
      <ActionButton
        label={t("signContract")}
        testId="sign-contract"
        run={() => signContract(session?.enterprise_id ?? props.application.enterprise_id, contractId)}
        done={props.onSigned}
      />
    </section>
  );
}

export function ApplicationPage(props: { id: string }) {
  const { t } = useI18n();
  const state = useAsync((signal) => api<Application>(`/v1/applications/${props.id}`, { signal }), [props.id]);
  const stage = state.data?.stage;
  const { reload } = state;
  useEffect(() => {
    if (!stage || !WAITING_STAGES.has(stage)) return;
    const timer = window.setTimeout(reload, POLL_MS);
    return () => window.clearTimeout(timer);
  }, [stage, state.data, reload]);

  return (
    <AsyncView state={state}>
      {(a) => (
        <div className="stack">
          <section className="card">
            <div className="card-head">
              <h1>{t("application")}</h1>
              <StageBadge stage={a.stage} />
            </div>
            <Facts
              rows={[
                [t("product"), a.product_code],
                [t("requested"), <Amount key="r" value={a.requested} />],
                [t("installments"), String(a.installments)],
                [t("submitted"), <When key="s" value={a.submitted_at} />],
              ]}
            />
            {a.stage === "referred" && <p className="state state-info">{t("referredHelp")}</p>}
            {a.stage === "disbursing" && (
              <p className="state state-info" data-testid="disbursing">
                <span className="spinner" aria-hidden="true" /> {t("disbursingHelp")}
              </p>
            )}
            {a.loan_id && (
              <p className="state state-ok">
                {t("disbursedHelp")}{" "}
                <Link to={`/borrower/loans/${a.loan_id}`} className="button primary" testId="view-loan">
                  {t("viewLoan")}
                </Link>
              </p>
            )}
          </section>
          {a.decision && <DecisionCard decision={a.decision} />}
          {a.offer && <OfferCard offer={a.offer} />}
          {a.allowed_actions.includes("accept_offer") && a.offer && (
            <section className="card actions">
              <ActionButton
                label={t("acceptOffer")}
                testId="accept-offer"
                run={() => api<Application>(`/v1/offers/${a.offer?.id}/accept`, { method: "POST" })}
                done={reload}
              />
              <ActionButton
                label={t("declineOffer")}
                kind="secondary"
                run={() => api<Application>(`/v1/offers/${a.offer?.id}/decline`, { method: "POST" })}
                done={reload}
              />
            </section>
          )}
          {a.stage === "awaiting_signature" && a.contract && <ContractCard application={a} onSigned={reload} />}
        </div>
      )}
    </AsyncView>
  );
}
