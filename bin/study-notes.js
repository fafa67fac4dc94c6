#!/usr/bin/env node
// `study-notes <command>` (`npx study-notes ask "…"`): runs the TypeScript CLI in this process through tsx,
// resolved from this package rather than the caller's folder, so it works from any working directory.
import { register } from 'tsx/esm/api';

register();
await import('../src/cli.ts');
