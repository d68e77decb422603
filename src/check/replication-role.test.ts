import { describe, expect, it } from 'vitest';
import { replicationRoleFindings } from './replication-role.js';

describe('session_replication_role findings', () => {
  it('names where it is set and resets it there: the database, a role in it, a role everywhere, every role', () => {
    const findings = replicationRoleFindings([
      { role: null, database: 'app', value: 'replica' },
      { role: 'Writer', database: 'app', value: 'local' },
      { role: 'writer', database: null, value: 'replica' },
      { role: null, database: null, value: 'replica' },
    ]);
    expect(findings.map((finding) => [finding.code, finding.severity, finding.path, finding.fix])).toEqual([
      ['database.replication_role', 'error', 'database.app.session_replication_role', 'ALTER DATABASE app RESET session_replication_role;'],
      ['database.replication_role', 'error', 'role.Writer.database.app.session_replication_role', 'ALTER ROLE "Writer" IN DATABASE app RESET session_replication_role;'],
      ['database.replication_role', 'error', 'role.writer.session_replication_role', 'ALTER ROLE writer RESET session_replication_role;'],
      ['database.replication_role', 'error', 'session_replication_role', 'ALTER ROLE ALL RESET session_replication_role;'],
    ]);
    expect(findings[3]!.message).toBe('session_replication_role is replica for every role in every database: its sessions check no foreign key and fire no ordinary trigger');
  });
});
