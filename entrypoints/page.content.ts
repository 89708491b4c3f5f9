import { defineContentScript } from 'wxt/utils/define-content-script';
import { startContent } from '../lib/platform/content';

// Not in the manifest: the background injects it into a frame whose quick reject let the page through
// (lib/platform/quick.ts, lib/platform/background.ts).
export default defineContentScript({
  matches: ['http://*/*', 'https://*/*'],
  registration: 'runtime',
  main(ctx) {
    startContent(ctx);
  },
});
