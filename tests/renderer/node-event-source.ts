// A minimal EventSource for Node 20 (which has none), enough for the
// renderer's browser transport: onopen, onerror, named events, close. It reads
// the host's real server-sent-events stream with fetch. Test support only.
type Listener = (message: { data: string }) => void;

export class NodeEventSource {
  /** Set when a test file ends: sources made by the transport's retry timer stay idle. */
  static stopped = false;
  private static readonly open = new Set<NodeEventSource>();
  onopen: (() => void) | null = null;
  onerror: (() => void) | null = null;
  private readonly listeners = new Map<string, Listener[]>();
  private readonly abort = new AbortController();

  constructor(url: string) {
    if (NodeEventSource.stopped) return;
    NodeEventSource.open.add(this);
    void this.read(url);
  }

  addEventListener(name: string, listener: Listener): void {
    this.listeners.set(name, [...(this.listeners.get(name) ?? []), listener]);
  }

  close(): void {
    NodeEventSource.open.delete(this);
    this.abort.abort();
  }

  static stopAll(): void {
    NodeEventSource.stopped = true;
    for (const source of NodeEventSource.open) source.close();
  }

  private async read(url: string): Promise<void> {
    try {
      const response = await fetch(url, { signal: this.abort.signal, headers: { accept: 'text/event-stream' } });
      if (!response.ok || !response.body) throw new Error(`HTTP ${response.status}`);
      this.onopen?.();
      const decoder = new TextDecoder();
      let buffered = '';
      const reader = response.body.getReader();
      for (let chunk = await reader.read(); !chunk.done; chunk = await reader.read()) {
        buffered += decoder.decode(chunk.value, { stream: true });
        for (let end = buffered.indexOf('\n\n'); end >= 0; end = buffered.indexOf('\n\n')) {
          this.dispatch(buffered.slice(0, end));
          buffered = buffered.slice(end + 2);
        }
      }
      throw new Error('the stream ended');
    } catch {
      if (!this.abort.signal.aborted) this.onerror?.();
    }
  }

  private dispatch(message: string): void {
    let event = 'message';
    const data: string[] = [];
    for (const line of message.split('\n')) {
      if (line.startsWith('event:')) event = line.slice(6).trim();
      else if (line.startsWith('data:')) data.push(line.slice(5).replace(/^ /, ''));
    }
    if (data.length === 0) return; // a comment (keepalive)
    for (const listener of this.listeners.get(event) ?? []) listener({ data: data.join('\n') });
  }
}
