// What an answer covers when the asker does not say: one place for every surface (chat, command line,
// API, briefings). The window's default is the shift a supervisor means (`meantWindow`).

/** Every category together. */
export const DEFAULT_CATEGORY = 'all';

/** How many places a list shows. */
export const DEFAULT_TOP = 10;

/** The most a chat answer lists. */
export const MAX_TOP = 25;
