// Imports of open orders, BOMs and inventory counts. The kind and the upload
// being watched live in the URL (?kind=boms&upload=UP…), so a reload keeps
// watching it and a link can show an upload's outcome.
import { useQueryClient } from '@tanstack/react-query';
import { useCallback } from 'react';
import { Link, useSearchParams } from 'react-router';
import { PageHeader } from '../../components/PageHeader';
import { notifyError, notifySuccess } from '../../components/toast';
import { UploadStatus } from '../../components/UploadStatus';
import { ImportForm } from './ImportForm';
import { kindFromParam, KINDS } from './kinds';
import type { AnyUpload } from './upload-api';
import { UploadHistory } from './UploadHistory';

export default function ImportsPage() {
  const [searchParams, setSearchParams] = useSearchParams();
  const info = kindFromParam(searchParams.get('kind'));
  const watching = searchParams.get('upload');
  const queryClient = useQueryClient();

  const href = (param: string, upload?: string) => {
    const search = new URLSearchParams({ kind: param });
    if (upload) search.set('upload', upload);
    return `?${search.toString()}`;
  };

  const onSettled = useCallback(
    (upload: AnyUpload) => {
      // The import changed orders, items, BOMs or counts: every cached list may be out of date.
      void queryClient.invalidateQueries();
      const name = upload.fileName ?? 'The file';
      if (upload.status === 'failed') notifyError(`${name} was not imported.`);
      else notifySuccess(`${name} is imported.`);
    },
    [queryClient],
  );

  return (
    <>
      <PageHeader title="Imports" />
      <nav aria-label="What to import" className="mb-6 border-b border-slate-200">
        <ul className="flex gap-1">
          {KINDS.map((k) => (
            <li key={k.param}>
              <Link
                to={href(k.param)}
                aria-current={k.kind === info.kind ? 'page' : undefined}
                className={`inline-block rounded-t border-b-2 px-4 py-2 font-medium ${
                  k.kind === info.kind
                    ? 'border-blue-800 text-blue-900'
                    : 'border-transparent text-slate-700 hover:text-slate-900'
                }`}
              >
                {k.tab}
              </Link>
            </li>
          ))}
        </ul>
      </nav>

      <ImportForm
        key={info.kind}
        info={info}
        onUploaded={(upload) => {
          setSearchParams({ kind: info.param, upload: upload.sid });
        }}
      />

      {watching ? (
        <section aria-labelledby="current-upload" className="mt-8">
          <h2 id="current-upload" className="mb-2 text-lg font-semibold">
            Import status
          </h2>
          <UploadStatus key={watching} kind={info.kind} sid={watching} result={info.result} onSettled={onSettled} />
        </section>
      ) : null}

      <UploadHistory
        info={info}
        showHref={(sid) => href(info.param, sid)}
        onDeleted={(sid) => {
          if (sid === watching) setSearchParams({ kind: info.param }, { replace: true });
        }}
      />
    </>
  );
}
