import { defineContentScript } from 'wxt/utils/define-content-script';
import { startContent } from '../../lib/platform/content';

export default defineContentScript({
  matches: ['http://*/*', 'https://*/*'],
  allFrames: true,
  runAt: 'document_idle',
  main(ctx) {
    startContent(ctx);
  },
});
