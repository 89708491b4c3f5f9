/**
 * "Never on this site" / "Always on this site": two toggle buttons, one click each; pressing the pressed one
 * removes the rule. Shared by the sidebar and the popup.
 */
import type { SiteRule } from '../settings';
import { t } from '../i18n';

export interface SiteSwitchProps {
  host: string;
  rule: SiteRule | null;
  onChange: (rule: SiteRule | null) => void;
}

export function SiteSwitch({ host, rule, onChange }: SiteSwitchProps) {
  const button = (which: SiteRule, label: string) => (
    <button type="button" class="bs-button bs-toggle" data-testid={`site-${which}`} aria-pressed={rule === which} onClick={() => onChange(rule === which ? null : which)}>
      {label}
    </button>
  );
  return (
    <div class="bs-site" role="group" aria-label={t('siteControls', host)} data-testid="site-switch" data-host={host}>
      <span class="bs-meta">{t('siteControls', host)}</span>
      <div class="bs-site-buttons">
        {button('never', t('siteNever'))}
        {button('always', t('siteAlways'))}
      </div>
    </div>
  );
}
