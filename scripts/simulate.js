'use strict';
/** `npm run simulate -- …`: the compiled simulator, built first if a source changed since the last build. */
require('./build').ensureBuilt();
require('../dist/src/simulate.js');
