/**
 * What a run ran with, for people: the engine's effective options (each with where its value came
 * from: an option, the environment, a default) and the seed with its source. Read from the final
 * report when it is the run's, else from the SIM phase's live figures.
 */
import { num, obj, text } from './events';
import type { EffectiveOption, MasterReport } from './report';
import type { RunView } from './runView';

export interface NamedOption extends EffectiveOption {
  name: string;
}

export interface RunInputs {
  /** Sorted by name. */
  engineOptions: readonly NamedOption[];
  seed: number | null;
  seedSource: string | null;
}

/** The run's inputs, or null while neither the report nor the SIM phase has said. */
export function runInputs(view: RunView, report: MasterReport | null): RunInputs | null {
  if (report !== null && report.run_id === view.runId && report.engine !== undefined) {
    const effective = report.engine.effective_options;
    const options =
      effective !== undefined
        ? named(effective)
        : named(
            Object.fromEntries(
              Object.entries(report.engine.options ?? {}).map(([k, v]) => [
                k,
                { value: v, source: 'option' },
              ]),
            ),
          );
    return {
      engineOptions: options,
      seed: report.inputs?.seed ?? null,
      seedSource: report.inputs?.seed_source ?? null,
    };
  }
  const sim = view.figures.sim;
  if (sim === undefined) {
    return null;
  }
  const options = obj(sim, 'engine_options');
  return {
    engineOptions: options === null ? [] : named(parseOptions(options)),
    seed: num(sim, 'seed'),
    seedSource: text(sim, 'seed_source'),
  };
}

/** One option as the CLI prints it: {@code fault=error:0.5 (environment TORON_FAULT)}. */
export function describeOption(option: NamedOption): string {
  const value = option.value === '' ? '""' : option.value;
  const source =
    option.variable === undefined ? option.source : `${option.source} ${option.variable}`;
  return `${option.name}=${value} (${source})`;
}

/** The warning a passed phase carries (e.g. a replay that drifted within its floor), or null. */
export function phaseWarning(view: RunView, phase: string): string | null {
  const figures = view.figures[phase];
  return figures === undefined ? null : text(figures, 'warning');
}

function parseOptions(json: Record<string, unknown>): Record<string, EffectiveOption> {
  const options: Record<string, EffectiveOption> = {};
  for (const [name, value] of Object.entries(json)) {
    if (typeof value !== 'object' || value === null) {
      continue;
    }
    const entry = value as Record<string, unknown>;
    const optionValue = text(entry, 'value');
    const source = text(entry, 'source');
    if (optionValue === null || source === null) {
      continue;
    }
    const variable = text(entry, 'variable');
    options[name] =
      variable === null ? { value: optionValue, source } : { value: optionValue, source, variable };
  }
  return options;
}

function named(options: Record<string, EffectiveOption>): NamedOption[] {
  return Object.keys(options)
    .sort()
    .map((name) => ({ name, ...(options[name] as EffectiveOption) }));
}
