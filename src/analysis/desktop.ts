/**
 * Desktop flow scripts, parsed once per desktop flow and shared by every rule that reads them
 * (`desktop-input-not-sensitive`, `hardcoded-secret`).
 */
import type { DesktopFlow } from '../model/types.js';
import { parseRobin, type RobinScript } from '../parse/robin.js';

export { desktopLiterals, desktopScriptNode, type DesktopLiteral, type RobinScript, type RobinVariable } from '../parse/robin.js';

const parsed = new WeakMap<DesktopFlow, RobinScript>();

export function desktopScript(flow: DesktopFlow): RobinScript {
  let script = parsed.get(flow);
  if (!script) {
    script = parseRobin(flow.script);
    parsed.set(flow, script);
  }
  return script;
}
