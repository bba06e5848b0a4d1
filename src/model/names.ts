/**
 * Names the model gives to things a rule points at without a model node of their own (a key in a
 * document, the file a unit came from). Names are shown by design; see `Name` in src/redact.ts.
 */
import { asName, type Name } from '../redact.js';
import type { ModelNode, SourceDocument, SourceRef } from './types.js';
import type { JsonPointer } from '../parse/pointer.js';

/** The file a unit or document came from, as reports show it. */
export function fileNameOf(source: SourceRef): Name {
  return asName(source.file);
}

/** The last key of a JSON pointer (`/a/b~1c` -> `b/c`). */
export function lastKeyOf(pointer: string): Name {
  return asName(
    pointer
      .slice(pointer.lastIndexOf('/') + 1)
      .replace(/~1/g, '/')
      .replace(/~0/g, '~'),
  );
}

/** A node for a place in a document that the model has no node for (a repeated JSON key, say). */
export function documentNode(document: SourceDocument, pointer: JsonPointer, logicalName: Name): ModelNode {
  return { location: { document, pointer }, logicalName, fullyQualifiedName: asName(`${document.unitPath}#${pointer}`), logicalKind: 'module' };
}

/** Types a workflow definition parameter may declare. */
const PARAMETER_TYPES = /^(string|securestring|int|float|bool|array|object|secureobject)$/i;

/** A parameter's declared type as written, when it is one of the definition language's types. */
export function parameterTypeName(type: string | undefined): Name | undefined {
  return type !== undefined && PARAMETER_TYPES.test(type) ? asName(type) : undefined;
}
