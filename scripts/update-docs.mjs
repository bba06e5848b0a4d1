// Regenerates the README rule table from rule metadata (run after `npm run build`).
import { readFileSync, writeFileSync } from 'node:fs';
import { builtinRules } from '../dist/rules/index.js';
import { withRuleTable } from '../dist/src/cli/readme-table.js';

const path = new URL('../README.md', import.meta.url);
writeFileSync(path, withRuleTable(readFileSync(path, 'utf8'), builtinRules));
console.log('README.md rule table updated');

// The configuration schema editors use for completion.
const { CONFIG_SCHEMA } = await import('../dist/src/config/schema.js');
writeFileSync(new URL('../schemas/flowlint-config.schema.json', import.meta.url), `${JSON.stringify(CONFIG_SCHEMA, null, 2)}\n`);
console.log('schemas/flowlint-config.schema.json updated');
