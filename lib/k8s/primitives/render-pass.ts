/**
 * Values computed once while objects are rendered to JSON. A workload's configuration files, for
 * one, feed its ConfigMap, its pod template and the template's hash, and the checks that run just
 * before rendering read them too: between the start of those checks and the end of rendering
 * nothing changes them, so they are rendered once. Outside a pass, every call computes afresh.
 */
let pass: WeakMap<object, Map<string, unknown>> | undefined;

/** Runs `render` with a fresh cache for {@link oncePerRender}, dropped when it ends (also on errors). */
export function inRenderPass<T>(render: () => T): T {
  const outer = pass;
  pass = new WeakMap();
  try {
    return render();
  } finally {
    pass = outer;
  }
}

/** `compute()`, computed once per owner and key while rendering; callers must not change the value. */
export function oncePerRender<T>(owner: object, key: string, compute: () => T): T {
  if (pass === undefined) return compute();
  let values = pass.get(owner);
  if (values === undefined) pass.set(owner, (values = new Map()));
  if (values.has(key)) return values.get(key) as T;
  const value = compute();
  values.set(key, value);
  return value;
}
