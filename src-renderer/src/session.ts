// The window's session, split by job in session/ (createSession.ts says which
// file does what). Components, main.tsx and tests import it from here.
export { createSession, type Session } from './session/createSession';
export { STORE_REGISTRY, type StateOf, type StoreName, type Stores } from './session/storeRegistry';
export { windowAddress, type PageAddress } from './session/address';
export { canChange, whyNoChanges } from './session/rules';
export { firstScreenReady, startSession, windowScreenRows } from './session/window';
