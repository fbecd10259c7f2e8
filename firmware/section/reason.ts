// Why a section is not updating normally, in words: one rule for the web page, MQTT and Home
// Assistant, so each says the same thing about the same state.

/** The reason for a state other than running normally ('' when it runs normally). The time
 *  of the next try is not in it: each reader shows next_check in its own format. */
// Why: a status page that says 'invalid' or 'hold' without why leaves the user guessing.
export function reasonOf(state: string, error: string): string {
  if (state === 'invalid') return 'config error: ' + (error || 'see the section editor');
  if (state === 'disabled') return 'disabled: enabled is 0';
  if (state === 'off') return 'stopped by a command: start or update runs it again';
  if (state === 'stopped') return (error || 'stopped') + '; no more updates until the config changes or an update command';
  if (state === 'failed') return (error || 'failed') + '; retries used up';
  if (state === 'hold') return 'the provider asked to wait' + (error ? ': ' + error : '');
  if (state === 'retry') return 'retrying after a failure' + (error ? ': ' + error : '');
  if (state === 'offline') return 'no network';
  if (state === 'done') return 'run once: done';
  return error;
}
