// The session of a real window (main.tsx): over the chosen transport, with
// the page's address and storage, the screen's size, the connection signal,
// the string poll and the Electron menu's Undo/Redo.
import type { Transport } from '../transport';
import { pageStorage } from '../lib/preferences';
import { windowAddress, type PageAddress } from './address';
import { createSession, type Session } from './createSession';
import { rememberRowWidth } from './persistence';
import { resyncWhenBack } from './reconnection';
import { reportVisibility } from './visibility';

/** How often the string is read again when events cannot cover it, ms. */
const TEXT_POLL_MS = 1000;

/** The smallest height of a hex row, px: the estimate errs towards more rows (a few hundred bytes more watched). */
const MIN_ROW_PX = 16;

/** How many hex rows the window's height could show (the hex view has not measured itself yet). */
export function windowScreenRows(): number {
  const height = window.innerHeight;
  return Number.isFinite(height) && height > 0 ? Math.ceil(height / MIN_ROW_PX) : 0;
}

/** The window's session: its host's events and connection, the text poll, then the first block. */
export function startSession(transport: Transport, address: PageAddress = windowAddress()): Session {
  const session = createSession(transport.api, address, pageStorage(), windowScreenRows);
  const { connection, children, hexView } = session.stores;
  const stops = [
    connection.getState().follow(transport.kind, transport.connection),
    resyncWhenBack(transport, () => session.resync()),
    pollStringOutsideWindow(session),
    rememberRowWidth(hexView, pageStorage()),
    undoFromMenu(transport, session),
    reportVisibility(transport),
  ];
  void session.start();
  void children.getState().refresh();
  return {
    ...session,
    dispose() {
      for (const stop of stops) stop();
      session.dispose();
    },
  };
}

/**
 * Events cover only the watched window; when it does not hold the whole
 * string (offset 0 scrolled away, or a string running past its end), a change
 * to the string may bring no event, so the text panel polls instead.
 */
function pollStringOutsideWindow({ stores: { bytes, liveString, connection } }: Session): () => void {
  const poll = setInterval(() => {
    const view = bytes.getState();
    if (view.window && !liveString.getState().isDecodedFrom(view.window) && connection.getState().status === 'online') {
      liveString.getState().refresh(view);
    }
  }, TEXT_POLL_MS);
  return () => clearInterval(poll);
}

/** Edit › Undo/Redo from the Electron menu: a focused text box undoes its own typing; otherwise this window's edits. */
function undoFromMenu(transport: Transport, session: Session): () => void {
  return transport.api.on('menuCommand', ({ command }) => {
    if (command !== 'undo' && command !== 'redo') return;
    const focused = document.activeElement;
    if (focused instanceof HTMLInputElement || focused instanceof HTMLTextAreaElement) document.execCommand(command);
    else void (command === 'undo' ? session.undo() : session.redo());
  });
}

/**
 * Resolves once the window has something worth its first render: the block's
 * first bytes, or a start that failed, or after `timeoutMs` whatever happened
 * (a slow host: the page then shows its start state). Rendering React once,
 * with the bytes, instead of a start state first and the block after it, takes
 * both that render and a second one of the rows off the way to the first paint.
 */
export function firstScreenReady(session: Session, timeoutMs: number): Promise<void> {
  const { block, bytes } = session.stores;
  const ready = () => block.getState().phase === 'failed' || bytes.getState().window !== null || bytes.getState().error !== null;
  if (ready()) return Promise.resolve();
  return new Promise((resolve) => {
    const done = () => {
      clearTimeout(timer);
      stopBlock();
      stopBytes();
      resolve();
    };
    const timer = setTimeout(done, timeoutMs);
    const stopBlock = block.subscribe(() => ready() && done());
    const stopBytes = bytes.subscribe(() => ready() && done());
  });
}
