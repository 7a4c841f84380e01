// The officers' queue: referred applications, and approvals waiting for a
// second officer, oldest first.
import { api } from "../../api/client";
import type { Application } from "../../api/types";
import { useI18n } from "../../i18n/i18n";
import { Link } from "../../lib/router";
import { AsyncView, Empty, useAsync } from "../../components/State";
import { Amount, StageBadge, When } from "../../components/Bits";

export function Queue() {
  const { t } = useI18n();
  const state = useAsync((signal) => api<{ reviews: Application[] }>("/v1/reviews?limit=200", { signal }), []);
  return (
    <section className="card">
      <div className="card-head">
        <h1>{t("queueTitle")}</h1>
        <button type="button" className="secondary" onClick={state.reload}>
          {t("refresh")}
        </button>
      </div>
      <AsyncView state={state}>
        {({ reviews }) =>
          reviews.length === 0 ? (
            <Empty>{t("queueEmpty")}</Empty>
          ) : (
            <div className="table-wrap">
              <table data-testid="queue">
                <thead>
                  <tr>
                    <th>{t("submitted")}</th>
                    <th>{t("enterprise")}</th>
                    <th className="num">{t("requested")}</th>
                    <th>{t("reasons")}</th>
                    <th>{t("stage")}</th>
                  </tr>
                </thead>
                <tbody>
                  {reviews.map((a) => (
                    <tr key={a.id}>
                      <td>
                        <Link to={`/officer/applications/${a.id}`} testId="queue-item">
                          <When value={a.submitted_at} />
                        </Link>
                      </td>
                      <td>
                        <code>{a.enterprise_id}</code>
                      </td>
                      <td className="num">
                        <Amount value={a.requested} />
                      </td>
                      <td>
                        {a.decision?.reasons.map((r) => (
                          <code key={r.code} className="tag" title={r.text}>
                            {r.code}
                          </code>
                        ))}
                      </td>
                      <td>
                        <StageBadge stage={a.stage} />
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
