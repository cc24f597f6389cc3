import { NavLink, Outlet } from 'react-router';

const NAV = [
  { to: '/orders', label: 'Orders' },
  { to: '/schedule', label: 'Schedule' },
  { to: '/flags', label: 'Flags' },
  { to: '/imports', label: 'Imports' },
  { to: '/clear-to-build', label: 'Clear to build' },
  { to: '/settings', label: 'Settings' },
];

export function Layout() {
  return (
    <div className="min-h-screen">
      <a
        href="#main"
        className="sr-only focus:not-sr-only focus:absolute focus:left-2 focus:top-2 focus:z-50 focus:rounded focus:bg-white focus:px-3 focus:py-2"
      >
        Skip to content
      </a>
      <header className="border-b border-slate-200 bg-white">
        <div className="mx-auto flex max-w-7xl items-center gap-6 px-4 py-3">
          <NavLink to="/orders" className="text-lg font-semibold text-blue-900">
            Factor
          </NavLink>
          <nav aria-label="Main">
            <ul className="flex flex-wrap gap-1">
              {NAV.map((item) => (
                <li key={item.to}>
                  <NavLink
                    to={item.to}
                    className={({ isActive }) =>
                      `rounded px-3 py-2 text-sm font-medium ${isActive ? 'bg-blue-50 text-blue-900 underline underline-offset-4' : 'text-slate-700 hover:bg-slate-100'}`
                    }
                  >
                    {item.label}
                  </NavLink>
                </li>
              ))}
            </ul>
          </nav>
        </div>
      </header>
      <main id="main" tabIndex={-1} className="mx-auto max-w-7xl px-4 py-6 focus:outline-none">
        <Outlet />
      </main>
    </div>
  );
}
