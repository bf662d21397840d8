import { Migration20261122000000_foundation } from './Migration20261122000000_foundation.js';

/** Migrations in the order they run; each is committed and never edited once released. */
export const migrations = [Migration20261122000000_foundation];
