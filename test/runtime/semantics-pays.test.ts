/**
 * What pays mean where their steps meet: running caps with budgets and combined caps, limits
 * that are not needed when nothing is to be paid, gates decided together, floors above caps,
 * pays redirected `to` another payee (with its own group or none) and combined caps over them,
 * and rounding of negative amounts. Every plan runs both ways (both-ways.ts).
 */
import { describe, expect, it } from "vitest";
import { checkSource } from "../../compiler/compile.js";
import { numeric as N, type RunResult } from "../../index.js";
import { compileBothWays as compile, runBothWays as run } from "./both-ways.js";
import { OUTLETS, SALES } from "./semantics-plans.js";

const payouts = (r: RunResult) => r.payouts.map((p) => [p.payee, p.period, p.component, N.formatFixed(p.amount, 2)]);
const file = (r: RunResult, name: string) => r.files.find((f) => f.file === name)!.text;

describe("running caps with later limits", () => {
  // A running cap counts what the pay paid after its budget: January, paid 300.00 of its 800.00,
  // uses 300.00 of the 1,000.00 per quarter, so February may pay up to 700.00 (and the budget
  // holds it to 300.00).
  it("lets a month use only what the budget let the earlier months pay", async () => {
    const plan = compile(`${SALES}pay bonus = total cap 1,000.00 per quarter budget 300.00 per payee per month\n`);
    const r = await run(plan, { sale: { rows: [
      { id: "S1", date: "2026-01-15", rep: "A", amount: "800.00" },
      { id: "S2", date: "2026-02-15", rep: "A", amount: "800.00" },
    ] } });
    expect(payouts(r)).toEqual([["A", "2026-01", "bonus", "300.00"], ["A", "2026-02", "bonus", "300.00"]]);
  });

  // The documented rule: a running cap counts what the pay paid after its budget, before combined
  // caps (they come after redirects and across pays, and give no room back). January's `a` earns
  // 800.00 (its running cap lets it), so it uses 800.00 of the 1,000.00 although the combined
  // cap pays 150.00 of it; February's `a` may pay 200.00, and the combined cap shares its 300.00
  // pro rata between 200.00 and 800.00.
  it("counts what a month paid before the combined cap against its running cap", async () => {
    const plan = compile(`${SALES}pay a = total cap 1,000.00 per quarter per payee per month
pay b = total per payee per month
combined cap 300.00 on a, b per payee per month
`);
    const r = await run(plan, { sale: { rows: [
      { id: "S1", date: "2026-01-15", rep: "A", amount: "800.00" },
      { id: "S2", date: "2026-02-15", rep: "A", amount: "800.00" },
    ] } });
    expect(payouts(r)).toEqual([
      ["A", "2026-01", "a", "150.00"], ["A", "2026-01", "b", "150.00"],
      ["A", "2026-02", "a", "60.00"], ["A", "2026-02", "b", "240.00"],
    ]);
  });
});

describe("limits with nothing to pay", () => {
  // Each plan runs over one sale by B in February, its table bound to no rows (every lookup absent).
  const cases: { name: string; table: string; pays: string; amount: string; payouts: string[][]; issues: string[] }[] = [
    // A cap bounds from 0.00 up: on an amount of 0.00 or below it can change nothing, so it is
    // not needed there. It is not computed, its absence is not reported and the pay is paid.
    {
      name: "does not report an absent cap on a pay that comes to 0.00",
      table: "caps { rep: text  cap: money  key rep }", pays: "pay bonus = total cap caps[payee].cap per payee per month", amount: "0.00",
      payouts: [], issues: [],
    },
    {
      name: "pays a recovery whatever its cap, but needs the cap once a floor lifts the amount above 0.00",
      table: "caps { rep: text  cap: money  key rep }", amount: "-40.00",
      pays: "pay clawback = total cap caps[payee].cap per payee per month\npay guaranteed = total floor 50.00 cap caps[payee].cap per payee per month",
      payouts: [["B", "2026-02", "clawback", "-40.00"]], issues: ["pay guaranteed (plan line 9) for B in 2026-02: its cap (plan line 9) is absent; nothing is paid"],
    },
    // A floor is always needed: whatever the amount, some floor would raise it.
    {
      name: "reports an absent floor whatever the amount",
      table: "floors { rep: text  floor: money  key rep }", pays: "pay bonus = total floor floors[payee].floor per payee per month", amount: "900.00",
      payouts: [], issues: ["pay bonus (plan line 8) for B in 2026-02: its floor (plan line 8) is absent; nothing is paid"],
    },
  ];
  for (const c of cases) {
    it(c.name, async () => {
      const plan = compile(`${SALES}table ${c.table}\n${c.pays}\n`);
      const r = await run(plan, { sale: { rows: [{ id: "S1", date: "2026-02-15", rep: "B", amount: c.amount }] }, [c.table.split(" ")[0]!]: { rows: [] } });
      expect(payouts(r)).toEqual(c.payouts);
      expect(r.issues).toEqual(c.issues);
    });
  }
});

