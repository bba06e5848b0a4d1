/**
 * Flags a desktop flow that writes a secret where people or other programs can read it: a file,
 * a CSV file, an Excel sheet, the clipboard, a dialog, an e-mail or a log. The secret is a
 * variable marked sensitive, one named like a secret, or a copy of either made with `SET`.
 * Marking a variable sensitive hides it from run logs only; what an action writes out stays there.
 */
import { defineRule, desktopScriptNode, desktopSecretWrites, type DesktopSinkKind, label, type Name, type RuleContext } from '../src/rule-api.js';

type MessageId = 'secretWritten' | 'copyWritten';

const SINK_LABELS: Record<DesktopSinkKind, Name> = {
  file: label('a file'),
  csv: label('a CSV file'),
  excel: label('an Excel worksheet'),
  clipboard: label('the clipboard'),
  dialog: label('a dialog on screen'),
  email: label('an e-mail'),
  log: label('a log'),
};

export default defineRule({
  meta: {
    id: 'desktop-secret-written',
    title: 'Desktop flow writes a secret out',
    description: 'Disallow desktop flows writing sensitive variables to files, spreadsheets, the clipboard, dialogs, e-mails or logs.',
    rationale:
      'Marking a desktop flow variable sensitive only keeps it out of run logs. An action that writes the value into a text or CSV file, an Excel sheet, the clipboard, a message box, an e-mail or a log leaves the password where anyone with access to that file, screen, mailbox or log reads it, long after the run.',
    defaultLevel: 'error',
    securitySeverity: 7.5,
    precision: 'high',
    tags: ['security', 'secrets', 'desktop-flows', 'logging', 'external/cwe/cwe-312', 'external/cwe/cwe-532'],
    recommended: true,
    since: '0.1.0',
    messages: {
      secretWritten:
        "Desktop flow '{{flow}}' writes {{why}} '{{variable}}' to {{sink}}: parameter '{{parameter}}' of {{action}} (script line {{line}}); keep secrets out of files, dialogs, e-mails and logs.",
      copyWritten:
        "Desktop flow '{{flow}}' writes '{{variable}}', a copy of the secret '{{source}}' (made at script line {{copyLine}}), to {{sink}}: parameter '{{parameter}}' of {{action}} (script line {{line}}); keep secrets out of files, dialogs, e-mails and logs.",
    },
    defaultOptions: {},
    references: ['CWE-312', 'CWE-532', 'https://learn.microsoft.com/power-automate/desktop-flows/manage-variables#sensitive-variables'],
  },
  create(context: RuleContext<Record<string, never>, MessageId>) {
    return {
      desktopFlow(flow) {
        for (const write of desktopSecretWrites(flow)) {
          const { variable } = write;
          const node = desktopScriptNode(flow, write.hintText, write.key, variable.name);
          const common = { flow: flow.logicalName, variable: variable.name, sink: SINK_LABELS[write.sink], parameter: write.parameter, action: write.action, line: write.line };
          if (variable.why === 'copy' && variable.copiedFrom !== undefined) {
            context.report({ node, messageId: 'copyWritten', data: { ...common, source: variable.copiedFrom, copyLine: variable.copyLine ?? 0 } });
          } else {
            context.report({
              node,
              messageId: 'secretWritten',
              data: { ...common, why: variable.why === 'sensitive' ? label('the sensitive variable') : label('the secret-named variable') },
            });
          }
        }
      },
    };
  },
});
