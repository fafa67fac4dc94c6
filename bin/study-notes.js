#!/usr/bin/env node
// `study-notes <command>` (`npx study-notes ask "…"`): the CLI, built (dist/) or from its TypeScript sources (see
// launch.js), resolved from this package rather than the caller's folder, so it works from any working directory.
import { launch } from './launch.js';

await launch('cli');
