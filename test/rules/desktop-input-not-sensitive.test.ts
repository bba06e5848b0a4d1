import rule from '../../rules/desktop-input-not-sensitive.js';
import { ruleTester } from '../helpers/rule-tester.js';
import { compose, connector, desktopFlowId, desktopWorkflowXml, flow, folderGroup, kvGetSecret, solutionFiles, type Json } from '../helpers/builders.js';

const A = '/properties/definition/actions';
const secured = { secureInputs: true, secureOutputs: true };
const DESKTOP = desktopFlowId(0);
const W = `/ImportExportXml/Workflows/Workflow/${DESKTOP}/Definition`;

function script(sensitive: string[], inputs: string[], outputs: string[] = [], body = ''): string {
  return [
    "@@ConnectionString: ''",
    "IMPORT 'controlRepo.appmask' AS appmask",
    `@SENSITIVE: [${sensitive.join(', ')}]`,
    ...inputs.map((name) => `@INPUT ${name} : { 'Description': '${name}', 'FriendlyName': '${name}', 'DefaultValue': '', 'Type': 'String' } `),
    ...outputs.map((name) => `@OUTPUT ${name} : { 'Description': '${name}', 'FriendlyName': '${name}', 'Type': 'String' } `),
    body,
  ].join('\r\n');
}

function runDesktop(inputs: Record<string, Json>, uiFlowId = DESKTOP): Json {
  return connector('shared_uiflow', 'RunUIFlow_V2', { uiFlowId, runMode: 'attended', ...inputs }, { secureInputs: true, runAfter: { Get_secret: ['Succeeded'] } });
}

const passwordFlow = script(['Username'], ['Username', 'Password', 'LoanNumber']);

