// GoRules ZEN peer for `smecredit bench decide` (rules_table_* figures): the
// reference policy's 50 knock-out rules (one expression node) and its
// 100-row decision table (first hit) as one JDM graph, built from
// policies/reference-rules-table.json, over policies/reference-applications.json.
// Differences, all in ZEN's favour: years_trading is passed in precomputed
// (ZEN's date functions differ) and numbers are binary floats, not exact
// decimals.
//
//   cd bench/peers/zen && npm install && node bench.js [seconds]
'use strict';
const fs = require('fs');
const path = require('path');
const { ZenEngine } = require('@gorules/zen-engine');

const root = path.join(__dirname, '..', '..', '..', 'policies');
const policy = JSON.parse(fs.readFileSync(path.join(root, 'reference-rules-table.json')));
const apps = JSON.parse(fs.readFileSync(path.join(root, 'reference-applications.json')));
const seconds = Number(process.argv[2] || 2);

function zenExpression(text) {
  return text
    .replace(/count\(obligations\)/g, 'len(obligations)')
    .replace(/some\(obligations, o -> o\.([a-z_]+)/g, 'some(obligations, #.$1')
    .replace(/monthly_debt/g, 'sum(map(obligations, #.monthly))')
    .replace(/^blacklisted$/, 'blacklisted == true');
}

function graph() {
  const steps = Object.fromEntries(policy.steps.map((s) => [s.id, s]));
  const ko = steps.knockouts.rules.map((r, i) => ({
    id: 'k' + i, key: 'ko.' + r.code, value: zenExpression(r.when),
  }));
  const table = steps.grade;
  const rules = table.rows.map((row, i) => ({
    _id: 'r' + i, score: row.when[0], sector: row.when[1], grade: row.then[0], bm: row.then[1],
  }));
  const at = { x: 0, y: 0 };
  return {
    nodes: [
      { id: 'in', type: 'inputNode', name: 'request', position: at },
      { id: 'ko', type: 'expressionNode', name: 'knockouts', position: at,
        content: { expressions: ko } },
      { id: 'grade', type: 'decisionTableNode', name: 'grade', position: at,
        content: {
          hitPolicy: 'first',
          inputs: [{ id: 'score', name: 'score', field: '450 + f001 * 3' },
                   { id: 'sector', name: 'sector', field: 'sector' }],
          outputs: [{ id: 'grade', name: 'grade', field: 'grade' },
                    { id: 'bm', name: 'band_multiplier', field: 'band_multiplier' }],
          rules,
        } },
      { id: 'out', type: 'outputNode', name: 'response', position: at },
    ],
    edges: [
      { id: 'e1', sourceId: 'in', targetId: 'ko', type: 'edge' },
      { id: 'e2', sourceId: 'in', targetId: 'grade', type: 'edge' },
      { id: 'e3', sourceId: 'ko', targetId: 'out', type: 'edge' },
      { id: 'e4', sourceId: 'grade', targetId: 'out', type: 'edge' },
    ],
  };
}

function withYears(app) {
  const days = (Date.parse(app.as_of) - Date.parse(app.founded)) / 86400000;
  return { ...app, years_trading: Math.round((days / 365) * 100) / 100 };
}

async function main() {
  const engine = new ZenEngine();
  const decision = engine.createDecision(graph());
  const inputs = apps.map(withYears);
  const first = await decision.evaluate(inputs[0]);
  const latencies = [];
  const start = process.hrtime.bigint();
  const budget = BigInt(Math.round(seconds * 1e9));
  while (process.hrtime.bigint() - start < budget) {
    for (const input of inputs) {
      const t0 = process.hrtime.bigint();
      await decision.evaluate(input);
      latencies.push(Number(process.hrtime.bigint() - t0) / 1000);
    }
  }
  const elapsed = Number(process.hrtime.bigint() - start) / 1e9;
  latencies.sort((a, b) => a - b);
  console.log(JSON.stringify({
    engine: 'zen',
    evaluations_per_s: latencies.length / elapsed,
    p50_us: latencies[Math.floor(latencies.length / 2)],
    p99_us: latencies[Math.floor(latencies.length * 0.99)],
    sample_grade: first.result.grade,
  }));
}

main().catch((e) => { console.error(e); process.exit(1); });
