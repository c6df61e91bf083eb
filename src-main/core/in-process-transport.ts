// The contract client over an InspectorCore in the same process: for tests,
// the benchmark and tools. The transport hands requests to the core and its
// events to the client, and its cancels and subscriptions to the core;
// everything else is the shared client's.
import { createContractClient, type ClientTransport } from '../../src-shared/contract-client';
import type { InspectorApi } from '../../src-shared/contract';
import type { EventSink, InspectorCore } from './inspector-core';

export interface InProcessApi extends InspectorApi {
  readonly clientId: string;
  /** Disconnects this client (its watch stops). */
  close(): void;
}

let nextClient = 1;

/** The transport alone, with the function that disconnects its client (tests wrap it to see what it delivers). */
export function inProcessTransport(core: InspectorCore, clientId: string): { transport: ClientTransport; close(): void } {
  let sink: EventSink | undefined;
  const transport: ClientTransport = {
    request: async ({ id, call, args }) => ({ id, outcome: await core.handle(call, args, clientId, id) }),
    cancel: (message) => void core.cancel(clientId, message),
    subscribe: (message) => void core.subscribe(clientId, message),
    listen(deliver) {
      sink = (event, payload) => deliver({ event, payload });
      core.connect(clientId, sink);
    },
  };
  return { transport, close: () => core.disconnect(clientId, sink) };
}

export function createInProcessApi(core: InspectorCore, clientId = `in-process-${nextClient++}`): InProcessApi {
  const { transport, close } = inProcessTransport(core, clientId);
  const client = createContractClient(transport);
  return { clientId, call: client.call, on: client.on, close };
}
