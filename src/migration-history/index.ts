export { matchesChecksum, migrationChecksum } from './checksum.js';
export { diagnoseHistory, type HistoryDiagnosis } from './diagnose.js';
export { listMigrations, readCommittedMigrations, type CommittedMigration } from './files.js';
export { readMigrationTable, type AppliedMigration, type MigrationTable } from './read.js';
