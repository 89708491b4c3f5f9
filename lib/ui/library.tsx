/** The reader's library in the interface: the "Add to my library" button with its progress and result. */
import { useState } from 'preact/hooks';
import { t } from '../i18n';
import type { LibraryReply } from '../messages';

/** The message for a library result: "Added: 3 events, 5 claims", or why nothing was added. */
export function libraryMessage(r: LibraryReply): string {
  if (r.ok) return t('libAdded', r.events, r.claims);
  return t(`libErr_${r.code}`, r.detail);
}

type AddState = { s: 'idle' } | { s: 'adding' } | { s: 'done'; reply: LibraryReply };

/** One button; while it works it says so, then the result stays beside it (a live region reads it out). */
export function AddToLibrary(props: { add: () => Promise<LibraryReply> }) {
  const [state, setState] = useState<AddState>({ s: 'idle' });
  const run = (): void => {
    setState({ s: 'adding' });
    props.add().then(
      (reply) => setState({ s: 'done', reply }),
      (e: unknown) => setState({ s: 'done', reply: { ok: false, code: 'storage', detail: e instanceof Error ? e.message : String(e) } }),
    );
  };
  return (
    <div class="bs-library-add">
      <button type="button" class="bs-button" data-testid="library-add" disabled={state.s === 'adding'} onClick={run}>
        {t('libAdd')}
      </button>
      <span class="bs-meta" role="status" data-testid="library-status" data-ok={state.s === 'done' ? String(state.reply.ok) : undefined}>
        {state.s === 'adding' ? t('libAdding') : state.s === 'done' ? libraryMessage(state.reply) : ''}
      </span>
    </div>
  );
}
