import { Link, useLocation } from 'react-router';
import { PageHeader } from '../../components/PageHeader';

export default function NotFoundPage() {
  const { pathname } = useLocation();
  return (
    <>
      <PageHeader title="Page not found" />
      <p className="text-slate-700">
        There is no page at <code className="rounded bg-slate-100 px-1">{pathname}</code>.
      </p>
      <p className="mt-4">
        <Link to="/orders" className="text-blue-800 underline">
          Go to orders
        </Link>
      </p>
    </>
  );
}
