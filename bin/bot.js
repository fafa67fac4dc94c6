#!/usr/bin/env node
// `npm start`: the Discord bot, built (dist/) or from its TypeScript sources (see launch.js).
import { launch } from './launch.js';

await launch('bot');
