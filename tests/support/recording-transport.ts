// A transport wrapped to record the events it delivers to its client, before
// the client's own listeners filter them: how a test sees which events the
// host sent a client (issue 21: only those it subscribed to).
import type { ClientTransport } from '../../src-shared/contract-client';
import type { EventName } from '../../src-shared/contract';

export function recordDeliveries(transport: ClientTransport): { transport: ClientTransport; delivered: EventName[] } {
  const delivered: EventName[] = [];
  return {
    delivered,
    transport: {
      request: (request) => transport.request(request),
      cancel: (message) => transport.cancel(message),
      subscribe: (message) => transport.subscribe(message),
      listen: (deliver) =>
        transport.listen((message) => {
          delivered.push(message.event);
          deliver(message);
        }),
    },
  };
}
