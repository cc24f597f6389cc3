import { Link, useLocation } from 'react-router';
import { PageHeader } from '../../components/PageHeader';

export default function NotFoundPage() {
  const { pathname } = useLocation();
  return (
    <>
      <PageHeader title="Page not found" />
      <p className="text-slate-700">
        There is no page at <code className="rounded bg-slate-100 px-1 break-all">{pathname}</code>.
      </p>
      <p className="mt-4">
        <Link to="/orders" className="inline-flex min-h-11 items-center text-blue-800 underline lg:min-h-9">
          Go to orders
        </Link>
      </p>
    </>
  );
}
