#!/usr/bin/env python3
"""Writes policies/reference.json and policies/reference-applications.json.

The reference policy of issue 5: about 200 features, 50 knock-out rules, one
decision table of 100 rows, a scorecard step, a gbdt step and pricing. The
generator is deterministic (fixed seed); rerun it after changing it:
    python3 policies/gen_reference.py
"""
import json
import os
import random

HERE = os.path.dirname(os.path.abspath(__file__))
SECTORS = ["retail", "food", "manufacturing", "logistics", "construction",
           "wholesale", "services", "agriculture", "technology", "tourism"]
GENERIC = 186  # generic behaviour features f001..f186, each a number in [0, 100)


def inputs():
    named = [
        ("age", "number"), ("sector", "string"), ("annual_revenue", "number"),
        ("monthly_cash_flow", "number"), ("obligations", "array"), ("founded", "date"),
        ("requested", "number"), ("province", "string"), ("tax_grade", "string"),
        ("overdue_days_max", "number"), ("court_cases", "number"), ("employees", "number"),
        ("blacklisted", "bool"), ("invoice_growth", "number"),
    ]
    generic = [("f%03d" % i, "number") for i in range(1, GENERIC + 1)]
    return [{"name": n, "type": t} for n, t in named + generic]


def rules(rng):
    fixed = [
        ("KO_AGE", "age < 18 or age > 70"),
        ("KO_BLACKLIST", "blacklisted"),
        ("KO_SECTOR", "sector in ['gambling', 'weapons', 'crypto']"),
        ("KO_YOUNG_FIRM", "years_trading < 1"),
        ("KO_OVERDUE", "overdue_days_max > 90"),
        ("KO_COURT", "court_cases >= 3"),
        ("KO_TAX_GRADE", "tax_grade == 'D'"),
        ("KO_DEBT_SERVICE", "monthly_debt > monthly_cash_flow * 0.8"),
        ("KO_REVENUE", "annual_revenue < 100000"),
        ("KO_SHRINKING", "invoice_growth < -0.5"),
        ("KO_NO_STAFF", "employees < 1"),
        ("KO_MANY_LOANS", "count(obligations) > 8"),
        ("KO_LATE_LOANS", "some(obligations, o -> o.overdue_days > 30)"),
        ("KO_PROVINCE", "province in ['XX', 'YY']"),
    ]
    out = [{"code": c, "when": w} for c, w in fixed]
    i = 0
    while len(out) < 50:
        a, b = rng.sample(range(1, GENERIC + 1), 2)
        kind = i % 3
        if kind == 0:
            when = "f%03d > 99.5" % a
        elif kind == 1:
            when = "f%03d < 0.5 and f%03d > 99" % (a, b)
        else:
            when = "f%03d + f%03d > 199.5" % (a, b)
        out.append({"code": "KO_F%03d" % a, "when": when})
        i += 1
    return out


