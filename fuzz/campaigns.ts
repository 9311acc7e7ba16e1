/** Every fuzz campaign, by name: `npm run fuzz` runs them all, `--only NAME` one of them. */
import type { Campaign } from "./campaign.js";
import { differentialCampaign } from "./differential.js";
import { parserCampaign } from "./parser.js";

export const campaigns: Campaign<any>[] = [differentialCampaign(), parserCampaign];
