import { FIRST } from '../rank/rank';

/**
 * How many events and claim groups the sidebar shows before "Show all (N)" (the best first). The events shown are
 * the ranking's "first" items, whose diversity cap (PER_ARTICLE_IN_FIRST) is about exactly these.
 */
export const FIRST_EVENTS = FIRST;
export const FIRST_GROUPS = 3;

/**
 * How many more events (or claims) an unfolded section shows at a time: "Show all (N)" shows this many, then
 * "Show the next …" this many more. A big library ranks thousands, and a list of thousands of items takes the
 * frame seconds to lay out.
 */
export const SHOW_STEP = 100;
