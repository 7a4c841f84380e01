// A receivable voucher's lineage tree: every piece it was split into, who
// holds it, whether it was financed, and for each piece the proof status of
// the log entries that made and moved it — checked here, in the browser,
// against the latest signed checkpoint (RFC 9162 inclusion proofs over
// SHA-256; the checkpoint's Ed25519 signature through WebCrypto).
import { useState, type FormEvent } from "react";
import { api } from "../../api/client";
import type { Checkpoint, LoggedOperation, Piece, Voucher } from "../../api/types";
import { useI18n } from "../../i18n/i18n";
import { navigate } from "../../lib/router";
import { hexToBytes, leafHash, verifyInclusion } from "../../lib/merkle";
import { AsyncView, Empty, useAsync } from "../../components/State";
import { Day, Facts, StageBadge } from "../../components/Bits";
import { formatFen } from "../../i18n/format";
import type { MessageKey } from "../../i18n/messages";

type Proof = "proven" | "pending" | "failed" | "unsupported";

interface Verified {
  voucher: Voucher;
  checkpoint: Checkpoint | null;
  signatureValid: boolean | null; // null: not checkable here (SM2)
  proofs: Map<number, Proof>;
}

async function verifyCheckpointSignature(c: Checkpoint): Promise<boolean | null> {
  if (c.public_key.length !== 64) return null; // SM2 keys are 65 bytes; WebCrypto has no SM2
  try {
    const key = await crypto.subtle.importKey("raw", hexToBytes(c.public_key), { name: "Ed25519" }, false, ["verify"]);
    return await crypto.subtle.verify({ name: "Ed25519" }, key, hexToBytes(c.signature), new TextEncoder().encode(c.signed_text));
  } catch {
    return false;
  }
}

async function proveEntry(index: number, c: Checkpoint, signal: AbortSignal): Promise<Proof> {
  if (index >= c.tree_size) return "pending";
  if (c.hash !== "sha256") return "unsupported";
  const [entry, proof] = await Promise.all([
    api<{ entry: string }>(`/v1/scf/log/entries/${index}`, { signal }),
    api<{ proof: string[] }>(`/v1/scf/log/proofs/inclusion?index=${index}&tree_size=${c.tree_size}`, { signal }),
  ]);
  const ok = await verifyInclusion(
    index,
    c.tree_size,
    await leafHash(hexToBytes(entry.entry)),
    proof.proof.map(hexToBytes),
    hexToBytes(c.root),
  );
  return ok ? "proven" : "failed";
}

async function loadVerified(id: string, signal: AbortSignal): Promise<Verified> {
  const voucher = await api<Voucher>(`/v1/scf/vouchers/${encodeURIComponent(id)}`, { signal });
  let checkpoint: Checkpoint | null = null;
  try {
    checkpoint = await api<Checkpoint>("/v1/scf/log/checkpoint", { signal });
  } catch {
    checkpoint = null; // none published yet: every entry is pending
  }
  const proofs = new Map<number, Proof>();
  for (const op of voucher.log) {
    proofs.set(op.index, checkpoint ? await proveEntry(op.index, checkpoint, signal) : "pending");
  }
  const signatureValid = checkpoint ? await verifyCheckpointSignature(checkpoint) : null;
  return { voucher, checkpoint, signatureValid, proofs };
}

// The entries that concern a piece: the one that made it (the issue for the
// root, the parent's transfer for a part) and those that acted on it.
function entriesOf(piece: Piece, voucher: Voucher): LoggedOperation[] {
  const made = voucher.log.filter((op) =>
    piece.parent === undefined ? op.op === "issue" : op.op === "transfer" && op.piece === piece.parent,
  );
  return [...made, ...voucher.log.filter((op) => op.piece === piece.id && op.op !== "issue")];
}

function ProofBadge(props: { proofs: Proof[] }) {
  const { t } = useI18n();
  const worst: Proof = props.proofs.includes("failed")
    ? "failed"
    : props.proofs.includes("unsupported")
      ? "unsupported"
      : props.proofs.includes("pending") || props.proofs.length === 0
        ? "pending"
        : "proven";
  return (
    <span className={`badge proof-${worst}`} data-testid="proof-status">
      {t(`proof_${worst}`)}
    </span>
  );
}

