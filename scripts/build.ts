// `npm run build`: the production build, one build per document (the app,
// the vendor portal, the embedded views) into dist/, so that no chunk is
// shared between them (vite.config.ts, documentBuild).
import { build } from 'vite';
import { DOCUMENTS, documentBuild } from '../vite.config.ts';

for (const [index, document] of DOCUMENTS.entries()) {
  await build({
    configFile: false,
    logLevel: process.argv.includes('--quiet') ? 'error' : 'info',
    ...documentBuild(document, index === 0),
  });
}
