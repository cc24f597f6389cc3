import { act, render, screen } from '@testing-library/react';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { dismissToasts } from '../test/toasts';

// The module keeps whether the region is wanted: each test loads it afresh.
async function loadToast() {
  vi.resetModules();
  return import('./toast');
}

describe('the toast region', () => {
  beforeEach(() => {
    vi.useRealTimers();
  });
  afterEach(dismissToasts);

  it('is not on the page while it loads, and comes with the first toast, which it then says', async () => {
    const { Toaster, notifySuccess } = await loadToast();
    render(<Toaster />);
    await act(() => new Promise((resolve) => setTimeout(resolve, 100)));
    // Nothing of sonner's is loaded or mounted as the page starts.
    expect(screen.queryByRole('region', { name: /notifications/i })).toBeNull();
    notifySuccess('Saved the shipment.');
    expect(await screen.findByText('Saved the shipment.')).toBeTruthy();
    expect(screen.getByRole('region', { name: /notifications/i }).getAttribute('aria-live')).toBe('polite');
  });

  it('mounts once the page has settled, so that it is there before a later toast', async () => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] });
    const { Toaster } = await loadToast();
    render(<Toaster />);
    expect(screen.queryByRole('region', { name: /notifications/i })).toBeNull();
    await act(async () => {
      await vi.advanceTimersByTimeAsync(3000);
    });
    vi.useRealTimers();
    expect(await screen.findByRole('region', { name: /notifications/i })).toBeTruthy();
  });
});
