// Starts the real platform for the browser tests, as `make run` does but in
// a temporary directory on free ports: a generated world served by the
// provider simulator, the bank simulator, `smecredit serve` with the built
// console (web.root), and `demo seed` (enterprises registered, applications
// decided, approvals signed and disbursed). stop() ends every process.
import { spawn, spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync } from "node:fs";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { randomBytes } from "node:crypto";

function freePort() {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
  });
}

function run(bin, args, options) {
  const result = spawnSync(bin, args, { encoding: "utf8", ...options });
  if (result.status !== 0) {
    throw new Error(`${bin} ${args.join(" ")} failed (${result.status}):\n${result.stderr}`);
  }
  return result.stdout;
}

// Resolves once `text` appears on the child's stderr (or rejects when it exits).
function waitFor(child, name, text, timeoutMs) {
  return new Promise((resolve, reject) => {
    let seen = "";
    const timer = setTimeout(() => reject(new Error(`${name} did not print "${text}":\n${seen}`)), timeoutMs);
    child.stderr.on("data", (chunk) => {
      seen += chunk;
      if (seen.includes(text)) {
        clearTimeout(timer);
        resolve();
      }
    });
    child.once("exit", (code) => {
      clearTimeout(timer);
      reject(new Error(`${name} exited (${code}):\n${seen}`));
    });
  });
}

export async function startPlatform({ bin, repo, enterprises, applications }) {
  const dir = mkdtempSync(join(tmpdir(), "smecredit-web-e2e-"));
  const secret = () => randomBytes(32).toString("hex");
  const bankSecret = secret();
  const providerKey = secret();
  const consentSecret = secret();
  const [serverPort, providerPort, bankPort] = [await freePort(), await freePort(), await freePort()];
  run(bin, ["world", "generate", "--enterprises", String(enterprises + 10), "--months", "36", "--seed", "2026",
    "--out", join(dir, "world")]);

  const children = [];
  const spawnChild = (name, args, env, ready) => {
    const child = spawn(bin, args, { cwd: repo, env: { ...process.env, ...env }, stdio: ["ignore", "ignore", "pipe"] });
    children.push(child);
    return waitFor(child, name, ready, 30_000);
  };
  const stop = () => {
    for (const child of children) if (child.exitCode === null) child.kill("SIGTERM");
  };
  try {
    await spawnChild("provider", ["provider", "serve", "--world", join(dir, "world"), "--port", String(providerPort)],
      { SMECREDIT_PROVIDER_API_KEY: providerKey, SMECREDIT_PROVIDER_CONSENT_SECRET: consentSecret }, "serving on");
    await spawnChild("bank", ["bank", "serve", "--port", String(bankPort), "--secret", bankSecret,
      "--payments-callback-url", `http://127.0.0.1:${serverPort}/v1/bank/callbacks`, "--delay-ms", "200"], {},
      "bank simulator on");
    const serverEnv = {
      SMECREDIT_SECURITY_TOKEN_KEY: secret(),
      SMECREDIT_SECURITY_DATA_KEY: secret(),
      SMECREDIT_SECURITY_LOG_SIGNING_SEED: secret(),
      SMECREDIT_BANK_SECRET: bankSecret,
      SMECREDIT_BANK_URL: `http://127.0.0.1:${bankPort}`,
      SMECREDIT_PROVIDER_URL: `http://127.0.0.1:${providerPort}`,
      SMECREDIT_PROVIDER_API_KEY: providerKey,
      SMECREDIT_PROVIDER_CONSENT_SECRET: consentSecret,
      SMECREDIT_ORIGINATION_APR_CAPS: "rates/apr-caps.txt",
      SMECREDIT_WEB_ROOT: join(repo, "web", "dist"),
      SMECREDIT_SCF_CHECKPOINT_INTERVAL_MS: "500",
    };
    await spawnChild("server", ["serve", "--port", String(serverPort), "--db", join(dir, "smecredit.db")], serverEnv,
      "serving on");
    const credentials = join(dir, "credentials.json");
    run(bin, ["demo", "seed", "--url", `http://127.0.0.1:${serverPort}`, "--world", join(dir, "world"),
      "--db", join(dir, "smecredit.db"), "--enterprises", String(enterprises),
      "--applications", String(applications), "--out", credentials], { cwd: repo, env: { ...process.env, ...serverEnv } });
    return {
      url: `http://127.0.0.1:${serverPort}`,
      credentials: JSON.parse(readFileSync(credentials, "utf8")),
      stop,
    };
  } catch (e) {
    stop();
    throw e;
  }
}
