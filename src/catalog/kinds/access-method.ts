/** A relation's table access method (`CREATE TABLE ... USING`), shared by tables and materialized views: absent for heap. */
import * as z from 'zod';
import { readableIdent } from '../../database/quote.js';

/** The object field: the method where it is not heap. */
export const accessMethodField = () => z.string().optional();

/**
 * The method of pg_class row `c`, NULL for heap: heap is pg_am's oid 2 (pinned); a partitioned table up to
 * PostgreSQL 16, and a view, have none (0).
 */
export const ACCESS_METHOD_SQL = 'CASE WHEN c.relam NOT IN (0, 2) THEN (SELECT a.amname FROM pg_am a WHERE a.oid = c.relam) END';

/** The field as assembled from ACCESS_METHOD_SQL's value. */
export const accessMethodOf = (method: unknown) => (method ? { accessMethod: method as string } : {});

export const methodOf = (relation: { accessMethod?: string | undefined }) => relation.accessMethod ?? 'heap';

/** `USING method` where it is not heap, else empty (CREATE TABLE and CREATE MATERIALIZED VIEW). */
export const usingClause = (relation: { accessMethod?: string | undefined }) => (relation.accessMethod ? `USING ${readableIdent(relation.accessMethod)}` : '');

/** The clause of ALTER TABLE and ALTER MATERIALIZED VIEW that stores the relation by `relation`'s method (a rewrite). */
export const setAccessMethod = (relation: { accessMethod?: string | undefined }) => `SET ACCESS METHOD ${readableIdent(methodOf(relation))}`;
