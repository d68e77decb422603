export { compareSnapshots, type CompareOptions } from './compare.js';
