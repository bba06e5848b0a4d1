/**
 * Flags flows that are not bound through connection references. In a solution, each flow
 * connection must name a `connectionReferenceLogicalName` that the solution defines, and every
 * connector action must use a connection the flow declares; otherwise the flow runs on whatever
 * personal connection the maker had, in every environment it is imported into. A connection that
 * names neither a reference nor a connection (`"connection": {}`) is bound by nothing at import.
 * Legacy packages and lone flows get a note: they are not solution-aware at all.
 * https://learn.microsoft.com/power-apps/maker/data-platform/create-connection-reference
 */
import { defineRule, fileNameOf, type Flow, joinPointer, label } from '../src/rule-api.js';

export default defineRule({
  meta: {
    id: 'connection-reference-missing',
    title: 'Connection reference missing',
    description: 'Require flow connections to go through connection references defined in the solution.',
    rationale:
      'A flow bound to a concrete connection instead of a connection reference keeps the credentials of the maker who built it: after import into test or production it still runs as that person, and the connection cannot be swapped per environment by deployment settings. A logical name the solution does not define, or an action using a connection the flow never declares, breaks the import or silently binds the action to the wrong identity.',
    defaultLevel: 'error',
    precision: 'very-high',
    // A governance finding, not a security alert: no securitySeverity. GitHub takes an alert's
    // security severity from the rule alone, so the note for legacy packages would otherwise show
    // as a Medium security alert.
    tags: ['alm', 'connections', 'governance'],
    recommended: true,
    since: '0.1.0',
    messages: {
      boundToConnection:
        "Flow connection '{{key}}' is bound to a specific connection instead of a connection reference; bind it to a connection reference (connectionReferenceLogicalName) so each environment supplies its own connection.",
      noReference:
        "Flow connection '{{key}}' names no connection reference (its connection has no connectionReferenceLogicalName, as in exports made before connection references existed); open the flow in its solution and re-pick the connection so that it goes through a connection reference.",
      undefinedReference:
        "Flow connection '{{key}}' uses connection reference '{{logicalName}}', which solution '{{solution}}' does not define; add that connection reference to the solution or correct the logical name.",
      undeclaredConnection:
        "{{role}} '{{action}}' uses connection '{{connection}}', which the flow's connectionReferences do not declare; add it to the flow through a connection reference.",
      notSolutionAware:
        "Flow '{{flow}}' is not solution-aware ({{container}}): its connections belong to whoever created them; move it into a solution and use connection references.",
    },
    defaultOptions: {},
    references: ['CWE-522', 'https://learn.microsoft.com/power-apps/maker/data-platform/create-connection-reference'],
  },
  create(context) {
    function checkConnectionsDeclared(flow: Flow): void {
      if (flow.connectionReferencesPointer === undefined) return;
      const declared = new Set(flow.connectionReferences.map((r) => r.key));
      for (const operation of [...flow.triggers, ...flow.actions]) {
        const connection = operation.connector?.connectionName;
        if (!connection || declared.has(connection)) continue;
        const hostPointer = joinPointer(operation.location.pointer, 'inputs', 'host');
        context.report({
          node: operation,
          pointer:
            operation.connector?.apiId !== undefined || operation.type.toLowerCase().startsWith('openapi')
              ? joinPointer(hostPointer, 'connectionName')
              : joinPointer(hostPointer, 'connection'),
          messageId: 'undeclaredConnection',
          data: { role: operation.role === 'trigger' ? label('Trigger') : label('Action'), action: operation.name, connection },
        });
      }
    }

    return {
      flow(flow) {
        checkConnectionsDeclared(flow);
        const { solution } = flow;
        if (solution.kind !== 'solution') {
          // A lone flow file whose connections all use logical names came out of a solution.
          const solutionAware = flow.connectionReferences.length > 0 && flow.connectionReferences.every((r) => r.referenceLogicalName !== undefined);
          if (solutionAware) return;
          context.report({
            node: flow,
            pointer: flow.connectionReferencesPointer ?? flow.definitionPointer,
            messageId: 'notSolutionAware',
            level: 'note',
            data: { flow: flow.displayName, container: solution.kind === 'package' ? label('legacy flow package') : label('flow definition outside a solution') },
          });
          return;
        }
        const defined = new Set(solution.connectionReferences.map((r) => r.logicalName.toLowerCase()));
        const external = new Set(solution.externalConnectionReferences.map((n) => n.toLowerCase()));
        for (const reference of flow.connectionReferences) {
          if (reference.referenceLogicalName === undefined) {
            // `"connection": {}` (exports from before connection references): nothing binds it at import.
            const messageId = reference.connectionName === undefined ? 'noReference' : 'boundToConnection';
            context.report({ node: reference, messageId, data: { key: reference.key } });
            continue;
          }
          const name = reference.referenceLogicalName.toLowerCase();
          if (!solution.hasCustomizations || defined.has(name) || external.has(name)) continue;
          context.report({
            node: reference,
            pointer: joinPointer(reference.location.pointer, 'connection', 'connectionReferenceLogicalName'),
            messageId: 'undefinedReference',
            data: { key: reference.key, logicalName: reference.referenceLogicalName, solution: solution.displayName ?? fileNameOf(solution.root) },
          });
        }
      },
    };
  },
});
