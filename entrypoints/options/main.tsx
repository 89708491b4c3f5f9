import { startPage } from '../../lib/platform/pages';
import { OptionsApp } from '../../lib/ui/options';

startPage('optionsTitle', OptionsApp);
