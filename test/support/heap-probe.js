// Preloaded (node --require) into a service under test: on SIGWINCH (Nest's shutdown hooks take SIGUSR2) it
// collects garbage and writes the heap in use to HEAP_PROBE_FILE, so a test sees whether the heap grows.
const { writeFileSync } = require('node:fs');
const { setFlagsFromString } = require('node:v8');
const { runInNewContext } = require('node:vm');

setFlagsFromString('--expose-gc');
const collectGarbage = runInNewContext('gc');
process.on('SIGWINCH', () => {
  collectGarbage();
  collectGarbage();
  writeFileSync(process.env.HEAP_PROBE_FILE, String(process.memoryUsage().heapUsed));
});
