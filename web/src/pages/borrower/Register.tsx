// Registering the enterprise (POST /v1/enterprises). The platform checks the
// unified social credit code's check character and the identity number's
// check digit; the answer carries a new borrower token bound to the
// enterprise, which replaces the one the borrower signed in with.
import { useState, type FormEvent } from "react";
import { api } from "../../api/client";
import type { Enterprise } from "../../api/types";
import { useI18n } from "../../i18n/i18n";
import { useSession } from "../../lib/session";
import { errorText } from "../../components/State";

const KINDS = ["micro", "small", "individual"] as const;
const INDUSTRIES = ["A", "C", "E", "F", "G", "H", "I", "L", "M", "O"] as const;

export function Register() {
  const { t } = useI18n();
  const { signIn } = useSession();
  const [form, setForm] = useState({
    uscc: "",
    name: "",
    kind: "micro",
    industry: "F",
    region: "350100",
    repName: "",
    repId: "",
    repPhone: "",
    bankAccount: "",
  });
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  const set = (field: keyof typeof form) => (value: string) => setForm({ ...form, [field]: value });

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    setBusy(true);
    setError(null);
    try {
      const person = { name: form.repName, id_number: form.repId, phone: form.repPhone };
      const enterprise = await api<Enterprise>("/v1/enterprises", {
        method: "POST",
        body: {
          uscc: form.uscc.trim(),
          name: form.name.trim(),
          kind: form.kind,
          industry: form.industry,
          region: form.region.trim(),
          legal_rep: person,
          owners: [{ name: form.repName, id_number: form.repId, share_percent: "100" }],
          bank_account: form.bankAccount.trim(),
        },
      });
      if (!enterprise.borrower_token) throw new Error(t("registerNoToken"));
      await signIn(enterprise.borrower_token);
    } catch (err) {
      setError(err);
    } finally {
      setBusy(false);
    }
  };

  const field = (id: keyof typeof form, label: string, extra: Record<string, string> = {}) => (
    <div className="field">
      <label htmlFor={id}>{label}</label>
      <input id={id} data-testid={`reg-${id}`} value={form[id]} onChange={(e) => set(id)(e.target.value)} required {...extra} />
    </div>
  );

  return (
    <section className="card">
      <h1>{t("registerTitle")}</h1>
      <p className="muted">{t("registerHelp")}</p>
      <form onSubmit={submit} className="grid-form">
        {field("uscc", t("uscc"), { maxLength: "18", pattern: "[0-9A-HJ-NPQRTUWXY]{18}" })}
        {field("name", t("enterpriseName"))}
        <div className="field">
          <label htmlFor="kind">{t("kind")}</label>
          <select id="kind" value={form.kind} onChange={(e) => set("kind")(e.target.value)}>
            {KINDS.map((k) => (
              <option key={k} value={k}>
                {t(`kind_${k}`)}
              </option>
            ))}
          </select>
        </div>
        <div className="field">
          <label htmlFor="industry">{t("industry")}</label>
          <select id="industry" value={form.industry} onChange={(e) => set("industry")(e.target.value)}>
            {INDUSTRIES.map((code) => (
              <option key={code} value={code}>
                {code} · {t(`industry_${code}`)}
              </option>
            ))}
          </select>
        </div>
        {field("region", t("region"), { pattern: "[0-9]{6}" })}
        {field("repName", t("legalRep"))}
        {field("repId", t("idNumber"), { maxLength: "18" })}
        {field("repPhone", t("phone"), { pattern: "1[0-9]{10}" })}
        {field("bankAccount", t("bankAccount"), { pattern: "[0-9]{10,32}" })}
        {error !== null && (
          <div className="state state-error wide" role="alert">
            {errorText(error, t)}
          </div>
        )}
        <div className="wide">
          <button type="submit" className="primary" disabled={busy} data-testid="register">
            {busy ? t("working") : t("register")}
          </button>
        </div>
      </form>
    </section>
  );
}
