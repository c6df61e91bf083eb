// The renderer's single door to the shared contract (src-shared): pure files,
// no Node or Electron import, shared with the main process and the tests.
export * from '../../src-shared/contract';
export { fromWireFrame, fromWireJson, toWireFrame, toWireJson } from '../../src-shared/wire';
export * from '../../src-shared/http-protocol';
export * from '../../src-shared/contract-client';
export { SHARED_MEMORY_KINDS, sortEntries, usedByProcess } from '../../src-shared/listing';
