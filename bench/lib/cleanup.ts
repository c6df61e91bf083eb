// A stack of undo actions (unlink a block, kill a child, close a browser) run
// in reverse order. Every resource a measurement creates is registered here
// the moment it exists, so a measurement that throws leaves nothing behind.

export class Cleanup {
  private readonly actions: { label: string; action: () => unknown }[] = [];

  add(label: string, action: () => unknown): void {
    this.actions.push({ label, action });
  }

  /** Runs every action once, newest first; failures are reported, not thrown. */
  async runAll(log: (message: string) => void): Promise<void> {
    while (this.actions.length > 0) {
      const { label, action } = this.actions.pop()!;
      try {
        await action();
      } catch (error) {
        log(`cleanup "${label}" failed: ${error instanceof Error ? error.message : String(error)}`);
      }
    }
  }
}
