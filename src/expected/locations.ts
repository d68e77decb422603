import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { operatorPattern } from '../catalog/kinds/operators.js';
import { targetOf, type ObjectRef } from '../catalog/model.js';
import { escapeRegExp } from '../catalog/sql.js';
import type { SourceLocation } from '../findings/finding.js';

/** What an index or constraint covers, for one that schema.prisma declares without a name. */
export interface KeyHint {
  columns: readonly string[];
  /** A unique index or constraint (or the primary key): declared by @unique/@@unique/@id rather than @@index. */
  unique: boolean;
}

interface Block {
  line: number;
  /** Field (or enum value) name -> line; keyed by the database name (@map) when there is one. */
  members: Map<string, number>;
  /** Names given with map: "..." in the block -> line. */
  names: Map<string, number>;
  /** Lines of @@index, and of @@unique/@@id/@unique/@id, by `index:` or `unique:` and their columns (database names, comma-joined). */
  keys: Map<string, number>;
  /** The line declaring the primary key (@id or @@id). */
  idLine?: number;
}

/**
 * Where schema.prisma declares each table, column, enum, key and index, found from a finding's structured
 * object reference. A plain line scan: the Prisma grammar here is regular.
 */
class PrismaSchemaLines {
  private readonly tables = new Map<string, Block>();
  private readonly enums = new Map<string, Block>();

