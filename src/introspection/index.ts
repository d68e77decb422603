export type { CatalogSnapshot, ColumnSnapshot, EnumSnapshot, ForeignKeySnapshot, IndexSnapshot, KeySnapshot, TableSnapshot } from './snapshot.js';
export { quoteIdent, readSnapshot } from './read.js';
export { CATALOG_QUERIES } from './queries.js';