describe("gates", () => {
  // The gates are decided together as `and` decides: a false one pays 0.00 quietly, whatever
  // else is absent; else an absent one is reported and nothing is paid. Their order never matters.
  it("decides a pay the same whatever the order of its gates, as one `when ... and ...` does", async () => {
    const plan = compile(`${SALES}table quotas { rep: text  quota: money  key rep }
pay false_first = total when total > 100.00 when quotas[payee].quota > 0.00 per payee per month
pay absent_first = total when quotas[payee].quota > 0.00 when total > 100.00 per payee per month
pay joined = total when quotas[payee].quota > 0.00 and total > 100.00 per payee per month
`);
    const r = await run(plan, { sale: { rows: [{ id: "S1", date: "2026-01-15", rep: "A", amount: "1.00" }] }, quotas: { rows: [] } });
    expect(payouts(r)).toEqual([]);
    expect(r.issues).toEqual([]);
  });

  it("reports an absent gate when no other gate is false, in either order", async () => {
    const plan = compile(`${SALES}table quotas { rep: text  quota: money  key rep }
pay true_first = total when total > 0.00 when quotas[payee].quota > 0.00 per payee per month
pay absent_first = total when quotas[payee].quota > 0.00 when total > 0.00 per payee per month
`);
    const r = await run(plan, { sale: { rows: [{ id: "S1", date: "2026-01-15", rep: "A", amount: "1.00" }] }, quotas: { rows: [] } });
    expect(payouts(r)).toEqual([]);
    expect(r.issues).toEqual([8, 9].map((line) => `pay ${line === 8 ? "true_first" : "absent_first"} (plan line ${line}) cannot decide its \`when\` for A in 2026-01: a value it compares is absent; nothing is paid`));
  });
});

describe("combined caps", () => {
  // A combined cap that named a pay twice shared its limit between the copies (100.00 under a cap
  // of 10.00 paid 5.00): the checker refuses it, naming both places.
  it("refuses a combined cap that names a pay twice", () => {
    const checked = checkSource(`${SALES}pay p = total per payee per month\ncombined cap 10.00 on p, p per payee per month\n`, "test.accrue");
    expect(checked.diagnostics.map((d) => [d.code, d.message, d.span.start, d.related?.map((x) => [x.message, x.span.start])])).toEqual([
      ["A316", "the combined cap lists `p` twice: name each pay once", checked.source.text.lastIndexOf("p per payee"), [["first listed here", checked.source.text.lastIndexOf("p, p")]]],
    ]);
  });
});

describe("caps and floors", () => {
  // A limit is never exceeded: a floor above a cap cannot be met, and the cap wins. Known to the
  // checker, it is an error (A317); computed, the run pays the cap and reports the conflict.
  it("refuses a floor above a cap when both are constants", () => {
    const checked = checkSource(`${SALES}pay bonus = total cap 100.00 floor 200.00 per payee per month\n`, "test.accrue");
    expect(checked.diagnostics.map((d) => [d.code, d.message])).toEqual([
      ["A317", "this floor of 200.00 is above the cap of 100.00: no amount can meet both, and the cap wins (a limit is never exceeded); lower the floor or raise the cap"],
    ]);
  });

  it("pays the cap when a computed floor is above it, and reports the conflict", async () => {
    const plan = compile(`${SALES}table limits { rep: text  floor: money  cap: money  key rep }
pay bonus = total floor limits[payee].floor cap limits[payee].cap per payee per month
`);
    const r = await run(plan, {
      sale: { rows: [{ id: "S1", date: "2026-01-15", rep: "A", amount: "500.00" }, { id: "S2", date: "2026-01-15", rep: "B", amount: "10.00" }] },
      limits: { rows: [{ rep: "A", floor: "200.00", cap: "100.00" }, { rep: "B", floor: "50.00", cap: "80.00" }] },
    });
    // B's floor lifts 10.00 to 50.00, within its cap.
    expect(payouts(r)).toEqual([["A", "2026-01", "bonus", "100.00"], ["B", "2026-01", "bonus", "50.00"]]);
    expect(r.issues).toEqual(["pay bonus (plan line 8) for A in 2026-01: its floor (plan line 8) of 200.00 is above its cap (plan line 8) of 100.00; the cap wins"]);
  });
});

