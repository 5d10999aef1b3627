'use strict';
/** `npm start`: the compiled service, built first if a source changed since the last build. */
require('./build').ensureBuilt();
require('../dist/src/main.js');
