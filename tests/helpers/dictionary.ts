import { tmpdir } from 'node:os';
import { join } from 'node:path';

/**
 * The inflated Korean dictionary the tests load, outside the project's data/ (tests never read it): made once
 * per machine by the first test that needs it, then shared (the copy is keyed by the dictionary's version and
 * renamed into place whole, so concurrent runs cannot see half of it).
 */
export const TEST_DICTIONARY_CACHE_DIR = join(tmpdir(), 'study-notes-tests', 'dictionary');
