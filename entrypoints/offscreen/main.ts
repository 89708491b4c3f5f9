import { startLibraryWorker } from '../../lib/platform/library-worker';

startLibraryWorker();
