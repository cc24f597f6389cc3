// Toasts: sonner renders an aria-live region, so screen readers hear them.
import { toast, Toaster as SonnerToaster } from 'sonner';

export function Toaster() {
  return <SonnerToaster position="bottom-right" closeButton />;
}

export function notifyInfo(message: string): void {
  toast.info(message);
}

export function notifySuccess(message: string): void {
  toast.success(message);
}

export function notifyError(message: string): void {
  toast.error(message);
}
