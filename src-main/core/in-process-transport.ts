// The contract client over an InspectorCore in the same process: for tests,
// the benchmark and tools. The transport hands requests to the core and its
// events to the client; everything else is the shared client's.
import { createContractClient, type ClientTransport } from '../../src-shared/contract-client';
import type { InspectorApi } from '../../src-shared/contract';
import type { EventSink, InspectorCore } from './inspector-core';

export interface InProcessApi extends InspectorApi {
  readonly clientId: string;
  /** Disconnects this client (its watch stops). */
  close(): void;
}

let nextClient = 1;

export function createInProcessApi(core: InspectorCore, clientId = `in-process-${nextClient++}`): InProcessApi {
  let sink: EventSink | undefined;
  const transport: ClientTransport = {
    request: async ({ id, call, args }) => ({ id, outcome: await core.handle(call, args, clientId) }),
    listen(deliver) {
      sink = (event, payload) => deliver({ event, payload });
      core.connect(clientId, sink);
    },
  };
  const client = createContractClient(transport);
  return { clientId, call: client.call, on: client.on, close: () => core.disconnect(clientId, sink) };
}
