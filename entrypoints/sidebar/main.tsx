import { startSidebarFrame } from '../../lib/platform/sidebar-frame';

startSidebarFrame();
