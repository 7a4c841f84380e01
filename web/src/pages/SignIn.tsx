import { useState, type FormEvent } from "react";
import { useI18n } from "../i18n/i18n";
import { useSession } from "../lib/session";
import { navigate } from "../lib/router";
import { errorText } from "../components/State";
import { homeFor } from "../app/home";

export function SignIn() {
  const { t } = useI18n();
  const { signIn } = useSession();
  const [credential, setCredential] = useState("");
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    setBusy(true);
    setError(null);
    try {
      const who = await signIn(credential);
      navigate(homeFor(who), true);
    } catch (err) {
      setError(err);
    } finally {
      setBusy(false);
    }
  };

  return (
    <section className="card narrow">
      <h1>{t("signInTitle")}</h1>
      <p className="muted">{t("signInHelp")}</p>
      <form onSubmit={submit}>
        <label htmlFor="credential">{t("credential")}</label>
        <textarea
          id="credential"
          data-testid="credential"
          rows={3}
          value={credential}
          onChange={(e) => setCredential(e.target.value)}
          placeholder="bt1.… / sk_…"
          autoComplete="off"
          spellCheck={false}
          required
        />
        {error !== null && (
          <div className="state state-error" role="alert">
            {errorText(error, t)}
          </div>
        )}
        <button type="submit" className="primary" disabled={busy || !credential.trim()} data-testid="sign-in">
          {busy ? t("signingIn") : t("signIn")}
        </button>
      </form>
      <p className="muted small">{t("signInDemo")}</p>
    </section>
  );
}
