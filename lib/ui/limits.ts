import { FIRST } from '../rank/rank';

/**
 * How many events and claim groups the sidebar shows before "Show all (N)" (the best first). The events shown are
 * the ranking's "first" items, whose diversity cap (PER_ARTICLE_IN_FIRST) is about exactly these.
 */
export const FIRST_EVENTS = FIRST;
export const FIRST_GROUPS = 3;
