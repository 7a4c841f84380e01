// End-to-end tests of the web console in a real browser: Debian's Chromium
// driven by playwright-core (no browser download), against the real
// platform with demo data (platform.mjs). `make test` runs this through
// ctest (tests/web). Screenshots go to test-artifacts/web-e2e/.
//
//   node web/e2e/run.mjs --bin build/asan/smecredit [--chromium /usr/bin/chromium]
//
// Each journey fails on any error in the browser console or any uncaught
// page error, as well as on its own checks.
import { mkdirSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { parseArgs } from "node:util";
import assert from "node:assert/strict";
import { chromium } from "playwright-core";
import { startPlatform } from "./platform.mjs";

const repo = resolve(dirname(fileURLToPath(import.meta.url)), "..", "..");
const { values: args } = parseArgs({
  options: {
    bin: { type: "string", default: join(repo, "build", "release", "smecredit") },
    chromium: { type: "string", default: "/usr/bin/chromium" },
    artifacts: { type: "string", default: join(repo, "test-artifacts", "web-e2e") },
    only: { type: "string", default: "" }, // run the journeys whose name contains this
  },
});
mkdirSync(args.artifacts, { recursive: true });

const STEP_TIMEOUT_MS = 30_000;
const DESKTOP = { width: 1280, height: 800 };
const PHONE = { width: 390, height: 844 };

// A page that records console errors and page errors, for assertions.
async function openPage(browser, viewport, label) {
  const context = await browser.newContext({ viewport, locale: "zh-CN" });
  const page = await context.newPage();
  page.setDefaultTimeout(STEP_TIMEOUT_MS);
  const problems = [];
  page.on("console", (message) => {
    if (message.type() === "error") problems.push(`console error: ${message.text()}`);
  });
  page.on("pageerror", (error) => problems.push(`page error: ${error.stack ?? error.message}`));
  const shot = (name) => page.screenshot({ path: join(args.artifacts, `${label}-${name}.png`), fullPage: true });
  const done = async () => {
    await context.close();
    assert.deepEqual(problems, [], `${label}: the browser reported errors`);
  };
  return { page, shot, done };
}

// Signs in and waits until the console has moved on to the role's home.
async function signIn(page, url, credential) {
  await page.goto(`${url}/sign-in`);
  await page.getByTestId("credential").fill(credential);
  await page.getByTestId("sign-in").click();
  await page.waitForURL((target) => target.pathname !== "/sign-in");
}

// A newcomer registers one of the world's unregistered enterprises, grants
// consent and applies; returns the stage the application reached.
async function registerAndApply(page, url, platform, enterprise, amount) {
  await signIn(page, url, platform.credentials.newcomer.token);
  await page.getByTestId("reg-uscc").fill(enterprise.uscc);
  await page.getByTestId("reg-name").fill(enterprise.name);
  await page.getByTestId("reg-repName").fill("王小明");
  await page.getByTestId("reg-repId").fill("11010519491231002X");
  await page.getByTestId("reg-repPhone").fill("13800138000");
  await page.getByTestId("reg-bankAccount").fill("6222020200112233445");
  await page.getByTestId("register").click();
  await page.getByTestId("enterprise-card").waitFor();
  await page.getByTestId("grant-consent").click();
  await page.getByTestId("consent-granted").waitFor();
  await page.getByTestId("new-application").click();
  await page.getByTestId("apply-amount").fill(amount);
  await page.getByTestId("submit-application").click();
  await page.getByTestId("decision").waitFor();
  const stage = await page.getByTestId("stage").first().getAttribute("class");
  return stage ?? "";
}

async function borrowerJourney(browser, platform) {
  const { page, shot, done } = await openPage(browser, DESKTOP, "borrower");
  const candidates = platform.credentials.newcomer.unregistered_enterprises;
  let approved = false;
  for (const enterprise of candidates) {
    const stage = await registerAndApply(page, platform.url, platform, enterprise, "50000.00");
    if (stage.includes("badge-good")) {
      approved = true;
      break;
    }
    console.log(`  ${enterprise.uscc} was not approved; the next newcomer tries`);
    await page.getByTestId("sign-out").click();
  }
  assert.ok(approved, "no unregistered enterprise of the demo world was approved");
  await page.getByTestId("offer").waitFor();
  assert.match(await page.getByTestId("apr").innerText(), /%$/);
  assert.equal(await page.getByTestId("offer-schedule").locator("tbody tr").count(), 12);
  await shot("1-offer");
  await page.getByTestId("accept-offer").click();
  await page.getByTestId("contract").waitFor();
  await page.getByTestId("sign-contract").click();
  await page.getByTestId("view-loan").waitFor({ timeout: 60_000 });
  await shot("2-disbursed");
  await page.getByTestId("view-loan").click();
  await page.getByTestId("loan").waitFor();
  assert.equal(await page.getByTestId("loan-schedule").locator("tbody tr").count(), 12);
  await page.getByTestId("repay").click();
  await page.getByTestId("repaid").waitFor({ timeout: 60_000 });
  await page.getByTestId("relief-kind").selectOption("restructure");
  await page.getByTestId("new-installments").selectOption("24");
  await page.getByTestId("relief-reason").fill("仓库搬迁，停业两周");
  await page.getByTestId("request-relief").click();
  await page.getByTestId("relief-requested").waitFor();
  await shot("3-loan");
  await page.setViewportSize(PHONE);
  await shot("4-loan-phone");
  await done();
}

// An officer approves a referred case; above the two-officer threshold it
// then waits for a second officer (here the admin), who confirms it.
async function officerJourney(browser, platform) {
  const { page, shot, done } = await openPage(browser, DESKTOP, "officer");
  await signIn(page, platform.url, platform.credentials.officer_api_key);
  await page.getByTestId("queue").waitFor();
  assert.ok((await page.getByTestId("queue-item").count()) > 0, "the demo data left no referred application");
  await page.getByTestId("queue-item").first().click();
  await page.getByTestId("credit-report").waitFor();
  await page.getByTestId("trace").locator("li").first().waitFor();
  await page.getByTestId("relationship-graph").or(page.getByText("无关联关系记录")).waitFor();
  await shot("1-case");
  const caseUrl = page.url();
  await page.getByTestId("decide-approve").check();
  await page.getByTestId("decision-reason").fill("发票与流水一致，经营稳定");
  await page.getByTestId("submit-decision").click();
  await page.getByTestId("review-result").waitFor();
  const stage = await page.getByTestId("stage").first().innerText();
  assert.ok(["待复核", "要约待确认"].includes(stage), `stage after the approval: ${stage}`);
  await shot("2-decided");
  if (stage === "待复核") {
    await page.getByTestId("sign-out").click();
    await signIn(page, platform.url, platform.credentials.admin_api_key);
    await page.goto(caseUrl);
    await page.getByTestId("decide-approve").check();
    await page.getByTestId("decision-reason").fill("复核同意");
    await page.getByTestId("submit-decision").click();
    await page.getByTestId("stage").getByText("要约待确认").waitFor();
    await shot("3-confirmed");
  }
  await done();
}

async function dashboardJourney(browser, platform) {
  for (const [viewport, label] of [[DESKTOP, "dashboard"], [PHONE, "dashboard-phone"]]) {
    const { page, shot, done } = await openPage(browser, viewport, label);
    await signIn(page, platform.url, platform.credentials.officer_api_key);
    await page.getByTestId("nav-dashboard").click();
    for (const chart of ["disbursements", "dpd", "classification", "time-to-cash", "outcomes"]) {
      await page.getByTestId(`chart-${chart}`).locator("canvas").first().waitFor();
    }
    assert.notEqual(await page.getByTestId("kpi-outstanding").innerText(), "");
    assert.match(await page.getByTestId("kpi-outstanding").innerText(), /¥[1-9]/);
    await page.waitForTimeout(500); // let the charts' entry animation finish before the picture
    await shot("zh");
    await page.getByTestId("lang-switch").click();
    await page.getByText("Outstanding principal").waitFor();
    await shot("en");
    await done();
  }
}

async function voucherJourney(browser, platform) {
  const { page, shot, done } = await openPage(browser, DESKTOP, "voucher");
  await signIn(page, platform.url, platform.credentials.officer_api_key);
  await page.goto(`${platform.url}/scf/vouchers`);
  await page.getByTestId("voucher-id").fill(platform.credentials.voucher);
  await page.getByRole("button", { name: "查看" }).click();
  await page.getByTestId("lineage").waitFor();
  // The root and its two parts, every one proven against the signed checkpoint.
  assert.equal(await page.getByTestId("piece").count(), 3);
  await page.getByText("检查点签名有效").waitFor();
  const statuses = await page.getByTestId("proof-status").allInnerTexts();
  assert.deepEqual(statuses, ["已在日志中证明", "已在日志中证明", "已在日志中证明"]);
  await shot("lineage");
  await done();
}

const journeys = [
  ["a borrower goes from sign-in to a disbursed loan, repays and asks for a restructure", borrowerJourney],
  ["an officer decides a referred case", officerJourney],
  ["the dashboard draws its charts, in both languages and at phone width", dashboardJourney],
  ["a voucher's lineage shows each piece proven in the log", voucherJourney],
];

const selected = journeys.filter(([name]) => name.includes(args.only));
const platform = await startPlatform({ bin: resolve(args.bin), repo, enterprises: 40, applications: 32 });
const browser = await chromium.launch({ executablePath: args.chromium, args: ["--no-sandbox"] });
let failed = 0;
try {
  for (const [name, journey] of selected) {
    const started = Date.now();
    try {
      await journey(browser, platform);
      console.log(`ok   ${name} (${Date.now() - started} ms)`);
    } catch (e) {
      failed++;
      console.log(`FAIL ${name}\n${e.stack ?? e}`);
    }
  }
} finally {
  await browser.close();
  platform.stop();
}
console.log(`${selected.length - failed} of ${selected.length} journeys passed; screenshots in ${args.artifacts}`);
process.exit(failed === 0 ? 0 : 1);
