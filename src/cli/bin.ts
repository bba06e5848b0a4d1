#!/usr/bin/env node
/** The `flowlint` command (`dist/flowlint.mjs`): the bundled CLI, started from V8's code cache. */
import { loadBundledCli } from './bundled.js';

loadBundledCli(new URL('./', import.meta.url)).run();
