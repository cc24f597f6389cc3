// Toasts: sonner renders an aria-live region, so screen readers hear them.
import { toast, Toaster as SonnerToaster } from 'sonner';
import { isApiError } from '../api/http';

export function Toaster() {
  return <SonnerToaster position="bottom-right" closeButton richColors />;
}

export function notifySuccess(message: string): void {
  toast.success(message);
}

/** Shows what the server said (or that it could not be reached), never a bare "Error". */
export function notifyError(error: unknown, context?: string): void {
  const detail = isApiError(error) ? error.message : error instanceof Error ? error.message : String(error);
  toast.error(context ? `${context}: ${detail}` : detail);
}
