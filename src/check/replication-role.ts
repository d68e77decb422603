/**
 * session_replication_role set to replica (or local) for the database or a role (ALTER DATABASE/ROLE … SET):
 * in those sessions no foreign key is checked and no ordinary trigger fires, so rows can break what the
 * schema's keys and triggers enforce while the catalog still shows all of them. The setting is no object of
 * the schema, so it is read here, from pg_db_role_setting (readable by every role), not by a catalog kind.
 */
import type pg from 'pg';
import { PHASES, step } from '../catalog/model.js';
import { readableIdent } from '../database/quote.js';
import { codeInfo, type Finding } from '../findings/finding.js';

export interface ReplicationRoleSetting {
  /** The role it is set for; null for every role. */
  role: string | null;
  /** The database it is set in (the checked one); null for every database. */
  database: string | null;
  value: string;
}

const SETTING = 'session_replication_role';

/** The settings other than origin (PostgreSQL's own) that apply to sessions of the checked database. */
export async function readReplicationRoles(client: pg.Client): Promise<ReplicationRoleSetting[]> {
  const result = await client.query<ReplicationRoleSetting>(
    // Qualified: this runs under the session's own search_path, after the read's transaction.
    `SELECT CASE WHEN s.setrole = 0 THEN NULL ELSE pg_catalog.pg_get_userbyid(s.setrole) END AS role,
            CASE WHEN s.setdatabase = 0 THEN NULL ELSE pg_catalog.current_database() END AS database,
            pg_catalog.substr(c, pg_catalog.length($1) + 2) AS value
       FROM pg_catalog.pg_db_role_setting s CROSS JOIN LATERAL pg_catalog.unnest(s.setconfig) AS c
      WHERE s.setdatabase IN (0, (SELECT d.oid FROM pg_catalog.pg_database d WHERE d.datname = pg_catalog.current_database()))
        AND pg_catalog.starts_with(c, $1 OPERATOR(pg_catalog.||) '=') AND pg_catalog.lower(c) OPERATOR(pg_catalog.<>) ($1 OPERATOR(pg_catalog.||) '=origin')
      ORDER BY 1 NULLS FIRST, 2 NULLS FIRST`,
    [SETTING],
  );
  return result.rows;
}

/** One error per setting, with the RESET that takes it away. */
export function replicationRoleFindings(settings: readonly ReplicationRoleSetting[]): Finding[] {
  const code = 'database.replication_role';
  return settings.map(({ role, database, value }) => {
    const scope = [role === null ? 'every role' : `role ${role}`, database === null ? 'every database' : `database ${database}`].join(' in ');
    // ALTER ROLE ALL SET … is kept for no role and no database.
    const roles = role === null ? 'ROLE ALL' : `ROLE ${readableIdent(role)}`;
    const target = role === null && database !== null ? `DATABASE ${readableIdent(database)}` : `${roles}${database === null ? '' : ` IN DATABASE ${readableIdent(database)}`}`;
    const sql = `ALTER ${target} RESET ${SETTING};`;
    return {
      code,
      severity: codeInfo(code).severity,
      path: [...(role === null ? [] : ['role', role]), ...(database === null ? [] : ['database', database]), SETTING].join('.'),
      message: `${SETTING} is ${value} for ${scope}: its sessions check no foreign key and fire no ordinary trigger`,
      expected: 'origin',
      actual: value,
      fix: sql,
      fixSteps: [step(PHASES.privileges, sql)],
    };
  });
}
