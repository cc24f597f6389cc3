// The CSV preview worker: reads the first rows of a dropped file off the main
// thread, so a 100,000-row file never blocks the page.
import { readPreview } from './read';
import { servePreviews } from './serve';

servePreviews(readPreview);
