/**
 * `npm run fuzz -- --minutes N [--only NAME] [--seed S]`: runs every campaign, round after round
 * with fresh seeds, until the time is up or a case fails; prints the totals of each campaign and
 * the first failure shrunk to a minimal case, with the command that replays it
 * (`--only NAME --seed S --path P`). Exit 0 when nothing failed, 1 otherwise.
 */
import { runCampaign, type CampaignReport } from "./campaign.js";
import { campaigns } from "./campaigns.js";

function option(name: string): string | undefined {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? process.argv[i + 1] : undefined;
}

async function main(): Promise<number> {
  const minutes = Number(option("minutes") ?? "1");
  const only = option("only");
  let seed = Number(option("seed") ?? Date.now() % 2_147_483_647);
  if (!Number.isFinite(minutes) || minutes <= 0) {
    console.error("fuzz: --minutes takes a positive number");
    return 2;
  }
  const chosen = campaigns.filter((c) => !only || c.name === only);
  if (chosen.length === 0) {
    console.error(`fuzz: no campaign ${only}; there are ${campaigns.map((c) => c.name).join(", ")}`);
    return 2;
  }
  const path = option("path");
  if (path !== undefined) {
    // Replays one recorded case (and shrinks it again) instead of searching.
    const report = await runCampaign(chosen[0]!, { seed, numRuns: 1, path });
    console.log(report.failure ?? `fuzz ${chosen[0]!.name}: the case at seed ${seed}, path ${path} passes`);
    return report.failure ? 1 : 0;
  }
  const end = Date.now() + minutes * 60_000;
  const totals = new Map<string, CampaignReport>(chosen.map((c) => [c.name, { name: c.name, cases: 0, units: {} }]));
  const share = (minutes * 60_000) / chosen.length;
  console.log(`fuzz: ${chosen.map((c) => c.name).join(", ")} for ${minutes} minute(s), first seed ${seed}`);
  let failed = false;
  for (const [i, c] of chosen.entries()) {
    const deadline = Math.min(end, Date.now() + share * (i + 1 === chosen.length ? Infinity : 1));
    while (Date.now() < deadline && !failed) {
      const report = await runCampaign(c, { seed, numRuns: 1_000_000, deadline });
      seed = (seed * 48271) % 2_147_483_647;
      const t = totals.get(c.name)!;
      t.cases += report.cases;
      for (const [k, v] of Object.entries(report.units)) t.units[k] = (t.units[k] ?? 0) + v;
      if (report.failure) {
        console.log(report.failure);
        failed = true;
      }
    }
  }
  for (const t of totals.values()) {
    const units = Object.entries(t.units).map(([k, v]) => `${v} ${k}`).join(", ");
    console.log(`fuzz ${t.name}: ${t.cases} cases${units ? ` (${units})` : ""}, ${failed ? "a failure (above)" : "0 failures"}`);
  }
  for (const c of chosen) {
    for (const [name, count] of Object.entries(c.known?.() ?? {})) console.log(`fuzz ${c.name}: known, not fixed yet (${count} batches): ${name}`);
  }
  return failed ? 1 : 0;
}

process.exitCode = await main();
