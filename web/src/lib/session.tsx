// Who is signed in. The credential (a borrower token or a staff API key) is
// kept in sessionStorage — gone when the tab closes — and checked against
// GET /v1/session before it is kept.
import { createContext, useCallback, useContext, useMemo, useState, type ReactNode } from "react";
import { api, setCredential } from "../api/client";
import type { Session } from "../api/types";

const STORAGE_KEY = "smecredit.credential";
const SESSION_KEY = "smecredit.session";

interface SessionState {
  session: Session | null;
  signIn: (credential: string) => Promise<Session>;
  signOut: () => void;
}

const SessionContext = createContext<SessionState | null>(null);

function restore(): Session | null {
  const credential = sessionStorage.getItem(STORAGE_KEY);
  const session = sessionStorage.getItem(SESSION_KEY);
  if (!credential || !session) return null;
  setCredential(credential);
  try {
    return JSON.parse(session) as Session;
  } catch {
    return null;
  }
}

export function SessionProvider(props: { children: ReactNode }) {
  const [session, setSession] = useState<Session | null>(restore);

  const signIn = useCallback(async (credential: string) => {
    const trimmed = credential.trim();
    const who = await api<Session>("/v1/session", { credential: trimmed });
    sessionStorage.setItem(STORAGE_KEY, trimmed);
    sessionStorage.setItem(SESSION_KEY, JSON.stringify(who));
    setCredential(trimmed);
    setSession(who);
    return who;
  }, []);

  const signOut = useCallback(() => {
    sessionStorage.removeItem(STORAGE_KEY);
    sessionStorage.removeItem(SESSION_KEY);
    setCredential(null);
    setSession(null);
  }, []);

  const value = useMemo(() => ({ session, signIn, signOut }), [session, signIn, signOut]);
  return <SessionContext.Provider value={value}>{props.children}</SessionContext.Provider>;
}

export function useSession(): SessionState {
  const state = useContext(SessionContext);
  if (!state) throw new Error("useSession outside SessionProvider");
  return state;
}
