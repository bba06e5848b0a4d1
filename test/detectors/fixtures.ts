/**
 * Fixtures for the secret rules and detectors: environment variable files, deployment settings,
 * desktop flow records and obviously fake credentials built at run time (see samples.ts), so no
 * live-looking credential is written in the repository.
 */
import { ALNUM, BASE64URL, HEX, base64url, fake, fakeBase64, fakeGuid, fakeJwt } from '../../src/analysis/detectors/samples.js';
import { customizationsXml, jsonText, type Json } from '../helpers/builders.js';

export const ENTRA_TAIL = `${ALNUM}_~.-`;

/** Obviously fake credentials of each shape, stable across runs. */
export const FAKE = {
  random40: fake(ALNUM, 40, 1001),
  random32: fake(ALNUM, 32, 1002),
  hex32: fake(HEX, 32, 1003),
  entraSecret: `FAK8Q~${fake(ENTRA_TAIL, 34, 1004)}`,
  jwt: fakeJwt(1005),
  githubToken: `ghp_${fake(ALNUM, 36, 1006)}`,
  functionKey: `${fake(BASE64URL, 54, 1007)}==`,
  storageKey: fakeBase64(64, 1008),
  sig: fake(BASE64URL, 43, 1009),
  basic: Buffer.from(`svc-flow:${fake(ALNUM, 20, 1010)}`).toString('base64'),
  guid: fakeGuid(1011),
  base64url,
};

export function triggerUrl(sig = FAKE.sig): string {
  return `https://prod-00.westeurope.logic.azure.com:443/workflows/${fake(HEX, 32, 1012)}/triggers/manual/paths/invoke?api-version=2016-06-01&sp=%2Ftriggers%2Fmanual%2Frun&sv=1.0&sig=${sig}`;
}

export interface EnvVarSpec {
  /** 'String' | 'Secret' | 'JSON' ... */
  readonly type?: 'String' | 'Secret' | 'JSON' | 'Number' | 'Boolean';
  readonly displayName?: string;
  readonly defaultValue?: string;
  readonly value?: string;
  readonly secretStore?: number;
}

const TYPE_CODES = { String: 100000000, Number: 100000001, Boolean: 100000002, JSON: 100000003, Secret: 100000005 } as const;

function xmlEscape(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

/** `environmentvariabledefinitions/<schema>/...` files of an unpacked solution. */
export function envVarFiles(schemaName: string, spec: EnvVarSpec): Record<string, string> {
  const type = TYPE_CODES[spec.type ?? 'String'];
  const defaultValue = spec.defaultValue !== undefined ? `\n  <defaultvalue>${xmlEscape(spec.defaultValue)}</defaultvalue>` : '';
  const files: Record<string, string> = {
    [`environmentvariabledefinitions/${schemaName}/environmentvariabledefinition.xml`]: `<environmentvariabledefinition schemaname="${schemaName}">
  <displayname default="${spec.displayName ?? schemaName}">
    <label description="${spec.displayName ?? schemaName}" languagecode="1033" />
  </displayname>${defaultValue}
  <introducedversion>1.0.0.0</introducedversion>
  <iscustomizable>1</iscustomizable>
  <isrequired>0</isrequired>
  <secretstore>${spec.secretStore ?? 0}</secretstore>
  <type>${type}</type>
</environmentvariabledefinition>
`,
  };
  if (spec.value !== undefined) {
    files[`environmentvariabledefinitions/${schemaName}/environmentvariablevalues.json`] = jsonText({
      environmentvariablevalues: { environmentvariablevalue: { '@environmentvariablevalueid': FAKE.guid, iscustomizable: '1', value: spec.value } },
    });
  }
  return files;
}

/** A deployment settings file (`pac solution create-settings` shape). */
export function deploymentSettings(variables: Record<string, string>): string {
  return jsonText({
    EnvironmentVariables: Object.entries(variables).map(([SchemaName, Value]) => ({ SchemaName, Value })),
    ConnectionReferences: [],
  });
}

/** An env-var parameter as the designer writes it into `definition.parameters`. */
export function envVarParameter(schemaName: string, defaultValue: Json = '', type = 'String'): Record<string, Json> {
  return { [`${schemaName.replace(/^[a-z]+_/, '')} (${schemaName})`]: { defaultValue, type, metadata: { schemaName } } };
}

/** customizations.xml holding one desktop flow (Category 6) with the given Robin script. */
export function desktopFlowCustomizations(script: string): string {
  const base = customizationsXml([]);
  const workflow = `    <Workflow WorkflowId="{0000aaaa-1111-2222-3333-0000000000d1}" Name="Desktop login">
      <JsonFileName>/Workflows/Desktoplogin-0000AAAA-1111-2222-3333-0000000000D1.json</JsonFileName>
      <Category>6</Category>
      <UIFlowType>2</UIFlowType>
      <Definition>${xmlEscape(JSON.stringify(script))}</Definition>
      <LocalizedNames>
        <LocalizedName languagecode="1033" description="Desktop login" />
      </LocalizedNames>
    </Workflow>`;
  // A function replacement: scripts contain `$'`, which a replacement string would expand.
  return base.replace('<Workflows>\n', () => `<Workflows>\n${workflow}\n`);
}
