/** Sequence options, in their own module: sequences and identity columns (which import each other) both use them. */
import * as z from 'zod';

/**
 * What a sequence generates, shared with identity columns (whose sequence belongs to the column): the fields of
 * both kinds' schemas, built with them. Numbers as text: they are bigints.
 */
export const sequenceOptionsShape = () => ({
  start: z.string(),
  increment: z.string(),
  min: z.string(),
  max: z.string(),
  cache: z.string(),
  cycle: z.boolean(),
});
export type SequenceOptions = z.infer<z.ZodObject<ReturnType<typeof sequenceOptionsShape>>>;

/** The options as CREATE/ALTER SEQUENCE and GENERATED AS IDENTITY write them. */
export const sequenceOptionClauses = (options: SequenceOptions) => [
  `START WITH ${options.start}`,
  `INCREMENT BY ${options.increment}`,
  `MINVALUE ${options.min}`,
  `MAXVALUE ${options.max}`,
  `CACHE ${options.cache}`,
  options.cycle ? 'CYCLE' : 'NO CYCLE',
];
