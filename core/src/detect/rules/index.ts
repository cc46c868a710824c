import type { Rule } from '../types.ts';
import { runtypeRules } from './runtype.ts';

/**
 * Every built-in rule, in the order reports list them. A new provider's file is listed here;
 * detection, redaction, prefilters, editor and browser names all derive from this list.
 */
export const builtinRules: readonly Rule[] = [...runtypeRules];
