export { applySeverityRules, codeMatcher, fails, type FailOn, type SeverityRule } from './severity.js';
