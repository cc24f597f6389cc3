// Sonner keeps active toasts between renders (and replays them to a new
// Toaster), and closes a dismissed toast on timers of its own (a tick, then
// 200 ms before unmount). A test that shows toasts ends by dismissing them and
// letting those timers run while the DOM still exists: a timer left to fire
// after the file's environment is torn down fails the run with
// "window is not defined" although every test passed.
const SONNER_UNMOUNT_MS = 200;

export async function dismissToasts(): Promise<void> {
  (await import('sonner')).toast.dismiss();
  await new Promise((resolve) => setTimeout(resolve, SONNER_UNMOUNT_MS + 100));
}
