import rule from '../../rules/secret-exposed.js';
import { ruleTester } from '../helpers/rule-tester.js';
import { compose, connector, desktopFlowId, flow, http, kvGetSecret, terminate, type Json } from '../helpers/builders.js';

const A = '/properties/definition/actions';
const secured = { secureInputs: true, secureOutputs: true };
const secret = "@{body('Get_secret')?['value']}";
const mail = (body: string) => connector('shared_office365', 'SendEmailV2', { 'emailMessage/To': 'ops@contoso.example', 'emailMessage/Body': body });
const buttonWith = (properties: Record<string, Json>) => ({ manual: { type: 'Request', kind: 'Button', inputs: { schema: { type: 'object', properties } } } });
/** A desktop flow whose AccessToken output is sensitive, and a cloud flow that runs it and e-mails an output. */
const desktopToken = (field: string) => ({
  flows: {
    Renew: flow({
      Run_desktop: connector('shared_uiflow', 'RunUIFlow_V2', { uiFlowId: desktopFlowId(0), runMode: 'unattended' }, { secureInputs: true, secureOutputs: true }),
      Mail: mail(`@{body('Run_desktop')?['${field}']}`),
    }),
  },
  desktopFlows: { Login: ["@SENSITIVE: ['AccessToken']", "@OUTPUT AccessToken : { 'Type': 'String' }", "@OUTPUT Status : { 'Type': 'String' }"].join('\r\n') },
});
const login = { Login: http({ method: 'POST', uri: 'https://api.contoso.example/login', body: { user: 'svc', password: "@parameters('Password (cts_Password)')" } }, secured) };

