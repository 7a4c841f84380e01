// The shell: header (navigation for the signed-in role, language switch,
// sign-out) and the screen the path names.
import { useEffect, type ReactNode } from "react";
import { useI18n } from "../i18n/i18n";
import { useSession } from "../lib/session";
import { Link, matchPath, navigate, usePath } from "../lib/router";
import type { Role } from "../api/types";
import { homeFor } from "./home";
import { SignIn } from "../pages/SignIn";
import { BorrowerHome } from "../pages/borrower/BorrowerHome";
import { Apply } from "../pages/borrower/Apply";
import { ApplicationPage } from "../pages/borrower/ApplicationPage";
import { LoanPage } from "../pages/borrower/LoanPage";
import { Queue } from "../pages/officer/Queue";
import { CaseView } from "../pages/officer/CaseView";
import { Dashboard } from "../pages/officer/Dashboard";
import { VoucherPage } from "../pages/scf/VoucherPage";

interface Screen {
  pattern: string;
  roles: Role[];
  render: (params: Record<string, string>) => ReactNode;
}

const STAFF: Role[] = ["officer", "admin", "auditor"];

const SCREENS: Screen[] = [
  { pattern: "/borrower", roles: ["borrower"], render: () => <BorrowerHome /> },
  { pattern: "/borrower/apply", roles: ["borrower"], render: () => <Apply /> },
  {
    pattern: "/borrower/applications/:id",
    roles: ["borrower"],
    render: (p) => <ApplicationPage id={p.id ?? ""} />,
  },
  { pattern: "/borrower/loans/:id", roles: ["borrower"], render: (p) => <LoanPage id={p.id ?? ""} /> },
  { pattern: "/officer", roles: ["officer", "admin"], render: () => <Queue /> },
  {
    pattern: "/officer/applications/:id",
    roles: STAFF,
    render: (p) => <CaseView id={p.id ?? ""} />,
  },
  { pattern: "/officer/dashboard", roles: STAFF, render: () => <Dashboard /> },
  { pattern: "/scf/vouchers", roles: [...STAFF, "borrower", "partner"], render: () => <VoucherPage id="" /> },
  {
    pattern: "/scf/vouchers/:id",
    roles: [...STAFF, "borrower", "partner"],
    render: (p) => <VoucherPage id={p.id ?? ""} />,
  },
];

function Header() {
  const { t, lang, setLang } = useI18n();
  const { session, signOut } = useSession();
  const role = session?.role;
  return (
    <header className="topbar">
      <Link to={session ? homeFor(session) : "/sign-in"} className="brand">
        smecredit <span className="brand-sub">{t("brandSub")}</span>
      </Link>
      <nav aria-label={t("navigation")}>
        {role === "borrower" && <Link to="/borrower">{t("navMyEnterprise")}</Link>}
        {(role === "officer" || role === "admin") && (
          <Link to="/officer" testId="nav-queue">
            {t("navQueue")}
          </Link>
        )}
        {role && STAFF.includes(role) && (
          <Link to="/officer/dashboard" testId="nav-dashboard">
            {t("navDashboard")}
          </Link>
        )}
        {role && <Link to="/scf/vouchers">{t("navVouchers")}</Link>}
      </nav>
      <div className="topbar-actions">
        <button
          type="button"
          className="lang-switch"
          data-testid="lang-switch"
          onClick={() => setLang(lang === "zh-CN" ? "en" : "zh-CN")}
          aria-label={t("switchLanguage")}
        >
          {lang === "zh-CN" ? "English" : "中文"}
        </button>
        {session && (
          <button
            type="button"
            className="link-button"
            data-testid="sign-out"
            onClick={() => {
              signOut();
              navigate("/sign-in", true);
            }}
          >
            {t("signOut")}
          </button>
        )}
      </div>
    </header>
  );
}

function Body() {
  const { t } = useI18n();
  const path = usePath();
  const { session } = useSession();

  useEffect(() => {
    if (!session && path !== "/sign-in") navigate("/sign-in", true);
    else if (session && (path === "/" || path === "/sign-in")) navigate(homeFor(session), true);
  }, [session, path]);

  if (!session) return path === "/sign-in" ? <SignIn /> : null;
  if (path === "/partner") {
    return <section className="card narrow">{t("partnerNote")}</section>;
  }
  for (const screen of SCREENS) {
    const params = matchPath(screen.pattern, path);
    if (!params) continue;
    if (!screen.roles.includes(session.role)) {
      return <section className="card narrow state-error">{t("errorForbidden")}</section>;
    }
    return <>{screen.render(params)}</>;
  }
  return (
    <section className="card narrow">
      <h1>{t("notFound")}</h1>
      <Link to={homeFor(session)}>{t("backHome")}</Link>
    </section>
  );
}

export function App() {
  return (
    <>
      <Header />
      <main className="content">
        <Body />
      </main>
    </>
  );
}
