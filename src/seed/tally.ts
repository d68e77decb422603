export interface TableCount {
  table: string;
  created: number;
  existing: number;
}

/** Counts, per table, the rows the seed created and the rows it found already there (in first-touched order). */
export class Tally {
  readonly #counts = new Map<string, TableCount>();

  #entry(table: string): TableCount {
    let entry = this.#counts.get(table);
    if (!entry) {
      entry = { table, created: 0, existing: 0 };
      this.#counts.set(table, entry);
    }
    return entry;
  }

  /**
   * Returns the row `find` locates by its natural key, or the one `create` inserts when there is none.
   * An existing row is never updated: that is what makes a second run a no-op.
   */
  async findOrCreate<Row>(table: string, find: () => Promise<Row | null>, create: () => Promise<Row>): Promise<Row> {
    const existing = await find();
    if (existing) {
      this.#entry(table).existing += 1;
      return existing;
    }
    const created = await create();
    this.#entry(table).created += 1;
    return created;
  }

  counts(): TableCount[] {
    return [...this.#counts.values()].map((entry) => ({ ...entry }));
  }
}
