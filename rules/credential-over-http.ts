/**
 * Flags HTTP calls that send a credential to a plain `http://` address: a secret from Key Vault or
 * another source in the request, an `authentication` object, or a header named like a credential.
 * Anyone on the network path can read it. Loopback addresses are left alone.
 * https://cwe.mitre.org/data/definitions/319.html
 */
import { asRecord, defineRule, httpRequestOf, isSecretName, label, lastKeyOf, names, pointerOf, secretsOf, type Name } from '../src/rule-api.js';

const PLAIN_HTTP = /^http:\/\/(?!(?:localhost|127\.\d+\.\d+\.\d+|\[::1\])(?:[:/?#]|$))/i;

export default defineRule({
  meta: {
    id: 'credential-over-http',
    title: 'Credential sent over plain HTTP',
    description: 'Disallow sending secrets or credentials to a plain http:// address.',
    rationale:
      'An HTTP action that calls an http:// address sends its request unencrypted: a Key Vault secret in a header or body, the credentials of its authentication settings or an API key header can be read and replayed by anyone on the network path. Secure Inputs hides the value from run history, not from the wire. Call the https:// address of the service.',
    defaultLevel: 'error',
    securitySeverity: 7.0,
    precision: 'high',
    tags: ['security', 'secrets', 'transport', 'external/cwe/cwe-319'],
    recommended: true,
    since: '0.1.0',
    messages: {
      plainHttp: "Action '{{action}}' sends {{what}} to a plain http:// address, unencrypted; call the service's https:// address.",
    },
    defaultOptions: {},
    references: ['CWE-319', 'https://learn.microsoft.com/azure/connectors/connectors-native-http'],
  },
  create(context) {
    return {
      action(action) {
        const request = httpRequestOf(action);
        const uri = request?.uri;
        if (!request || !uri || !PLAIN_HTTP.test(uri.value.trim())) return;
        const authentication = asRecord(request.authentication?.value);
        let what: Name | undefined;
        if (secretsOf(context.analysis, action.flow).taintedUses(action).length > 0) what = label('a secret');
        else if (authentication && String(authentication.type ?? '').toLowerCase() !== 'none') what = label('the credentials of its authentication settings');
        else {
          const header = Object.keys(asRecord(request.headers?.value) ?? {}).find((name) => /^(proxy-)?authorization$/i.test(name) || isSecretName(name));
          if (header !== undefined) what = names`the credential header ${lastKeyOf(pointerOf([header]))}`;
        }
        if (what === undefined) return;
        context.report({ node: action, pointer: uri.pointer, messageId: 'plainHttp', data: { action: action.name, what } });
      },
    };
  },
});