  constructor(
    readonly file: string,
    text: string,
  ) {
    let current: { kind: 'model' | 'enum'; name: string; block: Block; fields: Map<string, string> } | undefined;
    const pending: Array<{ block: Block; line: number; kind: string; fields: string[]; owner: { fields: Map<string, string> } }> = [];
    text.split('\n').forEach((raw, index) => {
      const line = index + 1;
      const code = raw.replace(/\/\/.*$/, '').trim();
      const opening = /^(model|enum)\s+(\w+)\s*\{/.exec(code);
      if (opening) {
        current = { kind: opening[1] as 'model' | 'enum', name: opening[2]!, block: { line, members: new Map(), names: new Map(), keys: new Map() }, fields: new Map() };
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
      for (const quoted of code.matchAll(/map:\s*"([^"]+)"/g)) current.block.names.set(quoted[1]!, line);
      const blockKey = /^@@(id|unique|index)\(\s*\[([^\]]*)\]/.exec(code);
      if (blockKey) {
        if (blockKey[1] === 'id') current.block.idLine = line;
        pending.push({ block: current.block, line, kind: blockKey[1] === 'index' ? 'index' : 'unique', fields: blockKey[2]!.split(',').map((field) => field.trim().replace(/\(.*$/, '')), owner: current });
        return;
      }
      const member = /^(\w+)\b/.exec(code);
      if (member && !code.startsWith('@@')) {
        const column = /@map\("([^"]+)"\)/.exec(code)?.[1] ?? member[1]!;
        current.block.members.set(column, line);
        current.fields.set(member[1]!, column);
        if (/@id\b/.test(code)) current.block.idLine = line;
        if (/@(unique|id)\b/.test(code)) current.block.keys.set(`unique:${column}`, line);
      }
    });
    // @@index([fieldName]) names fields; keys are kept by column name, known once the whole model is read.
    for (const { block, line, kind, fields, owner } of pending) block.keys.set(`${kind}:${fields.map((field) => owner.fields.get(field) ?? field).join(',')}`, line);
  }

  locate(ref: ObjectRef, key?: KeyHint): SourceLocation | undefined {
    const at = (line: number | undefined) => (line === undefined ? undefined : { file: this.file, line });
    if (ref.kind === 'enum') {
      const block = this.enums.get(ref.name);
      return at(ref.member !== undefined ? (block?.members.get(ref.member) ?? block?.line) : block?.line);
    }
    const tableName = ref.kind === 'table' ? ref.name : ref.table;
    const table = tableName === undefined ? undefined : this.tables.get(tableName);
    if (!table) return undefined;
    switch (ref.kind) {
      case 'table':
        return at(table.line);
      case 'column':
        return at(table.members.get(ref.name) ?? table.line);
      case 'primary_key':
        return at(table.names.get(ref.name) ?? table.idLine ?? table.line);
      case 'index':
      case 'constraint':
      case 'foreign_key':
        return at(table.names.get(ref.name) ?? (key?.columns.length ? (table.keys.get(`${key.unique ? 'unique' : 'index'}:${key.columns.join(',')}`) ?? table.members.get(key.columns[0]!)) : undefined) ?? table.line);
      default:
        return undefined;
    }
  }

  /** The model line of a table, for objects on it that schema.prisma does not declare. */
  modelLine(table: string): SourceLocation | undefined {
    const block = this.tables.get(table);
    return block && { file: this.file, line: block.line };
  }
}

/** Lines of prisma/migrations/<name>/migration.sql that create objects schema.prisma cannot express. */
class MigrationLines {
  private files?: Array<{ file: string; lines: string[] }>;

  constructor(
    private readonly dir: string,
    private readonly display: (file: string) => string,
  ) {}

  private read(): Array<{ file: string; lines: string[] }> {
    if (!this.files) {
      let names: string[] = [];
      try {
        names = readdirSync(this.dir, { withFileTypes: true }).filter((entry) => entry.isDirectory()).map((entry) => entry.name).sort();
      } catch {
        names = [];
      }
      this.files = names.flatMap((name) => {
        const file = path.join(this.dir, name, 'migration.sql');
        try {
          return [{ file, lines: readFileSync(file, 'utf8').split('\n') }];
        } catch {
          return [];
        }
      });
    }
    return this.files;
  }

  /** The last migration line that creates (or alters into being) the object: the one that defines it now. */
  locate(ref: ObjectRef): SourceLocation | undefined {
    const pattern = statementPattern(ref);
    if (!pattern) return undefined;
    let found: SourceLocation | undefined;
    for (const { file, lines } of this.read()) {
      lines.forEach((line, index) => {
        if (pattern.test(line)) found = { file: this.display(file), line: index + 1 };
      });
    }
    return found;
  }
}

const nameIn = (name: string) => `(?:"${escapeRegExp(name.replaceAll('"', '""'))}"|${escapeRegExp(name)})(?![\\w$])`;

/** What a statement defining the object looks like (names are matched literally, never as patterns). */
function statementPattern(ref: ObjectRef): RegExp | undefined {
  const qualified = (name: string) => `(?:[\\w"]+\\.)?${nameIn(name)}`;
  const words: Partial<Record<ObjectRef['kind'], string>> = {
    view: '(?:MATERIALIZED\\s+)?VIEW',
    function: '(?:FUNCTION|PROCEDURE)',
    aggregate: 'AGGREGATE',
    operator: 'OPERATOR',
    text_search_dictionary: 'TEXT\\s+SEARCH\\s+DICTIONARY',
    text_search_configuration: 'TEXT\\s+SEARCH\\s+CONFIGURATION',
    collation: 'COLLATION(?:\\s+IF\\s+NOT\\s+EXISTS)?',
    sequence: 'SEQUENCE',
    extension: 'EXTENSION(?:\\s+IF\\s+NOT\\s+EXISTS)?',
    domain: 'DOMAIN',
    composite_type: 'TYPE',
    range_type: 'TYPE',
    statistics: 'STATISTICS(?:\\s+IF\\s+NOT\\s+EXISTS)?',
    publication: 'PUBLICATION',
    event_trigger: 'EVENT\\s+TRIGGER',
  };
  switch (ref.kind) {
    case 'policy':
    case 'trigger':
      return new RegExp(`CREATE\\s+(?:CONSTRAINT\\s+)?${ref.kind.toUpperCase()}\\s+${nameIn(ref.name)}.*\\bON\\s+${qualified(ref.table!)}`, 'i');
    case 'rule':
      return new RegExp(`CREATE\\s+(?:OR\\s+REPLACE\\s+)?RULE\\s+${nameIn(ref.name)}.*\\bTO\\s+${qualified(ref.table!)}`, 'i');
    case 'row_security':
      return new RegExp(`ALTER\\s+TABLE\\s+(?:ONLY\\s+)?${qualified(ref.table!)}\\s+(?:ENABLE|FORCE)\\s+ROW\\s+LEVEL\\s+SECURITY`, 'i');
    case 'privilege': {
      // The GRANT on that very object: a schema, or a table, view, sequence or function (a column's is on its table).
      const target = targetOf(ref)!;
      const object = target.kind === 'schema' ? 'SCHEMA\\b' : `(?:\\w+\\s+)?${qualified(target.kind === 'column' ? target.table! : target.name.replace(/\(.*$/, ''))}`;
      return new RegExp(`GRANT\\b.*\\bON\\s+${object}.*\\bTO\\s+.*${nameIn(ref.member!)}`, 'i');
    }
    case 'default_privilege':
      return new RegExp(`ALTER\\s+DEFAULT\\s+PRIVILEGES\\b.*\\bGRANT\\b.*\\bTO\\s+.*${nameIn(ref.member!)}`, 'i');
    default: {
      const word = words[ref.kind];
      const name = ref.kind === 'function' || ref.kind === 'aggregate' || ref.kind === 'operator' ? ref.name.slice(0, ref.name.indexOf('(')) : ref.name;
      const object = ref.kind === 'operator' ? `(?:[\\w"]+\\.)?${operatorPattern(name)}` : qualified(name);
      return word ? new RegExp(`CREATE\\s+(?:OR\\s+REPLACE\\s+)?${word}\\s+${object}`, 'i') : undefined;
    }
  }
}

/**
 * Where a finding's object is declared: its line in schema.prisma, or, for what Prisma cannot express
 * (policies, triggers, rules, functions, views, grants), the migration line that creates it.
 */
export class SourceLocations {
  private constructor(
    private readonly schema: PrismaSchemaLines | undefined,
    private readonly migrations: MigrationLines | undefined,
  ) {}

  static load(options: { schemaFile: string; migrationsDir: string | null; display: (file: string) => string }): SourceLocations {
    let schema: PrismaSchemaLines | undefined;
    try {
      schema = new PrismaSchemaLines(options.display(options.schemaFile), readFileSync(options.schemaFile, 'utf8'));
    } catch {
      schema = undefined;
    }
    return new SourceLocations(schema, options.migrationsDir === null ? undefined : new MigrationLines(options.migrationsDir, options.display));
  }

  locate(ref: ObjectRef, key?: KeyHint): SourceLocation | undefined {
    const target = ref.kind === 'comment' || ref.kind === 'owner' || ref.kind === 'tablespace' ? targetOf(ref) : undefined;
    if (target) return this.locate(target);
    return (
      this.schema?.locate(ref, key) ??
      this.migrations?.locate(ref) ??
      (ref.kind === 'privilege' ? this.locate(targetOf(ref)!) : ref.table !== undefined ? this.schema?.modelLine(ref.table) : undefined)
    );
  }
}