function PieceNode(props: { piece: Piece; v: Verified; parts: Piece[] }) {
  const { t } = useI18n();
  const { piece, v } = props;
  const entries = entriesOf(piece, v.voucher);
  const childrenOf = (id: string) => v.voucher.lineage.filter((p) => p.parent === id);
  return (
    <li className="piece">
      <div className="piece-box" data-testid="piece">
        <strong>{piece.id}</strong> · {piece.holder} · {formatFen(piece.amount_fen)} ·{" "}
        <span className="muted">{t(`piece_${piece.status}` as MessageKey)}</span>
        {piece.financing && (
          <span className="muted">
            {" "}
            · {t("financedBy", { funder: piece.financing.funder })}
          </span>
        )}{" "}
        <ProofBadge proofs={entries.map((e) => v.proofs.get(e.index) ?? "pending")} />
        <div className="small muted">
          {entries.map((e) => `#${e.index} ${e.op}`).join(" · ")}
        </div>
      </div>
      {props.parts.length > 0 && (
        <ul>
          {props.parts.map((c) => (
            <PieceNode key={c.id} piece={c} v={v} parts={childrenOf(c.id)} />
          ))}
        </ul>
      )}
    </li>
  );
}

function VoucherView(props: { id: string }) {
  const { t } = useI18n();
  const state = useAsync((signal) => loadVerified(props.id, signal), [props.id]);
  return (
    <AsyncView state={state}>
      {(v) => {
        const roots = v.voucher.lineage.filter((p) => p.parent === undefined);
        const c = v.checkpoint;
        return (
          <div className="stack">
            <section className="card" data-testid="voucher">
              <div className="card-head">
                <h1>
                  {t("voucher")} <code>{v.voucher.id}</code>
                </h1>
                <StageBadge stage={v.voucher.state} />
              </div>
              <Facts
                rows={[
                  [t("issuer"), v.voucher.issuer],
                  [t("supplier"), v.voucher.supplier],
                  [t("amount"), formatFen(v.voucher.amount_fen)],
                  [t("issuedOn"), <Day key="i" value={v.voucher.issued_on} />],
                  [t("maturity"), <Day key="m" value={v.voucher.maturity} />],
                ]}
              />
              <p className="muted small" data-testid="checkpoint">
                {c
                  ? t("checkpointLine", { size: c.tree_size, hash: c.hash, root: c.root.slice(0, 16) })
                  : t("noCheckpoint")}{" "}
                {v.signatureValid === true && <span className="badge proof-proven">{t("signatureValid")}</span>}
                {v.signatureValid === false && <span className="badge proof-failed">{t("signatureInvalid")}</span>}
                {v.signatureValid === null && c && <span className="badge proof-unsupported">{t("signatureSm2")}</span>}
              </p>
            </section>
            <section className="card">
              <h2>{t("lineage")}</h2>
              <ul className="lineage" data-testid="lineage">
                {roots.map((r) => (
                  <PieceNode key={r.id} piece={r} v={v} parts={v.voucher.lineage.filter((p) => p.parent === r.id)} />
                ))}
              </ul>
            </section>
          </div>
        );
      }}
    </AsyncView>
  );
}

export function VoucherPage(props: { id: string }) {
  const { t } = useI18n();
  const [query, setQuery] = useState(props.id);
  const submit = (e: FormEvent) => {
    e.preventDefault();
    if (query.trim()) navigate(`/scf/vouchers/${encodeURIComponent(query.trim())}`);
  };
  return (
    <div className="stack">
      <form className="card inline-form" onSubmit={submit}>
        <label htmlFor="voucher-id">{t("voucherId")}</label>
        <input id="voucher-id" data-testid="voucher-id" value={query} onChange={(e) => setQuery(e.target.value)} />
        <button type="submit" className="primary">
          {t("show")}
        </button>
      </form>
      {props.id ? <VoucherView id={props.id} /> : <Empty>{t("voucherHelp")}</Empty>}
    </div>
  );
}
