/**
 * Facts several rules share, computed at most once per flow, solution or project and cached.
 * Rules reach them through `context.analysis`.
 */
import { DEFAULT_SECRET_SETTINGS, type SecretSettings } from './platform.js';

/** Run-wide settings analyses depend on (from configuration). */
export interface AnalysisSettings {
  readonly secrets: SecretSettings;
}

export const DEFAULT_ANALYSIS_SETTINGS: AnalysisSettings = { secrets: DEFAULT_SECRET_SETTINGS };

export interface Analysis {
  readonly settings: AnalysisSettings;
  /** Memoises `compute(key)` for the lifetime of a run (keys are model nodes). */
  memo<K extends object, V>(name: string, key: K, compute: (key: K) => V): V;
}

export function createAnalysis(settings: AnalysisSettings = DEFAULT_ANALYSIS_SETTINGS): Analysis {
  const tables = new Map<string, WeakMap<object, unknown>>();
  return {
    settings,
    memo<K extends object, V>(name: string, key: K, compute: (key: K) => V): V {
      let table = tables.get(name);
      if (!table) {
        table = new WeakMap();
        tables.set(name, table);
      }
      if (table.has(key)) return table.get(key) as V;
      const value = compute(key);
      table.set(key, value);
      return value;
    },
  };
}
