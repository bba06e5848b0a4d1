/** Environment variables in every export layout flowlint meets. */
import { describe, expect, it } from 'vitest';
import { buildUnit } from '../../src/model/build.js';
import { DEFAULT_LIMITS } from '../../src/sources/types.js';
import { customizationsXml, folderGroup, solutionManifestXml } from '../helpers/builders.js';

describe('environment variables', () => {
  it('reads the 2020-era <EnvironmentVariables><Definition> and environment_variable_values.json', () => {
    const customizations = customizationsXml([]).replace(
      '</ImportExportXml>',
      `  <EnvironmentVariables>
    <Definition IntroducedVersion="1.0.0.0">
      <SchemaName>cat_WebhookUrl</SchemaName>
      <Type>100000000</Type>
      <DefaultValue>https://example.invalid/default</DefaultValue>
    </Definition>
    <Definition IntroducedVersion="1.0.0.0">
      <SchemaName>cat_ApiSecret</SchemaName>
      <Type>100000005</Type>
    </Definition>
  </EnvironmentVariables>
</ImportExportXml>`,
    );
    const values = JSON.stringify({
      EnvironmentVariableValues: [{ 'EnvironmentVariableDefinition.SchemaName': 'cat_WebhookUrl', EnvironmentVariableValueId: 'x', Value: 'https://example.invalid/current' }],
    });
    const unit = buildUnit(
      folderGroup('old.zip', { 'solution.xml': solutionManifestXml('Old'), 'customizations.xml': customizations, 'environment_variable_values.json': values }, 'archive'),
      DEFAULT_LIMITS,
    );
    expect(unit.errors).toEqual([]);
    const byName = new Map<string, (typeof unit.solution.environmentVariables)[number]>(unit.solution.environmentVariables.map((v) => [v.schemaName, v]));
    expect(byName.get('cat_WebhookUrl')?.type).toBe('String');
    expect(byName.get('cat_WebhookUrl')?.defaultValue?.value.test((raw) => raw === 'https://example.invalid/default')).toBe(true);
    expect(byName.get('cat_WebhookUrl')?.currentValue?.value.test((raw) => raw === 'https://example.invalid/current')).toBe(true);
    expect(byName.get('cat_WebhookUrl')?.currentValue?.location.pointer).toBe('/EnvironmentVariableValues/0/Value');
    expect(byName.get('cat_ApiSecret')?.type).toBe('Secret');
  });
});
