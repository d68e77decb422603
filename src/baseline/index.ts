export { acceptFindings, applyBaseline, type BaselineOutcome } from './apply.js';
export { describeAcceptance, type BaselineEntry, type BaselinedFinding } from './entry.js';
export { isoDate, readBaseline, serializeBaseline, writeBaseline } from './file.js';
export { defaultOwner } from './owner.js';
