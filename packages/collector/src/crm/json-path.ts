/**
 * The few JSON paths a webhook mapping needs: `$.properties.dealstage`, `$.items[0].id`,
 * `$['deal stage']`. No filters or wildcards: one path names one value.
 */

export type PathStep = string | number;

const STEP = /^(?:\.([A-Za-z_$][\w$-]*)|\[(\d+)\]|\['((?:[^'\\]|\\.)*)'\]|\["((?:[^"\\]|\\.)*)"\])/;

/** The steps of a path; throws naming the path when it is not one this reader takes. */
export function parsePath(path: string): PathStep[] {
  if (!path.startsWith('$')) throw new Error(`JSON path '${path}' must start with $`);
  const steps: PathStep[] = [];
  let rest = path.slice(1);
  while (rest) {
    const m = STEP.exec(rest);
    if (!m) throw new Error(`JSON path '${path}': cannot read '${rest}' (use $.name, $['name'] or $.list[0])`);
    if (m[1] !== undefined) steps.push(m[1]);
    else if (m[2] !== undefined) steps.push(Number(m[2]));
    else steps.push((m[3] ?? m[4]!).replace(/\\(.)/g, '$1'));
    rest = rest.slice(m[0].length);
  }
  return steps;
}

/** The value at `steps` in `value`, or undefined when any step is missing. */
export function readPath(value: unknown, steps: readonly PathStep[]): unknown {
  let at = value;
  for (const step of steps) {
    if (at === null || typeof at !== 'object') return undefined;
    if (typeof step === 'number' ? !Array.isArray(at) : Array.isArray(at)) return undefined;
    if (!Object.hasOwn(at, step)) return undefined;
    at = (at as Record<PathStep, unknown>)[step];
  }
  return at;
}
