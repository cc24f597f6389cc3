import { act, render, screen } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import { navigate, usePathname, useSearchParam } from './location';

let renders = 0;

function Address() {
  renders++;
  return (
    <p>
      {usePathname()} request={useSearchParam('request') ?? 'none'}
    </p>
  );
}

afterEach(() => {
  window.history.replaceState(null, '', '/');
  renders = 0;
});

describe('the portal location', () => {
  it('reads the path and a query parameter of the address bar', () => {
    window.history.replaceState(null, '', '/portal?request=UR1&x=%2F');
    render(<Address />);
    expect(screen.getByText('/portal request=UR1')).toBeTruthy();
  });

  it('moves with a new history entry, or in place, with state, and renders the readers again', () => {
    window.history.replaceState(null, '', '/portal/link');
    render(<Address />);
    const entries = window.history.length;
    act(() => {
      navigate('/portal?request=UR2', { state: { from: 'link' } });
    });
    expect(screen.getByText('/portal request=UR2')).toBeTruthy();
    expect(window.history.length).toBe(entries + 1);
    expect(window.history.state).toEqual({ from: 'link' });
    act(() => {
      navigate('/portal', { replace: true });
    });
    expect(screen.getByText('/portal request=none')).toBeTruthy();
    expect(window.history.length).toBe(entries + 1);
    expect(window.history.state).toBeNull();
  });

  it('follows Back and Forward, and renders nothing when the address did not change', () => {
    window.history.replaceState(null, '', '/portal');
    render(<Address />);
    act(() => {
      window.history.pushState(null, '', '/portal/nothing');
      window.dispatchEvent(new PopStateEvent('popstate'));
    });
    expect(screen.getByText('/portal/nothing request=none')).toBeTruthy();
    const before = renders;
    act(() => {
      navigate('/portal/nothing', { replace: true });
    });
    expect(renders).toBe(before);
  });
});