ruleTester(rule, {
  valid: [
    {
      name: 'the PL-500 shape: secret inputs listed as sensitive',
      solution: { desktopFlows: { 'Funding draw': script(['Username', 'Password'], ['Username', 'Password', 'LoanNumber'], ['FundedAmount']) } },
    },
    { name: 'no secret-like names', solution: { desktopFlows: { Inspection: script([], ['InspectionAccountNumber', 'PropertyAddress'], ['JobNumber', 'SitePhotos']) } } },
    {
      name: 'names that describe a secret without holding it',
      solution: { desktopFlows: { Names: script([], ['SecretName', 'TokenUrl', 'PasswordExpiryDate', 'ContinuationToken', 'IsPasswordSet']) } },
    },
    { name: 'sensitive names compare without case', solution: { desktopFlows: { Case: script(['password'], ['Password']) } } },
    {
      name: 'cloud flow passes a secret into a sensitive input',
      flow: flow({ Get_secret: kvGetSecret('pw', secured), Run: runDesktop({ 'item/Password': "@body('Get_secret')?['value']" }) }),
      solution: { desktopFlows: { Login: script(['Password'], ['Password', 'LoanNumber']) } },
    },
    {
      name: 'cloud flow passes plain data into a non-sensitive input',
      flow: flow({ Get_secret: kvGetSecret('pw', secured), Run: runDesktop({ 'item/LoanNumber': "@triggerBody()['text']" }) }),
      solution: { desktopFlows: { Login: script(['Password'], ['Password', 'LoanNumber']) } },
    },
    {
      name: 'secret metadata is not the secret',
      flow: flow({ Get_secret: kvGetSecret('pw', secured), Run: runDesktop({ 'item/LoanNumber': "@body('Get_secret')?['version']" }) }),
      solution: { desktopFlows: { Login: script(['Password'], ['Password', 'LoanNumber']) } },
    },
    {
      name: 'desktop flow not in the run: nothing to compare with',
      flow: flow({ Get_secret: kvGetSecret('pw', secured), Run: runDesktop({ 'item/Pin': "@body('Get_secret')?['value']" }, '11111111-2222-3333-4444-555555555555') }),
    },
    {
      name: 'input the desktop flow does not declare',
      flow: flow({ Get_secret: kvGetSecret('pw', secured), Run: runDesktop({ 'item/Other': "@body('Get_secret')?['value']" }) }),
      solution: { desktopFlows: { Login: script(['Password'], ['Password']) } },
    },
    {
      name: 'uiFlowId computed at run time',
      flow: flow({ Get_secret: kvGetSecret('pw', secured), Run: runDesktop({ 'item/Pin': "@body('Get_secret')?['value']" }, "@variables('desktopFlowId')") }),
      solution: { desktopFlows: { Login: script([], ['Pin']) } },
    },
    {
      name: 'desktop flow in an unpacked solution data file',
      groups: [
        folderGroup('unpacked', {
          ...solutionFiles({ withoutCustomizations: true }),
          [`Workflows/Login-${DESKTOP.toUpperCase()}.json.data.xml`]: `<?xml version="1.0" encoding="utf-8"?>\n${desktopWorkflowXml('Login', DESKTOP, script(['ApiKey'], ['ApiKey']))}\n`,
        }),
      ],
    },
  ],
  invalid: [
    {
      name: 'password input missing from @SENSITIVE',
      solution: { desktopFlows: { 'Funding draw': passwordFlow } },
      errors: [{ messageId: 'notSensitive', pointer: `${W}/input/Password`, messageIncludes: ["'Funding draw'", "input 'Password'", 'script line 5'] }],
    },
    {
      name: 'no @SENSITIVE line at all; output named like a token',
      solution: { desktopFlows: { Token: ["@INPUT ClientSecret : { 'Type': 'String' }", "@OUTPUT AccessToken : { 'Type': 'String' }"].join('\n') } },
      errors: [
        { messageId: 'notSensitive', pointer: `${W}/input/ClientSecret`, messageIncludes: ["input 'ClientSecret'", 'script line 1'] },
        { messageId: 'notSensitive', pointer: `${W}/output/AccessToken`, messageIncludes: ["output 'AccessToken'", 'script line 2'] },
      ],
    },
    {
      name: 'cloud flow passes a Key Vault secret into a non-sensitive input',
      flow: flow({ Get_secret: kvGetSecret('pin', secured), Run: runDesktop({ 'item/Pin': "@body('Get_secret')?['value']" }) }),
      solution: { desktopFlows: { Login: script([], ['Pin']) } },
      errors: [
        { messageId: 'taintedInput', pointer: `${A}/Run/inputs/parameters/item~1Pin`, dataFlowLength: 2, messageIncludes: ["'Run'", "input 'Pin'", "'Login'", "'Get_secret'"] },
      ],
    },
    {
      name: 'secret reaches the input through a Compose',
      flow: flow({
        Get_secret: kvGetSecret('pin', secured),
        Keep: compose("@body('Get_secret')?['value']", { secureInputs: true }),
        Run: runDesktop({ 'item/Code': "@{outputs('Keep')}" }),
      }),
      solution: { desktopFlows: { Login: script([], ['Code']) } },
      errors: [{ messageId: 'taintedInput', pointer: `${A}/Run/inputs/parameters/item~1Code`, dataFlowLength: 3, messageIncludes: ["through 'Keep'"] }],
    },
    {
      name: 'secret-named input and a tainted call both reported',
      flow: flow({ Get_secret: kvGetSecret('pw', secured), Run: runDesktop({ 'item/Password': "@body('Get_secret')?['value']" }) }),
      solution: { desktopFlows: { Login: passwordFlow } },
      errors: [
        { messageId: 'notSensitive', file: 'Customizations.xml' },
        { messageId: 'taintedInput', file: 'Workflows/Main-' },
      ],
    },
    {
      name: 'odd script text: what could be read is still checked',
      solution: { desktopFlows: { Broken: "@SENSITIVE [\n@INPUT : {\n@INPUT Password : { 'DefaultValue': $'''unterminated" } },
      errors: [{ messageId: 'notSensitive', messageIncludes: ["input 'Password'", 'script line 3'] }],
    },
    {
      name: 'desktop flow in an unpacked solution data file is located there',
      groups: [
        folderGroup('unpacked', {
          ...solutionFiles({ withoutCustomizations: true }),
          [`Workflows/Login-${DESKTOP.toUpperCase()}.json.data.xml`]: `<?xml version="1.0" encoding="utf-8"?>\n${desktopWorkflowXml('Login', DESKTOP, script([], ['ApiKey']))}\n`,
        }),
      ],
      errors: [{ messageId: 'notSensitive', file: '.json.data.xml', pointer: `/Workflow/${DESKTOP}/Definition/input/ApiKey` }],
    },
  ],
});
