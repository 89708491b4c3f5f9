// @vitest-environment happy-dom
import { afterEach, describe, expect, test } from 'vitest';
import { createShadowUi, HOST_TAG } from '../../../lib/ui/shadow';

/** happy-dom has no popovers: a stand-in `showPopover` on the prototype, removed after each test. */
const proto = HTMLElement.prototype as { showPopover?: () => void };

afterEach(() => {
  Reflect.deleteProperty(proto, 'showPopover');
  document.documentElement.innerHTML = '<head></head><body></body>';
});

describe('the shadow host', () => {
  test('is appended to <html> as a manual popover, hidden until shown, then shown at once', () => {
    const seen: Array<{ connected: boolean; popover: string | null }> = [];
    proto.showPopover = function (this: HTMLElement) {
      seen.push({ connected: this.isConnected, popover: this.getAttribute('popover') });
    };
    const ui = createShadowUi(document);
    // Shown once, after it was in the page with its popover attribute (so appending it laid nothing out).
    expect(seen).toEqual([{ connected: true, popover: 'manual' }]);
    expect(ui.host.parentElement).toBe(document.documentElement);
    expect(document.body.children.length).toBe(0);
    ui.remove();
    expect(document.querySelector(HOST_TAG)).toBeNull();
  });

  test('a page that prevents the popover gets an ordinary host (no popover attribute, so not hidden)', () => {
    proto.showPopover = () => {
      throw new DOMException('refused', 'InvalidStateError');
    };
    const ui = createShadowUi(document);
    expect(ui.host.hasAttribute('popover')).toBe(false);
    expect(ui.host.isConnected).toBe(true);
  });

  test('without popovers (an older browser) the host is an ordinary box', () => {
    const ui = createShadowUi(document);
    expect(ui.host.hasAttribute('popover')).toBe(false);
    expect(ui.host.parentElement).toBe(document.documentElement);
  });

  test('a host left by an earlier run is replaced, never doubled', () => {
    proto.showPopover = () => {};
    createShadowUi(document);
    createShadowUi(document);
    expect(document.querySelectorAll(HOST_TAG).length).toBe(1);
  });
});