describe("pays redirected to another payee", () => {
  const rows = [
    { id: "S1", date: "2026-01-15", outlet: "O1", distributor: "D", amount: "80.00" },
    { id: "S2", date: "2026-01-20", outlet: "O2", distributor: "D", amount: "90.00" },
    { id: "S3", date: "2026-02-15", outlet: "O1", distributor: "D", amount: "50.00" },
  ];

  // Pinned: a running cap is per earning group (its order puts it before the redirect), so each
  // outlet has its own 100.00 per quarter and the distributor they both pay to receives more than
  // 100.00 in a quarter. The reference does not say whose cap it is; it should.
  it("holds each earner to its own running cap, and adds up what the receiver gets", async () => {
    const plan = compile(`${OUTLETS}pay bounty = total to distributor cap 100.00 per quarter per payee per month\n`);
    const r = await run(plan, { sale: { rows } });
    expect(payouts(r)).toEqual([["D", "2026-01", "bounty", "170.00"], ["D", "2026-02", "bounty", "20.00"]]);
  });

  // What a month with nobody to pay paid is nothing, so it uses none of the earner's running cap.
  it("leaves an earner's running cap unused by a month with nobody to pay", async () => {
    const plan = compile(`${OUTLETS}pay bounty = total to distributor cap 100.00 per quarter per payee per month\n`);
    const r = await run(plan, { sale: { rows: [
      { id: "S1", date: "2026-01-15", outlet: "O1", distributor: "", amount: "80.00" },
      { id: "S2", date: "2026-02-15", outlet: "O1", distributor: "D", amount: "50.00" },
    ] } });
    expect(payouts(r)).toEqual([["D", "2026-02", "bounty", "50.00"]]);
    expect(r.issues).toEqual(["pay bounty (plan line 8) has no payee to pay 80.00 earned by O1 in 2026-01: nothing is paid"]);
  });

  it("holds a combined cap on the receiver, with the receiver's own limit, even when the receiver has no credits", async () => {
    const plan = compile(`${OUTLETS}table limits { payee: text  limit: money  key payee }
pay bounty = total to distributor per payee per month
pay spiff = total × 10% rounded half up to cents per payee per month
combined cap limits[payee].limit on bounty, spiff per payee per month
output "groups.csv" per payee per month { payee  period  total = total }
`);
    const r = await run(plan, { sale: { rows }, limits: { rows: [{ payee: "D", limit: "100.00" }, { payee: "O1", limit: "1.00" }, { payee: "O2", limit: "50.00" }] } });
    // D has no credits and no group: it is paid all the same, and listed in no output per month.
    expect(payouts(r)).toEqual([
      ["D", "2026-01", "bounty", "100.00"], ["D", "2026-02", "bounty", "50.00"],
      ["O1", "2026-01", "spiff", "1.00"], ["O1", "2026-02", "spiff", "1.00"], ["O2", "2026-01", "spiff", "9.00"],
    ]);
    expect(file(r, "groups.csv")).toBe("payee,period,total\nO1,2026-01,80.00\nO1,2026-02,50.00\nO2,2026-01,90.00\n");
  });

  it("reports a redirected amount with nobody to pay it, and pays it to nobody", async () => {
    const plan = compile(`${OUTLETS}pay bounty = total to distributor per payee per month\n`);
    const r = await run(plan, { sale: { rows: [{ id: "S1", date: "2026-01-15", outlet: "O3", distributor: "", amount: "30.00" }] } });
    expect(payouts(r)).toEqual([]);
    expect(r.issues).toEqual(["pay bounty (plan line 8) has no payee to pay 30.00 earned by O3 in 2026-01: nothing is paid"]);
  });
});

describe("rounding negative amounts", () => {
  // Pinned, and not in the reference: modes work on the magnitude, so `down` moves a negative
  // amount toward zero (a clawback of 0.255 rounded down takes 0.25) and `up` and `half up` away from it.
  // The reference should say so beside the list of modes.
  it("rounds a negative amount by its magnitude", async () => {
    const plan = compile(`${SALES}pay down = total × 2.5% rounded down to cents per payee per month
pay up = total × 2.5% rounded up to cents per payee per month
pay half_up = total × 2.5% rounded half up to cents per payee per month
pay half_down = total × 2.5% rounded half down to cents per payee per month
`);
    // -10.20 × 2.5% is -0.255.
    const r = await run(plan, { sale: { rows: [{ id: "S1", date: "2026-01-15", rep: "A", amount: "-10.20" }] } });
    expect(payouts(r)).toEqual([
      ["A", "2026-01", "down", "-0.25"], ["A", "2026-01", "half_down", "-0.25"], ["A", "2026-01", "half_up", "-0.26"], ["A", "2026-01", "up", "-0.26"],
    ]);
  });
});
