// Vendors: add one, edit its name, address and ERP code, and its contacts:
// the vendor users who sign in to the portal and receive its update requests,
// each added by email with a portal link. Each vendor's lines are one click
// away on the schedule.
import { useQueryClient } from '@tanstack/react-query';
import { useId, useState } from 'react';
import { Link } from 'react-router';
import {
  getListVendorsInfiniteQueryKey,
  getListVendorsQueryKey,
  getListVendorUsersQueryKey,
  useCreateVendor,
  useInviteVendorUser,
  useListVendorsInfinite,
  useListVendorUsers,
  useUpdateVendor,
} from '../../api/generated/hooks/vendors/vendors';
import type { Vendor } from '../../api/generated/model';
import { errorMessage, isApiError } from '../../api/http';
import { cursorPaging, flattenPages } from '../../api/paging';
import { primaryButton, rowButton, secondaryButton } from '../../components/buttons';
import { ModalDialog } from '../../components/ConfirmDialog';
import { FormField, inputClass } from '../../components/FormField';
import { QueryStatus } from '../../components/QueryStatus';
import { ResourceTable, type Column } from '../../components/ResourceTable';
import { notifySuccess } from '../../components/toast';

interface VendorValues {
  name: string;
  email: string;
  code: string;
}

type FieldErrors = Partial<Record<keyof VendorValues | 'form', string>>;

function errorsOf(e: unknown): FieldErrors {
  const field = isApiError(e) ? e.field : undefined;
  const message = errorMessage(e);
  return field === 'name' || field === 'email' || field === 'code' ? { [field]: message } : { form: message };
}

/** Name, address and code, for a new vendor or an existing one. */
function VendorFields({
  values,
  errors,
  onChange,
}: {
  values: VendorValues;
  errors: FieldErrors;
  onChange: (values: VendorValues) => void;
}) {
  const id = useId();
  const field = (key: keyof VendorValues, label: string, type = 'text') => (
    <FormField
      id={`${id}-${key}`}
      label={label}
      error={errors[key]}
      announce
      className={key === 'name' ? 'min-w-56 flex-1' : undefined}
    >
      {(a11y) => (
        <input
          {...a11y}
          type={type}
          value={values[key]}
          maxLength={key === 'code' ? 64 : 255}
          onChange={(e) => {
            onChange({ ...values, [key]: e.target.value });
          }}
          className={inputClass}
        />
      )}
    </FormField>
  );
  return (
    <>
      {field('name', 'Name')}
      {field('email', 'Orders address (optional)', 'email')}
      {field('code', 'ERP code (optional)')}
    </>
  );
}

const EMPTY: VendorValues = { name: '', email: '', code: '' };
const bodyOf = (v: VendorValues) => ({
  name: v.name.trim(),
  email: v.email.trim() || null,
  code: v.code.trim() || null,
});

function useInvalidateVendors() {
  const queryClient = useQueryClient();
  return () =>
    Promise.all([
      queryClient.invalidateQueries({ queryKey: getListVendorsInfiniteQueryKey() }),
      queryClient.invalidateQueries({ queryKey: getListVendorsQueryKey() }),
    ]);
}

function NewVendorForm() {
  const [values, setValues] = useState(EMPTY);
  const [errors, setErrors] = useState<FieldErrors>({});
  const create = useCreateVendor();
  const invalidate = useInvalidateVendors();
  const submit = async () => {
    if (!values.name.trim()) {
      setErrors({ name: 'Give the vendor a name.' });
      return;
    }
    setErrors({});
    try {
      const vendor = await create.mutateAsync({ data: bodyOf(values) });
      setValues(EMPTY);
      notifySuccess(`${vendor.name} is added. Add its contacts with Manage.`);
      await invalidate();
    } catch (e) {
      setErrors(errorsOf(e));
    }
  };
  return (
    <form
      noValidate
      aria-label="New vendor"
      onSubmit={(e) => {
        e.preventDefault();
        void submit();
      }}
      className="flex flex-wrap items-start gap-3"
    >
      <VendorFields values={values} errors={errors} onChange={setValues} />
      <button type="submit" className={`${primaryButton} mt-5`} disabled={create.isPending}>
        {create.isPending ? 'Adding…' : 'Add vendor'}
      </button>
      {errors.form ? (
        <p role="alert" className="w-full text-sm text-red-800">
          {errors.form}
        </p>
      ) : null}
    </form>
  );
}

