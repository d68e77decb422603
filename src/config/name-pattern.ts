import * as z from 'zod';
import { patternProblem } from '../findings/pattern.js';

/**
 * A name pattern (findings/pattern.ts) of at most `maxNames` names, as zod validates options and config files;
 * `more` checks it further once it is well-formed. Every problem is one line, the pattern shown JSON-quoted.
 */
export const namePattern = (maxNames = Infinity, more: (text: string) => string | undefined = () => undefined) =>
  z.string().superRefine((text, context) => {
    const malformed = patternProblem(text, maxNames);
    const problem = malformed ? `pattern ${JSON.stringify(text)} ${malformed}` : more(text);
    if (problem) context.addIssue({ code: 'custom', message: problem });
  });
