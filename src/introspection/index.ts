export type { CatalogSnapshot, ColumnSnapshot, EnumSnapshot, ForeignKeySnapshot, IndexSnapshot, KeySnapshot, TableSnapshot } from './snapshot.js';
export { readSnapshot } from './read.js';
