/**
 * Whether a field hidden from people is filled: only a script fills it. Hidden: CSS (display,
 * visibility, opacity), off-screen or at most 1 pixel, under aria-hidden, or out of the tab order
 * with autocomplete off/new-password as the common plugins make theirs (shared/reference/spam-leads.md).
 * Reads no more of a value than whether it is empty. Passwords (which password managers fill) and
 * fields the browser autofilled (`:autofill`) are left out: autofill fills visible fields.
 */
export function honeypotFilled(win: Window, form: HTMLFormElement): boolean | undefined {
  try {
    for (const f of form.elements as unknown as HTMLInputElement[]) {
      if (!f.value || /^(hidden|password|submit|button)$/.test(f.type) || f.matches(':autofill')) continue;
      const r = f.getBoundingClientRect();
      const s = win.getComputedStyle(f);
      if (
        f.closest('[aria-hidden=true]') ||
        (f.tabIndex < 0 && /off|new-password/.test(f.autocomplete)) ||
        (r.width < 2 && r.height < 2) ||
        r.right <= 0 ||
        s.visibility == 'hidden' ||
        s.opacity == '0'
      )
        return true;
    }
    return false;
  } catch {
    return undefined; // a browser without :autofill: not measured
  }
}
