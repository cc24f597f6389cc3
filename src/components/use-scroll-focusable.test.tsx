import { act, render, screen } from '@testing-library/react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { RejectedRowsTable } from './RejectedRowsTable';
import { ResourceTable, type Column } from './ResourceTable';

// happy-dom does no layout (every scroll and client size is 0, so everything
// "fits") and its ResizeObserver never calls back: the tests set the sizes on
// the element and stand in for the observer.

/** A ResizeObserver the test triggers by hand, as the browser would after a resize. */
class FakeResizeObserver implements ResizeObserver {
  static instances: FakeResizeObserver[] = [];
  readonly observed = new Set<Element>();
  private readonly callback: ResizeObserverCallback;
  constructor(callback: ResizeObserverCallback) {
    this.callback = callback;
    FakeResizeObserver.instances.push(this);
  }
  observe(target: Element) {
    this.observed.add(target);
  }
  unobserve(target: Element) {
    this.observed.delete(target);
  }
  disconnect() {
    this.observed.clear();
  }
  resized() {
    this.callback([], this);
  }
}

function setSize(
  el: HTMLElement,
  sizes: Partial<Record<'scrollWidth' | 'clientWidth' | 'scrollHeight' | 'clientHeight', number>>,
) {
  for (const [key, value] of Object.entries(sizes)) {
    Object.defineProperty(el, key, { configurable: true, value });
  }
}

afterEach(() => {
  vi.unstubAllGlobals();
  FakeResizeObserver.instances = [];
});

interface Flag {
  sid: string;
  name: string;
}
const columns: Column<Flag>[] = [{ key: 'name', header: 'Name', cell: (f) => f.name }];
const noMorePages = { hasNextPage: false, isFetchingNextPage: false, fetchNextPage: () => Promise.resolve() };

describe('a scroll region', () => {
  it('is a Tab stop only while its table overflows it, checked again on each resize', () => {
    vi.stubGlobal('ResizeObserver', FakeResizeObserver);
    render(
      <ResourceTable
        caption="Open flags"
        columns={columns}
        rows={[{ sid: 'FL1', name: 'Late' }]}
        rowKey={(f) => f.sid}
        pages={noMorePages}
      />,
    );
    const region = screen.getByRole('region', { name: 'Open flags' });
    // It fits: no Tab stop.
    expect(region.hasAttribute('tabindex')).toBe(false);
    const [observer] = FakeResizeObserver.instances;
    expect([...observer.observed]).toEqual([region, screen.getByRole('table', { name: 'Open flags' })]);

    // A narrow screen: the table is wider than the region, which now takes the focus.
    setSize(region, { scrollWidth: 900, clientWidth: 343 });
    act(() => {
      observer.resized();
    });
    expect(region.getAttribute('tabindex')).toBe('0');
    expect(region.getAttribute('aria-label')).toBe('Open flags');

    // Wide again: the Tab stop goes.
    setSize(region, { clientWidth: 1200 });
    act(() => {
      observer.resized();
    });
    expect(region.hasAttribute('tabindex')).toBe(false);
  });

  it('is checked as it mounts, also without ResizeObserver, and counts rows overflowing downwards', () => {
    vi.stubGlobal('ResizeObserver', undefined);
    const rows = Array.from({ length: 40 }, (_, i) => ({
      key: String(i),
      rowNumber: i + 2,
      column: 'Due date',
      value: 'soon',
      message: 'Not a date.',
    }));
    // The region is not in the document until it mounts: its sizes are given as every region's, by role.
    const original = Object.getOwnPropertyDescriptor(HTMLElement.prototype, 'scrollHeight');
    Object.defineProperty(HTMLElement.prototype, 'scrollHeight', {
      configurable: true,
      get(this: HTMLElement) {
        return this.getAttribute('role') === 'region' ? 1600 : 0;
      },
    });
    try {
      render(<RejectedRowsTable rows={rows} caption="Rejected rows" region={{ label: 'Rejected rows' }} />);
      const region = screen.getByRole('region', { name: 'Rejected rows' });
      expect(region.getAttribute('tabindex')).toBe('0');
    } finally {
      if (original) Object.defineProperty(HTMLElement.prototype, 'scrollHeight', original);
      else Reflect.deleteProperty(HTMLElement.prototype, 'scrollHeight');
    }
  });

  it('of rejected rows that fit is no Tab stop', () => {
    render(<RejectedRowsTable rows={[]} caption="Rejected rows" region={{ label: 'Rejected rows' }} />);
    expect(screen.getByRole('region', { name: 'Rejected rows' }).hasAttribute('tabindex')).toBe(false);
  });
});
