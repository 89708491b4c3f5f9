/** How many events and claim groups the sidebar shows before "Show all (N)" (the best first, ranked). */
export const FIRST_EVENTS = 5;
export const FIRST_GROUPS = 3;
