// The renderer's single door to the shared contract. Everything the UI knows
// about the host comes through these pure files; no Node or Electron import.
export * from '../../src-main/core/contract';
export { fromWireJson, toWireJson } from '../../src-main/core/wire';
export * from '../../src-main/core/http-protocol';
