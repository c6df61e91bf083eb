// One side panel's content: its code is fetched when it first mounts (the
// panels' chunk, panelRegistry.ts), and a line says so until it is there. Code that does
// not load (the host went away, a file missing from the install) shows in the
// panel's place with Retry; the window and the other panels go on.
import { Component, Suspense, useState, type ReactNode } from 'react';
import { lazyPanel, type Panel } from './panelRegistry';

export function PanelContent({ panel }: { panel: Panel }) {
  // A lazy component keeps a failed load: Retry makes a new one.
  const [attempt, setAttempt] = useState({ count: 0, Component: panel.Component });
  const retry = () => setAttempt(({ count }) => ({ count: count + 1, Component: lazyPanel(panel.load) }));
  return (
    <LoadFailure key={attempt.count} title={panel.title} onRetry={retry}>
      <Suspense
        fallback={
          <p className="panel-loading" data-testid="panel-loading">
            Loading the {panel.title} panel…
          </p>
        }
      >
        <attempt.Component />
      </Suspense>
    </LoadFailure>
  );
}

interface LoadFailureProps {
  title: string;
  onRetry: () => void;
  children: ReactNode;
}

/** Catches the panel's failed load (or a throw while it renders) and offers Retry in its place. */
class LoadFailure extends Component<LoadFailureProps, { error: Error | null }> {
  override state = { error: null as Error | null };

  static getDerivedStateFromError(error: unknown): { error: Error } {
    return { error: error instanceof Error ? error : new Error(String(error)) };
  }

  override render() {
    const { error } = this.state;
    if (!error) return this.props.children;
    return (
      <div className="panel-load-failure">
        <p className="error" role="alert">
          The {this.props.title} panel could not load: {error.message}
        </p>
        <button type="button" onClick={this.props.onRetry}>
          Retry
        </button>
      </div>
    );
  }
}
