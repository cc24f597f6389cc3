import { fireEvent, render, screen, waitFor } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it, vi } from 'vitest';
import { Dropzone } from './Dropzone';

const EXTENSIONS = ['.csv', '.xlsx', '.xls'];

function fileInput(): HTMLInputElement {
  const input = screen.getByRole('group', { name: 'Open-order file' }).querySelector('input[type=file]');
  if (!(input instanceof HTMLInputElement)) throw new Error('no file input');
  return input;
}

function setup(maxBytes = 1024) {
  const onFile = vi.fn<(file: File) => void>();
  render(<Dropzone label="Open-order file" extensions={EXTENSIONS} maxBytes={maxBytes} onFile={onFile} />);
  // The file input behind the "Choose file" button (hidden; the button opens it).
  const input = fileInput();
  // applyAccept off: the browser's dialog filter is not the check under test, the dropzone's own is.
  const user = userEvent.setup({ applyAccept: false });
  return { onFile, input, user };
}

describe('Dropzone', () => {
  it('takes a CSV file chosen through its input', async () => {
    const { onFile, input, user } = setup();
    const file = new File(['PO Number,Qty\nPO-1,2\n'], 'orders.csv', { type: 'text/csv' });
    await user.upload(input, file);
    await waitFor(() => {
      expect(onFile).toHaveBeenCalledWith(file);
    });
    expect(screen.queryByRole('alert')).toBeNull();
    expect(input.accept.split(',')).toEqual(expect.arrayContaining(['.csv', '.xlsx', '.xls']));
  });

  it('refuses a .txt or a .pdf before anything is sent, and says why', async () => {
    const { onFile, input, user } = setup();
    await user.upload(input, new File(['hello'], 'notes.txt', { type: 'text/plain' }));
    expect((await screen.findByRole('alert')).textContent).toBe(
      '"notes.txt" is not a .csv, .xlsx, .xls file. Choose a CSV or Excel file.',
    );
    await user.upload(input, new File(['%PDF-1.7'], 'invoice.pdf', { type: 'application/pdf' }));
    await waitFor(() => {
      expect(screen.getByRole('alert').textContent).toContain('"invoice.pdf" is not a .csv, .xlsx, .xls file.');
    });
    // A text file a browser calls text/csv is still refused by its name.
    await user.upload(input, new File(['a,b'], 'data.txt', { type: 'text/csv' }));
    await waitFor(() => {
      expect(screen.getByRole('alert').textContent).toContain('"data.txt"');
    });
    expect(onFile).not.toHaveBeenCalled();
  });

  it('refuses a file over the size limit, which it shows', async () => {
    const { onFile, input, user } = setup(10);
    expect(screen.getByText('CSV, XLSX, XLS · up to 10 bytes')).toBeTruthy();
    await user.upload(input, new File(['PO Number,Qty\nPO-1,2\n'], 'big.csv', { type: 'text/csv' }));
    expect((await screen.findByRole('alert')).textContent).toBe(
      '"big.csv" is 21 bytes; files may be 10 bytes at most.',
    );
    expect(onFile).not.toHaveBeenCalled();
  });

  it('takes a dropped file, and its refusal message goes once a good file comes', async () => {
    const { onFile, input, user } = setup();
    await user.upload(input, new File(['x'], 'photo.png', { type: 'image/png' }));
    await screen.findByRole('alert');
    const file = new File(['PO Number,Qty\n'], 'orders.xlsx', {
      type: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
    });
    const region = screen.getByRole('group', { name: 'Open-order file' });
    const item = { kind: 'file', type: file.type, getAsFile: () => file };
    fireEvent.drop(region, { dataTransfer: { files: [file], items: [item], types: ['Files'] } });
    await waitFor(() => {
      expect(onFile).toHaveBeenCalledWith(file);
    });
    expect(screen.queryByRole('alert')).toBeNull();
  });

  it('opens the file dialog from a real, focusable button', async () => {
    const { input, user } = setup();
    const click = vi.spyOn(input, 'click');
    const button = screen.getByRole('button', { name: 'Choose file' });
    await user.tab();
    expect(document.activeElement).toBe(button);
    await user.keyboard('{Enter}');
    expect(click).toHaveBeenCalled();
  });
});