ruleTester(rule, {
  valid: [
    { name: 'secret only in a header of a secured call', flow: flow({ Get_secret: kvGetSecret('k', secured), Call: http({ headers: { k: secret } }, secured) }) },
    { name: 'Terminate with a status message', flow: flow({ Get_secret: kvGetSecret('k', secured), Stop: terminate("Key @{body('Get_secret')?['name']} expired") }) },
    {
      name: 'e-mail without the secret',
      flow: flow({ Get_secret: kvGetSecret('k', secured), Mail: connector('shared_office365', 'SendEmailV2', { 'emailMessage/Body': 'Rotated.' }) }),
    },
    {
      name: 'Dataverse read is not a write',
      flow: flow({ Get_secret: kvGetSecret('k', secured), List: connector('shared_commondataserviceforapps', 'ListRecords', { entityName: "@{body('Get_secret')?['value']}" }) }),
    },
    {
      name: 'e-mailing a trigger input that is not a secret',
      flow: flow({ Mail: mail("@{triggerBody()?['text']}") }, { triggers: buttonWith({ text: { title: 'Name', type: 'string' }, text_1: { title: 'Password', type: 'string' } }) }),
    },
    { name: 'e-mailing a field of a login answer that is not the token', flow: flow({ ...login, Mail: mail("@{body('Login')?['displayName']}") }) },
    { name: "e-mailing a desktop flow's output that is not sensitive", solution: desktopToken('Status') },
  ],
  invalid: [
    {
      name: "a desktop flow's sensitive output (an access token) returned to the cloud flow and e-mailed",
      solution: desktopToken('AccessToken'),
      errors: [{ messageId: 'exposed', messageIncludes: ['sensitive desktop flow output', "'Run_desktop'"] }],
    },
    {
      name: 'a Power Apps V2 password input e-mailed',
      flow: flow(
        { Mail: mail("Your password: @{triggerBody()?['text_1']}") },
        { triggers: buttonWith({ text: { title: 'Name', type: 'string' }, text_1: { title: 'Password', type: 'string' } }) },
      ),
      errors: [{ messageId: 'exposed', messageIncludes: ['secret trigger input'] }],
    },
    {
      name: 'a Request trigger clientSecret stored in SharePoint through the whole body',
      flow: flow(
        { Save: connector('shared_sharepointonline', 'PostItem', { dataset: 'https://contoso.sharepoint.com', table: 'Keys', 'item/Value': "@{triggerOutputs()?['body']}" }) },
        { triggers: { manual: { type: 'Request', kind: 'Http', inputs: { schema: { type: 'object', properties: { clientSecret: { type: 'string' } } } } } } },
      ),
      errors: [{ messageId: 'exposed' }],
    },
    {
      name: 'a session token from a login call that was sent a password, e-mailed',
      flow: flow({ ...login, Mail: mail("@{body('Login')?['sessionToken']}") }),
      errors: [{ messageId: 'exposed', messageIncludes: ['session token'] }],
    },
    {
      name: 'Terminate error message',
      flow: flow({ Get_secret: kvGetSecret('k', secured), Stop: terminate(`Failed with ${secret}`) }),
      errors: [{ messageId: 'exposed', pointer: `${A}/Stop/inputs/runError/message`, messageIncludes: ["the run's error"] }],
    },
    {
      name: 'HTTP response',
      flow: flow({ Get_secret: kvGetSecret('k', secured), Respond: { type: 'Response', kind: 'Http', runAfter: {}, inputs: { statusCode: 200, body: { key: secret } } } }),
      errors: [{ messageId: 'exposed', messageIncludes: ['HTTP response'] }],
    },
    {
      name: 'Power Apps response',
      flow: flow({ Get_secret: kvGetSecret('k', secured), Respond: { type: 'Response', kind: 'PowerApp', runAfter: {}, inputs: { statusCode: 200, body: { key: secret } } } }),
      errors: [{ messageId: 'exposed', messageIncludes: ['Power Apps'] }],
    },
    {
      name: 'e-mail body',
      flow: flow({ Get_secret: kvGetSecret('k', secured), Mail: connector('shared_office365', 'SendEmailV2', { 'emailMessage/Body': `<p>${secret}</p>` }) }),
      errors: [{ messageId: 'exposed', pointer: `${A}/Mail/inputs/parameters/emailMessage~1Body` }],
    },
    {
      name: 'Teams message through a Compose',
      flow: flow({
        Get_secret: kvGetSecret('k', secured),
        Compose: compose(secret),
        Post: connector('shared_teams', 'PostMessageToConversation', { 'body/messageBody': "@{outputs('Compose')}" }),
      }),
      errors: [{ messageId: 'exposed', messageIncludes: ["through 'Compose'", 'Teams'], dataFlowLength: 3 }],
    },
    {
      name: 'Dataverse row',
      flow: flow({
        Get_secret: kvGetSecret('k', secured),
        Save: connector('shared_commondataserviceforapps', 'CreateRecord', { entityName: 'accounts', 'item/description': secret }),
      }),
      errors: [{ messageId: 'exposed', messageIncludes: ['Dataverse row'] }],
    },
    {
      name: 'SharePoint file',
      flow: flow({ Get_secret: kvGetSecret('k', secured), Save: connector('shared_sharepointonline', 'CreateFile', { body: secret }) }),
      errors: [{ messageId: 'exposed', messageIncludes: ['SharePoint file'] }],
    },
    {
      name: 'tracked properties',
      flow: flow({
        Get_secret: kvGetSecret('k', secured),
        Call: { type: 'Http', runAfter: {}, inputs: { method: 'GET', uri: 'https://x.example' }, trackedProperties: { key: secret } },
      }),
      errors: [{ messageId: 'exposed', pointer: `${A}/Call/trackedProperties/key` }],
    },
    {
      name: 'definition outputs',
      flow: flow({ Get_secret: kvGetSecret('k', secured) }, { outputs: { key: { type: 'String', value: secret } } }),
      errors: [{ messageId: 'exposed', pointer: '/properties/definition/outputs/key/value', messageIncludes: ['flow outputs'] }],
    },
  ],
});
