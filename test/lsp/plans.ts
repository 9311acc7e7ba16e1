/** The plans the language server tests open: examples and fixtures, read once. */
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { REPO } from "./lsp-client.js";

const EXAMPLES = join(REPO, "examples");
const BAD = join(REPO, "test", "fixtures", "plans", "bad");

/** Every example plan, by folder name. */
export const examplePlans: { name: string; text: string }[] = readdirSync(EXAMPLES)
  .filter((d) => existsSync(join(EXAMPLES, d, "plan.accrue")))
  .sort()
  .map((name) => ({ name, text: readFileSync(join(EXAMPLES, name, "plan.accrue"), "utf8") }));

/** Every plan of `fixtures/plans/bad`, by file name. */
export const badPlans: { name: string; text: string }[] = readdirSync(BAD)
  .filter((f) => f.endsWith(".accrue"))
  .sort()
  .map((name) => ({ name, text: readFileSync(join(BAD, name), "utf8") }));

/** A small plan with most kinds of declaration, for the feature tests (`‸` marks are added by each test). */
export const SMALL_PLAN = `/// Quarterly plan for the feature tests.
plan "Feature tests" version 1
  currency USD
  periods monthly from 2026-01-01 to 2026-06-30

window launch from 2026-02-01 to 2026-02-14

/// Closed deals.
input deal {
  deal_id: text
  close_date: date
  rep: text
  /// The reseller, when there is one.
  partner: optional text
  region: one of north, south
  amount: money
  key deal_id
}

table quotas {
  rep: text
  period: month
  quota: money
  key rep, period
}

credit deal.amount of each deal on deal.close_date {
  exclude southern_returns when deal.region = south and deal.amount < 0.00
  if deal.partner is present {
    60% to deal.rep as rep
    40% to deal.partner as partner
  } else {
    100% to deal.rep as rep
  }
}

/// Net sales of a rep in a month.
measure net_sales = sum of credit.amount where credit.role = rep per payee per month
measure launch_sales = sum of credit.amount where credit.date within launch per payee per month
measure attainment = net_sales / quotas[payee, period].quota per payee per month

/// The band reached sets one rate for the whole month.
tiers rate retroactive {
  below 50,000: 0%
  from 50,000 to 100,000: 2%
  from 100,000: 3%
}

tiers slices marginal {
  from 0 to 50,000: 3%
  from 50,000 to 100,000: 5%
  from 100,000: 8%
}

pay commission = rate applied to net_sales rounded half up to cents
  when attainment > 50%

pay bonus = slices applied to launch_sales rounded half up to cents
`;
