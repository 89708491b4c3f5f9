import { defineWebExtConfig } from 'wxt';

// `wxt dev` must not try to launch a browser on machines without one; `npm start` does that itself.
export default defineWebExtConfig({ disabled: true });
