// Applying: product, amount, term, purpose. The answer is the decided
// application (the data is pulled and the policy runs while the borrower
// waits); without consent the platform answers 409 and the consent card is
// offered before submitting again.
import { useEffect, useState, type FormEvent } from "react";
import { api, ApiError, keepKeyFor, newIdempotencyKey } from "../../api/client";
import type { Application, Product } from "../../api/types";
import { useI18n } from "../../i18n/i18n";
import { useSession } from "../../lib/session";
import { navigate } from "../../lib/router";
import { AsyncView, errorText, useAsync } from "../../components/State";
import { Amount } from "../../components/Bits";
import { ConsentCard } from "./BorrowerHome";

const PURPOSES = ["working_capital", "inventory", "equipment", "expansion"] as const;

export function Apply() {
  const { t } = useI18n();
  const { session } = useSession();
  const enterpriseId = session?.enterprise_id ?? "";
  const products = useAsync((signal) => api<{ products: Product[] }>("/v1/products", { signal }), []);
  const [productCode, setProductCode] = useState("");
  const [amount, setAmount] = useState("50000.00");
  const [installments, setInstallments] = useState(12);
  const [purpose, setPurpose] = useState<string>("working_capital");
  const [error, setError] = useState<unknown>(null);
  const [needsConsent, setNeedsConsent] = useState(false);
  const [busy, setBusy] = useState(false);
  // One key per intended application: a retry after a lost answer cannot apply twice.
  const [idempotencyKey, setIdempotencyKey] = useState(newIdempotencyKey);

  const product = products.data?.products.find((p) => p.code === productCode);
  // Preselect the first unsecured product once the catalogue arrives.
  useEffect(() => {
    const all = products.data?.products ?? [];
    const first = all.find((p) => !p.secured) ?? all[0];
    if (first) setProductCode((current) => current || first.code);
  }, [products.data]);

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    setBusy(true);
    setError(null);
    try {
      const application = await api<Application>("/v1/applications", {
        method: "POST",
        idempotencyKey,
        body: { enterprise_id: enterpriseId, product_code: productCode, amount, installments, purpose },
      });
      navigate(`/borrower/applications/${application.id}`);
    } catch (err) {
      if (err instanceof ApiError && err.status === 409) setNeedsConsent(true);
      if (!keepKeyFor(err)) setIdempotencyKey(newIdempotencyKey());
      setError(err);
    } finally {
      setBusy(false);
    }
  };

  return (
    <div className="stack">
      <section className="card">
        <h1>{t("applyTitle")}</h1>
        <AsyncView state={products}>
          {({ products: all }) => (
            <form onSubmit={submit} className="grid-form">
              <div className="field">
                <label htmlFor="product">{t("product")}</label>
                <select id="product" value={productCode} onChange={(e) => setProductCode(e.target.value)}>
                  {all.map((p) => (
                    <option key={p.code} value={p.code}>
                      {p.code}
                      {p.secured ? ` (${t("secured")})` : ""}
                    </option>
                  ))}
                </select>
                {product && (
                  <small className="muted">
                    <Amount value={product.min_amount} /> – <Amount value={product.max_amount} /> ·{" "}
                    {t("installmentsRange", { min: product.min_installments, max: product.max_installments })}
                  </small>
                )}
              </div>
              <div className="field">
                <label htmlFor="amount">{t("amount")}</label>
                <input
                  id="amount"
                  data-testid="apply-amount"
                  inputMode="decimal"
                  value={amount}
                  pattern="\d{1,13}(\.\d{1,2})?"
                  onChange={(e) => setAmount(e.target.value)}
                  required
                />
              </div>
              <div className="field">
                <label htmlFor="installments">{t("installments")}</label>
                <input
                  id="installments"
                  type="number"
                  min={product?.min_installments ?? 1}
                  max={product?.max_installments ?? 360}
                  value={installments}
                  onChange={(e) => setInstallments(Number(e.target.value))}
                  required
                />
              </div>
              <div className="field">
                <label htmlFor="purpose">{t("purpose")}</label>
                <select id="purpose" value={purpose} onChange={(e) => setPurpose(e.target.value)}>
                  {PURPOSES.map((p) => (
                    <option key={p} value={p}>
                      {t(`purpose_${p}`)}
                    </option>
                  ))}
                </select>
              </div>
              {error !== null && (
                <div className="state state-error wide" role="alert" data-testid="apply-error">
                  {errorText(error, t)}
                </div>
              )}
              <div className="wide">
                <button type="submit" className="primary" disabled={busy || !productCode} data-testid="submit-application">
                  {busy ? t("deciding") : t("submitApplication")}
                </button>
              </div>
            </form>
          )}
        </AsyncView>
      </section>
      {needsConsent && <ConsentCard enterpriseId={enterpriseId} onGranted={() => setError(null)} />}
    </div>
  );
}
