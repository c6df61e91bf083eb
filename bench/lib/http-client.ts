// The contract over the browser host's HTTP protocol, from Node with a real
// fetch: the shared contract client over the renderer's own request code
// (src-renderer/src/transport/http-request.ts), so the benchmark times the
// requests a page sends. Calls only: no event stream.
import { randomUUID } from 'node:crypto';
import { createContractClient } from '../../src-shared/contract-client';
import type { InspectorApi } from '../../src-shared/contract';
import { httpCalls } from '../../src-renderer/src/transport/http-request';
import type { RunningHost } from './host';

export function httpContractClient(host: RunningHost): InspectorApi {
  const calls = httpCalls({ origin: host.origin, token: host.token, clientId: `bench-${randomUUID()}` });
  return createContractClient({ ...calls, listen: () => undefined });
}
