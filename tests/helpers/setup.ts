/** Before every test file (vitest `setupFiles`): the analyzers of this process load the tests' dictionary copy. */
import { useDictionaryCache } from '../../src/text/analyzer.js';
import { TEST_DICTIONARY_CACHE_DIR } from './dictionary.js';

useDictionaryCache({ dir: TEST_DICTIONARY_CACHE_DIR, warn: (message) => process.emitWarning(message) });
