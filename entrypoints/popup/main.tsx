import { startPage } from '../../lib/platform/pages';
import { PopupApp } from '../../lib/ui/popup';

startPage('popupTitle', PopupApp);