function Contacts({ vendor }: { vendor: Vendor }) {
  const id = useId();
  const queryClient = useQueryClient();
  const contacts = useListVendorUsers(vendor.sid);
  const invite = useInviteVendorUser();
  const [email, setEmail] = useState('');
  const [error, setError] = useState<string>();
  const users = contacts.data?.users ?? [];
  const submit = async () => {
    setError(undefined);
    try {
      const user = await invite.mutateAsync({ sid: vendor.sid, data: { email: email.trim() } });
      setEmail('');
      notifySuccess(`${user.email ?? email} is a contact of ${vendor.name}: a portal link is on its way.`);
      await queryClient.invalidateQueries({ queryKey: getListVendorUsersQueryKey(vendor.sid) });
    } catch (e) {
      setError(errorMessage(e));
    }
  };
  return (
    <section aria-labelledby={`${id}-heading`} className="mt-5 space-y-2">
      <h3 id={`${id}-heading`} className="font-medium">
        Contacts
      </h3>
      <p className="text-sm text-slate-700">
        They sign in to the portal and receive {vendor.name}’s update requests
        {vendor.email ? `; without any, requests go to ${vendor.email}` : ''}.
      </p>
      <QueryStatus
        query={contacts}
        label="the contacts"
        isEmpty={users.length === 0}
        empty={<p className="text-sm text-slate-700">No contacts yet.</p>}
      >
        <ul className="list-disc pl-5 text-sm">
          {users.map((u) => (
            <li key={u.sid}>
              {[u.firstName, u.lastName].filter(Boolean).join(' ') || u.email} {u.firstName ? `(${u.email ?? ''})` : ''}
              {u.password ? '' : ' · has not set a password (signs in by link)'}
            </li>
          ))}
        </ul>
      </QueryStatus>
      <form
        noValidate
        aria-label={`Add a contact to ${vendor.name}`}
        onSubmit={(e) => {
          e.preventDefault();
          void submit();
        }}
        className="flex flex-wrap items-end gap-3"
      >
        <FormField id={`${id}-email`} label="Contact’s email" error={error} announce className="min-w-56 flex-1">
          {(a11y) => (
            <input
              {...a11y}
              type="email"
              value={email}
              onChange={(e) => {
                setEmail(e.target.value);
              }}
              className={inputClass}
            />
          )}
        </FormField>
        <button type="submit" className={secondaryButton} disabled={invite.isPending || !email.trim()}>
          {invite.isPending ? 'Adding…' : 'Add contact'}
        </button>
      </form>
    </section>
  );
}

function ManageVendor({ vendor, onClose }: { vendor: Vendor; onClose: () => void }) {
  const [values, setValues] = useState<VendorValues>({
    name: vendor.name,
    email: vendor.email ?? '',
    code: vendor.code ?? '',
  });
  const [errors, setErrors] = useState<FieldErrors>({});
  const update = useUpdateVendor();
  const invalidate = useInvalidateVendors();
  const save = async () => {
    if (!values.name.trim()) {
      setErrors({ name: 'Give the vendor a name.' });
      return;
    }
    setErrors({});
    try {
      await update.mutateAsync({ sid: vendor.sid, data: bodyOf(values) });
      notifySuccess(`${values.name.trim()} is saved.`);
      await invalidate();
    } catch (e) {
      setErrors(errorsOf(e));
    }
  };
  return (
    <>
      <form
        noValidate
        aria-label={`Edit ${vendor.name}`}
        onSubmit={(e) => {
          e.preventDefault();
          void save();
        }}
        className="flex flex-wrap items-start gap-3"
      >
        <VendorFields values={values} errors={errors} onChange={setValues} />
        {errors.form ? (
          <p role="alert" className="w-full text-sm text-red-800">
            {errors.form}
          </p>
        ) : null}
        <div className="flex w-full flex-wrap justify-between gap-3">
          <Link
            to={`/schedule?vendor=${encodeURIComponent(vendor.sid)}`}
            className="inline-flex min-h-11 items-center text-sm text-blue-800 underline"
          >
            See {vendor.name}’s lines
          </Link>
          <button type="submit" className={primaryButton} disabled={update.isPending}>
            {update.isPending ? 'Saving…' : 'Save vendor'}
          </button>
        </div>
      </form>
      <Contacts vendor={vendor} />
      <div className="mt-5 flex justify-end">
        <button type="button" className={secondaryButton} onClick={onClose}>
          Close
        </button>
      </div>
    </>
  );
}

export function VendorsSection() {
  const vendors = useListVendorsInfinite({ pageSize: 100 }, { query: cursorPaging });
  const rows = flattenPages(vendors.data, 'vendors');
  const [managing, setManaging] = useState<Vendor | null>(null);
  const columns: Column<Vendor>[] = [
    { key: 'name', header: 'Vendor', wrap: true, cell: (v) => v.name },
    { key: 'code', header: 'ERP code', longWords: true, cell: (v) => v.code ?? '—' },
    { key: 'email', header: 'Orders address', wrap: true, cell: (v) => v.email ?? '—' },
    {
      key: 'actions',
      header: 'Actions',
      cell: (v) => (
        <button
          type="button"
          className={rowButton}
          aria-label={`Manage ${v.name}`}
          onClick={() => {
            setManaging(v);
          }}
        >
          Manage
        </button>
      ),
    },
  ];
  return (
    <section aria-labelledby="vendors-heading" className="mt-8 max-w-5xl space-y-4">
      <h2 id="vendors-heading" className="text-lg font-semibold">
        Vendors
      </h2>
      <NewVendorForm />
      <QueryStatus
        query={vendors}
        label="the vendors"
        isEmpty={rows.length === 0}
        empty={<p className="text-slate-700">No vendors yet.</p>}
      >
        <ResourceTable caption="Your vendors" columns={columns} rows={rows} rowKey={(v) => v.sid} pages={vendors} />
      </QueryStatus>
      <ModalDialog
        open={managing !== null}
        onClose={() => {
          setManaging(null);
        }}
        title={managing ? `Vendor ${managing.name}` : 'Vendor'}
        wide
      >
        {managing ? (
          <ManageVendor
            key={managing.sid}
            vendor={managing}
            onClose={() => {
              setManaging(null);
            }}
          />
        ) : null}
      </ModalDialog>
    </section>
  );
}
