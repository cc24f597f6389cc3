// The workbook preview worker: started only when an XLSX or XLS file is
// dropped, so the XLSX reader it carries is loaded only then.
import { readWorkbookPreview } from './read-workbook';
import { servePreviews } from './serve';

servePreviews(readWorkbookPreview);
