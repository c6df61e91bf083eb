// The contract suite against the core itself, in this process, through the
// shared contract client over the in-process transport. The core stands in for
// the browser host (HostKind names only hosts a user can run).
import { createInProcessApi } from '../../src-main/core/in-process-transport';
import { InspectorCore } from '../../src-main/core/inspector-core';
import { contractSuite } from '../support/contract-suite';

contractSuite('the core in process', async (coreOptions) => {
  const core = new InspectorCore({ host: 'browser', ...coreOptions });
  const clients = [createInProcessApi(core)];
  return {
    host: 'browser',
    api: clients[0]!,
    newClient: async () => {
      const client = createInProcessApi(core);
      clients.push(client);
      return client;
    },
    close: async () => {
      for (const client of clients) client.close();
      core.dispose();
    },
  };
});
