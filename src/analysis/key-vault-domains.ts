/**
 * The DNS domains of Azure Key Vault data planes in every cloud, plus Managed HSM
 * (docs/formats.md §4): one list that every vault-host, vault-URL and audience pattern is built from.
 */
export const KEY_VAULT_DOMAINS: readonly string[] = ['vault.azure.net', 'vault.azure.cn', 'vault.usgovcloudapi.net', 'vault.microsoftazure.de', 'managedhsm.azure.net'];

/** The domains as a regular-expression alternation (`vault\.azure\.net|…`), for a group. */
export const KEY_VAULT_DOMAIN_PATTERN = KEY_VAULT_DOMAINS.map((domain) => domain.replace(/\./g, '\\.')).join('|');
