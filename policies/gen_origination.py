#!/usr/bin/env python3
"""Writes policies/sme-origination.json, the policy the live underwriter runs.

Inputs: the application (as_of, requested, installments, product_code,
secured, purpose, data_month) and every feature of the profile catalogue
(docs/features.md), as src/underwriting/inputs.h offers them. Steps: derived
figures, knock-outs on verified data, the trained scorecard and gradient-
boosted model (models/), a risk grade from the probability of default,
risk-based pricing per product, and routing to approve, refer or decline.
Deterministic; rerun after changing it:
    python3 policies/gen_origination.py
"""
import json
import os
import re

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)


def feature_names():
    text = open(os.path.join(ROOT, "docs", "features.md"), encoding="utf-8").read()
    return re.findall(r"^\| \d+ \| `([a-z0-9_]+)`", text, re.M)


def product(name):
    return json.load(open(os.path.join(ROOT, "products", name), encoding="utf-8"))


APPLICATION = [("as_of", "date"), ("requested", "number"), ("installments", "number"),
               ("product_code", "string"), ("secured", "bool"), ("purpose", "string"),
               ("data_month", "string")]

KNOCKOUTS = [
    ("KO_DISHONEST_DEBTOR", "coalesce(dishonest_debtor_count_36m, 0) > 0"),
    ("KO_ENFORCEMENT", "coalesce(enforcement_count_12m, 0) > 0"),
    ("KO_EQUITY_FREEZE", "coalesce(equity_freeze_count_12m, 0) > 0"),
    ("KO_YOUNG_FIRM", "coalesce(age_months, 0) < 12"),
    ("KO_THIN_FILE", "coalesce(months_reported_12m, 0) < 6"),
    ("KO_NO_REVENUE", "annual_revenue < 50000"),
]

REFERRALS = [
    ("RF_RISK_GRADE", "grade == 'D'"),
    ("RF_LARGE_AMOUNT", "requested > 500000"),
    ("RF_COURT_CASES", "coalesce(court_defendant_count_12m, 0) > 0"),
    ("RF_GUARANTEE_CIRCLE", "coalesce(guarantee_circle_size, 0) > 0"),
]


def pricing(step_id, product_file, term_months, lgd, collateral):
    return {
        "id": step_id, "type": "pricing", "product": product(product_file),
        "term_months": term_months, "funding_cost": "0.025", "operating_cost": "0.015",
        "capital_ratio": "0.08", "hurdle_rate": "0.15", "min_rate": "0.06", "max_rate": "0.2",
        "apr_cap": "0.24", "max_debt_service_ratio": "0.4", "revenue_multiple": "0.3",
        "score_bands": [{"min_score": "640", "limit_multiplier": "1.5"},
                        {"min_score": "600", "limit_multiplier": "1"},
                        {"min_score": "0", "limit_multiplier": "0.6"}],
        "inputs": {"pd": "pd", "lgd": lgd, "score": "score",
                   "annual_revenue": "annual_revenue", "monthly_cash_flow": "monthly_cash_flow",
                   "monthly_obligations": "0", "collateral_value": collateral,
                   "requested": "requested"},
        "next": "route",
    }


def policy():
    inputs = [{"name": n, "type": t} for n, t in APPLICATION]
    inputs += [{"name": n, "type": "number"} for n in feature_names()]
    steps = [
        {"id": "derive", "type": "assign", "assign": [
            {"name": "annual_revenue", "expr": "div(coalesce(inflows_mean_12m, 0) * 12, 100, 2)"},
            {"name": "monthly_cash_flow", "expr":
             "div(max(coalesce(inflows_mean_12m, 0) - coalesce(purchases_mean_12m, 0), 0), 100, 2)"},
        ]},
        {"id": "knockouts", "type": "rules",
         "rules": [{"code": c, "when": w} for c, w in KNOCKOUTS]},
        {"id": "scorecard", "type": "scorecard", "model": "sme-scorecard", "output": "score"},
        {"id": "gbdt", "type": "gbdt", "model": "sme-gbdt", "output": "pd"},
        {"id": "grade", "type": "table", "hit_policy": "first", "inputs": ["pd"],
         "outputs": ["grade"], "defaults": ["'E'"],
         "rows": [{"when": ["< 0.02"], "then": ["'A'"]},
                  {"when": ["[0.02..0.05)"], "then": ["'B'"]},
                  {"when": ["[0.05..0.10)"], "then": ["'C'"]},
                  {"when": ["[0.10..0.20)"], "then": ["'D'"]},
                  {"when": [">= 0.20"], "then": ["'E'"]}]},
        {"id": "product", "type": "switch",
         "cases": [{"when": "secured", "next": "price_secured"}], "next": "price_unsecured"},
        pricing("price_secured", "sme-property-60m.json", 60, "0.25", "requested * 2"),
        pricing("price_unsecured", "sme-credit-12m.json", 12, "0.45", "0"),
        {"id": "route", "type": "switch",
         "cases": [{"when": "grade == 'E'", "next": "decline_risk"},
                   {"when": " or ".join("(%s)" % w for _, w in REFERRALS), "next": "review"}],
         "next": "approve"},
        {"id": "review", "type": "subpolicy", "steps": [
            {"id": "checks", "type": "rules", "action": "refer",
             "rules": [{"code": c, "when": w} for c, w in REFERRALS]}], "next": "approve"},
        {"id": "decline_risk", "type": "outcome", "decision": "decline",
         "reasons": ["RISK_TOO_HIGH"]},
        {"id": "approve", "type": "outcome", "decision": "approve"},
    ]
    return {"name": "sme-origination", "version": 1, "inputs": inputs,
            "outputs": ["annual_revenue", "monthly_cash_flow", "score", "pd", "grade",
                        "offer_limit", "offer_rate", "offer_apr"],
            "steps": steps}


def main():
    with open(os.path.join(HERE, "sme-origination.json"), "w", encoding="utf-8") as out:
        json.dump(policy(), out, indent=1, ensure_ascii=False)
        out.write("\n")


if __name__ == "__main__":
    main()
