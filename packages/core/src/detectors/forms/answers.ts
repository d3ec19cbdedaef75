/**
 * What a form framework's answer means, beyond its status: part of the lazy file
 * leadbeacon-plugins.min.js, fetched when the page starts one of these requests. Each framework
 * is recognised by its request (requests.ts), its answer read as the framework itself sends it:
 * - SvelteKit `use:enhance` (`x-sveltekit-action`): HTTP 200 with `{ "type": "failure" }` for
 *   `fail(422)`; `error` also fails; `success` and `redirect` are leads;
 * - Next.js Server Actions (`Next-Action`): a thrown error is a 500 (the status says it); a
 *   returned value is row 1 of the React Flight answer (`0:{"a":"$@1",…}` then `1:{…}`);
 * - React Router / Remix actions (`/route.data` single fetch, turbo-stream encoded as
 *   `{ data }` or `{ error }`; `?_data=` in Remix 2: plain JSON).
 * A returned value says the submission failed when it has `errors` (non-empty), `error`,
 * `success: false` or `ok: false`: the shape those frameworks' docs and form libraries use.
 */

export type Framework = 'sveltekit' | 'next' | 'router';

type Obj = Record<string, unknown>;
const isObj = (v: unknown): v is Obj => !!v && typeof v === 'object' && !Array.isArray(v);

/** A returned value that says the submission failed. */
export function saysFailed(v: unknown): boolean {
  if (!isObj(v)) return false;
  const errors = v.errors;
  const some = Array.isArray(errors) ? errors.length > 0 : isObj(errors) ? Object.keys(errors).length > 0 : !!errors;
  return some || !!v.error || v.success === false || v.ok === false;
}

/** The value a Next.js Server Action returned: the Flight row that row 0's `a` points at. */
function flightResult(text: string): unknown {
  const rows = new Map<string, string>();
  for (const line of text.split('\n')) {
    const colon = line.indexOf(':');
    if (colon > 0) rows.set(line.slice(0, colon), line.slice(colon + 1));
  }
  const head = JSON.parse(rows.get('0') || '{}') as { a?: unknown };
  const ref = typeof head.a === 'string' && /^\$@([0-9a-f]+)$/.exec(head.a);
  return ref ? JSON.parse(rows.get(ref[1]!) || 'null') : head.a;
}

/**
 * turbo-stream's flat form (React Router's single fetch): a JSON array whose first entry is the
 * root; an object's keys are `_<index of the key>` and its values indexes into the array
 * (negative ones are constants such as undefined and null). Decoded two levels deep: enough for
 * `{ data: { errors: … } }`.
 */
function turboValue(flat: unknown[], i: unknown, depth = 0): unknown {
  if (typeof i !== 'number' || i < 0) return undefined;
  const v = flat[i];
  if (!isObj(v) || depth > 2) return v;
  const out: Obj = {};
  for (const [k, at] of Object.entries(v)) out[String(flat[+k.slice(1)])] = turboValue(flat, at, depth + 1);
  return out;
}

function routerResult(text: string): unknown {
  const first = JSON.parse(text.split('\n')[0]!) as unknown;
  if (!Array.isArray(first)) return first;
  const root = turboValue(first, 0) as Obj | undefined;
  // A thrown error is `{ error }`; otherwise `{ data }`, under the route's id in some versions.
  if (!isObj(root) || root.error !== undefined) return { error: true };
  if ('data' in root) return root.data;
  const [single] = Object.values(root);
  return isObj(single) && single.error !== undefined ? { error: true } : isObj(single) ? single.data : undefined;
}

/** Whether the answer (its status below 400) says the submission went through. Unreadable: it did. */
export function answerOk(framework: Framework, text: string): boolean {
  try {
    if (framework === 'sveltekit') {
      const type = (JSON.parse(text) as { type?: string }).type;
      return type !== 'failure' && type !== 'error';
    }
    return !saysFailed(framework === 'next' ? flightResult(text) : routerResult(text));
  } catch {
    return true;
  }
}
