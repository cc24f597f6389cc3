import { isRouteErrorResponse, Link, useRouteError } from 'react-router';
import { isApiError } from '../api/http';

/** The error element of every route: says what failed and offers a way on. */
export function RouteError() {
  const error = useRouteError();
  let title = 'Something went wrong';
  let detail = 'The page could not be shown.';
  if (isRouteErrorResponse(error)) {
    title = error.status === 404 ? 'Page not found' : `Error ${error.status}`;
    detail = error.statusText || detail;
  } else if (isApiError(error)) {
    detail = error.message;
  } else if (error instanceof Error) {
    detail = error.message;
  }
  return (
    <main id="main" className="mx-auto max-w-3xl px-4 py-12">
      <section role="alert" aria-labelledby="route-error-title" className="rounded border border-red-200 bg-white p-6">
        <h1 id="route-error-title" className="text-xl font-semibold text-red-800">
          {title}
        </h1>
        <p className="mt-2 text-slate-700">{detail}</p>
        <p className="mt-4 flex gap-4">
          <button
            type="button"
            className="rounded bg-blue-800 px-3 py-2 text-white"
            onClick={() => {
              window.location.reload();
            }}
          >
            Reload
          </button>
          <Link to="/orders" className="px-3 py-2 text-blue-800 underline">
            Back to orders
          </Link>
        </p>
      </section>
    </main>
  );
}
