import type { Session } from "../api/types";

// Where a role lands after signing in.
export function homeFor(session: Session): string {
  switch (session.role) {
    case "borrower":
      return "/borrower";
    case "officer":
    case "admin":
      return "/officer";
    case "auditor":
      return "/officer/dashboard";
    case "partner":
      return "/partner";
  }
}
