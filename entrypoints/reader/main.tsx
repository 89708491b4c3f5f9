import { startPage } from '../../lib/platform/pages';
import { ReaderApp } from '../../lib/ui/reader';

startPage('readerTitle', ReaderApp);
