/**
 * What a form plugin's answer says, read by the main script: its plugins file may still be on
 * its way or missing (never copied beside the script, blocked, a 404), and then the plugin's own
 * success signal is not heard. The plugins answer with HTTP 200 whatever the outcome:
 * - Contact Form 7 (REST, 4.8 and later): `status` is `mail_sent` for a sent message, and
 *   `validation_failed`, `spam`, `mail_failed`, `acceptance_missing`, `aborted`… otherwise;
 *   before 4.8, `mailSent: false`;
 * - WordPress's admin-ajax (Elementor Pro, WPForms, Gravity Forms' AJAX): `success: false`.
 * Without the plugins file a form framework's answer is read the same way (SvelteKit's
 * `type: "failure"` or `"error"`). An answer that is no JSON object counts by its status.
 */
export function answerSaysSent(text: string): boolean {
  try {
    const a = JSON.parse(text) as Record<string, unknown>;
    const failed = a.success === false || a.ok === false || a.mailSent === false || a.type === 'failure' || a.type === 'error';
    return !failed && !(typeof a.status === 'string' && a.status !== 'mail_sent');
  } catch {
    return true;
  }
}
