import type { Finding, FindingCode } from '../findings/finding.js';

/** One accepted finding: matched by code and path, with who accepted it, why, and until when. */
export interface BaselineEntry {
  code: FindingCode;
  path: string;
  reason: string;
  owner: string;
  /** YYYY-MM-DD (UTC): the last day the entry holds; from the next day on the finding fails again. */
  expires?: string;
}

/** A finding matched by a baseline entry that has not expired: reported, counted, never failing. */
export interface BaselinedFinding extends Finding {
  baseline: Pick<BaselineEntry, 'reason' | 'owner' | 'expires'>;
}

/** Who, why and until when, as one phrase for reports. */
export function describeAcceptance(entry: Pick<BaselineEntry, 'reason' | 'owner' | 'expires'>): string {
  return `"${entry.reason}" (owner ${entry.owner}${entry.expires ? `, until ${entry.expires}` : ''})`;
}