def table():
    bands = [(None, 500), (500, 540), (540, 570), (570, 600), (600, 630),
             (630, 660), (660, 690), (690, 720), (720, 760), (760, None)]
    rows = []
    for bi, (lo, hi) in enumerate(bands):
        if lo is None:
            cond = "< %d" % hi
        elif hi is None:
            cond = ">= %d" % lo
        else:
            cond = "[%d..%d)" % (lo, hi)
        for si, sector in enumerate(SECTORS):
            grade = "ABCDE"[max(0, min(4, (9 - bi) // 2 + (1 if si in (4, 9) else 0)))]
            multiplier = "%.2f" % max(0.0, 0.3 + 0.12 * bi - (0.1 if si in (4, 9) else 0.0))
            rows.append({"when": [cond, "'%s'" % sector],
                         "then": ["'%s'" % grade, multiplier]})
    return {"id": "grade", "type": "table", "hit_policy": "first",
            "inputs": ["score", "sector"], "outputs": ["grade", "band_multiplier"],
            "defaults": ["'E'", "0"], "rows": rows}


def product():
    with open(os.path.join(HERE, "..", "products", "sme-credit-12m.json")) as f:
        return json.load(f)


def policy(rng):
    return {
        "name": "sme-reference",
        "version": 1,
        "inputs": inputs(),
        "outputs": ["years_trading", "monthly_debt", "score", "pd", "grade",
                    "band_multiplier", "offer_limit", "offer_rate", "offer_apr"],
        "steps": [
            {"id": "derive", "type": "assign", "assign": [
                {"name": "years_trading", "expr": "div(days_between(founded, as_of), 365, 2)"},
                {"name": "monthly_debt", "expr": "sum(obligations, o -> o.monthly)"},
                {"name": "dscr", "expr":
                    "monthly_debt > 0 ? monthly_cash_flow / monthly_debt : 99"},
            ]},
            {"id": "knockouts", "type": "rules", "rules": rules(rng)},
            {"id": "scorecard", "type": "scorecard", "model": "reference-scorecard",
             "output": "score"},
            {"id": "gbdt", "type": "gbdt", "model": "reference-gbdt", "output": "pd"},
            table(),
            {"id": "route", "type": "switch", "cases": [
                {"when": "grade == 'E'", "next": "decline"},
                {"when": "requested > 800000 or tax_grade == 'C'", "next": "review"}],
             "next": "price"},
            {"id": "review", "type": "subpolicy", "steps": [
                {"id": "checks", "type": "rules", "action": "refer", "rules": [
                    {"code": "RF_LARGE_AMOUNT", "when": "requested > 800000"},
                    {"code": "RF_TAX_GRADE", "when": "tax_grade == 'C'"}]}]},
            {"id": "price", "type": "pricing", "product": product(), "term_months": 12,
             "funding_cost": "0.025", "operating_cost": "0.015", "capital_ratio": "0.08",
             "hurdle_rate": "0.15", "min_rate": "0.06", "max_rate": "0.2",
             "apr_cap": "0.24", "max_debt_service_ratio": "0.4",
             "revenue_multiple": "0.2",
             "score_bands": [{"min_score": "720", "limit_multiplier": "1.5"},
                             {"min_score": "600", "limit_multiplier": "1"},
                             {"min_score": "0", "limit_multiplier": "0.6"}],
             "inputs": {"pd": "pd", "lgd": "0.45", "score": "score",
                        "annual_revenue": "annual_revenue",
                        "monthly_cash_flow": "monthly_cash_flow",
                        "monthly_obligations": "monthly_debt",
                        "collateral_value": "0", "requested": "requested"},
             "next": "approve"},
            {"id": "decline", "type": "outcome", "decision": "decline",
             "reasons": ["GRADE_E"]},
            {"id": "approve", "type": "outcome", "decision": "approve"},
        ],
    }


def rules_table(full):
    """The knock-out rules and the decision table alone (the part compared with ZEN).

    The score is an expression of one feature instead of a model."""
    steps = {s["id"]: s for s in full["steps"]}
    derive = {"id": "derive", "type": "assign", "assign": [
        {"name": "years_trading", "expr": "div(days_between(founded, as_of), 365, 2)"},
        {"name": "monthly_debt", "expr": "sum(obligations, o -> o.monthly)"},
        {"name": "score", "expr": "450 + f001 * 3"},
    ]}
    return {
        "name": "sme-reference-rules-table",
        "version": 1,
        "inputs": full["inputs"],
        "outputs": ["grade", "band_multiplier"],
        "steps": [derive, steps["knockouts"], steps["grade"],
                  {"id": "done", "type": "outcome", "decision": "refer", "reasons": ["RULES_ONLY"]}],
    }


def application(rng, i):
    app = {
        "age": rng.randint(22, 68),
        "sector": rng.choice(SECTORS),
        "annual_revenue": rng.randint(30000000, 2000000000) / 100,
        "monthly_cash_flow": rng.randint(20000, 600000),
        "obligations": [{"monthly": rng.randint(500, 20000),
                         "overdue_days": rng.choice([0, 0, 0, 5])}
                        for _ in range(rng.randint(0, 4))],
        "founded": "%d-%02d-%02d" % (rng.randint(2005, 2024), rng.randint(1, 12),
                                     rng.randint(1, 28)),
        "requested": rng.randint(10, 1000) * 1000,
        "province": rng.choice(["GD", "ZJ", "JS", "SH", "BJ", "SC"]),
        "tax_grade": rng.choice(["A", "A", "B", "B", "C"]),
        "overdue_days_max": rng.choice([0, 0, 0, 10, 30]),
        "court_cases": rng.choice([0, 0, 0, 1]),
        "employees": rng.randint(1, 200),
        "blacklisted": False,
        "invoice_growth": round(rng.uniform(-0.3, 0.6), 2),
    }
    for f in range(1, GENERIC + 1):
        app["f%03d" % f] = round(rng.uniform(1, 99), 2)
    return app


def main():
    rng = random.Random(20261122)
    doc = policy(rng)
    # as_of is an input: the application date, passed in (no clock).
    doc["inputs"].insert(0, {"name": "as_of", "type": "date"})
    with open(os.path.join(HERE, "reference.json"), "w") as f:
        json.dump(doc, f, indent=1)
        f.write("\n")
    with open(os.path.join(HERE, "reference-rules-table.json"), "w") as f:
        json.dump(rules_table(doc), f, indent=1)
        f.write("\n")
    apps = []
    for i in range(100):
        app = application(rng, i)
        app["as_of"] = "2026-11-22"
        apps.append(app)
    with open(os.path.join(HERE, "reference-applications.json"), "w") as f:
        json.dump(apps, f, indent=None)
        f.write("\n")


if __name__ == "__main__":
    main()
