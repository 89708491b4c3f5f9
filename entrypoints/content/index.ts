import { defineContentScript } from 'wxt/utils/define-content-script';
import { startQuick } from '../../lib/platform/quick';

// Every page: the quick reject only. The page script (entrypoints/page.content.ts) is injected where it passes.
export default defineContentScript({
  matches: ['http://*/*', 'https://*/*'],
  allFrames: true,
  runAt: 'document_idle',
  main(ctx) {
    startQuick(ctx);
  },
});
