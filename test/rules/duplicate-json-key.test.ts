import rule from '../../rules/duplicate-json-key.js';
import { ruleTester } from '../helpers/rule-tester.js';
import { flow, folderGroup, jsonText, solutionFiles } from '../helpers/builders.js';

const clean = jsonText(flow({ Compose: { type: 'Compose', inputs: 'x', runAfter: {} } }));
const duplicated = clean.replace('"inputs": "x",', '"inputs": "first",\n          "inputs": "x",');
const prototype = clean.replace('"inputs": "x",', '"inputs": { "__proto__": { "polluted": true } },');

function group(text: string) {
  return [folderGroup('solution', { ...solutionFiles(), 'Workflows/Main-0000AAAA-1111-2222-3333-000000000001.json': text })];
}

ruleTester(rule, {
  valid: [{ name: 'no repeated keys', groups: group(clean) }],
  invalid: [
    {
      name: 'a key repeated in one object',
      groups: group(duplicated),
      errors: [{ messageId: 'duplicate', pointer: '/properties/definition/actions/Compose/inputs', messageIncludes: ["'inputs'", '2 times'] }],
    },
    {
      name: 'a __proto__ key',
      groups: group(prototype),
      errors: [{ messageId: 'prototypeKey', pointer: '/properties/definition/actions/Compose/inputs/__proto__' }],
    },
  ],
});
