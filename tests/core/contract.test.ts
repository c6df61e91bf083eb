// The contract suite against the core itself, in this process.
import { createInProcessApi } from '../../src-main/core/in-process-transport';
import { InspectorCore } from '../../src-main/core/inspector-core';
import { contractSuite } from '../support/contract-suite';

contractSuite('the core in process', async (coreOptions) => {
  const core = new InspectorCore({ host: 'in-process', ...coreOptions });
  const clients = [createInProcessApi(core)];
  return {
    host: 'in-process',
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
