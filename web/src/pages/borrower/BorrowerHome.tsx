// The borrower's home: the enterprise, its data consent, its applications
// and loans. A borrower signed in without an enterprise registers first.
import { useState } from "react";
import { api } from "../../api/client";
import type { Application, Enterprise } from "../../api/types";
import { useI18n } from "../../i18n/i18n";
import { useSession } from "../../lib/session";
import { Link } from "../../lib/router";
import { AsyncView, Empty, useAsync } from "../../components/State";
import { ActionButton, Amount, Day, Facts, StageBadge, When } from "../../components/Bits";
import { Register } from "./Register";

interface Consent {
  id: number;
  scopes: string[];
  purpose: string;
  expires_at: string;
}

export function ConsentCard(props: { enterpriseId: string; onGranted?: () => void }) {
  const { t } = useI18n();
  const [granted, setGranted] = useState<Consent | null>(null);
  return (
    <section className="card" data-testid="consent-card">
      <h2>{t("consentTitle")}</h2>
      <p className="muted">{t("consentHelp")}</p>
      {granted ? (
        <p className="state state-ok" data-testid="consent-granted">
          {t("consentGranted", { scopes: granted.scopes.length })} <When value={granted.expires_at} />
        </p>
      ) : (
        <ActionButton
          label={t("grantConsent")}
          testId="grant-consent"
          run={() =>
            api<Consent>(`/v1/enterprises/${props.enterpriseId}/consents`, {
              method: "POST",
              body: { days: 90 },
            })
          }
          done={(c) => {
            setGranted(c);
            props.onGranted?.();
          }}
        />
      )}
    </section>
  );
}

function Applications(props: { enterpriseId: string }) {
  const { t } = useI18n();
  const state = useAsync(
    (signal) =>
      api<{ applications: Application[] }>(`/v1/enterprises/${props.enterpriseId}/applications`, {
        signal,
      }),
    [props.enterpriseId],
  );
  return (
    <section className="card">
      <div className="card-head">
        <h2>{t("myApplications")}</h2>
        <Link to="/borrower/apply" className="button primary" testId="new-application">
          {t("applyForLoan")}
        </Link>
      </div>
      <AsyncView state={state}>
        {({ applications }) =>
          applications.length === 0 ? (
            <Empty>{t("noApplications")}</Empty>
          ) : (
            <div className="table-wrap">
              <table>
                <thead>
                  <tr>
                    <th>{t("submitted")}</th>
                    <th>{t("product")}</th>
                    <th className="num">{t("amount")}</th>
                    <th>{t("stage")}</th>
                    <th />
                  </tr>
                </thead>
                <tbody>
                  {applications.map((a) => (
                    <tr key={a.id}>
                      <td>
                        <When value={a.submitted_at} />
                      </td>
                      <td>{a.product_code}</td>
                      <td className="num">
                        <Amount value={a.requested} />
                      </td>
                      <td>
                        <StageBadge stage={a.stage} />
                      </td>
                      <td className="row-links">
                        <Link to={`/borrower/applications/${a.id}`}>{t("open")}</Link>
                        {a.loan_id && <Link to={`/borrower/loans/${a.loan_id}`}>{t("viewLoan")}</Link>}
                      </td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          )
        }
      </AsyncView>
    </section>
  );
}

export function BorrowerHome() {
  const { t } = useI18n();
  const { session } = useSession();
  const enterpriseId = session?.enterprise_id;
  const state = useAsync(
    (signal) => (enterpriseId ? api<Enterprise>(`/v1/enterprises/${enterpriseId}`, { signal }) : Promise.resolve(null)),
    [enterpriseId],
  );
  if (!enterpriseId) return <Register />;
  return (
    <div className="stack">
      <AsyncView state={state}>
        {(e) =>
          e && (
            <section className="card" data-testid="enterprise-card">
              <h1>{e.name}</h1>
              <Facts
                rows={[
                  [t("uscc"), e.uscc],
                  [t("kycStatus"), e.kyc_status],
                  [t("legalRep"), `${e.legal_rep.name} · ${e.legal_rep.phone}`],
                  [t("bankAccount"), e.bank_account],
                  [t("registered"), <Day key="d" value={e.created_at.slice(0, 10)} />],
                ]}
              />
            </section>
          )
        }
      </AsyncView>
      <ConsentCard enterpriseId={enterpriseId} />
      <Applications enterpriseId={enterpriseId} />
    </div>
  );
}
