// The contract suite against the core itself, in this process, through the
// shared contract client over the in-process transport. The core stands in for
// the browser host (HostKind names only hosts a user can run).
import { createContractClient } from '../../src-shared/contract-client';
import type { EventName, InspectorApi } from '../../src-shared/contract';
import { inProcessTransport } from '../../src-main/core/in-process-transport';
import { InspectorCore } from '../../src-main/core/inspector-core';
import { contractSuite } from '../support/contract-suite';
import { recordDeliveries } from '../support/recording-transport';

let clients = 0;

contractSuite('the core in process', async (coreOptions) => {
  const core = new InspectorCore({ host: 'browser', ...coreOptions });
  const closers: (() => void)[] = [];
  const delivered = new Map<InspectorApi, EventName[]>();
  const newClient = async () => {
    const { transport, close } = inProcessTransport(core, `in-process-suite-${++clients}`);
    const recorded = recordDeliveries(transport);
    const api = createContractClient(recorded.transport);
    closers.push(close);
    delivered.set(api, recorded.delivered);
    return api;
  };
  return {
    host: 'browser',
    api: await newClient(),
    newClient,
    deliveredTo: (api) => delivered.get(api) ?? [],
    jobCounts: () => core.finder.jobCounts(),
    close: async () => {
      for (const close of closers) close();
      core.dispose();
    },
  };
});
