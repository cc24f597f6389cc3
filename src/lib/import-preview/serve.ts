// The message loop of a preview worker: a request { id, file } is answered
// with { id, preview }, errors included, so the page never waits forever.
import type { RawPreview } from './read';

interface PreviewRequest {
  id: number;
  file: Blob;
}

/** The worker's global scope (the project's TypeScript lib is the DOM one, whose postMessage differs). */
interface WorkerScope {
  onmessage: ((event: MessageEvent<PreviewRequest>) => void) | null;
  postMessage: (message: unknown) => void;
}

export function servePreviews(read: (file: Blob) => Promise<RawPreview>): void {
  const scope = self as unknown as WorkerScope;
  scope.onmessage = (event) => {
    const { id, file } = event.data;
    read(file).then(
      (preview) => {
        scope.postMessage({ id, preview });
      },
      (error: unknown) => {
        const preview: RawPreview = {
          ok: false,
          message: `The file could not be read: ${error instanceof Error ? error.message : String(error)}`,
        };
        scope.postMessage({ id, preview });
      },
    );
  };
}
