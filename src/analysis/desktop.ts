/**
 * Desktop flow scripts, parsed once per desktop flow and shared by every rule that reads them
 * (`desktop-input-not-sensitive`, `hardcoded-secret`).
 */
import type { DesktopFlow } from '../model/types.js';
import { parseRobin, type RobinScript } from '../parse/robin.js';
import { oncePer } from '../once.js';

export { desktopLiterals, desktopScriptNode, type DesktopLiteral, type RobinScript, type RobinVariable } from '../parse/robin.js';

/** A desktop flow's Robin script, parsed once. */
export const desktopScript: (flow: DesktopFlow) => RobinScript = oncePer((flow) => parseRobin(flow.script));
