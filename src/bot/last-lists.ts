// The list each chat user was last shown, so that "/explain 2" explains #2 of that list (its window,
// category and district), not of whatever the next shift is by the time they ask. Kept in memory: a
// restart forgets it, and /explain then says which window it used.
import type { Category } from '../ingest/categories.ts';

export interface ListShown {
  /** The window, as an `at` that asks for exactly it again. */
  at: string;
  category: Category | 'all';
  district?: string;
  /** "night shift · Mon 22:00–06:00": how the list named it. */
  headline: string;
}

const MAX_USERS = 5000;

export class LastLists {
  private readonly lists = new Map<string, ListShown>();

  remember(user: string, list: ListShown): void {
    this.lists.delete(user);
    this.lists.set(user, list);
    if (this.lists.size > MAX_USERS) this.lists.delete(this.lists.keys().next().value!);
  }

  recall(user: string): ListShown | undefined {
    return this.lists.get(user);
  }
}
