/**
 * Secrets that cross a "Run a Child Flow" call inside one solution, through the rules that report
 * them: the child's trigger, its uses downstream, and what the child returns to the parent.
 */
import { describe, expect, it } from 'vitest';
import secureOutputsMissing from '../../rules/secure-outputs-missing.js';
import secureInputsMissing from '../../rules/secure-inputs-missing.js';
import secretExposed from '../../rules/secret-exposed.js';
import secretCopied from '../../rules/secret-copied.js';
import { ruleTester } from '../helpers/rule-tester.js';
import { compose, connector, flow, folderGroup, http, kvGetSecret, manualTrigger, runChildFlow, solutionFiles, type ActionMap, type Json } from '../helpers/builders.js';
import { buildUnit } from '../../src/model/build.js';
import { DEFAULT_LIMITS } from '../../src/sources/types.js';
import { createAnalysis } from '../../src/analysis/index.js';
import { secretsOf } from '../../src/analysis/secrets.js';

const secured = { secureInputs: true, secureOutputs: true };
const secureTrigger = { runtimeConfiguration: { secureData: { properties: ['inputs', 'outputs'] } } };
/** Flow 0 is the parent, flow 1 the child (the order `solutionFiles` gives their workflow ids). */
const parentAndChild = (parent: ActionMap, child: ActionMap, childTrigger: ActionMap = manualTrigger({ text: 'Key' })) => ({
  flows: { Parent: flow(parent), Child: flow(child, { triggers: childTrigger }) },
});
const passKey = { Get_secret: kvGetSecret('api-key', secured), Run_child: runChildFlow(1, { text: "@{body('Get_secret')?['value']}" }, secured) };
const passName = { Get_secret: kvGetSecret('api-key', secured), Run_child: runChildFlow(1, { text: "@{body('Get_secret')?['name']}" }, secured) };
const childCall = (header: string, options = {}) => ({ Call: http({ headers: { 'x-api-key': header } }, options) });
const childSave = { Save: connector('shared_sharepointonline', 'PostItem', { dataset: 'https://contoso.sharepoint.com', table: 'Keys', 'item/Title': "@triggerBody()?['text']" }) };
const respond = (body: Json) => ({ Respond: { type: 'Response', kind: 'PowerApp', runAfter: {}, inputs: { statusCode: 200, body } } });
const C = '/properties/definition';

describe('secure-outputs-missing across a child-flow call', () => {
  ruleTester(secureOutputsMissing, {
    valid: [
      {
        name: 'child trigger with Secure Inputs and Outputs',
        solution: parentAndChild(passKey, childCall("@triggerBody()?['text']", secured), manualTrigger({ text: 'Key' }, secureTrigger)),
      },
      { name: 'the parent passes metadata, not the secret', solution: parentAndChild(passName, childCall("@triggerBody()?['text']", secured)) },
      {
        name: 'a call to a flow outside the solution',
        solution: { flows: { Parent: flow({ ...passKey, Run_child: runChildFlow(7, { text: "@{body('Get_secret')?['value']}" }, secured) }) } },
      },
    ],
    invalid: [
      {
        name: "child trigger without Secure Inputs and Outputs names the parent's call",
        solution: parentAndChild(passKey, childCall("@triggerBody()?['text']", secured)),
        errors: [{ messageId: 'childTriggerMissing', pointer: `${C}/triggers/manual`, messageIncludes: ["'Run_child'", "'Parent'", 'Key Vault secret'] }],
      },
    ],
  });
});

describe('uses of a passed secret inside the child', () => {
  ruleTester(secureInputsMissing, {
    valid: [
      { name: 'secured HTTP call in the child', solution: parentAndChild(passKey, childCall("@triggerBody()?['text']", secured), manualTrigger({ text: 'Key' }, secureTrigger)) },
    ],
    invalid: [
      {
        name: "the child's HTTP call sends the key without Secure Inputs",
        solution: parentAndChild(passKey, childCall("@triggerBody()?['text']"), manualTrigger({ text: 'Key' }, secureTrigger)),
        errors: [{ messageId: 'missing', pointer: `${C}/actions/Call/inputs/headers/x-api-key`, messageIncludes: ["'Get_secret'", "'Run_child'"] }],
      },
    ],
  });
  ruleTester(secretExposed, {
    valid: [{ name: 'the child stores an input the parent filled with metadata', solution: parentAndChild(passName, childSave) }],
    invalid: [
      {
        name: 'the child stores the key in a SharePoint item',
        solution: parentAndChild(passKey, childSave),
        errors: [{ messageId: 'exposed', messageIncludes: ['a SharePoint list item'] }],
      },
    ],
  });
});

describe("a child's response that returns a secret", () => {
  const callChild = { Run_child: runChildFlow(1, {}, secured), Copy: compose("@body('Run_child')?['key']") };
  ruleTester(secretCopied, {
    valid: [{ name: 'the child returns a status', solution: parentAndChild(callChild, { Get_secret: kvGetSecret('k', secured), ...respond({ status: 'done' }) }) }],
    invalid: [
      {
        name: "the parent copies what the child's Response returned",
        solution: parentAndChild(callChild, { Get_secret: kvGetSecret('k', secured), ...respond({ key: "@{body('Get_secret')?['value']}" }) }),
        errors: [{ messageId: 'copied', messageIncludes: ["'Get_secret'", "'Respond'", "'Run_child'"] }],
      },
    ],
  });
});

describe('the cross-flow fixpoint', () => {
  it('follows a secret through a chain of three flows and ends on a call cycle', () => {
    const files = solutionFiles({
      flows: {
        A: flow({ Get_secret: kvGetSecret('k', secured), Call_B: runChildFlow(1, { text: "@{body('Get_secret')?['value']}" }, secured) }),
        B: flow({ Call_C: runChildFlow(2, { text: "@{triggerBody()?['text']}" }, secured) }, { triggers: manualTrigger({ text: 'Value' }) }),
        C: flow({ Call_A: runChildFlow(0, { text: "@{triggerBody()?['text']}" }, secured) }, { triggers: manualTrigger({ text: 'Value' }) }),
      },
    });
    const unit = buildUnit(folderGroup('solution', files), DEFAULT_LIMITS);
    const analysis = createAnalysis();
    const [a, b, c] = ['A', 'B', 'C'].map((name) => unit.solution.flows.find((f) => f.displayName === name));
    expect(secretsOf(analysis, b!).inboundCalls.map((call) => call.call.name)).toEqual(['Call_B']);
    const intoC = secretsOf(analysis, c!).inboundCalls;
    expect(intoC.map((call) => call.call.name)).toEqual(['Call_C']);
    expect(intoC[0].taint.steps.map((step) => step.name)).toEqual(['Call_B', 'Call_C']);
    // C passes the secret back to A: A's trigger receives it, and the analysis still ends.
    expect(secretsOf(analysis, a!).inboundCalls.map((call) => call.call.name)).toEqual(['Call_A']);
  });
});
