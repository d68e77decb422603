export { compareSnapshots, type CompareOptions } from './compare.js';
export { SqlFor, ident, literal } from './sql.js';
