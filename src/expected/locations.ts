import { readFileSync } from 'node:fs';
import type { Finding, SourceLocation } from '../findings/finding.js';

interface Block {
  line: number;
  /** Field (or enum value) name -> line; keyed by the database name (@map) when there is one. */
  members: Map<string, number>;
  /** Quoted names mentioned in the block (map: "ix_..."), -> line. */
  names: Map<string, number>;
  /** The line declaring the primary key (@id or @@id). */
  idLine?: number;
}

/**
 * Where each table, column, enum and named constraint is declared in schema.prisma, so findings can
 * point at a line (GitHub annotations, SARIF). A plain line scan: the Prisma grammar here is regular.
 */
export class SchemaLocations {
  private readonly tables = new Map<string, Block>();
  private readonly enums = new Map<string, Block>();

  constructor(
    readonly file: string,
    text: string,
  ) {
    let current: { kind: 'model' | 'enum'; name: string; block: Block } | undefined;
    text.split('\n').forEach((raw, index) => {
      const line = index + 1;
      const code = raw.replace(/\/\/.*$/, '').trim();
      const opening = /^(model|enum)\s+(\w+)\s*\{/.exec(code);
      if (opening) {
        current = { kind: opening[1] as 'model' | 'enum', name: opening[2]!, block: { line, members: new Map(), names: new Map() } };
        return;
      }
      if (!current) return;
      if (code === '}') {
        (current.kind === 'model' ? this.tables : this.enums).set(current.name, current.block);
        current = undefined;
        return;
      }
      const tableMap = /^@@map\("([^"]+)"\)/.exec(code);
      if (tableMap) {
        current.name = tableMap[1]!;
        return;
      }
      if (/@@?id\b/.test(code)) current.block.idLine = line;
      for (const quoted of code.matchAll(/map:\s*"([^"]+)"/g)) current.block.names.set(quoted[1]!, line);
      const member = /^(\w+)\b/.exec(code);
      if (member && !code.startsWith('@@')) {
        const mapped = /@map\("([^"]+)"\)/.exec(code);
        current.block.members.set(mapped?.[1] ?? member[1]!, line);
      }
    });
  }

  static load(file: string, displayPath = file): SchemaLocations | undefined {
    try {
      return new SchemaLocations(displayPath, readFileSync(file, 'utf8'));
    } catch {
      return undefined;
    }
  }

  /** The line a finding concerns: the field, named constraint or enum value, else its model or enum. */
  locate(finding: Finding, schema: string): SourceLocation | undefined {
    const parts = finding.path.slice(schema.length + 1).split('.');
    const [first, second] = parts;
    if (first === undefined) return undefined;
    const at = (line: number | undefined) => (line === undefined ? undefined : { file: this.file, line });
    if (finding.code.startsWith('enum.')) {
      const block = this.enums.get(first);
      return at(second !== undefined ? (block?.members.get(second) ?? block?.line) : block?.line);
    }
    const tableName = finding.table ?? first;
    const table = this.tables.get(tableName);
    if (!table) return undefined;
    if (second === undefined) return at(table.line);
    return at(table.members.get(second) ?? table.names.get(second) ?? defaultNamedLine(table, tableName, second) ?? table.line);
  }
}

/** Prisma's default constraint names (<table>_pkey, <table>_<column>_key) are not written in the schema. */
function defaultNamedLine(table: Block, tableName: string, constraint: string): number | undefined {
  if (!constraint.startsWith(`${tableName}_`)) return undefined;
  const rest = constraint.slice(tableName.length + 1);
  return rest === 'pkey' ? table.idLine : table.members.get(rest.replace(/_(key|fkey)$/, ''));
}
