// Apart from FormField: the vendor portal styles its inputs with it and must
// not load FormField's chunk, which brings the zod runtime.
export const inputClass =
  'mt-1 w-full rounded border border-slate-400 bg-white px-3 py-2 text-sm aria-[invalid=true]:border-red-700';
